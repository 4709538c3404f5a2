import { afterEach, describe, expect, test, vi } from "vitest";
import { Callback, Logs, TrainBeginInfo } from "../../lib/src/training/callbacks";
import { checkGradient } from "../../lib/src/lecture/gradcheck";
import { Activation, BatchNorm, Dense } from "../../lib/src/layers";
import { getLoss, LossName } from "../../lib/src/functions/losses";
import { Matrix } from "../../lib/src/core/matrix";
import { Metric } from "../../lib/src/functions/metrics";
import { TrainingDivergedError } from "../../lib/src/training/fit";
import { FitOptions, Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";
import { Random } from "../../lib/src/core/random";

afterEach(() => {
  vi.restoreAllMocks();
});

const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const XOR_Y = [[0], [1], [1], [0]];

function xorModel(seed = 1): Sequential {
  const m = new Sequential([new Dense(4, { inputDim: 2, activation: "tanh" }), new Dense(1, { activation: "sigmoid" })], { seed });
  m.compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: "binary_crossentropy", metrics: ["accuracy"] });
  return m;
}

/** A small regression problem: y = 2x₁ − x₂ + 0.5 + noise, n × 2. */
function regressionData(n: number, seed = 3): { x: Matrix; y: Matrix } {
  const rng = new Random(seed);
  const x = Matrix.uniform(n, 2, rng, -1, 1);
  const y = new Matrix(n, 1);
  for (let i = 0; i < n; i++) y.data[i] = 2 * x.get(i, 0) - x.get(i, 1) + 0.5 + rng.normal(0, 0.01);
  return { x, y };
}

function linearModel(lr = 0.1, seed = 0): Sequential {
  const m = new Sequential([new Dense(1, { inputDim: 2 })], { seed });
  m.compile({ optimizer: new SGD({ learningRate: lr }), loss: "mse", metrics: ["mae"] });
  return m;
}

describe("summary and parameter count", () => {
  test("the 13-128-128-64-1 ReLU net of lecture 004 has 26,625 parameters", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const m = new Sequential([
      new Dense(128, { inputDim: 13, activation: "relu" }),
      new Dense(128, { activation: "relu" }),
      new Dense(64, { activation: "relu" }),
      new Dense(1),
    ]);
    expect(m.countParams()).toBe(26625);
    expect(m.layers.map((l) => l.countParams())).toEqual([1792, 16512, 8256, 65]);
    let text = "";
    m.summary((t) => (text = t));
    expect(m.summary()).toBeUndefined();
    expect(log).toHaveBeenCalledWith(text);
    expect(text).toContain("Total params: 26,625");
    expect(text).toContain("Trainable params: 26,625");
    expect(text).toMatch(/\(Dense\)\s+\(None, 128\)\s+1,792/);
    expect(text).toMatch(/\(Dense\)\s+\(None, 128\)\s+16,512/);
    expect(text).toMatch(/\(Dense\)\s+\(None, 64\)\s+8,256/);
    expect(text).toMatch(/\(Dense\)\s+\(None, 1\)\s+65/);
  });

  test("BatchNorm: 4 numbers per feature in Param #, the moving statistics as non-trainable (as Keras)", () => {
    const m = new Sequential([new Dense(8, { inputDim: 4 }), new BatchNorm(), new Activation("relu"), new Dense(2)]);
    let text = "";
    m.summary((t) => (text = t));
    // Dense 4·8 + 8 = 40; BatchNorm γ, β (16 trainable) + moving mean, variance (16); Dense 8·2 + 2 = 18
    expect(m.countParams()).toBe(40 + 16 + 18);
    expect(text).toMatch(/\(BatchNorm\)\s+\(None, 8\)\s+32/);
    expect(text).toContain("Total params: 90");
    expect(text).toContain("Trainable params: 74");
    expect(text).toContain("Non-trainable params: 16");
  });

  test("summary of an unbuilt model explains how to build it", () => {
    const m = new Sequential([new Dense(3)], { name: "m" });
    expect(() => m.summary()).toThrow(/m\.summary: the model is not built yet.*inputDim/);
    m.build(5);
    expect(m.countParams()).toBe(18);
  });

  test("add() builds new layers from the previous width; config is JSON", () => {
    const m = new Sequential([], { seed: 4 });
    m.add(new Dense(3, { inputDim: 2, activation: "relu" }));
    m.add(new Activation("tanh"));
    m.add(new Dense(2, { activation: "softmax" }));
    expect(m.countParams()).toBe(2 * 3 + 3 + 3 * 2 + 2);
    expect(m.outputDim).toBe(2);
    const c = m.getConfig();
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(c.layers.map((l) => l.className)).toEqual(["Dense", "Activation", "Dense"]);
  });
});

