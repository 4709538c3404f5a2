import { describe, expect, it, test } from "vitest";
import { checkGradient, numericalGradient, RELATIVE_ERROR_FLOOR, relativeError } from "../../lib/src/lecture/gradcheck";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";

describe("numericalGradient", () => {
  test("matches known derivatives: f(W) = Σ w³ → 3w²", () => {
    const W = Matrix.from([[1, -2], [0.5, 3]]);
    const f = () => W.map((w) => w ** 3).sum();
    const g = numericalGradient(f, W);
    expect(g.allClose(Matrix.from([[3, 12], [0.75, 27]]), 1e-8)).toBe(true);
  });

  test("the course's exercise ∇(eˣ + ln y) = (eˣ, 1/y) at (1, 2)", () => {
    const p = Matrix.rowVector([1, 2]);
    const g = numericalGradient(() => Math.exp(p.get(0, 0)) + Math.log(p.get(0, 1)), p);
    expect(g.get(0, 0)).toBeCloseTo(Math.E, 9);
    expect(g.get(0, 1)).toBeCloseTo(0.5, 9);
  });

  test("restores the parameter exactly, even when f throws", () => {
    const W = Matrix.from([[0.1, 0.2, 0.3]]);
    const before = Array.from(W.data);
    numericalGradient(() => W.sum() ** 2, W);
    expect(Array.from(W.data)).toEqual(before);

    let calls = 0;
    expect(() =>
      numericalGradient(() => {
        if (++calls === 2) throw new Error("boom");
        return W.sum();
      }, W),
    ).toThrow("boom");
    expect(Array.from(W.data)).toEqual(before);
  });

  test("rejects a non-finite f and a bad step", () => {
    const W = Matrix.from([[1, -1]]);
    expect(() => numericalGradient(() => Math.sqrt(W.get(0, 1)), W)).toThrow(
      /f returned NaN and NaN when entry \[0\]\[0\] of the 1×2 parameter was moved/,
    );
    expect(() => numericalGradient(() => 0, W, 0)).toThrow(/step h must be a positive number/);
  });
});

describe("relativeError", () => {
  test("|a − b| / (|a| + |b|) for ordinary numbers", () => {
    expect(relativeError(Matrix.from([[1, 2]]), Matrix.from([[1, 2]]))).toBe(0);
    expect(relativeError(Matrix.from([[1, 3]]), Matrix.from([[1, 1]]))).toBeCloseTo(0.5, 15); // 2/4
  });

  test("near zero the floor makes it absolute, so rounding noise is not a 100 % error", () => {
    expect(RELATIVE_ERROR_FLOOR).toBe(1e-4);
    // a true zero against 1e-11 of noise
    expect(relativeError(Matrix.from([[0]]), Matrix.from([[1e-11]]))).toBeCloseTo(1e-7, 20);
    // but a small gradient that is really wrong still stands out
    expect(relativeError(Matrix.from([[2e-5]]), Matrix.from([[1e-5]]))).toBeCloseTo(0.1, 12);
  });

  test("NaN counts as an infinite error; shapes must match", () => {
    expect(relativeError(Matrix.from([[NaN]]), Matrix.from([[1]]))).toBe(Infinity);
    expect(() => relativeError(Matrix.zeros(1, 2), Matrix.zeros(2, 1))).toThrow(
      /relativeError: the first matrix is 1×2 but the second is 2×1/,
    );
  });
});

describe("checkGradient", () => {
  // f(W) = Σ (xW)² for a fixed row x: ∂f/∂W = 2 xᵀ(xW)
  const rng = new Random(0);
  const x = Matrix.normal(3, 4, rng);
  const W = Matrix.normal(4, 2, rng);
  const f = () => { const y = x.matmul(W); return y.multiply(y).sum(); };
  const right = () => x.transpose().matmul(x.matmul(W)).scale(2);

  test("passes a right gradient", () => {
    const r = checkGradient(f, W, right());
    expect(r.ok).toBe(true);
    expect(r.maxRelativeError).toBeLessThan(1e-8);
  });

  test("catches a deliberately wrong gradient (a forgotten factor 2) and reports the worst entry", () => {
    const wrong = x.transpose().matmul(x.matmul(W)); // missing the 2
    const r = checkGradient(f, W, wrong);
    expect(r.ok).toBe(false);
    expect(r.maxRelativeError).toBeCloseTo(1 / 3, 6); // |a − 2a| / (|a| + |2a|)
    const { i, j, analytic, numeric } = r.worst;
    expect(analytic).toBe(wrong.get(i, j));
    expect(numeric).toBeCloseTo(2 * analytic, 6);
  });

  test("catches a wrong entry among many right ones", () => {
    const g = right();
    g.set(2, 1, g.get(2, 1) + 1e-3);
    const r = checkGradient(f, W, g);
    expect(r.ok).toBe(false);
    expect([r.worst.i, r.worst.j]).toEqual([2, 1]);
  });

  test("catches a transposed-index bug (gradient of the wrong shape is rejected outright)", () => {
    expect(() => checkGradient(f, W, right().transpose())).toThrow(
      /checkGradient: the analytic gradient is 2×4 but the parameter is 4×2/,
    );
  });

  test("a true zero gradient passes against rounding noise; a NaN gradient fails", () => {
    const p = Matrix.from([[0.3, 0.7]]);
    // sin² + cos² = 1 does not depend on p[0][1], so its derivative is 0,
    // but central differences see ~1e-16 of rounding noise divided by 2h
    const g = () => Math.exp(p.get(0, 0)) + Math.sin(p.get(0, 1)) ** 2 + Math.cos(p.get(0, 1)) ** 2;
    const noise = numericalGradient(g, p).get(0, 1);
    expect(noise).not.toBe(0);
    expect(Math.abs(noise)).toBeLessThan(1e-10);
    expect(checkGradient(g, p, Matrix.from([[Math.exp(0.3), 0]])).ok).toBe(true);
    expect(checkGradient(g, p, Matrix.from([[Math.exp(0.3), NaN]])).ok).toBe(false);
  });

  test("tolerance and step are options", () => {
    const p = Matrix.from([[1]]);
    const cube = () => p.get(0, 0) ** 3;
    // with a huge step the O(h²) error shows: for θ³ central differences give 3θ² + h² exactly,
    // so the relative error is h²/(6 + h²) ≈ 0.0148 for h = 0.3
    const coarse = checkGradient(cube, p, Matrix.from([[3]]), { h: 0.3 });
    expect(coarse.ok).toBe(false);
    expect(coarse.worst.numeric).toBeCloseTo(3 + 0.09, 12); // (f(1.3) − f(0.7))/0.6 = 3 + h²
    expect(checkGradient(cube, p, Matrix.from([[3]]), { h: 0.3, tolerance: 0.02 }).ok).toBe(true);
  });
});

describe("gradcheck's messages name what was passed", () => {
  it("the loss's value passed where the loss function is wanted: the message says so (it was 'f is not a function' from inside the library)", () => {
    const W = Matrix.from([[1, 2]]);
    expect(() => numericalGradient(0.53 as unknown as () => number, W)).toThrow(
      "numericalGradient: f must be a function () => number that computes the loss, got 0.53. Hint: pass the function itself, e.g. numericalGradient(lossOfW, W), not the number it returns (lossOfW()).",
    );
    expect(() => checkGradient(() => 1, [[1, 2]] as unknown as Matrix, W)).toThrow(/the parameter must be a Matrix .*got an array of length 1/);
  });
});
