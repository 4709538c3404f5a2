/**
 * Numerical gradient checking: the tool that catches wrong backward passes.
 *
 * A backward pass computes ∂f/∂θ by the chain rule ("analytic" gradient). Central differences
 * estimate the same numbers straight from the definition of the derivative, using nothing but
 * f itself. If the two agree to ~6 significant digits, the backward pass is right:
 *
 * ```ts
 * const W = Matrix.from([[1, 2], [3, 4]]);
 * const f = () => W.multiply(W).sum();          // f(W) = Σ w²
 * const analytic = W.scale(2);                  // ∂f/∂W = 2W
 * checkGradient(f, W, analytic).ok;             // true
 * ```
 *
 * `f` must read the parameter's current entries every time it is called (it closes over the
 * matrix); the check changes `param.data` in place for a moment and puts every entry back.
 */
import { describeGot } from "../core/errors";
import { Matrix, shapeOf } from "../core/matrix";

/**
 * Relative errors are |a − n| / max(|a| + |n|, RELATIVE_ERROR_FLOOR).
 *
 * Why a floor: where the true gradient is 0 (a dead ReLU, a clipped probability) the analytic
 * value is exactly 0 but the numerical one is rounding noise, about 1e-16·|f|/h ≈ 1e-11 for
 * h = 1e-5; without a floor their relative error would be 100 %. With the floor at 1e-4, entries
 * smaller than that are in effect compared absolutely: they pass the default tolerance 1e-6 when
 * they differ by less than 1e-10, far below any real mistake yet above the noise.
 * Entries larger than the floor are compared truly relatively.
 */
export const RELATIVE_ERROR_FLOOR = 1e-4;

/**
 * Central differences: ∂f/∂θᵢ ≈ (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h, perturbing `param.data` in
 * place and restoring it.
 *
 * The error of central differences is O(h²) (the h-term of the Taylor series cancels), versus
 * O(h) for the one-sided (f(θ + h) − f(θ))/h. h = 1e-5 balances that truncation error against
 * floating-point rounding, which grows like 1e-16/h.
 *
 * @param f the function of the parameter, e.g. `() => loss.forward(model.predict(x), y)`.
 * @param param the matrix whose entries θ are perturbed one at a time.
 * @param h the step (default 1e-5).
 * @returns a matrix of `param`'s shape with the estimated ∂f/∂θ.
 */
export function numericalGradient(f: () => number, param: Matrix, h = 1e-5): Matrix {
  checkFunctionAndParam("numericalGradient", f, param);
  if (typeof h !== "number" || !(h > 0) || !Number.isFinite(h)) {
    throw new Error(`numericalGradient: the step h must be a positive number, got ${describeGot(h)}.`);
  }
  const grad = new Matrix(param.rows, param.cols);
  const data = param.data;
  for (let k = 0; k < data.length; k++) {
    const original = data[k];
    let plus: number, minus: number;
    try {
      data[k] = original + h;
      plus = f();
      data[k] = original - h;
      minus = f();
    } finally {
      data[k] = original; // restore even if f throws
    }
    if (typeof plus !== "number" || typeof minus !== "number" || !Number.isFinite(plus) || !Number.isFinite(minus)) {
      const i = Math.floor(k / param.cols), j = k % param.cols;
      throw new Error(
        `numericalGradient: f returned ${String(plus)} and ${String(minus)} when entry [${i}][${j}] ` +
          `of the ${shapeOf(param)} parameter was moved by ±${h}; f must return a finite number.`,
      );
    }
    grad.data[k] = (plus - minus) / (2 * h);
  }
  return grad;
}

/** Relative error of one pair of numbers, |a − n| / max(|a| + |n|, floor); NaN counts as Infinity. */
function relativeErrorOf(a: number, n: number, floor: number): number {
  const e = Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), floor);
  return Number.isNaN(e) ? Infinity : e;
}

