/**
 * The exercises of notebook 03-gradients: each `defineExercise` holds the checker of one exercise.
 * The expected answers stay here, out of the student's notebook.
 *
 * - 03.1  ∇f of f(x, y) = x²y + sin y, as a function (x, y) ↦ [∂f/∂x, ∂f/∂y]
 * - 03.2  ∂f/∂w of f = tanh(w·x + b) at w = 0.5, x = 2, b = −0.3, from `Value.backward()`
 * - 03.3  the learning rate that reaches the minimum of f(x) = x² in one step
 * - 03.3b what gradient descent does on f(x) = x² with η = 1
 * - 03.4  the largest learning rate bound for the ravine f = w₁² + 10·w₂² (homework)
 * - 03.5  f′ of the function lecture 004 STATES, f(x) = x^{2x}·ln x (its solution differentiates x^{2x ln x})
 * - 03.6  gradient descent written by the student on a Matrix point, equal to p_{k+1} = p_k − η·∇f(p_k)
 */
import { Value } from "../autograd/value";
import { Matrix } from "../core/matrix";
import { defineExercise, type Verdict, wrong } from "./check";
import { describe, expectChoice, expectFunction, expectNumber, nonFiniteHint, notANumberHint } from "./matchers";

const ok: Verdict = { ok: true };
const no = (hint: string): Verdict => ({ ok: false, hint });
const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

// ─── 03.1 ──────────────────────────────────────────────────────────────────────────────────────

/** ∇(x²y + sin y) = (2xy, x² + cos y). */
const grad31 = (x: number, y: number): [number, number] => [2 * x * y, x * x + Math.cos(y)];
const points31: [number, number][] = [[1, 2], [-0.5, 0.3], [2, -1.5], [0, 1]];

defineExercise({
  id: "03.1",
  title: "∇f of f(x, y) = x²y + sin(y) as a function (x, y) ↦ [∂f/∂x, ∂f/∂y]",
  check: (answer) => {
    if (typeof answer !== "function") return no(`expected a function (x, y) => [∂f/∂x, ∂f/∂y], got ${describe(answer)}.`);
    for (const [x, y] of points31) {
      let got: unknown;
      try {
        got = (answer as (x: number, y: number) => unknown)(x, y);
      } catch (e) {
        return no(`your function threw at (${x}, ${y}): ${(e as Error).message}`);
      }
      if (typeof got === "number") {
        return no(`at (${x}, ${y}) your function returned one number, ${got}; return the pair [∂f/∂x, ∂f/∂y] — an array of two numbers.`);
      }
      if (!Array.isArray(got) || got.length !== 2) {
        return no(`at (${x}, ${y}) your function returned ${describe(got)}; return the pair [∂f/∂x, ∂f/∂y] — an array of two numbers.`);
      }
      for (const k of [0, 1]) {
        const wrongType = notANumberHint(got[k]);
        if (wrongType !== undefined) return no(`at (${x}, ${y}), entry ${k} of the pair: ${wrongType}`);
        if (!Number.isFinite(got[k])) return no(nonFiniteHint(got[k] as number, `${k === 0 ? "∂f/∂x" : "∂f/∂y"} at (${x}, ${y})`));
      }
      const want = grad31(x, y);
      const names = ["∂f/∂x", "∂f/∂y"];
      for (const k of [0, 1]) {
        if (!close(got[k] as number, want[k], 1e-6)) {
          if (close(got[1 - k] as number, want[k], 1e-6)) return no("the two partial derivatives look swapped: the first entry is ∂f/∂x.");
          const other = k === 0
            ? "hold y fixed: x²y is then a constant times x², and sin y does not change with x."
            : "hold x fixed: x²y is then x² times y; check the derivative of sin y, sign included.";
          return no(`${names[k]} is off at (${x}, ${y}); ${other}`);
        }
      }
    }
    return ok;
  },
  wrongExamples: [
    wrong((x: number, y: number) => [2 * x * y, x * x + Math.sin(y)], /∂f\/∂y is off.*derivative of sin y/),
    wrong((x: number, y: number) => [2 * x, x * x + Math.cos(y)], /∂f\/∂x is off/),
    wrong((x: number, y: number) => [x * x + Math.cos(y), 2 * x * y], /swapped/),
    (x: number, y: number) => [2 * x * y, x * x - Math.cos(y)],
    (x: number, y: number) => [0, 0],
    wrong((x: number, y: number) => [NaN * x * y, x * x + Math.cos(y)], /∂f\/∂x at \(1, 2\) is NaN/),
    wrong((x: number, y: number) => 2 * x * y + x * x + Math.cos(y), /returned one number.*return the pair/),
    wrong((x: number, y: number) => [String(2 * x * y), x * x + Math.cos(y)], /entry 0 of the pair: expected a number, got the string '4'/),
    wrong(3, /expected a function/),
  ],
});

