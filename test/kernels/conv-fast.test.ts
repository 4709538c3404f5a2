/**
 * The fast convolution and pooling (lib/src/kernels/conv-fast.ts, what Conv2D and MaxPool2D run on
 * the "fast" and "wasm" backends) against the reference kernels of conv.ts.
 *
 * Tolerance as test/fast.test.ts: 1e-12 · max(1, max|reference|) for everything computed by sums
 * (Z, dX, dW, db — the sums are the same, grouped differently); max pooling selects numbers, so its
 * values and argmax indices must be identical. Whole training runs on the fast backends must give
 * the reference weights within 1e-9.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileWat } from "../../lib/scripts/build-wasm.mjs";
import { BackendName, getBackend, setBackend, setWasmModule } from "../../lib/src/kernels";
import { conv2dBackward, conv2dForward, ConvGeometry, convGeometry, Padding, pool2dBackward, pool2dForward } from "../../lib/src/kernels/conv";
import { chunkImages, conv2dBackwardFast, conv2dForwardFast, maxPoolForwardFast, Scratch } from "../../lib/src/kernels/conv-fast";
import { AveragePooling2D } from "../../lib/src/layers/avgpool2d";
import { Conv2D } from "../../lib/src/layers/conv2d";
import { Dense } from "../../lib/src/layers/dense";
import { Flatten } from "../../lib/src/layers/flatten";
import { MaxPool2D } from "../../lib/src/layers/maxpool2d";
import { categoricalCrossentropy } from "../../lib/src/functions/losses";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";
import { Sequential } from "../../lib/src/training/model";
import { Adam } from "../../lib/src/training/optimizers";

const FAST: ("fast" | "wasm")[] = ["fast", "wasm"];

function expectClose(actual: Matrix | Float64Array, expected: Matrix | Float64Array, tol = 1e-12, what = ""): void {
  const a = actual instanceof Matrix ? actual.data : actual;
  const e = expected instanceof Matrix ? expected.data : expected;
  expect(a.length, what).toBe(e.length);
  let scale = 1, worst = 0;
  for (let k = 0; k < e.length; k++) scale = Math.max(scale, Math.abs(e[k]));
  for (let k = 0; k < e.length; k++) worst = Math.max(worst, Math.abs(a[k] - e[k]));
  expect(Number.isNaN(worst), what).toBe(false);
  expect(worst, what).toBeLessThanOrEqual(tol * scale);
}

let before: BackendName;
beforeAll(async () => {
  before = getBackend();
  setWasmModule(await compileWat());
});
afterAll(() => setBackend(before));

interface Case {
  inp: [number, number, number];
  k: [number, number];
  s: [number, number];
  pad: Padding;
  F: number;
  n: number;
}

// Unpadded and padded windows, strides 1 and 2, 1–8 channels, filter counts that are and are not
// multiples of 4 (the wasm kernel's block), batches of one chunk and of several (with a short last one).
const CASES: Case[] = [
  { inp: [28, 28, 1], k: [3, 3], s: [1, 1], pad: "valid", F: 8, n: 12 }, // notebook 06's first layer
  { inp: [13, 13, 8], k: [3, 3], s: [1, 1], pad: "valid", F: 16, n: 7 }, // and its second
  { inp: [9, 8, 3], k: [3, 2], s: [2, 1], pad: "same", F: 6, n: 5 },
  { inp: [10, 10, 2], k: [2, 2], s: [2, 2], pad: 1, F: 3, n: 4 },
  { inp: [7, 9, 4], k: [5, 5], s: [1, 2], pad: "valid", F: 5, n: 3 },
  { inp: [6, 6, 1], k: [1, 1], s: [1, 1], pad: "valid", F: 4, n: 2 },
];

function label(c: Case): string {
  return `${c.inp.join("×")} * ${c.F}×${c.k.join("×")} stride ${c.s.join(",")} padding ${c.pad}, batch ${c.n}`;
}

/** The reference: conv2dForward, then ReLU or nothing; backward with dZ = dY ⊙ [Y > 0]. */
function reference(c: Case, g: ConvGeometry, X: Matrix, W: Matrix, b: Matrix | undefined, dY: Matrix, relu: boolean) {
  setBackend("reference");
  const { Z, patches } = conv2dForward(X, W, b, g);
  const Y = relu ? Z.map((v) => (v > 0 ? v : 0)) : Z;
  const dZ = relu ? dY.map((v, i, j) => (Y.get(i, j) > 0 ? v : 0)) : dY;
  const { dX, dW, db } = conv2dBackward(dZ, patches, W, g, true);
  return { Y, dX: dX as Matrix, dW, db };
}

