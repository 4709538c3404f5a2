// @ts-check
// The two gradient kernels tfjs-backend-wasm 3.21 lacks for training notebook 06's CNN —
// MaxPoolGrad and Conv2DBackpropFilter — registered FOR THE BENCHMARK ONLY, each composed from
// kernels the wasm backend does have (XNNPACK's Conv2D, Transpose, ArgMax, OneHot, …), so the work
// runs in the same WebAssembly module as the rest of tfjs-wasm's step. Without them
// `optimizer.minimize` throws "Kernel 'MaxPoolGrad' not registered for backend 'wasm'".
//
// Conv2DBackpropFilter (stride 1, no dilation; "same"/explicit padding by padding x first):
//   dW[u, v, c, f] = Σ_{n, i, j} x[n, i + u, j + v, c] · dy[n, i, j, f]
// is itself a stride-1 "valid" convolution once batch and channels swap places:
//   x' = xᵀ (C × H × W × N: channels as the batch, the batch as the channels)
//   k' = dyᵀ (oh × ow × N × F: dy as the kernel)
//   dW = transpose(conv2d(x', k'))  (C × kH × kW × F → kH × kW × C × F)
//
// MaxPoolGrad has no counterpart to compose it from cheaply (ArgMax over transposed windows, OneHot
// and a broadcast multiply cost ~20× the forward pooling), so it is a plain loop in JavaScript over
// the wasm heap — as the wasm backend's own Cast kernel is, and as tfjs-backend-wasm 4.x's native
// MaxPoolGrad is in C++ (a scalar loop, no XNNPACK): each dy entry goes to the FIRST largest input
// of its window (as nnlib's kernel), the other inputs get 0.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const tf = require("@tensorflow/tfjs-node");

/**
 * Runs registered wasm kernels by name inside a kernel of our own; `done(result)` frees every
 * intermediate tensor but the result.
 * @param {any} backend
 */
function kernels(backend) {
  /** @type {any[]} */
  const made = [];
  return {
    /** @param {string} name @param {Record<string, any>} inputs @param {Record<string, any>} [attrs] */
    run(name, inputs, attrs = {}) {
      const k = tf.getKernel(name, "wasm");
      if (k === undefined) throw new Error(`tfjs-wasm-grads: the wasm backend has no ${name} kernel`);
      const out = k.kernelFunc({ inputs, backend, attrs });
      made.push(out);
      return out;
    },
    /** @param {any} result */
    done(result) {
      for (const t of made) if (t !== result) backend.disposeData(t.dataId);
      return result;
    },
  };
}

/** @param {number | number[]} v @returns {[number, number]} */
const pair = (v) => (typeof v === "number" ? [v, v] : [v[0], v[1]]);

/** @param {{ inputs: any, backend: any, attrs: any }} args */
function conv2DBackpropFilter({ inputs, backend, attrs }) {
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const [sh, sw] = pair(strides);
  if (sh !== 1 || sw !== 1 || (dataFormat !== undefined && dataFormat !== "NHWC")) {
    throw new Error(`tfjs-wasm-grads: Conv2DBackpropFilter is only composed for stride 1, NHWC (got strides ${strides}, ${dataFormat})`);
  }
  const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, 1, 1, pad, dimRoundingMode, false, "channelsLast");
  const k = kernels(backend);
  const { top, bottom, left, right } = info.padInfo;
  const xp = top + bottom + left + right === 0 ? x : k.run("PadV2", { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
  const xT = k.run("Transpose", { x: xp }, { perm: [3, 1, 2, 0] });
  const dyT = k.run("Transpose", { x: dy }, { perm: [1, 2, 0, 3] });
  const r = k.run("Conv2D", { x: xT, filter: dyT }, { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1], dimRoundingMode: undefined });
  return k.done(k.run("Transpose", { x: r }, { perm: [1, 2, 0, 3] }));
}

/** @param {{ inputs: any, backend: any, attrs: any }} args */
function maxPoolGrad({ inputs, backend, attrs }) {
  const { dy, input } = inputs;
  const info = tf.backend_util.computePool2DInfo(input.shape, attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  const out = backend.makeOutput(input.shape, "float32");
  // views of the wasm heap, taken after makeOutput (which may grow it)
  const dx = backend.typedArrayFromHeap(out), x = backend.typedArrayFromHeap(input), g = backend.typedArrayFromHeap(dy);
  dx.fill(0);
  for (let n = 0, o = 0; n < batchSize; n++) {
    const base = n * H * W * C;
    for (let i = 0; i < oh; i++) {
      const y0 = Math.max(i * sh - top, 0), y1 = Math.min(i * sh - top + kh, H);
      for (let j = 0; j < ow; j++) {
        const x0 = Math.max(j * sw - left, 0), x1 = Math.min(j * sw - left + kw, W);
        for (let c = 0; c < C; c++, o++) {
          let best = -Infinity, at = -1;
          for (let yy = y0; yy < y1; yy++) {
            for (let xx = x0, q = base + (yy * W + x0) * C + c; xx < x1; xx++, q += C) {
              if (x[q] > best || at < 0) { best = x[q]; at = q; }
            }
          }
          if (at >= 0) dx[at] += g[o];
        }
      }
    }
  }
  return out;
}

/** Registers the two kernels for the wasm backend (once). */
export function registerWasmGradients() {
  if (tf.getKernel("MaxPoolGrad", "wasm") === undefined) tf.registerKernel({ kernelName: "MaxPoolGrad", backendName: "wasm", kernelFunc: maxPoolGrad });
  if (tf.getKernel("Conv2DBackpropFilter", "wasm") === undefined) tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName: "wasm", kernelFunc: conv2DBackpropFilter });
}