// ─── 03.2 ──────────────────────────────────────────────────────────────────────────────────────

const t32 = Math.tanh(0.5 * 2 - 0.3);
/** A `Value` w = 0.5 whose grad holds `grad`: the node itself passed where its .grad is asked for. */
const valueWithGrad = (grad: number): Value => {
  const w = new Value(0.5, { label: "w" });
  w.grad = grad;
  return w;
};
defineExercise({
  id: "03.2",
  title: "∂f/∂w of f = tanh(w·x + b) at w = 0.5, x = 2, b = −0.3 (from Value.backward())",
  check: (answer) => {
    if (typeof answer === "number" && close(answer, 1 - t32 * t32, 1e-9)) {
      return no("that is tanh′(w·x + b) alone, ∂f/∂z; the chain rule multiplies it by ∂z/∂w.");
    }
    if (typeof answer === "number" && close(answer, t32, 1e-9)) return no("that is f itself (its value), not a derivative: read w.grad after backward().");
    return expectNumber((1 - t32 * t32) * 2, 1e-6)(answer);
  },
  wrongExamples: [
    wrong(1 - t32 * t32, /∂z\/∂w/),
    wrong(t32, /f itself/),
    (1 - t32 * t32) * 0.5,
    2,
    0,
    wrong(valueWithGrad((1 - t32 * t32) * 2), /got a Value.*\.grad/),
    wrong("1.27", /the string '1\.27'.*without quotes/),
    wrong(NaN, /NaN/),
  ],
});

// ─── 03.3, 03.3b ───────────────────────────────────────────────────────────────────────────────

defineExercise({
  id: "03.3",
  title: "the learning rate η that takes gradient descent on f(x) = x² to the minimum in one step",
  check: (answer) => {
    if (typeof answer === "number" && close(answer, 1, 1e-9)) return no("with that η each step multiplies x by (1 − 2η) = −1: it jumps to −x, not to 0.");
    return expectNumber(0.5, 1e-9)(answer);
  },
  wrongExamples: [wrong(1, /jumps to −x/), 0.1, 0.25, 2, -0.5, wrong("0.5", /the string '0\.5'.*without quotes/)],
});

defineExercise({
  id: "03.3b",
  title: "what gradient descent does on f(x) = x² with η = 1",
  check: expectChoice("oscillates", ["converges", "oscillates", "diverges"], "compute two steps by hand from x₀ = 4 with x ← x − η·2x: what is |x| after each step?"),
  wrongExamples: [
    wrong("converges", /two steps by hand/),
    wrong("diverges", /two steps by hand/),
    wrong("Сходится", /two steps by hand/),
    wrong("jumps", /not one of the answers "converges" \(сходится\), "oscillates" \(колеблется\), "diverges" \(расходится\)\. English and Russian words are both accepted/),
    1,
  ],
});

// ─── 03.4 ──────────────────────────────────────────────────────────────────────────────────────