describe("conv2dForwardFast / conv2dBackwardFast equal conv2dForward / conv2dBackward (1e-12)", () => {
  for (const c of CASES) {
    test(label(c), () => {
      const rng = new Random(17);
      const g = convGeometry("t", c.inp, c.k, c.s, c.pad);
      const K = c.k[0] * c.k[1] * c.inp[2];
      const X = Matrix.uniform(c.n, c.inp[0] * c.inp[1] * c.inp[2], rng, -1, 1);
      const W = Matrix.uniform(c.F, K, rng, -1, 1), b = Matrix.uniform(1, c.F, rng, -1, 1);
      const dY = Matrix.uniform(c.n, g.outH * g.outW * c.F, rng, -1, 1);
      for (const relu of [true, false]) {
        for (const bias of [b, undefined]) {
          const ref = reference(c, g, X, W, bias, dY, relu);
          for (const be of FAST) {
            for (const keep of [true, false]) {
              const what = `${be} relu ${relu} bias ${bias !== undefined} keepPatches ${keep}`;
              const scratch = new Scratch();
              const Y = conv2dForwardFast(X, W, bias, g, relu ? "relu" : "linear", be, scratch, keep);
              expectClose(Y, ref.Y, 1e-12, `Y ${what}`);
              const dW = new Float64Array(W.size).fill(NaN), db = new Float64Array(c.F).fill(NaN); // overwritten, not added to
              const dX = conv2dBackwardFast(dY, X, Y, W, g, relu ? "relu" : "linear", be, scratch, keep, dW, bias ? db : undefined, true);
              expectClose(dX as Matrix, ref.dX, 1e-12, `dX ${what}`);
              expectClose(dW, ref.dW, 1e-12, `dW ${what}`);
              if (bias) expectClose(db, ref.db, 1e-12, `db ${what}`);
              expect(conv2dBackwardFast(dY, X, Y, W, g, relu ? "relu" : "linear", be, scratch, keep, dW, undefined, false)).toBeUndefined();
              expectClose(dW, ref.dW, 1e-12, `dW without dX ${what}`);
            }
          }
        }
      }
    });
  }

  test("the first case really is cut into chunks (so chunk boundaries are tested)", () => {
    expect(chunkImages(convGeometry("t", [28, 28, 1], [3, 3], [1, 1], "valid"))).toBeLessThan(12);
    expect(chunkImages(convGeometry("t", [13, 13, 8], [3, 3], [1, 1], "valid"))).toBeLessThan(7);
  });

  test("ReLU gives +0, never −0, for negative and zero sums; an empty batch gives empty results", () => {
    const g = convGeometry("t", [4, 4, 1], [1, 1], [1, 1], "valid");
    const X = Matrix.from([[-1, -2, 0, 3, -0, 4, -5, 6, 1, 1, 1, 1, -1, -1, -1, -1]]);
    const Y = conv2dForwardFast(X, Matrix.from([[1]]), undefined, g, "relu", "wasm", new Scratch(), false);
    for (const v of Y.data) expect(Object.is(v, -0)).toBe(false);
    expect(Y.toArray()).toEqual([[0, 0, 0, 3, 0, 4, 0, 6, 1, 1, 1, 1, 0, 0, 0, 0]]);
    const E = conv2dForwardFast(new Matrix(0, 16), Matrix.from([[1]]), undefined, g, "relu", "fast", new Scratch(), true);
    expect(E.shape).toEqual([0, 16]);
    const dW = new Float64Array(1).fill(7);
    const dX = conv2dBackwardFast(new Matrix(0, 16), new Matrix(0, 16), E, Matrix.from([[1]]), g, "relu", "fast", new Scratch(), true, dW, undefined);
    expect(dX?.shape).toEqual([0, 16]);
    expect(dW[0]).toBe(0);
  });
});

