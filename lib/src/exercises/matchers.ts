/**
 * Building blocks for exercise checkers: each returns a function `(answer) → Verdict` whose hints
 * say what is off (type, shape, sign, scale, which entry) but never the expected value.
 *
 * What every matcher knows, so that no exercise has to special-case it:
 * - a wrong type is named as it is ("got the string '0.1'", "got a Value", "got a 2 × 2 Matrix");
 * - NaN and ±Infinity get their own hint (where such numbers come from);
 * - a matrix that is the transpose of the expected one is called a transpose, square or not;
 * - `mistakes`: known wrong answers of one exercise (e.g. the answer without the activation's
 *   derivative, see `derivative-slips.ts`) with the hint that names the mistake. They are tried
 *   only after the answer was found wrong, so a mistake can never reject a right answer.
 */
import { Matrix } from "../core/matrix";
import { describeGot, isAutogradValue } from "../core/errors";
import type { Verdict } from "./check";
import { listChoices, matchWord } from "./words";

/** A checker of one answer. */
export type Checker = (answer: unknown) => Verdict;

/** A known wrong answer of one exercise and the hint that names the mistake. */
export interface Mistake<T> {
  answer: T;
  hint: string;
}

/** A known wrong function: an answer that agrees with `reference` on every case gets `hint`. */
export interface FunctionMistake {
  reference: (...args: never[]) => unknown;
  hint: string;
}

const ok: Verdict = { ok: true };
const no = (hint: string): Verdict => ({ ok: false, hint });

function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

/**
 * The hint for a NaN or ±Infinity found as `what` ("your answer", "entry (0, 1)", "∂f/∂x at (1, 2)"):
 * where such numbers come from.
 */
export function nonFiniteHint(value: number, what: string): string {
  if (Number.isNaN(value)) {
    return `${what} is NaN ("not a number"): look for 0/0, a log or square root of a negative number, or a value that was never set (undefined in arithmetic gives NaN).`;
  }
  return `${what} is ${value}: look for a division by zero, a log of 0 or an overflow (e.g. Math.exp of a large number).`;
}

/**
 * The hint for an answer that is not a number where a number is expected, or undefined when it is
 * a number. A string that reads as a number, a `Value`, a 1 × 1 matrix and a one-entry array each
 * get the way to the number.
 */
export function notANumberHint(answer: unknown, expected?: number, tol = 1e-6): string | undefined {
  if (typeof answer === "number") return undefined;
  if (typeof answer === "string") {
    const numeric = answer.trim() !== "" && Number.isFinite(Number(answer));
    return numeric
      ? `expected a number, got ${describeGot(answer)}: a string is text, not a number — write the number without quotes.`
      : `expected a number, got ${describeGot(answer)}.`;
  }
  if (isAutogradValue(answer)) {
    if (expected !== undefined && close(answer.grad, expected, tol) && !close(answer.data, expected, tol)) {
      return "expected a number, got a Value (an autograd node): pass its derivative, the number .grad, e.g. w.grad.";
    }
    if (expected !== undefined && close(answer.data, expected, tol)) {
      return "expected a number, got a Value (an autograd node): pass its number .data.";
    }
    return "expected a number, got a Value (an autograd node): pass one of its numbers — .grad (the derivative, after backward()) or .data (the value).";
  }
  if (answer instanceof Matrix && answer.rows === 1 && answer.cols === 1) {
    return "expected a number, got a 1 × 1 Matrix: take its entry with .get(0, 0).";
  }
  if (Array.isArray(answer) && answer.length === 1 && typeof answer[0] === "number") {
    return "expected a number, got an array of length 1: take its entry with [0].";
  }
  return `expected a number, got ${describe(answer)}.`;
}

/**
 * A number equal to `expected` within `tol` (relative for |expected| > 1, else absolute).
 * Hints: not a number (with the way to one), NaN/Infinity, a known mistake, wrong sign, off by a
 * factor of 2 or 10, too big or too small.
 */
