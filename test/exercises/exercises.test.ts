import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { check, exerciseIds, getExercise, judge } from "../../lib/src/exercises";
import { expectFunction, expectMatrix, expectNumber } from "../../lib/src/exercises/matchers";

describe("every exercise check", () => {
  it("has at least one exercise", () => {
    expect(exerciseIds().length).toBeGreaterThan(0);
  });
  for (const id of exerciseIds()) {
    it(`${id} rejects each of its wrong examples with a hint`, () => {
      const ex = getExercise(id);
      expect(ex.wrongExamples.length).toBeGreaterThan(0);
      for (const wrong of ex.wrongExamples) {
        const v = judge(id, wrong);
        expect(v.ok).toBe(false);
        expect(v.hint ?? "").not.toBe("");
      }
    });
  }
});

describe("check", () => {
  it("02.1 accepts E·v and names the row-vector mistake", () => {
    expect(judge("02.1", Matrix.columnVector([6, -1])).ok).toBe(true);
    expect(judge("02.1", Matrix.from([[6, -1]])).hint).toMatch(/row/);
  });
  it("names an unknown id and lists the known ones", () => {
    expect(() => check("99.9", 1)).toThrow(/no exercise "99.9".*02\.1/);
  });
  it("in strict mode writes a wrong verdict to stderr", () => {
    const old = process.env.NNLIB_CHECK_STRICT;
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.env.NNLIB_CHECK_STRICT = "1";
    (process.stderr as { write: unknown }).write = (s: string) => (writes.push(s), true);
    try {
      check("02.1", 5);
    } finally {
      process.stderr.write = orig;
      if (old === undefined) delete process.env.NNLIB_CHECK_STRICT;
      else process.env.NNLIB_CHECK_STRICT = old;
    }
    expect(writes.join("")).toMatch(/✗ 02\.1/);
  });
});

describe("matchers", () => {
  it("expectNumber: sign, factor, size hints; never the value", () => {
    const c = expectNumber(0.3528);
    expect(c(0.3528).ok).toBe(true);
    expect(c(-0.3528).hint).toMatch(/sign/);
    expect(c(0.7056).hint).toMatch(/factor/);
    expect(c(5).hint).toMatch(/too big/);
    expect(c(5).hint).not.toMatch(/0\.3528/);
    expect(c("x").hint).toMatch(/number/);
    expect(c(NaN).hint).toMatch(/NaN/);
  });
  it("expectMatrix: shape, transpose and entries", () => {
    const c = expectMatrix([[1, 2, 3]]);
    expect(c([[1, 2, 3]]).ok).toBe(true);
    expect(c(Matrix.columnVector([1, 2, 3])).hint).toMatch(/transpose/);
    expect(c([[1, 2, 4]]).hint).toMatch(/1 of 3 entries.*\(0, 2\)/);
    expect(c([[-1, -2, -3]]).hint).toMatch(/sign/);
  });
  it("expectFunction: names the failing input", () => {
    const c = expectFunction((x: number) => Math.max(0, x), [[1], [-2]]);
    expect(c((x: number) => Math.max(0, x)).ok).toBe(true);
    expect(c((x: number) => x).hint).toMatch(/for input -2/);
    expect(c(3).hint).toMatch(/function/);
  });
});
