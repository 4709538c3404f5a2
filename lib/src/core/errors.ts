/**
 * What the library's error messages share: `NonFiniteError` for a NaN or ±Infinity found where a
 * finite number must be, and `describeValue` / `describeGot` for naming what a student passed
 * instead of what was expected ("got an array of length 3", "got the string '0.1'").
 */
// Inside a tslab kernel, library errors show their message first, without the library's source
// and Node's stack lines (see notebook-errors.ts). Every entry point of the library loads this module.
import "./notebook-errors";

/**
 * A NaN or ±Infinity where a finite number must be (a matrix entry, a softmax input, an autograd
 * result). `Sequential.fit` turns it into `TrainingDivergedError` when it happens while training.
 */
export class NonFiniteError extends Error {
  override readonly name = "NonFiniteError";
  /** The offending number (NaN, Infinity or -Infinity). */
  readonly value: number;

  constructor(message: string, value: number) {
    super(message);
    this.value = value;
  }
}

/**
 * A short description of any value for an error message, with the right article:
 * `nothing (undefined)`, `null`, `0.1`, `NaN`, `the string '0.1'`, `true`, `a function`,
 * `an array of length 3`, `a 2 × 3 Matrix`, `a Value (an autograd node)`, `an object (Foo)`.
 * A string is quoted and named as a string, so that a number typed as text ("0.1") stands out.
 */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing (undefined)";
  return describeGot(v);
}

/**
 * What follows "got" in a message about a value of the wrong kind or range: numbers as
 * themselves (`got 0.1`, `got NaN`), a string quoted and named (`got the string '0.1'`), so that
 * `learningRate: "0.1"` is not reported as if it were the number 0.1; other values as
 * `describeValue` says (`undefined` stays `undefined`).
 */
export function describeGot(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "string") return `the string '${v.length > 60 ? `${v.slice(0, 57)}…` : v}'`;
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return "a symbol";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  const o = v as { rows?: unknown; cols?: unknown; get?: unknown; data?: unknown; grad?: unknown; backward?: unknown };
  const name = (v as object).constructor?.name;
  if (name === "Matrix" && typeof o.rows === "number" && typeof o.cols === "number") return `a ${o.rows} × ${o.cols} Matrix`;
  if (isAutogradValue(v)) return "a Value (an autograd node)";
  return name && name !== "Object" ? `an object (${name})` : "an object";
}

/**
 * Whether `v` looks like an autograd `Value` (numbers `data` and `grad`, a `backward` method):
 * the messages then say which of its numbers to pass. (Duck-typed: this module imports nothing.)
 */
export function isAutogradValue(v: unknown): v is { data: number; grad: number } {
  if (v === null || typeof v !== "object") return false;
  const o = v as { data?: unknown; grad?: unknown; backward?: unknown };
  return typeof o.data === "number" && typeof o.grad === "number" && typeof o.backward === "function";
}

/**
 * `describeValue` for a field of a saved config or model file: a missing field is "nothing (the
 * field is missing)" and a string is quoted (`string "4"`), so a number written as text stands out.
 */
export function describeField(v: unknown): string {
  if (v === undefined) return "nothing (the field is missing)";
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  return describeValue(v);
}
