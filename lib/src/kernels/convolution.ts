/**
 * Convolution and pooling as the layers use them: one forward and one backward each, on the
 * kernels `setBackend` chose. `Conv2D` and the pooling layers call only these; the choice between
 * the readable loops (conv.ts, which the "reference" backend runs) and the fast ones (conv-fast.ts,
 * the "fast" and "wasm" backends) is made here, as `matmul` makes it for `Dense` (backend.ts).
 *
 *   convolutionForward:   Y = act(im2col(X)·Wᵀ + b)      act: "relu" or "linear" (others: the layer applies them to Y)
 *   convolutionBackward:  dZ = dY ⊙ act′;  dW = dZᵀ·patches;  db = Σ dZ;  dX = col2im(dZ·W)
 *   poolingForward:       Y = the max (or mean) of every window, channel by channel
 *   poolingBackward:      dX = dY routed to each window's max (or shared evenly by its positions)
 *
 * What a forward keeps for its backward — the patches or the input, the output, the argmax of
 * every window, and the buffers reused from batch to batch — sits in one `ConvCache`/`PoolCache`
 * per layer, which the layer holds without looking inside.
 *
 * Batches of a convolution with fewer than `FAST_MIN_WORK` multiply-adds (one small picture, as in
 * the notebooks' hand-checked examples) run the readable loops on every backend, as small matrix
 * products do. Every backend gives the same numbers (test/kernels/conv-fast.test.ts: within 1e-12;
 * max pooling: the same numbers and indices).
 */
import { Matrix } from "../core/matrix";
import { FusedActivation, reluBackward, reluForward } from "./activation";
import { BackendName, FAST_MIN_WORK, getBackend } from "./backend";
import { ConvGeometry, conv2dBackward, conv2dForward, pool2dBackward, pool2dForward, PoolMode } from "./conv";
import { conv2dBackwardFast, conv2dForwardFast, maxPoolForwardFast, Scratch } from "./conv-fast";


/** What a convolution layer's forward keeps for its backward (opaque to the layer). */
export class ConvCache {
  /** The fast path's backend in the last forward; undefined when the readable loops ran. */
  backend: BackendName | undefined;
  /** The readable path's patches of the last forward. */
  patches: Matrix | undefined;
  /** The fast path's input of the last forward, and whether its patches were kept in `scratch`. */
  X: Matrix | undefined;
  patchesKept = false;
  /** The output of the last forward (ReLU′ is read from it). */
  Y: Matrix | undefined;
  /** The fast path's buffers, reused from batch to batch (patches, dZ, dPatches); never handed out. */
  readonly scratch = new Scratch();
}

/**
 * Y = act(conv(X, W) + b) for a batch X (n × h·w·c, HWC rows): a new n × (outH·outW·filters) matrix.
 * `training`: the fast path keeps the batch's patches for backward (otherwise backward makes them again).
 */
export function convolutionForward(
  X: Matrix, W: Matrix, b: Matrix | undefined, g: ConvGeometry, act: FusedActivation, training: boolean, cache: ConvCache,
): Matrix {
  const backend = getBackend();
  const work = X.rows * g.outH * g.outW * g.kH * g.kW * g.inC * W.rows;
  cache.backend = backend === "reference" || work < FAST_MIN_WORK ? undefined : backend;
  if (cache.backend === undefined) {
    const { Z, patches } = conv2dForward(X, W, b, g);
    if (act === "relu") reluForward(Z.data, Z.data, Z.cols); // Z is this call's own matrix: ReLU in place
    cache.patches = patches;
    cache.X = undefined;
    cache.Y = Z;
    return Z;
  }
  cache.patches = undefined;
  cache.X = X;
  cache.patchesKept = training;
  cache.Y = conv2dForwardFast(X, W, b, g, act, cache.backend, cache.scratch, training);
  return cache.Y;
}

/**
 * The backward of the last `convolutionForward`, given dY = ∂E/∂Y: writes dW (filters × kH·kW·c) and
 * db (1 × filters) into the given matrices and returns dX (a new n × h·w·c matrix), or undefined
 * with `needInput = false`.
 */
export function convolutionBackward(
  dY: Matrix, W: Matrix, g: ConvGeometry, act: FusedActivation, cache: ConvCache, dW: Matrix, db: Matrix | undefined, needInput: boolean,
): Matrix | undefined {
  if (cache.backend === undefined) {
    let dZ = dY;
    if (act === "relu") {
      dZ = new Matrix(dY.rows, dY.cols);
      reluBackward(dY.data, (cache.Y as Matrix).data, dZ.data, dY.cols);
    }
    const grads = conv2dBackward(dZ, cache.patches as Matrix, W, g, needInput);
    dW.data.set(grads.dW.data);
    if (db !== undefined) db.data.set(grads.db.data);
    return grads.dX;
  }
  return conv2dBackwardFast(
    dY, cache.X as Matrix, cache.Y as Matrix, W, g, act, cache.backend, cache.scratch, cache.patchesKept, dW.data, db?.data, needInput,
  );
}

/** What a pooling layer's forward keeps for its backward (opaque to the layer): the argmax of every window. */
export class PoolCache {
  argmax: Int32Array | undefined;
}

/** The max (or mean) of every window, channel by channel, of a batch X (HWC rows): a new matrix. */
export function poolingForward(X: Matrix, g: ConvGeometry, mode: PoolMode, cache: PoolCache): Matrix {
  if (mode !== "max") return pool2dForward(X, g, mode, cache.argmax);
  const size = X.rows * g.outH * g.outW * g.inC;
  if (cache.argmax === undefined || cache.argmax.length < size) cache.argmax = new Int32Array(size);
  // The fast backends: the same numbers and indices, channels in the inner loop (conv-fast.ts).
  return getBackend() === "reference" ? pool2dForward(X, g, "max", cache.argmax) : maxPoolForwardFast(X, g, cache.argmax);
}

/** dX of the last `poolingForward`: max pooling routes dY to each window's max; average pooling shares it evenly. */
export function poolingBackward(dY: Matrix, g: ConvGeometry, mode: PoolMode, cache: PoolCache): Matrix {
  return pool2dBackward(dY, g, mode, cache.argmax);
}
