/**
 * A simple recurrent cell (рекуррентная сеть, RNN — lecture 002's «Виды ИНС»): the same weights
 * applied at every time step t = 1 … T, with a hidden state hₜ that carries what the network has
 * seen so far:
 *
 *   hₜ = tanh(W·xₜ + U·hₜ₋₁ + b),   h₀ = 0,
 *
 * with column vectors xₜ (D × 1) and hₜ (H × 1), input weights W (H × D), recurrent weights U
 * (H × H) and bias b (H × 1). "Unrolling" writes the loop out as T copies of one layer that share
 * W, U and b — a feed-forward network as deep as the sequence is long, which is also why plain
 * RNNs suffer from vanishing gradients and why LSTM and GRU add gates.
 *
 * ```ts
 * const cell = { W: Matrix.from([[0.5], [-1]]), U: Matrix.from([[0.1, 0.2], [0, 0.3]]), b: Matrix.columnVector([0, 0.1]) };
 * const H = rnnUnroll(cell, Matrix.from([[1], [0], [-1]]));   // 3 steps of a 1-D input
 * H.row(2);                                                     // h₃ as a row
 * ```
 */
import { describeValue } from "../core/errors";
import { Matrix } from "../core/matrix";

/** The weights of a simple RNN cell: W (H × D), U (H × H), b (H × 1). */
export interface RnnCell {
  W: Matrix;
  U: Matrix;
  b: Matrix;
}

function checkCell(cell: RnnCell, who: string): { H: number; D: number } {
  if (cell === null || typeof cell !== "object") throw new Error(`${who}: expected a cell { W, U, b }, got ${describeValue(cell)}.`);
  const { W, U, b } = cell;
  if (!(W instanceof Matrix)) throw new Error(`${who}: W must be an H × D Matrix (hidden × inputs), got ${describeValue(W)}.`);
  const H = W.rows, D = W.cols;
  if (!(U instanceof Matrix) || U.rows !== H || U.cols !== H) throw new Error(`${who}: U must be ${H} × ${H} (hidden × hidden, since W has ${H} rows), got ${describeValue(U)}.`);
  if (!(b instanceof Matrix) || b.rows !== H || b.cols !== 1) throw new Error(`${who}: b must be a ${H} × 1 column, got ${describeValue(b)}. Hint: Matrix.columnVector([...]).`);
  return { H, D };
}

/**
 * One step: hₜ = tanh(W·xₜ + U·hₜ₋₁ + b) for a column xₜ (D × 1) and the previous state hₜ₋₁ (H × 1).
 * Returns hₜ (H × 1).
 */
export function rnnStep(cell: RnnCell, x: Matrix, hPrev: Matrix): Matrix {
  const { H, D } = checkCell(cell, "rnnStep");
  if (!(x instanceof Matrix) || x.rows !== D || x.cols !== 1) throw new Error(`rnnStep: x must be a ${D} × 1 column (W has ${D} columns), got ${describeValue(x)}.`);
  if (!(hPrev instanceof Matrix) || hPrev.rows !== H || hPrev.cols !== 1) throw new Error(`rnnStep: the previous state must be a ${H} × 1 column, got ${describeValue(hPrev)}.`);
  return cell.W.matmul(x).add(cell.U.matmul(hPrev)).add(cell.b).map(Math.tanh);
}

/**
 * The cell unrolled over a sequence: `xs` holds one input per ROW (T × D, row t − 1 = xₜᵀ); the
 * result holds one state per row (T × H, row t − 1 = hₜᵀ). `h0` (H × 1) defaults to zeros.
 */
export function rnnUnroll(cell: RnnCell, xs: Matrix, h0?: Matrix): Matrix {
  const { H, D } = checkCell(cell, "rnnUnroll");
  if (!(xs instanceof Matrix) || xs.cols !== D || xs.rows < 1) {
    throw new Error(`rnnUnroll: xs must be a T × ${D} Matrix (one time step per row, ${D} input${D === 1 ? "" : "s"} each), got ${describeValue(xs)}.`);
  }
  let h = h0 ?? Matrix.zeros(H, 1);
  if (!(h instanceof Matrix) || h.rows !== H || h.cols !== 1) throw new Error(`rnnUnroll: h0 must be a ${H} × 1 column, got ${describeValue(h)}.`);
  const out = new Matrix(xs.rows, H);
  for (let t = 0; t < xs.rows; t++) {
    h = rnnStep(cell, xs.row(t).transpose(), h);
    for (let k = 0; k < H; k++) out.set(t, k, h.get(k, 0));
  }
  return out;
}
