/**
 * A Hopfield network (сеть Хопфилда, lecture 002's «Виды ИНС»): a single layer of N neurons with
 * states sᵢ ∈ {−1, +1}, every neuron connected to every other one by a symmetric weight wᵢⱼ = wⱼᵢ,
 * no self-connections (wᵢᵢ = 0). It is an associative memory: patterns ξ¹ … ξᴾ are stored in the
 * weights by Hebb's rule, and a noisy or partial copy of one of them is "recalled" by updating the
 * neurons until nothing changes.
 *
 * ```ts
 * const P = Matrix.from([[1, -1, 1, -1], [1, 1, -1, -1]]);   // two patterns, one per row
 * const W = hebbianWeights(P);                                 // W = (1/N) Σₚ ξᵖ ξᵖᵀ, diagonal 0
 * const r = hopfieldRecall(W, Matrix.rowVector([1, -1, 1, 1])); // one wrong bit
 * r.state;   // [1, -1, 1, -1]: the first pattern
 * ```
 *
 * Notation: states are ROW vectors (1 × N), like one sample of a batch; patterns are the rows of a
 * P × N matrix.
 */
import { describeValue } from "../core/errors";
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";

function requireBipolar(M: Matrix, who: string, what: string): void {
  for (let k = 0; k < M.data.length; k++) {
    const v = M.data[k];
    if (v !== 1 && v !== -1) {
      const i = Math.floor(k / M.cols), j = k % M.cols;
      throw new Error(`${who}: ${what} must hold only −1 and +1, but entry (${i}, ${j}) is ${v}. Hint: turn 0/1 pixels into ±1 with x ↦ 2x − 1 (or use patternFromText).`);
    }
  }
}

/**
 * Hebb's rule («правило Хебба»): the weights that store the rows of `patterns` (P × N, entries ±1),
 *
 *   W = (1/N) Σₚ ξᵖᵀ ξᵖ   (N × N),   then wᵢᵢ = 0,
 *
 * i.e. wᵢⱼ = (1/N) Σₚ ξᵖᵢ ξᵖⱼ: two neurons that agree in most patterns get a positive weight.
 * With the row-per-pattern layout this is `patterns.transpose().matmul(patterns).scale(1/N)` with
 * the diagonal set to 0.
 */
export function hebbianWeights(patterns: Matrix): Matrix {
  if (!(patterns instanceof Matrix)) throw new Error(`hebbianWeights: expected a P × N Matrix of patterns (one per row), got ${describeValue(patterns)}.`);
  if (patterns.rows === 0 || patterns.cols === 0) throw new Error(`hebbianWeights: the patterns are ${patterns.rows} × ${patterns.cols}; expected at least one pattern of at least one neuron.`);
  requireBipolar(patterns, "hebbianWeights", "the patterns");
  const N = patterns.cols;
  const W = patterns.transpose().matmul(patterns).scale(1 / N);
  for (let i = 0; i < N; i++) W.set(i, i, 0);
  return W;
}

/**
 * The energy of a state s (1 × N): E(s) = −½ Σᵢ Σⱼ wᵢⱼ sᵢ sⱼ = −½ s W sᵀ. Each asynchronous update
 * of `hopfieldRecall` never raises it, so recall slides down to a minimum — ideally a stored pattern.
 */
export function hopfieldEnergy(W: Matrix, s: Matrix): number {
  checkState(W, s, "hopfieldEnergy");
  return -0.5 * s.matmul(W).matmul(s.transpose()).get(0, 0);
}

/** Options of `hopfieldRecall`. */
export interface HopfieldRecallOptions {
  /** At most this many sweeps over all neurons (default 20). */
  maxSweeps?: number;
  /**
   * `"async"` (default, Hopfield's rule): neurons are updated one at a time, each seeing the others'
   * newest states — energy never increases. `"sync"`: all neurons at once, s ← sign(s W) — may cycle.
   */
  mode?: "async" | "sync";
  /** Asynchronous update order: `"fixed"` (0, 1, …, N − 1; default) or a seed for a random order per sweep. */
  order?: "fixed" | number;
}

/** The outcome of `hopfieldRecall`. */
export interface HopfieldRecall {
  /** The final state (1 × N). */
  state: Matrix;
  /** The state after every sweep, the start first (so `states.length = sweeps + 1`). */
  states: Matrix[];
  /** The energy of each of `states`. */
  energies: number[];
  /** Sweeps done (the last one changed nothing when `converged`). */
  sweeps: number;
  /** True when a whole sweep changed no neuron: a fixed point (an energy minimum). */
  converged: boolean;
}

/**
 * Recall: starting from `start` (1 × N, ±1), update neurons by
 *
 *   hᵢ = Σⱼ wᵢⱼ sⱼ,   sᵢ ← +1 if hᵢ > 0, −1 if hᵢ < 0, unchanged if hᵢ = 0,
 *
 * sweep after sweep, until a sweep changes nothing (or `maxSweeps`).
 */
