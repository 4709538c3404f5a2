import { describe, expect, test } from "vitest";
import { modelFromJSON, modelToJSON } from "../../lib/src/training/serialization";
import { categoricalCrossentropy } from "../../lib/src/functions/losses";
import { checkGradient } from "../../lib/src/lecture/gradcheck";
import { Dense, Layer, layerFromConfig } from "../../lib/src/layers";
import { Conv2D } from "../../lib/src/layers/conv2d";
import { AveragePooling2D } from "../../lib/src/layers/avgpool2d";
import { Flatten } from "../../lib/src/layers/flatten";
import { MaxPool2D } from "../../lib/src/layers/maxpool2d";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { Adam } from "../../lib/src/training/optimizers";
import { Random } from "../../lib/src/core/random";
import { checkLayer } from "../helpers/layers";


describe("Conv2D", () => {
  test("output shape, parameter count and Keras' layout", () => {
    const c = new Conv2D(8, 3, { inputShape: [28, 28, 1], seed: 1 });
    expect(c.built).toBe(true);
    expect(c.outputShape).toEqual([26, 26, 8]);
    expect(c.outputDim).toBe(26 * 26 * 8);
    expect(c.countParams()).toBe(3 * 3 * 1 * 8 + 8);
    expect([c.W.rows, c.W.cols]).toEqual([8, 9]);
    const same = new Conv2D(4, [3, 5], { inputShape: [10, 9, 3], padding: "same", strides: 2, seed: 1 });
    expect(same.outputShape).toEqual([5, 5, 4]);
    expect(same.countParams()).toBe(3 * 5 * 3 * 4 + 4);
    expect(new Conv2D(2, 3, { inputShape: [7, 7, 1], padding: 1, strides: [2, 2] }).outputShape).toEqual([4, 4, 2]);
  });

  test("forward equals convolve2d per filter (one channel)", () => {
    const c = new Conv2D(2, 3, { inputShape: [5, 4, 1], useBias: false, seed: 2 });
    const img = [[1, 2, 3, 4], [0, 1, 0, 1], [2, 2, 2, 2], [1, 0, 1, 0], [3, 1, 4, 1]];
    const X = Matrix.from([img.flat()]);
    const Y = c.forward(X);
    expect(c.outputShape).toEqual([3, 2, 2]);
    for (let f = 0; f < 2; f++) {
      const k = c.kernel(f);
      for (let oy = 0; oy < 3; oy++) for (let ox = 0; ox < 2; ox++) {
        let s = 0;
        for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) s += img[oy + u][ox + v] * k[u][v];
        expect(Y.data[(oy * 2 + ox) * 2 + f]).toBeCloseTo(s, 12);
      }
    }
  });

  const cases: { label: string; make: () => Conv2D; shape: [number, number, number] }[] = [
    { label: "valid, stride 1, 2 channels, tanh", shape: [5, 6, 2], make: () => new Conv2D(3, 3, { inputShape: [5, 6, 2], activation: "tanh", seed: 3 }) },
    { label: "same, stride 2, 3×2 kernel, linear", shape: [5, 5, 3], make: () => new Conv2D(2, [3, 2], { inputShape: [5, 5, 3], padding: "same", strides: [2, 1], seed: 4 }) },
    { label: "padding 1, stride 2, relu", shape: [6, 4, 1], make: () => new Conv2D(4, 2, { inputShape: [6, 4, 1], padding: 1, strides: 2, activation: "relu", seed: 5 }) },
  ];
  for (const c of cases) {
    test(`gradient check on W, b and the input: ${c.label}`, () => {
      const layer = c.make();
      const [h, w, ch] = c.shape;
      // Inputs away from 0 after the affine map are not guaranteed for relu; a fixed seed keeps kinks away.
      const X = Matrix.uniform(3, h * w * ch, new Random(21), -1, 1);
      checkLayer(layer, X, 1e-6);
    });
  }

  test("errors name the layer, the shapes and a hint", () => {
    expect(() => new Conv2D(4, 5, { inputShape: [3, 3, 1], name: "c1" })).not.toThrow(); // checked at build
    expect(() => new Conv2D(4, 5, { inputShape: [3, 3, 1], name: "c2", seed: 1 })).toThrow(
      /c2 \(Conv2D\): the 5×5 window does not fit the 3×3×1 input with padding "valid" \(padded size 3×3\)\. Hint: use padding "same"/,
    );
    expect(() => new Conv2D(4, 3, { strides: 1.5, name: "c3" })).toThrow(/c3: strides 1\.5 must be a positive integer, got 1\.5\. Hint/);
    expect(() => new Conv2D(4, 3, { inputShape: [28, 28] as never, name: "c4" })).toThrow(/c4: inputShape must be \[height, width, channels\].*Hint: \[28, 28, 1\]/);
    expect(() => new Conv2D(0, 3)).toThrow(/filters must be a positive integer/);
    expect(() => new Conv2D(2, 3, { activation: "softmax" })).toThrow(/softmax is not an element-wise activation/);
    const c5 = new Conv2D(2, 3, { inputShape: [28, 28, 1], name: "c5" });
    expect(() => c5.forward(Matrix.zeros(2, 28 * 28 * 3))).toThrow(/c5 expects 784 inputs per sample, got a 2×2352 batch/);
    const c6 = new Conv2D(2, 3, { name: "c6" });
    expect(() => c6.forward(Matrix.zeros(2, 784))).toThrow(/c6 \(Conv2D\) cannot tell the image shape from 784 inputs per sample\. Hint: .*\[28, 28, 1\]/);
    const c7 = new Conv2D(2, 3, { inputShape: [8, 8, 3], name: "c7" });
    expect(() => c7.setInputShape([8, 8, 1])).toThrow(/c7 was declared with inputShape 8×8×3 but the previous layer gives 8×8×1/);
  });

  test("channels mismatch inside a model is reported with both shapes", () => {
    expect(
      () => new Sequential([new Conv2D(4, 3, { inputShape: [8, 8, 1] }), new Conv2D(2, 3, { inputShape: [6, 6, 3], name: "second" })]),
    ).toThrow(/second was declared with inputShape 6×6×3 but the previous layer gives 6×6×4/);
  });

  test("config round trip through the registry", () => {
    const c = new Conv2D(3, [3, 2], { inputShape: [6, 5, 2], padding: "same", strides: [1, 2], activation: "relu", seed: 9, name: "convA" });
    const copy = layerFromConfig(c.getConfig()) as Conv2D;
    expect(copy.getConfig()).toEqual(c.getConfig());
    copy.setWeights(c.getWeights());
    const X = Matrix.uniform(2, 60, new Random(1), -1, 1);
    expect(copy.forward(X).allClose(c.forward(X), 0)).toBe(true);
  });
});