describe("gradient check of whole networks (params against the loss)", () => {
  const cases: { name: string; loss: LossName; build: () => Sequential; y: (rng: Random, n: number) => Matrix }[] = [
    {
      name: "tanh/relu net with mse",
      loss: "mse",
      build: () => new Sequential([new Dense(4, { inputDim: 3, activation: "tanh" }), new Dense(3, { activation: "relu" }), new Dense(2)], { seed: 2 }),
      y: (rng, n) => Matrix.uniform(n, 2, rng, -1, 1),
    },
    {
      name: "Dense softmax with categorical crossentropy",
      loss: "categorical_crossentropy",
      build: () => new Sequential([new Dense(5, { inputDim: 3, activation: "sigmoid" }), new Dense(3, { activation: "softmax" })], { seed: 3 }),
      y: (_rng, n) => Matrix.from(Array.from({ length: n }, (_, i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0)))),
    },
    {
      name: "separate Activation('softmax') layer with categorical crossentropy",
      loss: "categorical_crossentropy",
      build: () => new Sequential([new Dense(4, { inputDim: 3, activation: "elu" }), new Dense(3), new Activation("softmax")], { seed: 4 }),
      y: (_rng, n) => Matrix.from(Array.from({ length: n }, (_, i) => [0, 1, 2].map((k) => (k === (i + 1) % 3 ? 1 : 0)))),
    },
  ];

  test.each(cases)("$name", ({ loss: lossName, build, y }) => {
    const rng = new Random(9);
    const X = Matrix.uniform(6, 3, rng, -1, 1);
    const Y = y(rng, 6);
    const model = build();
    const loss = getLoss(lossName);
    const P = model.forward(X);
    model.backward(loss.backward(P, Y));
    const analytic = model.params().map((p) => p.grad.clone());
    const E = () => loss.forward(model.forward(X), Y);
    expect(model.params().length).toBeGreaterThan(0);
    model.params().forEach((p, k) => {
      const r = checkGradient(E, p.value, analytic[k]);
      expect(r.maxRelativeError, p.name).toBeLessThan(1e-6);
    });
  });
});