export function expectNumber(expected: number, tol = 1e-6, options: { mistakes?: Mistake<number>[] } = {}): Checker {
  return (answer) => {
    const notNumber = notANumberHint(answer, expected, tol);
    if (notNumber !== undefined) return no(notNumber);
    const x = answer as number;
    if (!Number.isFinite(x)) return no(nonFiniteHint(x, "your answer"));
    if (close(x, expected, tol)) return ok;
    for (const m of options.mistakes ?? []) if (close(x, m.answer, tol)) return no(m.hint);
    if (expected !== 0 && close(-x, expected, tol)) return no("the size is right but the sign is wrong.");
    for (const f of [2, 0.5, 10, 0.1, 100, 0.01]) {
      if (expected !== 0 && close(x, expected * f, tol)) {
        return no(`off by a constant factor (${f >= 1 ? "×" : "÷"}${f >= 1 ? f : 1 / f}): check a ½, a mean against a sum, or a unit.`);
      }
    }
    return no(x > expected ? "your number is too big." : "your number is too small.");
  };
}

/** An answer read as a Matrix (a Matrix, or nested arrays of numbers), or the hint why it cannot be. */
function readMatrix(answer: unknown): Matrix | string {
  if (answer instanceof Matrix) return answer;
  if (Array.isArray(answer) && answer.length > 0 && answer.every((r) => Array.isArray(r))) {
    try {
      return Matrix.from(answer as number[][]);
    } catch (e) {
      return `could not read your answer as a matrix: ${(e as Error).message}`;
    }
  }
  return `expected a Matrix, got ${describe(answer)}.`;
}

/**
 * A Matrix (or nested array) equal to `expected` entry by entry within `tol`.
 * Hints: not a matrix, the shape (or its transpose), a NaN/Infinity entry, a known mistake, the
 * transpose of the expected matrix, every sign wrong, or which entries are off.
 */
export function expectMatrix(expected: Matrix | number[][], tol = 1e-6, options: { mistakes?: Mistake<Matrix | number[][]>[] } = {}): Checker {
  const E = expected instanceof Matrix ? expected : Matrix.from(expected);
  const mistakes = (options.mistakes ?? []).map((m) => ({ M: m.answer instanceof Matrix ? m.answer : Matrix.from(m.answer), hint: m.hint }));
  const near = (A: Matrix, B: Matrix) => A.rows === B.rows && A.cols === B.cols && A.data.every((a, q) => close(a, B.data[q], tol));
  return (answer) => {
    const A = readMatrix(answer);
    if (typeof A === "string") return no(A);
    if (A.rows !== E.rows || A.cols !== E.cols) {
      const hint = A.rows === E.cols && A.cols === E.rows ? " — the transpose of the expected shape: did you swap rows and columns?" : ".";
      return no(`your matrix is ${A.rows} × ${A.cols}, which is not the expected shape${hint}`);
    }
    for (let i = 0; i < A.rows; i++) {
      for (let j = 0; j < A.cols; j++) {
        const a = A.get(i, j);
        if (!Number.isFinite(a)) return no(nonFiniteHint(a, `entry (${i}, ${j})`));
      }
    }
    if (near(A, E)) return ok;
    for (const m of mistakes) if (near(A, m.M)) return no(m.hint);
    if (E.rows === E.cols && E.rows > 1 && near(A, E.transpose())) {
      return no("your matrix is the transpose of the expected one: rows and columns are swapped. Check the order of the factors of a product, or a missing or extra .transpose().");
    }
    if (A.data.every((a, q) => close(-a, E.data[q], tol))) return no("every entry has the wrong sign.");
    const bad: string[] = [];
    for (let i = 0; i < E.rows; i++) for (let j = 0; j < E.cols; j++) if (!close(A.get(i, j), E.get(i, j), tol)) bad.push(`(${i}, ${j})`);
    return no(`${bad.length} of ${E.rows * E.cols} entries are off, e.g. ${bad.slice(0, 3).join(", ")} (row, column; from 0).`);
  };
}