describe("MaxPool2D, AveragePooling2D, Flatten", () => {
  test("shapes", () => {
    const p = new MaxPool2D(2, { inputShape: [26, 26, 8] });
    p.build(26 * 26 * 8, new Random(0));
    expect(p.outputShape).toEqual([13, 13, 8]);
    expect(p.countParams()).toBe(0);
    const q = new MaxPool2D(3, { inputShape: [7, 7, 2], strides: 2, padding: "same" });
    expect(q.outputShape).toEqual([4, 4, 2]);
    expect(new AveragePooling2D(2, { inputShape: [5, 5, 1] }).outputShape).toEqual([2, 2, 1]);
  });
  test("gradient checks", () => {
    checkLayer(new MaxPool2D(2, { inputShape: [4, 6, 3] }), Matrix.uniform(2, 72, new Random(2), -1, 1));
    checkLayer(new MaxPool2D(3, { inputShape: [5, 5, 2], strides: 2, padding: "same" }), Matrix.uniform(2, 50, new Random(3), -1, 1));
    checkLayer(new AveragePooling2D(2, { inputShape: [5, 4, 2], padding: "same" }), Matrix.uniform(2, 40, new Random(4), -1, 1));
    checkLayer(new Flatten(), Matrix.uniform(2, 12, new Random(5), -1, 1));
  });
  test("max pooling by hand; the gradient goes to the max", () => {
    const p = new MaxPool2D(2, { inputShape: [2, 4, 1] });
    const Y = p.forward(Matrix.from([[1, 5, 2, 0, 3, 4, 9, 1]]));
    expect(Y.toArray()).toEqual([[5, 9]]);
    expect(p.backward(Matrix.from([[10, 20]])).toArray()).toEqual([[0, 10, 0, 0, 0, 0, 20, 0]]);
  });
  test("errors: pool window larger than the input, missing shape", () => {
    const p = new MaxPool2D(4, { inputShape: [3, 3, 2], name: "pool_big" });
    expect(() => p.build(18, new Random(0))).toThrow(/pool_big \(MaxPool2D\): the 4×4 window does not fit the 3×3×2 input/);
    expect(() => new MaxPool2D(2, { name: "pool_x" }).forward(Matrix.zeros(1, 50))).toThrow(/pool_x \(MaxPool2D\) cannot tell the image shape from 50 inputs/);
    expect(() => new MaxPool2D(2, { strides: 0 })).toThrow(/strides/);
    expect(
      () => new Sequential([new Conv2D(2, 3, { inputShape: [6, 6, 1] }), new MaxPool2D(2), new MaxPool2D(2), new MaxPool2D(2, { name: "too_many" })]),
    ).toThrow(/too_many \(MaxPool2D\): the 2×2 window does not fit the 1×1×2 input.*Hint/);
  });
});

