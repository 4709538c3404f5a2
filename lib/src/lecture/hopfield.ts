/**
 * Two kinds of networks from lecture 002's list «Виды искусственных нейронных сетей», small enough
 * to run by hand: a Hopfield network (associative memory) and a recurrent cell unrolled in time.
 */
import { Matrix } from "../core/matrix";

function checkBipolar(fn: string, what: string, v: ArrayLike<number>): void {
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 1 && v[i] !== -1) {
      throw new Error(`${fn}: ${what}[${i}] is ${v[i]}; a Hopfield state has entries +1 or −1. Hint: map a 0/1 picture with v => 2 * v − 1.`);
    }
  }
}

/**
 * Hopfield weights by the Hebb rule: W = (1/n)·Σₚ p·pᵀ over the stored patterns p ∈ {−1, +1}ⁿ,
 * with the diagonal set to 0 (no neuron feeds itself). W is symmetric, n × n.
 */
export function hopfieldWeights(patterns: ReadonlyArray<ArrayLike<number>>): Matrix {
  if (patterns.length === 0) throw new Error("hopfieldWeights: give at least one pattern.");
  const n = patterns[0].length;
  const W = Matrix.zeros(n, n);
  patterns.forEach((p, k) => {
    if (p.length !== n) throw new Error(`hopfieldWeights: pattern ${k} has ${p.length} entries, pattern 0 has ${n}; all must have the same length.`);
    checkBipolar("hopfieldWeights", `patterns[${k}]`, p);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) W.set(i, j, W.get(i, j) + (p[i] * p[j]) / n);
  });
  return W;
}

/** The energy E(s) = −½·sᵀWs of a state; each update of {@link hopfieldRecall} never raises it. */
export function hopfieldEnergy(W: Matrix, state: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < W.rows; i++) for (let j = 0; j < W.cols; j++) e += W.get(i, j) * state[i] * state[j];
  return -0.5 * e;
}

/**
 * Recall: asynchronous updates sᵢ ← sign(Σⱼ Wᵢⱼ sⱼ) for i = 0, 1, …, n − 1 (a sum of exactly 0 keeps
 * sᵢ), sweep after sweep, until a whole sweep changes nothing (a fixed point) or `maxSweeps` pass.
 *
 * @returns the final state, the number of sweeps and the energy after each sweep (first: the start)
 */
export function hopfieldRecall(
  W: Matrix,
  start: ArrayLike<number>,
  maxSweeps = 20,
): { state: number[]; sweeps: number; energies: number[]; converged: boolean } {
  if (W.rows !== W.cols || W.rows !== start.length) {
    throw new Error(`hopfieldRecall: W is ${W.rows} × ${W.cols} but the state has ${start.length} entries; W must be n × n for n neurons.`);
  }
  checkBipolar("hopfieldRecall", "start", start);
  const s = Array.from(start);
  const energies = [hopfieldEnergy(W, s)];
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let changed = false;
    for (let i = 0; i < s.length; i++) {
      let h = 0;
      for (let j = 0; j < s.length; j++) h += W.get(i, j) * s[j];
      const next = h > 0 ? 1 : h < 0 ? -1 : s[i];
      if (next !== s[i]) (s[i] = next), (changed = true);
    }
    energies.push(hopfieldEnergy(W, s));
    if (!changed) return { state: s, sweeps: sweep, energies, converged: true };
  }
  return { state: s, sweeps: maxSweeps, energies, converged: false };
}

/**
 * A simple recurrent cell unrolled over a sequence (lecture 002: «Рекуррентные ИНС (RNN)»):
 *
 *   hₜ = tanh(Wx·xₜ + Wh·hₜ₋₁ + b),   t = 1, 2, …, T,
 *
 * with the SAME Wx (units × inputs), Wh (units × units) and b (units × 1) at every step; h₀ = 0
 * unless given. Returns h₁ … h_T (one array per step).
 */
export function rnnUnroll(Wx: Matrix, Wh: Matrix, b: Matrix, xs: ReadonlyArray<ArrayLike<number>>, h0?: ArrayLike<number>): number[][] {
  const units = Wx.rows;
  if (Wh.rows !== units || Wh.cols !== units) throw new Error(`rnnUnroll: Wh is ${Wh.rows} × ${Wh.cols}; it must be units × units = ${units} × ${units}.`);
  if (b.rows !== units || b.cols !== 1) throw new Error(`rnnUnroll: b is ${b.rows} × ${b.cols}; it must be a column units × 1 = ${units} × 1.`);
  let h = Matrix.columnVector(h0 ?? new Array<number>(units).fill(0));
  if (h.rows !== units) throw new Error(`rnnUnroll: h0 has ${h.rows} entries, expected ${units} (one per unit).`);
  return xs.map((x, t) => {
    if (x.length !== Wx.cols) throw new Error(`rnnUnroll: xs[${t}] has ${x.length} entries but Wx expects ${Wx.cols} inputs.`);
    h = Wx.matmul(Matrix.columnVector(x)).add(Wh.matmul(h)).add(b).map(Math.tanh);
    return h.toArray().map((row) => row[0]);
  });
}
