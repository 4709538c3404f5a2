import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Value } from "../../lib/src/autograd/value";
import { check, exerciseIds, getExercise, judge } from "../../lib/src/exercises";
import { WrongExample } from "../../lib/src/exercises/check";
import { expectChoice, expectFunction, expectMatrix, expectNumber } from "../../lib/src/exercises/matchers";
import { matchWord, WORD_ANSWERS } from "../../lib/src/exercises/words";

describe("every exercise check", () => {
  it("has at least one exercise", () => {
    expect(exerciseIds().length).toBeGreaterThan(0);
  });
  for (const id of exerciseIds()) {
    it(`${id} rejects each of its wrong examples with a hint (the hint it must give, where one is given)`, () => {
      const ex = getExercise(id);
      expect(ex.wrongExamples.length).toBeGreaterThan(0);
      for (const example of ex.wrongExamples) {
        const answer = example instanceof WrongExample ? example.answer : example;
        const v = judge(id, answer);
        expect(v.ok, `${id} accepted a wrong example`).toBe(false);
        expect(v.hint ?? "").not.toBe("");
        expect(v.hint ?? "").not.toMatch(/checking the answer failed/);
        if (example instanceof WrongExample) expect(v.hint, `${id}: the hint for this wrong example`).toMatch(example.hint);
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
  it("expectNumber: a string, a Value, a 1 × 1 matrix and NaN each get their own hint; \"an\" before a vowel", () => {
    const c = expectNumber(1.2694);
    expect(c("0.1").hint).toBe("expected a number, got the string '0.1': a string is text, not a number — write the number without quotes.");
    expect(c("abc").hint).toBe("expected a number, got the string 'abc'.");
    const w = new Value(0.5);
    w.grad = 1.2694;
    expect(c(w).hint).toMatch(/got a Value.*pass its derivative, the number \.grad/);
    expect(c(new Value(3)).hint).toMatch(/\.grad \(the derivative, after backward\(\)\) or \.data/);
    expect(c(Matrix.from([[1.2694]])).hint).toMatch(/1 × 1 Matrix: take its entry with \.get\(0, 0\)/);
    expect(c({ a: 1 }).hint).toBe("expected a number, got an object.");
    expect(c(NaN).hint).toMatch(/^your answer is NaN \("not a number"\)/);
    expect(c(-Infinity).hint).toMatch(/^your answer is -Infinity: look for a division by zero/);
  });
  it("expectMatrix: a square transpose is named; a NaN entry gets the NaN hint; a known mistake its own hint", () => {
    const c = expectMatrix([[1, 2], [3, 4]], 1e-9, { mistakes: [{ answer: [[1, 2], [0, 0]], hint: "row 1 is missing." }] });
    expect(c([[1, 3], [2, 4]]).hint).toMatch(/transpose of the expected one/);
    expect(c([[1, 2], [3, NaN]]).hint).toMatch(/^entry \(1, 1\) is NaN/);
    expect(c([[1, 2], [0, 0]]).hint).toBe("row 1 is missing.");
    expect(c([[1, 2], [3, 5]]).hint).toMatch(/1 of 4 entries are off/);
    // a symmetric expectation: its transpose is itself, so it is accepted, not called a transpose
    expect(expectMatrix([[1, 2], [2, 1]])([[1, 2], [2, 1]]).ok).toBe(true);
  });
  it("expectFunction: a function agreeing with a known mistake on every case gets its hint", () => {
    const c = expectFunction((x: number) => 2 * x, [[1], [3]], 1e-9, { mistakes: [{ reference: (x: number) => x, hint: "the factor 2 is missing." }] });
    expect(c((x: number) => x).hint).toBe("the factor 2 is missing.");
    expect(c((x: number) => (x === 1 ? 1 : 0)).hint).toMatch(/for input 1/);
  });
  it("expectChoice: Russian forms are accepted (case, ё/е and quotes aside) and the hints list both", () => {
    const c = expectChoice("oscillates", ["converges", "oscillates", "diverges"], "compute two steps.");
    for (const a of ["oscillates", " Oscillates ", "колеблется", "Колеблется.", "«колеблется»"]) expect(c(a).ok, a).toBe(true);
    expect(c("сходится").hint).toBe("compute two steps.");
    expect(c("jumps").hint).toBe('"jumps" is not one of the answers "converges" (сходится), "oscillates" (колеблется), "diverges" (расходится). English and Russian words are both accepted.');
    const g = expectChoice("CNN", ["RNN", "CNN"], "pictures.");
    expect(g("свёрточная").ok).toBe(true);
    expect(g("сверточная сеть").ok).toBe(true);
    expect(g("рекуррентная").hint).toBe("pictures.");
    expect(expectChoice("same", ["better", "worse", "same"], "run it.")("Так же").ok).toBe(true);
  });
  it("the word table: every word answer of every exercise has Russian forms, and no Russian form names two answers of one question", () => {
    expect(matchWord("лучше", ["better", "worse", "same"])).toBe("better");
    expect(matchWord("вертикальное", ["vertical", "horizontal", "diagonal"])).toBe("vertical");
    const questions = [
      ["converges", "oscillates", "diverges"], ["vertical", "horizontal", "diagonal"], ["better", "worse", "same"], ["diverged", "useless"],
      ["mse", "mae", "both"], ["mse", "mae", "both", "neither"], ["activation", "initialisation"], ["with BatchNorm", "without BatchNorm", "both", "neither"],
      ["training", "validation", "test"], ["feed-forward", "RNN", "Hopfield", "CNN", "deconvolutional"],
    ];
    const english = new Set(["mse", "mae", "rnn", "cnn"]);
    for (const q of questions) {
      for (const word of q) {
        const forms = WORD_ANSWERS[word.toLowerCase()] ?? [];
        if (!english.has(word.toLowerCase()) || forms.length > 0) expect(forms.length, word).toBeGreaterThan(0);
        for (const f of forms) expect(matchWord(f, q), `${f} in ${q.join("/")}`).toBe(word);
      }
    }
  });
  it("expectFunction: names the failing input", () => {
    const c = expectFunction((x: number) => Math.max(0, x), [[1], [-2]]);
    expect(c((x: number) => Math.max(0, x)).ok).toBe(true);
    expect(c((x: number) => x).hint).toMatch(/for input -2/);
    expect(c(3).hint).toMatch(/function/);
  });
});