describe("Sequential with [Conv2D, MaxPool2D, Flatten, Dense]", () => {
  function smallModel(): Sequential {
    return new Sequential(
      [
        new Conv2D(4, 3, { activation: "relu", inputShape: [8, 8, 1], name: "conv" }),
        new MaxPool2D(2, { name: "pool" }),
        new Flatten({ name: "flat" }),
        new Dense(3, { name: "out" }),
      ],
      { seed: 1, name: "cnn" },
    );
  }

  test("builds from the first layer's inputShape; summary shows the shapes and parameter counts", () => {
    const m = smallModel();
    expect(m.built).toBe(true);
    expect(m.inputDim).toBe(64);
    expect(m.outputDim).toBe(3);
    let text = "";
    m.summary((t) => (text = t));
    expect(text).toMatch(/conv \(Conv2D\)\s+\(None, 6, 6, 4\)\s+40\n/);
    expect(text).toMatch(/pool \(MaxPool2D\)\s+\(None, 3, 3, 4\)\s+0\n/);
    expect(text).toMatch(/flat \(Flatten\)\s+\(None, 36\)\s+0\n/);
    expect(text).toMatch(/out \(Dense\)\s+\(None, 3\)\s+111\n/);
    expect(text).toMatch(/Total params: 151/);
  });

  test("the whole model's gradient is right (loss → every parameter and the input)", () => {
    const m = smallModel();
    const rng = new Random(4);
    const X = Matrix.uniform(4, 64, rng, 0, 1);
    const Y = Matrix.from([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]);
    const loss = categoricalCrossentropy({ fromLogits: true });
    const E = () => loss.forward(m.forward(X), Y);
    const P = m.forward(X);
    const dX = m.backward(loss.backward(P, Y)).clone();
    const grads = m.params().map((p) => p.grad.clone());
    m.params().forEach((p, k) => expect(checkGradient(E, p.value, grads[k], { tolerance: 1e-5 }).ok, p.name).toBe(true));
    expect(checkGradient(E, X, dX, { tolerance: 1e-5 }).ok).toBe(true);
  });

  test("trains: learns to tell a vertical from a horizontal bar", () => {
    const rng = new Random(2);
    const xs: number[][] = [], ys: number[][] = [];
    for (let t = 0; t < 80; t++) {
      const img = new Array(64).fill(0).map(() => rng.uniform(0, 0.2));
      const vertical = t % 2 === 0;
      const at = 1 + Math.floor(rng.uniform(0, 6));
      for (let k = 1; k < 7; k++) img[vertical ? k * 8 + at : at * 8 + k] = 1;
      xs.push(img);
      ys.push(vertical ? [1, 0] : [0, 1]);
    }
    const m = new Sequential([new Conv2D(2, 3, { activation: "relu", inputShape: [8, 8, 1] }), new MaxPool2D(2), new Flatten(), new Dense(2)], { seed: 3 });
    m.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: categoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
    const h = m.fit(xs, ys, { epochs: 30, batchSize: 16, seed: 1 });
    expect(h.history.accuracy[h.history.accuracy.length - 1]).toBe(1);
  });

  test("save/load round trip keeps shapes and predictions", () => {
    const m = smallModel();
    const copy = modelFromJSON(JSON.parse(JSON.stringify(modelToJSON(m, { compile: false }))), { compile: false });
    const X = Matrix.uniform(3, 64, new Random(8), 0, 1);
    expect(copy.predict(X).allClose(m.predict(X), 1e-12)).toBe(true);
    let a = "", b = "";
    m.summary((t) => (a = t));
    copy.summary((t) => (b = t));
    expect(b).toBe(a);
  });
});
