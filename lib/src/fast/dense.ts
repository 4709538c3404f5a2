/**
 * The fast path of `Dense`: the same forward and backward as `Dense.forward`/`Dense.backward`,
 * fused, on the blocked or WebAssembly kernels, with buffers reused from batch to batch.
 *
 *   forward:   Z = X·Wᵀ + b,  Y = f(Z)                    (one kernel call, bias and f in one pass)
 *   backward:  dZ = dY ⊙ f′(Z),  dW = dZᵀ·X,  db = Σᵢ dZ[i, :],  dX = dZ·W
 *
 * In training (`forward(X, true)`, as `fit` calls it) Y, Z, dZ and dX live in buffers kept per
 * batch size, so a step allocates nothing: the returned Y and dX are overwritten by the next step
 * of the same size. Outside training Y is a fresh matrix (predictions stay valid).
 *
 * Used only when the backend is not "reference", the activation is linear, relu, sigmoid or tanh,
 * the layer has no kernelRegularizer, and the product has at least `FAST_MIN_WORK` multiply-adds;
 * otherwise `forward` returns undefined and `Dense` runs its reference code.
 */
import { getActivation } from "../activations";
import { Matrix } from "../matrix";
import { gemm, getBackend } from "./backend";

/** Below this many multiply-adds (batch · inputs · units) `Dense` keeps the reference kernels. */
export const FAST_MIN_WORK = 32768;

const SUPPORTED = new Set(["linear", "relu", "sigmoid", "tanh"]);

interface Buffers {
  Z: Float64Array;
  Y: Matrix;
  dZ: Float64Array;
  dX: Matrix | undefined;
}

/** Per-layer state of the fast path. */
export class FastDense {
  /** Whether the last forward took the fast path (then `backward` must too). */
  active = false;
  private readonly activation: string;
  private readonly buffers = new Map<number, Buffers>();
  private last: Buffers | undefined;
  private X: Matrix | undefined;

  /** @param activation the layer's activation name */
  constructor(activation: string) {
    this.activation = activation;
  }

  /** Y = f(X·Wᵀ + b) on the fast kernels, or undefined when the reference path must be used. */
  forward(layer: object, X: Matrix, W: Matrix, b: Matrix | undefined, training: boolean): Matrix | undefined {
    this.active = false;
    const backend = getBackend();
    if (backend === "reference" || !SUPPORTED.has(this.activation)) return undefined;
    if (X.rows * X.cols * W.rows < FAST_MIN_WORK) return undefined;
    if ((layer as { kernelRegularizer?: unknown }).kernelRegularizer !== undefined) return undefined;
    const n = X.rows, inputs = X.cols, units = W.rows;
    const buf = training ? this.buffersFor(n, units) : { Z: new Float64Array(n * units), Y: new Matrix(n, units), dZ: new Float64Array(0), dX: undefined };
    const Z = buf.Z, y = buf.Y.data;
    gemm(backend, n, units, inputs, X.data, inputs, 1, W.data, 1, inputs, Z);
    if (b !== undefined) {
      const bd = b.data;
      for (let i = 0, q = 0; i < n; i++) for (let j = 0; j < units; j++, q++) Z[q] += bd[j];
    }
    const act = this.activation;
    if (act === "relu") for (let q = 0; q < Z.length; q++) y[q] = Z[q] > 0 ? Z[q] : 0;
    else if (act === "linear") y.set(Z);
    else {
      const f = getActivation(act as "sigmoid").f;
      for (let q = 0; q < Z.length; q++) y[q] = f(Z[q]);
    }
    if (training) {
      this.last = buf;
      this.X = X;
      this.active = true;
    }
    return buf.Y;
  }

  /**
   * Given dY, writes dW into `dW` and db into `db` (when given) and returns dX, all from the last
   * training forward. Returns undefined when that forward did not take the fast path.
   */
  backward(dY: Matrix, W: Matrix, dW: Matrix, db: Matrix | undefined): Matrix | undefined {
    if (!this.active || this.last === undefined || this.X === undefined) return undefined;
    const buf = this.last, X = this.X;
    const n = X.rows, inputs = X.cols, units = W.rows;
    const Z = buf.Z, dZ = buf.dZ, g = dY.data, act = this.activation;
    if (act === "relu") for (let q = 0; q < dZ.length; q++) dZ[q] = Z[q] > 0 ? g[q] : 0;
    else if (act === "linear") dZ.set(g);
    else {
      const df = getActivation(act as "sigmoid").df;
      for (let q = 0; q < dZ.length; q++) dZ[q] = g[q] * df(Z[q]);
    }
    const backend = getBackend();
    const kernels = backend === "reference" ? "fast" : backend;
    // dW (units × inputs) = dZᵀ·X: A(j, i) = dZ[i·units + j], B(i, k) = X[i·inputs + k]
    gemm(kernels, units, inputs, n, dZ, 1, units, X.data, inputs, 1, dW.data);
    if (db !== undefined) {
      const s = db.data;
      s.fill(0);
      for (let i = 0, q = 0; i < n; i++) for (let j = 0; j < units; j++, q++) s[j] += dZ[q];
    }
    // dX (n × inputs) = dZ·W
    buf.dX ??= new Matrix(n, inputs);
    gemm(kernels, n, inputs, units, dZ, units, 1, W.data, inputs, 1, buf.dX.data);
    return buf.dX;
  }

  private buffersFor(n: number, units: number): Buffers {
    let b = this.buffers.get(n);
    if (b === undefined) {
      if (this.buffers.size >= 4) this.buffers.clear(); // batch sizes come and go: keep a few
      b = { Z: new Float64Array(n * units), Y: new Matrix(n, units), dZ: new Float64Array(n * units), dX: undefined };
      this.buffers.set(n, b);
    }
    return b;
  }
}