export function hopfieldRecall(W: Matrix, start: Matrix, options: HopfieldRecallOptions = {}): HopfieldRecall {
  checkState(W, start, "hopfieldRecall");
  const maxSweeps = options.maxSweeps ?? 20;
  if (!Number.isInteger(maxSweeps) || maxSweeps < 1) throw new Error(`hopfieldRecall: maxSweeps must be a whole number ≥ 1, got ${maxSweeps}.`);
  const mode = options.mode ?? "async";
  if (mode !== "async" && mode !== "sync") throw new Error(`hopfieldRecall: mode must be "async" or "sync", got ${JSON.stringify(mode)}.`);
  const order = options.order ?? "fixed";
  if (order !== "fixed" && !Number.isInteger(order)) throw new Error(`hopfieldRecall: order must be "fixed" or an integer seed, got ${JSON.stringify(order)}.`);
  const rng = order === "fixed" ? undefined : new Random(order);
  const N = W.rows;
  let s = start.clone();
  const states = [s.clone()];
  const energies = [hopfieldEnergy(W, s)];
  let converged = false;
  let sweeps = 0;
  while (sweeps < maxSweeps) {
    sweeps++;
    let changed = false;
    if (mode === "sync") {
      const h = s.matmul(W); // hᵢ = Σⱼ sⱼ wⱼᵢ = Σⱼ wᵢⱼ sⱼ (W is symmetric)
      const next = s.map((v, _i, j) => (h.get(0, j) > 0 ? 1 : h.get(0, j) < 0 ? -1 : v));
      changed = !next.allClose(s, 0);
      s = next;
    } else {
      const idx = Array.from({ length: N }, (_, i) => i);
      if (rng) {
        for (let k = N - 1; k > 0; k--) {
          const r = Math.floor(rng.uniform() * (k + 1));
          [idx[k], idx[r]] = [idx[r], idx[k]];
        }
      }
      for (const i of idx) {
        let h = 0;
        for (let j = 0; j < N; j++) h += W.get(i, j) * s.data[j];
        const v = h > 0 ? 1 : h < 0 ? -1 : s.data[i];
        if (v !== s.data[i]) {
          s.data[i] = v;
          changed = true;
        }
      }
    }
    states.push(s.clone());
    energies.push(hopfieldEnergy(W, s));
    if (!changed) {
      converged = true;
      break;
    }
  }
  return { state: s, states, energies, sweeps, converged };
}

/**
 * A ±1 row vector from a picture written as text, one string per row: `"#"` (or `"X"`, `"1"`,
 * `"*"`) is +1, anything else (`"."`, space, `"0"`) is −1. `["#.#", ".#."]` → [1, −1, 1, −1, 1, −1].
 */
export function patternFromText(rows: readonly string[]): Matrix {
  if (!Array.isArray(rows) || rows.length === 0 || rows.some((r) => typeof r !== "string")) {
    throw new Error(`patternFromText: expected a non-empty list of strings (one per row), got ${describeValue(rows)}.`);
  }
  const width = rows[0].length;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new Error(`patternFromText: row ${i} has ${r.length} characters but row 0 has ${width}; every row must be as wide.`);
  });
  const on = new Set(["#", "X", "x", "1", "*"]);
  return Matrix.rowVector(rows.join("").split("").map((c) => (on.has(c) ? 1 : -1)));
}

/**
 * A state (1 × N, ±1) as a `height × (N / height)` picture for `image` and `imageGrid`, drawn like
 * ink on paper: +1 (`#`) becomes 0 (black), −1 (`.`) becomes 1 (white).
 */
export function patternImage(state: Matrix, height: number): Matrix {
  if (!(state instanceof Matrix) || state.rows !== 1) throw new Error(`patternImage: expected a 1 × N state, got ${describeValue(state)}.`);
  if (!Number.isInteger(height) || height < 1 || state.cols % height !== 0) {
    throw new Error(`patternImage: height must be a whole number dividing N = ${state.cols}, got ${height}.`);
  }
  const width = state.cols / height;
  return new Matrix(height, width, Array.from(state.data, (v) => (v > 0 ? 0 : 1)));
}

/**
 * A copy of `state` with exactly `count` entries flipped (+1 ↔ −1), chosen at random without
 * repetition with the seeded generator: the "noisy copy" to recall from.
 */
export function flipBits(state: Matrix, count: number, seed: number): Matrix {
  if (!(state instanceof Matrix) || state.rows !== 1) throw new Error(`flipBits: expected a 1 × N state, got ${describeValue(state)}.`);
  if (!Number.isInteger(count) || count < 0 || count > state.cols) throw new Error(`flipBits: count must be a whole number 0…${state.cols}, got ${count}.`);
  const rng = new Random(seed);
  const idx = Array.from({ length: state.cols }, (_, i) => i);
  for (let k = idx.length - 1; k > 0; k--) {
    const r = Math.floor(rng.uniform() * (k + 1));
    [idx[k], idx[r]] = [idx[r], idx[k]];
  }
  const out = state.clone();
  for (const i of idx.slice(0, count)) out.data[i] = -out.data[i];
  return out;
}

/** Number of entries in which two states differ (the Hamming distance). */
export function hammingDistance(a: Matrix, b: Matrix): number {
  if (!(a instanceof Matrix) || !(b instanceof Matrix) || a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`hammingDistance: expected two matrices of the same shape, got ${describeValue(a)} and ${describeValue(b)}.`);
  }
  let d = 0;
  for (let k = 0; k < a.data.length; k++) if (a.data[k] !== b.data[k]) d++;
  return d;
}

function checkState(W: Matrix, s: Matrix, who: string): void {
  if (!(W instanceof Matrix) || W.rows !== W.cols) throw new Error(`${who}: W must be a square N × N Matrix, got ${describeValue(W)}.`);
  if (!(s instanceof Matrix) || s.rows !== 1 || s.cols !== W.rows) {
    throw new Error(`${who}: the state must be a 1 × ${W.rows} row vector, got ${describeValue(s)}. Hint: Matrix.rowVector([...]) or one row of the patterns, patterns.row(k).`);
  }
  requireBipolar(s, who, "the state");
}