describe("maxPoolForwardFast picks the same numbers and indices as pool2dForward", () => {
  const pools: { inp: [number, number, number]; k: [number, number]; s: [number, number]; pad: "valid" | "same" }[] = [
    { inp: [26, 26, 8], k: [2, 2], s: [2, 2], pad: "valid" }, // notebook 06 (the branch-free tournament)
    { inp: [11, 11, 16], k: [2, 2], s: [2, 2], pad: "valid" }, // odd size: the last row and column dropped
    { inp: [7, 6, 3], k: [2, 2], s: [1, 1], pad: "valid" }, // overlapping 2 × 2 windows
    { inp: [7, 7, 2], k: [3, 3], s: [2, 2], pad: "same" }, // windows clipped by padding
    { inp: [5, 8, 1], k: [2, 3], s: [2, 3], pad: "valid" },
  ];
  for (const p of pools) {
    test(`${p.inp.join("×")} pool ${p.k.join("×")} stride ${p.s.join(",")} ${p.pad}: with ties, ±Infinity and ReLU's zeros`, () => {
      const rng = new Random(5);
      const g = convGeometry("t", p.inp, p.k, p.s, p.pad);
      const size = p.inp[0] * p.inp[1] * p.inp[2];
      // after ReLU: half zeros (ties everywhere), a few repeated values, a few infinities
      const X = Matrix.uniform(3, size, rng, -1, 1).map((v) => (v > 0 ? Math.round(v * 8) / 8 : 0));
      X.data[5] = Infinity;
      X.data[size + 9] = -Infinity;
      X.data[2 * size] = -Infinity;
      const outSize = g.outH * g.outW * p.inp[2];
      const amRef = new Int32Array(3 * outSize), am = new Int32Array(3 * outSize + 4);
      const ref = pool2dForward(X, g, "max", amRef);
      const got = maxPoolForwardFast(X, g, am);
      expect(Array.from(got.data)).toEqual(Array.from(ref.data));
      expect(Array.from(am.subarray(0, 3 * outSize))).toEqual(Array.from(amRef));
      const negative = X.map((v) => -v - 1); // all negative: no zeros to tie at
      expect(Array.from(maxPoolForwardFast(negative, g, am).data)).toEqual(Array.from(pool2dForward(negative, g, "max", amRef).data));
      expect(Array.from(am.subarray(0, 3 * outSize))).toEqual(Array.from(amRef));
      const dY = Matrix.uniform(3, outSize, rng, -1, 1);
      expectClose(pool2dBackward(dY, g, "max", am), pool2dBackward(dY, g, "max", amRef), 0);
    });
  }
});

