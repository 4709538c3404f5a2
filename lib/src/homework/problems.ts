/**
 * The problems of a homework configuration, collected before anything is built or trained: each
 * names its field (a path such as `layers[2].kernelSize`) and says what is allowed.
 *
 * ```ts
 * const check = new ProblemList();
 * check.integer("epochs", 0, 1, 100);     // "epochs: must be an integer in [1, 100], got 0."
 * check.problems;                         // [{ field: "epochs", message: "epochs: must be …" }]
 * ```
 */

/** One problem with a configuration: the field (a path such as `hidden[0].units`) and what is wrong. */
export interface ConfigProblem {
  field: string;
  message: string;
}

/** A value as an error message shows it: strings quoted, containers by kind (never their contents). */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : typeof v;
}

/** A plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Closest name by edit distance (for "did you mean"), or undefined when none is close. */
export function closest(word: string, options: readonly string[]): string | undefined {
  const d = (a: string, b: string): number => {
    const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = dp[0];
      dp[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = dp[j];
        dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = tmp;
      }
    }
    return dp[b.length];
  };
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const k = d(word, o);
    if (k < bestD) [best, bestD] = [o, k];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Options of a numeric check: an integer, open ends, a hint after the message. */
export interface RangeOptions {
  integer?: boolean;
  loOpen?: boolean;
  hiOpen?: boolean;
  hint?: string;
}

/** Collects the problems of one configuration; every check names the field and the allowed values. */
export class ProblemList {
  readonly problems: ConfigProblem[] = [];

  /** Adds "`field`: `message`". */
  add(field: string, message: string): void {
    this.problems.push({ field, message: `${field}: ${message}` });
  }

  /** Fields of `obj` not in `allowed`, each with a "did you mean". `prefix` ends in "." (or is ""). */
  unknownFields(obj: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) {
        const guess = closest(k, allowed);
        this.add(prefix + k, `unknown field${guess ? ` — did you mean "${guess}"?` : ""}. Allowed fields: ${allowed.join(", ")}.`);
      }
    }
  }

  /** A finite number in [lo, hi] (ends open or closed as `opts` says); false (and a problem) otherwise. */
  number(field: string, v: unknown, lo: number, hi: number, opts: RangeOptions = {}): v is number {
    const range = `${opts.integer ? "an integer" : "a number"} in ${opts.loOpen ? "(" : "["}${lo}, ${hi}${opts.hiOpen ? ")" : "]"}`;
    const bad =
      typeof v !== "number" || !Number.isFinite(v) || (opts.integer === true && !Number.isInteger(v)) ||
      (opts.loOpen ? v <= lo : v < lo) || (opts.hiOpen ? v >= hi : v > hi);
    if (bad) this.add(field, `must be ${range}, got ${show(v)}.${opts.hint ? ` ${opts.hint}` : ""}`);
    return !bad;
  }

  /** An integer in [lo, hi]. */
  integer(field: string, v: unknown, lo: number, hi: number, hint?: string): v is number {
    return this.number(field, v, lo, hi, { integer: true, hint });
  }

  /** One of the `allowed` strings (with a "did you mean"); false (and a problem) otherwise. */
  oneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): v is T {
    if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return true;
    const guess = typeof v === "string" ? closest(v, allowed) : undefined;
    this.add(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${show(v)}.${guess ? ` Did you mean "${guess}"?` : ""}`);
    return false;
  }

  /** true or false. */
  boolean(field: string, v: unknown): v is boolean {
    if (typeof v === "boolean") return true;
    this.add(field, `must be true or false, got ${show(v)}.`);
    return false;
  }
}
