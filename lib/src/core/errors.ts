/**
 * What the library's error messages share: `NonFiniteError` for a NaN or ±Infinity found where a
 * finite number must be, and `describeValue` for naming what a student passed instead of what was
 * expected ("got an array of length 3").
 */

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
 * A short description of any value for an error message: `null`, `an array of length 3`,
 * `an object (Matrix)`, `number NaN`, `string relu`, `nothing (the field is missing)`.
 */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing (undefined)";
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return `an object (${(v as object).constructor?.name ?? "Object"})`;
  return `${typeof v} ${String(v)}`;
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