defineExercise({
  id: "03.4",
  title: "the bound η* of the ravine f = w₁² + 10·w₂²: descent converges for every η < η*",
  check: (answer) => {
    if (typeof answer !== "number") return no(notANumberHint(answer) ?? "expected a number.");
    if (close(answer, 1, 1e-6)) return no("that is the bound of the flat direction w₁ alone (curvature 2); the steep direction w₂ allows less.");
    if (close(answer, 0.05, 1e-6)) return no("that is the largest rate that never overshoots (factor 1 − 20η ≥ 0); overshooting still converges while |1 − 20η| < 1.");
    // An experiment may find a value just below the bound: accept within 1 %.
    if (Math.abs(answer - 0.1) <= 1e-3) return ok;
    return expectNumber(0.1, 1e-9)(answer);
  },
  wrongExamples: [1, 0.05, 0.2, 0.09, 0.5, -0.1, wrong("0.1", /the string '0\.1'/), wrong(NaN, /NaN/)],
});

// ─── 03.5 ──────────────────────────────────────────────────────────────────────────────────────

/** The function lecture 004 states: f(x) = x^{2x}·ln x. f′ = x^{2x}·[2(ln x + 1)·ln x + 1/x]. */
const stated = (x: number): number => x ** (2 * x) * (2 * (Math.log(x) + 1) * Math.log(x) + 1 / x);
/** The function its solution differentiates: g(x) = x^{2x ln x}. g′ = g·2 ln x (ln x + 2). */
const solved = (x: number): number => x ** (2 * x * Math.log(x)) * 2 * Math.log(x) * (Math.log(x) + 2);
const cases35 = [[0.5], [1.5], [2], [3]];

defineExercise({
  id: "03.5",
  title: "f′(x) of the function lecture 004 states, f(x) = x^(2x)·ln(x), as a function of x",
  check: (answer) => {
    if (typeof answer === "function" && expectFunction(solved, cases35, 1e-6)(answer).ok) {
      return no("that is the derivative of x^(2x·ln x), the function the lecture's solution differentiates; the statement's f is the product x^(2x)·ln x.");
    }
    return expectFunction(stated, cases35, 1e-6)(answer);
  },
  wrongExamples: [
    solved,
    (x: number) => x ** (2 * x) * 2 * (Math.log(x) + 1) * Math.log(x),
    (x: number) => x ** (2 * x) * (2 * Math.log(x) * Math.log(x) + 1 / x),
    (x: number) => 2 * x * x ** (2 * x - 1) * Math.log(x) + x ** (2 * x) / x,
    0,
  ],
});

// ─── 03.6 ──────────────────────────────────────────────────────────────────────────────────────

/** The reference: p_{k+1} = p_k − η·∇f(p_k), returning [p₀, p₁, …, p_steps]. */
function descendReference(grad: (p: Matrix) => Matrix, p0: Matrix, eta: number, steps: number): Matrix[] {
  const path = [p0.clone()];
  let p = p0.clone();
  for (let k = 0; k < steps; k++) {
    p = p.subtract(grad(p).scale(eta));
    path.push(p);
  }
  return path;
}

const cases36: { what: string; grad: (p: Matrix) => Matrix; p0: number[]; eta: number; steps: number }[] = [
  { what: "the ravine w₁² + 10·w₂² from (−2.5, 1), η = 0.09, 10 steps", grad: (p) => Matrix.rowVector([2 * p.get(0, 0), 20 * p.get(0, 1)]), p0: [-2.5, 1], eta: 0.09, steps: 10 },
  { what: "x² + y² + z² from (1, −2, 3), η = 0.25, 4 steps", grad: (p) => p.scale(2), p0: [1, -2, 3], eta: 0.25, steps: 4 },
  { what: "(x − 3)² from x = 0, η = 0.1, 0 steps", grad: (p) => p.map((x) => 2 * (x - 3)), p0: [0], eta: 0.1, steps: 0 },
];