/** Throws unless `f` is a function and `param` a Matrix, naming what was passed instead. */
function checkFunctionAndParam(who: string, f: unknown, param: unknown): void {
  if (typeof f !== "function") {
    throw new Error(
      `${who}: f must be a function () => number that computes the loss, got ${describeGot(f)}. ` +
        `Hint: pass the function itself, e.g. ${who}(lossOfW, W), not the number it returns (lossOfW()).`,
    );
  }
  if (!(param instanceof Matrix)) throw new Error(`${who}: the parameter must be a Matrix (the weights to perturb), got ${describeGot(param)}.`);
}

function checkSameShape(what: string, a: Matrix, b: Matrix, aName: string, bName: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`${what}: ${aName} is ${shapeOf(a)} but ${bName} is ${shapeOf(b)}; they must have the same shape.`);
  }
}

/**
 * The largest entry-wise relative error between two matrices of the same shape:
 * maxᵢⱼ |aᵢⱼ − bᵢⱼ| / max(|aᵢⱼ| + |bᵢⱼ|, floor), with the floor {@link RELATIVE_ERROR_FLOOR}
 * so that entries near zero are compared sensibly. NaN entries give Infinity.
 * Rough guide: < 1e-7 excellent, ~1e-5 suspicious, > 1e-3 a bug.
 */
export function relativeError(a: Matrix, b: Matrix, floor = RELATIVE_ERROR_FLOOR): number {
  checkSameShape("relativeError", a, b, "the first matrix", "the second");
  let worst = 0;
  for (let k = 0; k < a.data.length; k++) worst = Math.max(worst, relativeErrorOf(a.data[k], b.data[k], floor));
  return worst;
}

/** What {@link checkGradient} found. */
export interface GradCheckResult {
  /** True when every entry's relative error is at most the tolerance. */
  ok: boolean;
  /** The largest relative error over all entries (see {@link relativeError}). */
  maxRelativeError: number;
  /** The entry with the largest relative error, with both gradients there. */
  worst: { i: number; j: number; analytic: number; numeric: number };
}

/**
 * Compares an analytic gradient with the numerical one; relative error |a − n| / max(|a| + |n|, tiny floor).
 *
 * The floor is {@link RELATIVE_ERROR_FLOOR} (1e-4): entries below it are effectively compared
 * absolutely (to ~1e-10 with the default tolerance), so a true zero gradient against rounding
 * noise still passes, while any real mistake fails.
 *
 * @param f the function of `param` whose gradient is checked (must return a finite number).
 * @param param the parameter matrix (perturbed in place during the check, then restored).
 * @param analytic your gradient ∂f/∂param, same shape as `param`.
 * @param options `h`: the finite-difference step (default 1e-5); `tolerance`: the largest
 *   accepted relative error (default 1e-6; loosen it for functions with kinks near the point).
 */
export function checkGradient(
  f: () => number,
  param: Matrix,
  analytic: Matrix,
  options: { h?: number; tolerance?: number } = {},
): GradCheckResult {
  const { h = 1e-5, tolerance = 1e-6 } = options;
  checkFunctionAndParam("checkGradient", f, param);
  if (!(analytic instanceof Matrix)) throw new Error(`checkGradient: the analytic gradient must be a Matrix, got ${describeGot(analytic)}.`);
  checkSameShape("checkGradient", analytic, param, "the analytic gradient", "the parameter");
  const numeric = numericalGradient(f, param, h);
  let worstK = 0;
  let maxRelativeError = 0;
  for (let k = 0; k < numeric.data.length; k++) {
    const e = relativeErrorOf(analytic.data[k], numeric.data[k], RELATIVE_ERROR_FLOOR);
    if (e > maxRelativeError) {
      maxRelativeError = e;
      worstK = k;
    }
  }
  const cols = Math.max(param.cols, 1);
  return {
    ok: maxRelativeError <= tolerance,
    maxRelativeError,
    worst: {
      i: Math.floor(worstK / cols),
      j: worstK % cols,
      // `?? NaN`: an empty parameter has no entries at all.
      analytic: analytic.data[worstK] ?? NaN,
      numeric: numeric.data[worstK] ?? NaN,
    },
  };
}