/**
 * A function that agrees with `reference` on every case. `cases` are argument lists; results are
 * compared as numbers or matrices within `tol`. A function that agrees with one of `mistakes` on
 * every case gets that mistake's hint; otherwise the hint names the first failing input.
 */
export function expectFunction(reference: (...args: never[]) => unknown, cases: unknown[][], tol = 1e-9, options: { mistakes?: FunctionMistake[] } = {}): Checker {
  const compare = (want: unknown, got: unknown): Verdict =>
    want instanceof Matrix ? expectMatrix(want, tol)(got) : typeof want === "number" ? expectNumber(want, tol)(got) : sameJson(want, got);
  const call = (f: unknown, args: unknown[]) => (f as (...a: unknown[]) => unknown)(...args.map(copy));
  return (answer) => {
    if (typeof answer !== "function") return no(`expected a function, got ${describe(answer)}.`);
    const results: unknown[] = [];
    let firstWrong: Verdict | undefined;
    for (const args of cases) {
      let got: unknown;
      try {
        got = call(answer, args);
      } catch (e) {
        return firstWrong ?? no(`your function threw for input ${show(args)}: ${(e as Error).message}`);
      }
      results.push(got);
      const v = compare(call(reference, args), got);
      if (!v.ok && firstWrong === undefined) firstWrong = no(`for input ${show(args)}: ${v.hint}`);
    }
    if (firstWrong === undefined) return ok;
    for (const m of options.mistakes ?? []) {
      if (cases.every((args, k) => compare(call(m.reference, args), results[k]).ok)) return no(m.hint);
    }
    return firstWrong;
  };
}

/**
 * One of the given choices (for questions answered with a word), in English or in Russian (the
 * table of `words.ts`), case- and space-insensitively. The hints list both forms.
 */
export function expectChoice(right: string, choices: string[], hint: string): Checker {
  const both = "English and Russian words are both accepted";
  return (answer) => {
    if (typeof answer !== "string") return no(`expected one of ${listChoices(choices)}, got ${describe(answer)}. ${both}.`);
    if (matchWord(answer, [right]) !== undefined) return ok;
    if (matchWord(answer, choices) === undefined) {
      return no(`${JSON.stringify(answer)} is not one of the answers ${listChoices(choices)}. ${both}.`);
    }
    return no(hint);
  };
}

/** Every field of an object checked by its own checker; the hint names the first wrong field. */
export function expectFields(fields: Record<string, Checker>): Checker {
  return (answer) => {
    if (answer === null || typeof answer !== "object") return no(`expected an object with fields ${Object.keys(fields).join(", ")}, got ${describe(answer)}.`);
    for (const [key, c] of Object.entries(fields)) {
      if (!(key in answer)) return no(`the field "${key}" is missing.`);
      const v = c((answer as Record<string, unknown>)[key]);
      if (!v.ok) return no(`${key}: ${v.hint}`);
    }
    return ok;
  };
}

function sameJson(want: unknown, got: unknown): Verdict {
  return JSON.stringify(want) === JSON.stringify(got) ? ok : no(`got ${describe(got)}, which is not the expected result.`);
}

function copy(x: unknown): unknown {
  return x instanceof Matrix ? x.clone() : Array.isArray(x) ? x.map(copy) : x;
}

function show(args: unknown[]): string {
  return args.map((a) => (a instanceof Matrix ? `a ${a.rows} × ${a.cols} matrix` : JSON.stringify(a))).join(", ");
}

/** What a student passed, for a hint ("the string '0.1'", "a 2 × 2 Matrix", "an object"). */
export function describe(x: unknown): string {
  if (x === undefined) return "undefined (did you forget to return or assign your answer?)";
  return describeGot(x);
}