defineExercise({
  id: "03.6",
  title: "gradient descent written by you: myDescent(grad, p0, eta, steps) returns the points p₀, p₁, …, p_steps",
  check: (answer) => {
    if (typeof answer !== "function") return no(`expected a function (grad, p0, eta, steps) => Matrix[], got ${describe(answer)}.`);
    for (const c of cases36) {
      const want = descendReference(c.grad, Matrix.rowVector(c.p0), c.eta, c.steps);
      let got: unknown;
      try {
        got = (answer as (g: (p: Matrix) => Matrix, p0: Matrix, eta: number, steps: number) => unknown)(c.grad, Matrix.rowVector(c.p0), c.eta, c.steps);
      } catch (e) {
        return no(`your function threw on ${c.what}: ${(e as Error).message}`);
      }
      if (!Array.isArray(got) || !got.every((m) => m instanceof Matrix)) return no(`on ${c.what} it did not return an array of Matrix points.`);
      if (got.length !== want.length) {
        return no(`on ${c.what} it returned ${got.length} points; the path holds the start p₀ and one point per step.`);
      }
      if (new Set(got).size !== got.length) {
        return no("some points in your path are one and the same Matrix object, changed in place after it was pushed: push a new Matrix each step (p = p.subtract(…) makes one), so that the path keeps every point.");
      }
      for (let k = 0; k < want.length; k++) {
        const g = got[k] as Matrix, w = want[k];
        if (g.rows !== w.rows || g.cols !== w.cols) return no(`on ${c.what}, point ${k} is ${g.rows} × ${g.cols}; keep the shape of p0.`);
        const bad = g.findNonFinite();
        if (bad) return no(nonFiniteHint(bad.value, `on ${c.what}, entry ${bad.j} of point ${k}`));
        if (!g.allClose(w, 1e-12)) {
          if (k === 1 && g.allClose(want[0].add(c.grad(want[0]).scale(c.eta)), 1e-12)) return no("your first step goes uphill: gradient descent steps against the gradient.");
          if (k === 1 && g.allClose(want[0].subtract(c.grad(want[0])), 1e-12)) return no("your first step ignores the learning rate η.");
          return no(`on ${c.what}, point ${k} (counting the start as 0) differs from p_{k+1} = p_k − η·∇f(p_k).`);
        }
      }
    }
    return ok;
  },
  wrongExamples: [
    (grad: (p: Matrix) => Matrix, p0: Matrix, eta: number, steps: number) => descendReference((p) => grad(p).scale(-1), p0, eta, steps),
    (grad: (p: Matrix) => Matrix, p0: Matrix, eta: number, steps: number) => descendReference(grad, p0, eta, steps).slice(1),
    (grad: (p: Matrix) => Matrix, p0: Matrix, _eta: number, steps: number) => descendReference(grad, p0, 1, steps),
    (grad: (p: Matrix) => Matrix, p0: Matrix, eta: number, steps: number) => descendReference(grad, p0, eta, steps + 1),
    () => [],
    // one Matrix changed in place and pushed every step: the path holds the same object again and again
    wrong((grad: (p: Matrix) => Matrix, p0: Matrix, eta: number, steps: number) => {
      const path = [p0.clone()];
      const p = p0.clone();
      for (let k = 0; k < steps; k++) {
        const g = grad(p);
        for (let j = 0; j < p.cols; j++) p.set(0, j, p.get(0, j) - eta * g.get(0, j));
        path.push(p);
      }
      return path;
    }, /one and the same Matrix object, changed in place/),
    wrong((grad: (p: Matrix) => Matrix, p0: Matrix, eta: number, steps: number) => descendReference(grad, p0, eta, steps).map((p, k) => (k === 0 ? p : p.map(() => NaN))), /entry 0 of point 1 is NaN/),
    wrong(0, /got 0/),
  ],
});
