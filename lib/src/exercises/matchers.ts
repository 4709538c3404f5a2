/**
 * Building blocks for exercise checkers: each returns a function `(answer) → Verdict` whose hints
 * say what is off (type, shape, sign, scale, which entry) but never the expected value.
 */
import { Matrix } from "../core/matrix";
import type { Verdict } from "./check";

/** A checker of one answer. */
export type Checker = (answer: unknown) => Verdict;

const ok: Verdict = { ok: true };
const no = (hint: string): Verdict => ({ ok: false, hint });

function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

/**
 * A number equal to `expected` within `tol` (relative for |expected| > 1, else absolute).
 * Hints: not a number / NaN, wrong sign, off by a factor of 2 or 10, too big or too small.
 */
export function expectNumber(expected: number, tol = 1e-6): Checker {
  return (answer) => {
    if (typeof answer !== "number") return no(`expected a number, got ${describe(answer)}.`);
    if (!Number.isFinite(answer)) return no(`your answer is ${answer}: look for a division by zero or a log of 0.`);
    if (close(answer, expected, tol)) return ok;
    if (expected !== 0 && close(-answer, expected, tol)) return no("the size is right but the sign is wrong.");
    for (const f of [2, 0.5, 10, 0.1, 100, 0.01]) {
      if (expected !== 0 && close(answer, expected * f, tol)) {
        return no(`off by a constant factor (${f >= 1 ? "×" : "÷"}${f >= 1 ? f : 1 / f}): check a ½, a mean against a sum, or a unit.`);
      }
    }
    return no(answer > expected ? "your number is too big." : "your number is too small.");
  };
}

/** A Matrix (or nested array) equal to `expected` entry by entry within `tol`. */
export function expectMatrix(expected: Matrix | number[][], tol = 1e-6): Checker {
  const E = expected instanceof Matrix ? expected : Matrix.from(expected);
  return (answer) => {
    let A: Matrix;
    if (answer instanceof Matrix) A = answer;
    else if (Array.isArray(answer) && answer.every((r) => Array.isArray(r))) {
      try {
        A = Matrix.from(answer as number[][]);
      } catch (e) {
        return no(`could not read your answer as a matrix: ${(e as Error).message}`);
      }
    } else return no(`expected a Matrix, got ${describe(answer)}.`);
    if (A.rows !== E.rows || A.cols !== E.cols) {
      const hint = A.rows === E.cols && A.cols === E.rows ? " — the transpose of the expected shape: did you swap rows and columns?" : ".";
      return no(`your matrix is ${A.rows} × ${A.cols}, which is not the expected shape${hint}`);
    }
    const bad: string[] = [];
    for (let i = 0; i < E.rows; i++) {
      for (let j = 0; j < E.cols; j++) {
        const a = A.get(i, j), e = E.get(i, j);
        if (!Number.isFinite(a)) return no(`entry (${i}, ${j}) is ${a}.`);
        if (!close(a, e, tol)) bad.push(`(${i}, ${j})`);
      }
    }
    if (bad.length === 0) return ok;
    let neg = true;
    for (let q = 0; q < E.data.length; q++) if (!close(-A.data[q], E.data[q], tol)) neg = false;
    if (neg) return no("every entry has the wrong sign.");
    return no(`${bad.length} of ${E.rows * E.cols} entries are off, e.g. ${bad.slice(0, 3).join(", ")} (row, column; from 0).`);
  };
}

/**
 * A function that agrees with `reference` on every case. `cases` are argument lists; results are
 * compared as numbers or matrices within `tol`. The hint names the first failing input.
 */
export function expectFunction(reference: (...args: never[]) => unknown, cases: unknown[][], tol = 1e-9): Checker {
  return (answer) => {
    if (typeof answer !== "function") return no(`expected a function, got ${describe(answer)}.`);
    for (const args of cases) {
      let got: unknown;
      try {
        got = (answer as (...a: unknown[]) => unknown)(...args.map(copy));
      } catch (e) {
        return no(`your function threw for input ${show(args)}: ${(e as Error).message}`);
      }
      const want = (reference as (...a: unknown[]) => unknown)(...args.map(copy));
      const v = want instanceof Matrix ? expectMatrix(want, tol)(got) : typeof want === "number" ? expectNumber(want, tol)(got) : sameJson(want, got);
      if (!v.ok) return no(`for input ${show(args)}: ${v.hint}`);
    }
    return ok;
  };
}

/** One of the given choices (for multiple-choice questions), compared case- and space-insensitively. */
export function expectChoice(right: string, choices: string[], hint: string): Checker {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");
  return (answer) => {
    if (typeof answer !== "string") return no(`expected one of ${choices.map((c) => JSON.stringify(c)).join(", ")}, got ${describe(answer)}.`);
    if (!choices.map(norm).includes(norm(answer))) return no(`"${answer}" is not one of ${choices.map((c) => JSON.stringify(c)).join(", ")}.`);
    return norm(answer) === norm(right) ? ok : no(hint);
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

function describe(x: unknown): string {
  if (x === undefined) return "undefined (did you forget to return or assign your answer?)";
  if (x === null) return "null";
  if (x instanceof Matrix) return `a ${x.rows} × ${x.cols} Matrix`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === "number") return String(x);
  return `a ${typeof x}`;
}