describe("fit", () => {
  test("XOR: a 2-4-1 tanh/sigmoid net reaches 100 % accuracy and the loss falls", () => {
    const m = xorModel(1);
    const h = m.fit(XOR_X, XOR_Y, { epochs: 2000, batchSize: 4 });
    expect(h.epoch).toHaveLength(2000);
    expect(h.history.accuracy[1999]).toBe(1);
    expect(h.history.loss[1999]).toBeLessThan(h.history.loss[0] / 10);
    const P = m.predict(XOR_X);
    expect(P.toArray().map(([p]) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    const ev = m.evaluate(XOR_X, [0, 1, 1, 0]); // a flat y is one target per sample
    expect(ev.accuracy).toBe(1);
    expect(ev.loss).toBeLessThan(0.05);
  });

  test("same seeds ⇒ identical history and weights; another shuffle seed ⇒ a different history", () => {
    const { x, y } = regressionData(40);
    const run = (fitSeed: number) => {
      const m = linearModel(0.1, 7);
      const h = m.fit(x, y, { epochs: 5, batchSize: 8, seed: fitSeed, validationSplit: 0.25 });
      return { h, w: m.getWeights().map((w) => w.toArray()) };
    };
    const a = run(5), b = run(5), c = run(6);
    expect(b.h.history).toEqual(a.h.history);
    expect(b.w).toEqual(a.w);
    expect(c.h.history.loss).not.toEqual(a.h.history.loss);
    expect(Object.keys(a.h.history).sort()).toEqual(["loss", "mae", "val_loss", "val_mae"]);
    expect(a.h.epoch).toEqual([0, 1, 2, 3, 4]);
  });

  test("the model seed fixes the initial weights", () => {
    const w = (seed: number) => new Sequential([new Dense(3, { inputDim: 2 }), new Dense(1)], { seed }).getWeights().map((m) => m.toArray());
    expect(w(11)).toEqual(w(11));
    expect(w(11)).not.toEqual(w(12));
  });

  test("the epoch loss is the batch losses' mean weighted by batch size; metrics likewise", () => {
    const { x, y } = regressionData(10);
    const m = linearModel();
    const batches: Logs[] = [];
    const h = m.fit(x, y, { epochs: 1, batchSize: 4, callbacks: [{ onBatchEnd: (_b, logs) => batches.push({ ...logs }) }] });
    expect(batches).toHaveLength(3); // 4 + 4 + 2
    const weighted = (k: string) => (4 * batches[0][k] + 4 * batches[1][k] + 2 * batches[2][k]) / 10;
    expect(h.history.loss[0]).toBeCloseTo(weighted("loss"), 14);
    expect(h.history.mae[0]).toBeCloseTo(weighted("mae"), 14);
    expect(batches[0].loss).not.toBeCloseTo(batches[2].loss, 6); // the weights really moved
  });

  test("validationSplit takes the LAST samples, before shuffling (Keras)", () => {
    const n = 10;
    const x = Matrix.from(Array.from({ length: n }, (_, i) => [i / 10, 1 - i / 10]));
    const y = Matrix.columnVector(Array.from({ length: n }, (_, i) => i)); // y = row index
    let lastTargets: number[] = []; // the targets of the spy metric's latest call
    const spy: Metric = {
      name: "spy",
      compute: (_p, t) => {
        lastTargets = Array.from(t.data);
        return 0;
      },
    };
    const m = new Sequential([new Dense(1, { inputDim: 2 })]);
    m.compile({ optimizer: "sgd", loss: "mse", metrics: [spy] });
    let info: TrainBeginInfo | undefined;
    const training = new Set<number>();
    const validation: number[][] = [];
    const h = m.fit(x, y, {
      epochs: 2,
      batchSize: 3,
      validationSplit: 0.25, // Keras: split_at = ⌊10 · 0.75⌋ = 7 → rows 7, 8 and 9 validate
      callbacks: [
        {
          onTrainBegin: (i) => (info = i),
          onBatchEnd: () => lastTargets.forEach((v) => training.add(v)),
          onEpochEnd: () => void validation.push(lastTargets),
        },
      ],
    });
    expect(info).toMatchObject({ samples: 7, validationSamples: 3, batchesPerEpoch: 3, epochs: 2, batchSize: 3 });
    expect(info?.metrics).toEqual(["loss", "spy", "val_loss", "val_spy"]);
    expect([...training].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(validation).toEqual([[7, 8, 9], [7, 8, 9]]);
    // val_loss of the last epoch = the loss of the final model on rows 7, 8 and 9
    expect(h.history.val_loss[1]).toBeCloseTo(m.evaluate(x.sliceRows(7, 10), y.sliceRows(7, 10)).loss, 12);
  });

  test("validationData is evaluated at every epoch end and overrides validationSplit", () => {
    const { x, y } = regressionData(20);
    const v = regressionData(5, 99);
    const m = linearModel();
    let samples = 0;
    const h = m.fit(x, y, {
      epochs: 3, validationData: [v.x, v.y], validationSplit: 0.5, callbacks: [{ onTrainBegin: (i) => (samples = i.samples) }],
    });
    expect(samples).toBe(20);
    expect(h.history.val_loss).toHaveLength(3);
    expect(h.history.val_loss[2]).toBeCloseTo(m.evaluate(v.x, v.y).loss, 12);
    expect(h.history.val_mae[2]).toBeCloseTo(m.evaluate(v.x, v.y).mae, 12);
  });

  test("callbacks are called in order, the right number of times", () => {
    const { x, y } = regressionData(10);
    const events: string[] = [];
    const cb: Callback = {
      onTrainBegin: (i) => events.push(`trainBegin ${i.epochs} ${i.samples} ${i.batchesPerEpoch}`),
      onEpochBegin: (e) => events.push(`epochBegin ${e}`),
      onBatchEnd: (b, logs) => events.push(`batchEnd ${b} ${Number.isFinite(logs.loss)}`),
      onEpochEnd: (e, logs) => void events.push(`epochEnd ${e} ${Object.keys(logs).join(",")}`),
      onTrainEnd: (logs) => events.push(`trainEnd ${Object.keys(logs).join(",")}`),
    };
    const second: string[] = [];
    linearModel().fit(x, y, { epochs: 2, batchSize: 4, callbacks: [cb, { onEpochEnd: (e) => void second.push(`e${e}`) }] });
    const epoch = (e: number) => [`epochBegin ${e}`, "batchEnd 0 true", "batchEnd 1 true", "batchEnd 2 true", `epochEnd ${e} loss,mae`];
    expect(events).toEqual(["trainBegin 2 10 3", ...epoch(0), ...epoch(1), "trainEnd loss,mae"]);
    expect(second).toEqual(["e0", "e1"]);
  });

  test("onEpochEnd returning true stops training after that epoch; onTrainEnd still runs once", () => {
    const { x, y } = regressionData(10);
    let ends = 0;
    const ended: number[] = [];
    const h = linearModel().fit(x, y, {
      epochs: 10,
      callbacks: [{ onEpochEnd: (e) => { ended.push(e); return e === 2; }, onTrainEnd: () => void ends++ }],
    });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(h.history.loss).toHaveLength(3);
    expect(ended).toEqual([0, 1, 2]);
    expect(ends).toBe(1);
  });

  test("verbose 1 prints one line per epoch", () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((s: string) => void lines.push(s));
    const { x, y } = regressionData(10);
    linearModel().fit(x, y, { epochs: 3, verbose: 1, validationSplit: 0.2 });
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^epoch 3\/3 · loss \d\.\d{4} · mae \d\.\d{4} · val_loss \d\.\d{4} · val_mae \d\.\d{4}$/);
  });

  test("a deliberately huge learning rate stops with TrainingDivergedError", () => {
    const { x, y } = regressionData(32);
    const m = linearModel(1000);
    let err: unknown;
    const trainEnds: Logs[] = [];
    try {
      m.fit(x, y, { epochs: 50, batchSize: 8, callbacks: [{ onTrainEnd: (logs) => void trainEnds.push(logs) }] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingDivergedError);
    const d = err as TrainingDivergedError;
    expect(d.message).toMatch(new RegExp(`in epoch ${d.epoch + 1}/50, batch ${d.batch + 1}/4 \\(learning rate 1000\\)`));
    expect(d.message).toMatch(/smaller learning rate \(e\.g\. 100\).*normalise the inputs.*NaN.*gradient clipping/);
    expect(d.learningRate).toBe(1000);
    expect(d.history.epoch).toHaveLength(d.epoch); // the epochs finished before it
    expect(d.history.history.loss?.every(Number.isFinite) ?? true).toBe(true);
    expect(d.epoch).toBeGreaterThan(0);
    // callbacks were closed with the last finished epoch's logs
    expect(trainEnds).toEqual([{ loss: d.history.history.loss[d.epoch - 1], mae: d.history.history.mae[d.epoch - 1] }]);
    expect(d.epoch).toBeLessThan(50);
  });

  test("divergence inside softmax (an overflowing layer) is reported the same way", () => {
    const rng = new Random(1);
    const x = Matrix.uniform(16, 3, rng, -1, 1);
    const y = Matrix.from(Array.from({ length: 16 }, (_, i) => [i % 2, 1 - (i % 2)]));
    const m = new Sequential([new Dense(8, { inputDim: 3, activation: "exponential" }), new Dense(2, { activation: "softmax" })]);
    m.compile({ optimizer: new SGD({ learningRate: 1e6 }), loss: "categorical_crossentropy" });
    expect(() => m.fit(x, y, { epochs: 20, batchSize: 4 })).toThrow(TrainingDivergedError);
    expect(() => m.fit(x, y, { epochs: 20, batchSize: 4 })).toThrow(/Training diverged: .* in epoch \d+\/20, batch \d+\/4 \(learning rate 1000000\)/);
  });

  test("trainOnBatch is one forward/backward/step and logs the loss before the step", () => {
    const m = linearModel(0.1);
    const before = m.evaluate([[1, 2]], [[3]]).loss;
    const logs = m.trainOnBatch([[1, 2]], [[3]]);
    expect(logs.loss).toBeCloseTo(before, 14);
    expect(m.evaluate([[1, 2]], [[3]]).loss).toBeLessThan(before);
  });

  test("sparse labels are accepted with sparse_categorical_crossentropy", () => {
    const m = new Sequential([new Dense(3, { inputDim: 2, activation: "softmax" })]);
    m.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const h = m.fit([[0, 1], [1, 0], [1, 1]], [0, 1, 2], { epochs: 2 });
    expect(h.history.accuracy).toHaveLength(2);
  });
});

describe("bad input: clear errors naming the value, the expectation and a hint", () => {
  const { x, y } = regressionData(10);
  const fitWith = (opts: FitOptions) => () => linearModel().fit(x, y, opts);

  test("fit before compile", () => {
    const m = new Sequential([new Dense(1, { inputDim: 2 })], { name: "net" });
    expect(() => m.fit(x, y)).toThrow(/net\.fit: call compile first, e\.g\. model\.compile\(/);
    expect(() => m.evaluate(x, y)).toThrow(/net\.evaluate: call compile first/);
  });

  test("x and y with different numbers of rows", () => {
    expect(() => linearModel().fit(x, y.sliceRows(0, 9))).toThrow(/fit: x has 10 samples \(rows\) but y has 9.*x is 10×2, y is 9×1.*Hint/);
  });

  test("wrong feature count names the layer and the shapes", () => {
    const m = new Sequential([new Dense(4, { inputDim: 13, name: "dense_1" }), new Dense(1)]);
    m.compile({ optimizer: "sgd", loss: "mse" });
    expect(() => m.fit(Matrix.zeros(32, 12), Matrix.zeros(32, 1))).toThrow(/fit: x has 12 features per sample \(x is 32×12\) but dense_1, the first layer, expects 13\. Hint/);
    expect(() => m.predict(Matrix.zeros(13, 32))).toThrow(/transposed/);
    expect(() => m.forward(Matrix.zeros(32, 12))).toThrow(/dense_1 expects 13 inputs per sample, got a 32×12 batch/);
  });

  test("y with the wrong number of columns", () => {
    const m = new Sequential([new Dense(3, { inputDim: 2, activation: "softmax" })]);
    m.compile({ optimizer: "sgd", loss: "categorical_crossentropy" });
    expect(() => m.fit([[0, 1]], [[1]])).toThrow(/y has 1 columns per sample \(y is 1×1\) but the model outputs 3.*one-hot.*sparse_categorical_crossentropy/);
  });

  test("NaN or Infinity in x or y: the row and column are named", () => {
    const xb = x.clone();
    xb.set(3, 1, NaN);
    expect(() => linearModel().fit(xb, y)).toThrow(/fit: x contains NaN in row 3, column 1.*Hint/);
    const yb = y.clone();
    yb.set(7, 0, Infinity);
    expect(() => linearModel().fit(x, yb)).toThrow(/fit: y contains Infinity in row 7, column 0/);
    expect(() => linearModel().predict(xb)).toThrow(/predict: x contains NaN in row 3, column 1/);
    expect(() => linearModel().evaluate(x, yb)).toThrow(/evaluate: y contains Infinity in row 7/);
  });

  test.each([0, -1, 2.5, NaN])("batchSize %s", (batchSize) => {
    expect(fitWith({ batchSize })).toThrow(new RegExp(`batchSize must be a positive integer, got ${batchSize}\\. Hint`));
  });

  test.each([0, -3, 1.5, NaN])("epochs %s", (epochs) => {
    expect(fitWith({ epochs })).toThrow(new RegExp(`epochs must be a positive integer, got ${epochs}\\. Hint`));
  });

  test("epochs and batchSize typed as text are named strings (the message said \"got 3\")", () => {
    expect(fitWith({ epochs: "3" as unknown as number })).toThrow("fit: epochs must be a positive integer, got the string '3'. Hint: e.g. { epochs: 20 }.");
    expect(fitWith({ batchSize: "32" as unknown as number })).toThrow(/batchSize must be a positive integer, got the string '32'\./);
  });

  test.each([1, 1.5, -0.1, NaN])("validationSplit %s", (validationSplit) => {
    expect(fitWith({ validationSplit })).toThrow(new RegExp(`validationSplit must be a fraction in \\(0, 1\\), or 0 for no validation; got ${validationSplit}\\. Hint`));
  });

  test("a validation split that leaves no training samples", () => {
    // ⌊2 · (1 − 0.6)⌋ = 0 training rows (Keras raises here too)
    expect(() => linearModel().fit(x.sliceRows(0, 2), y.sliceRows(0, 2), { validationSplit: 0.6 })).toThrow(
      /validationSplit 0\.6 of 2 samples leaves 0 training and 2 validation samples.*Hint/,
    );
  });

  test("learning rate ≤ 0 in compile", () => {
    expect(() => linearModel(0)).toThrow(/learning rate must be a finite number > 0, got 0/);
    expect(() => linearModel(-0.01)).toThrow(/got -0\.01/);
  });

  test("unknown optimizer / loss / metric names in compile", () => {
    const m = new Sequential([new Dense(1, { inputDim: 2 })]);
    expect(() => m.compile({ optimizer: "adamw" as "sgd", loss: "mse" })).toThrow(/unknown optimizer "adamw"/);
    expect(() => m.compile({ optimizer: "sgd", loss: "mse", metrics: ["f1" as "mae"] })).toThrow(/unknown metric "f1"/);
  });

  test("validationData must be a pair", () => {
    expect(fitWith({ validationData: [x] as unknown as [Matrix, Matrix] })).toThrow(/validationData must be \[xVal, yVal\]/);
  });
});