describe("the layers on the fast backends equal the reference backend", () => {
  function convLayerRun(be: BackendName, make: () => Conv2D, X: Matrix, dY: Matrix, training: boolean) {
    setBackend(be);
    const layer = make();
    const Y = layer.forward(X, training);
    const dX = layer.backward(dY);
    return [Y, dX, layer.dW.clone(), ...(layer.useBias ? [layer.db.clone()] : [])];
  }
  const layers: [string, () => Conv2D, [number, number, number]][] = [
    ["relu, he_normal", () => new Conv2D(8, 3, { activation: "relu", kernelInitializer: "he_normal", inputShape: [28, 28, 1], seed: 3 }), [28, 28, 1]],
    ["tanh (through ActivationOp)", () => new Conv2D(6, 3, { activation: "tanh", inputShape: [12, 12, 4], seed: 4 }), [12, 12, 4]],
    ["linear, no bias, same, stride 2", () => new Conv2D(5, [3, 2], { padding: "same", strides: 2, useBias: false, inputShape: [14, 13, 3], seed: 5 }), [14, 13, 3]],
    ["sigmoid, padding 1", () => new Conv2D(4, 3, { activation: "sigmoid", padding: 1, inputShape: [10, 10, 2], seed: 6 }), [10, 10, 2]],
  ];
  for (const [name, make, [h, w, c]] of layers) {
    test(`Conv2D ${name}: Y, dX, dW, db (training and inference forward)`, () => {
      const rng = new Random(9);
      const X = Matrix.uniform(9, h * w * c, rng, -1, 1);
      const probe = make();
      probe.build(h * w * c, new Random(0));
      const dY = Matrix.uniform(9, probe.outputDim as number, rng, -1, 1);
      const ref = convLayerRun("reference", make, X, dY, true);
      for (const be of FAST) {
        for (const training of [true, false]) {
          convLayerRun(be, make, X, dY, training).forEach((m, i) => expectClose(m, ref[i], 1e-12, `${be} training ${training} result ${i}`));
        }
      }
    });
  }

  test("MaxPool2D and AveragePooling2D: forward and backward", () => {
    const X = Matrix.uniform(4, 11 * 11 * 6, new Random(3), -1, 1);
    const dY = Matrix.uniform(4, 5 * 5 * 6, new Random(4), -1, 1);
    for (const make of [() => new MaxPool2D(2, { inputShape: [11, 11, 6] }), () => new AveragePooling2D(2, { inputShape: [11, 11, 6] })]) {
      setBackend("reference");
      const r = make();
      const refY = r.forward(X), refDX = r.backward(dY);
      for (const be of FAST) {
        setBackend(be);
        const l = make();
        expectClose(l.forward(X), refY, 0);
        expectClose(l.backward(dY), refDX, 0);
      }
    }
  });

  test("one small picture (fewer than FAST_MIN_WORK multiply-adds) runs the reference kernels: bit for bit", () => {
    const make = () => new Conv2D(4, 3, { activation: "relu", inputShape: [7, 6, 3], seed: 5 });
    const X = Matrix.uniform(1, 7 * 6 * 3, new Random(7), -1, 1);
    setBackend("reference");
    const ref = make().forward(X);
    setBackend("wasm");
    expect(Array.from(make().forward(X).data)).toEqual(Array.from(ref.data));
  });

  test("results handed out are never overwritten: Y and dX of one call survive the next calls", () => {
    for (const be of FAST) {
      setBackend(be);
      const conv = new Conv2D(8, 3, { activation: "relu", inputShape: [28, 28, 1], seed: 2 });
      const pool = new MaxPool2D(2);
      pool.setInputShape([26, 26, 8]);
      const rng = new Random(11);
      const X1 = Matrix.uniform(12, 784, rng, 0, 1), X2 = Matrix.uniform(12, 784, rng, 0, 1);
      const G = Matrix.uniform(12, 13 * 13 * 8, rng, -1, 1);
      const Y1 = conv.forward(X1, true), P1 = pool.forward(Y1, true);
      const keep = [Y1, P1].map((m) => m.clone());
      const dP1 = pool.backward(G), dX1 = conv.backward(dP1);
      const keepGrads = [dP1, dX1].map((m) => m.clone());
      const Y2 = conv.forward(X2, true), P2 = pool.forward(Y2, true);
      const dX2 = conv.backward(pool.backward(G));
      conv.forward(X1, false);
      expect(Y2).not.toBe(Y1);
      expect(P2).not.toBe(P1);
      expect(dX2).not.toBe(dX1);
      [Y1, P1].forEach((m, i) => expectClose(m, keep[i], 0));
      [dP1, dX1].forEach((m, i) => expectClose(m, keepGrads[i], 0));
    }
  });

  test("backward follows the LAST forward (a training forward, then an inference forward of other data)", () => {
    for (const be of FAST) {
      setBackend(be);
      const conv = new Conv2D(4, 3, { activation: "relu", inputShape: [28, 28, 1], seed: 2 });
      const rng = new Random(12);
      const X1 = Matrix.uniform(6, 784, rng, -1, 1), X2 = Matrix.uniform(6, 784, rng, -1, 1);
      const G = Matrix.uniform(6, 26 * 26 * 4, rng, -1, 1);
      conv.forward(X2, true);
      const dX2 = conv.backward(G).clone(), dW2 = conv.dW.clone();
      conv.forward(X1, true);
      conv.forward(X2, false);
      expectClose(conv.backward(G), dX2, 0);
      expectClose(conv.dW, dW2, 0);
    }
  });
});

describe("training notebook 06's CNN on the fast backends gives the reference weights (1e-9)", () => {
  test("3 epochs of 96 digit-like images, batch 32 with a short last batch", () => {
    const rng = new Random(3);
    const x = Matrix.uniform(80, 784, rng).map((v) => (v < 0.7 ? 0 : v));
    const y = new Matrix(80, 10);
    for (let i = 0; i < 80; i++) y.set(i, rng.int(10), 1);
    const train = (be: BackendName) => {
      setBackend(be);
      const m = new Sequential([
        new Conv2D(8, 3, { activation: "relu", kernelInitializer: "he_normal", inputShape: [28, 28, 1] }),
        new MaxPool2D(2),
        new Conv2D(16, 3, { activation: "relu", kernelInitializer: "he_normal" }),
        new MaxPool2D(2),
        new Flatten(),
        new Dense(10),
      ], { seed: 1 });
      m.compile({ optimizer: new Adam({ learningRate: 0.003 }), loss: categoricalCrossentropy({ fromLogits: true }) });
      const h = m.fit(x, y, { epochs: 3, batchSize: 32, seed: 1, validationSplit: 0.1 });
      return { w: m.getWeights(), loss: h.history.val_loss };
    };
    const ref = train("reference");
    for (const be of FAST) {
      const got = train(be);
      got.w.forEach((m, i) => expectClose(m, ref.w[i], 1e-9, `${be} weight ${i}`));
      got.loss.forEach((v, i) => expect(Math.abs(v - ref.loss[i])).toBeLessThan(1e-9));
    }
  });
});
