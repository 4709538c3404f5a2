import { describe, expect, test } from "vitest";
import { Callback, TrainBeginInfo } from "../../lib/src/training/callbacks";
import { Dense } from "../../lib/src/layers";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { Adam, SGD } from "../../lib/src/training/optimizers";
import { Random } from "../../lib/src/core/random";
import { exponentialDecay, LearningRateScheduler, ReduceLROnPlateau, stepDecay } from "../../lib/src/training/schedules";

/** y = 2x₁ − x₂ + 0.5, 16 samples. */
function data(n = 16): { x: Matrix; y: Matrix } {
  const rng = new Random(5);
  const x = Matrix.uniform(n, 2, rng, -1, 1);
  const y = new Matrix(n, 1);
  for (let i = 0; i < n; i++) y.data[i] = 2 * x.get(i, 0) - x.get(i, 1) + 0.5;
  return { x, y };
}

function model(lr = 0.1): Sequential {
  const m = new Sequential([new Dense(1, { inputDim: 2 })], { seed: 0 });
  m.compile({ optimizer: new SGD({ learningRate: lr }), loss: "mse", metrics: ["mae"] });
  return m;
}

const INFO: TrainBeginInfo = { epochs: 20, samples: 16, batchesPerEpoch: 1, metrics: ["loss", "val_loss", "lr"] };

describe("stepDecay: η₀·λ^⌊t/n⌋", () => {
  test("exact values per epoch", () => {
    const s = stepDecay({ initialLearningRate: 0.1, every: 3, factor: 0.5 });
    const lrs = Array.from({ length: 10 }, (_, t) => s(t));
    expect(lrs).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125]);
  });

  test.each([
    [{ initialLearningRate: 0, every: 3, factor: 0.5 }, /stepDecay: initialLearningRate must be a finite number > 0, got 0\. Hint/],
    [{ initialLearningRate: 0.1, every: 0, factor: 0.5 }, /stepDecay: every must be a positive integer .*got 0\. Hint/],
    [{ initialLearningRate: 0.1, every: 2.5, factor: 0.5 }, /every must be a positive integer .*got 2.5/],
    [{ initialLearningRate: 0.1, every: 3, factor: 1 }, /stepDecay: factor must be a number in \(0, 1\) .*got 1\. Hint/],
    [{ initialLearningRate: 0.1, every: 3, factor: 0 }, /factor must be a number in \(0, 1\)/],
  ])("bad options %j → clear error", (options, message) => {
    expect(() => stepDecay(options)).toThrow(message);
  });

  test("a negative or fractional epoch is refused", () => {
    expect(() => stepDecay({ initialLearningRate: 0.1, every: 3, factor: 0.5 })(-1)).toThrow(/epoch must be an integer ≥ 0/);
  });
});

describe("exponentialDecay: η₀·e^(−αt)", () => {
  test("exact values per epoch", () => {
    const s = exponentialDecay({ initialLearningRate: 0.1, alpha: 0.2 });
    const expected = [0.1, 0.08187307530779818, 0.06703200460356393, 0.05488116360940264, 0.044932896411722156];
    expected.forEach((lr, t) => expect(s(t)).toBeCloseTo(lr, 16));
    // α = ln 2 / 10 halves the learning rate every 10 epochs
    const half = exponentialDecay({ initialLearningRate: 0.08, alpha: Math.LN2 / 10 });
    expect(half(10)).toBeCloseTo(0.04, 15);
    expect(half(20)).toBeCloseTo(0.02, 15);
  });

  test("bad options → clear errors", () => {
    expect(() => exponentialDecay({ initialLearningRate: NaN, alpha: 0.1 })).toThrow(/initialLearningRate must be a finite number > 0, got NaN/);
    expect(() => exponentialDecay({ initialLearningRate: 0.1, alpha: -0.1 })).toThrow(/exponentialDecay: alpha must be a finite number ≥ 0, got -0.1\. Hint/);
  });
});

describe("LearningRateScheduler", () => {
  test("sets the optimizer's learning rate each epoch; every batch of epoch t uses lr(t); history.lr records it", () => {
    const m = model(0.5);
    const { x, y } = data();
    const used: number[][] = [];
    const spy: Callback = {
      onEpochBegin: () => void used.push([]),
      onBatchEnd: () => void used[used.length - 1].push(m.optimizer!.learningRate),
    };
    let info: TrainBeginInfo | undefined;
    const schedule = stepDecay({ initialLearningRate: 0.2, every: 2, factor: 0.1 });
    const h = m.fit(x, y, {
      epochs: 5, batchSize: 8, callbacks: [new LearningRateScheduler(schedule), spy, { onTrainBegin: (i) => void (info = i) }],
    });
    const expected = [0.2, 0.2, 0.02, 0.02, 0.002];
    h.history.lr.forEach((lr, t) => expect(lr).toBeCloseTo(expected[t], 16));
    used.forEach((batches, t) => {
      expect(batches).toHaveLength(2);
      batches.forEach((lr) => expect(lr).toBe(h.history.lr[t]));
    });
    expect(info?.metrics).toEqual(["loss", "mae", "lr"]);
    expect(m.optimizer!.learningRate).toBeCloseTo(0.002, 16);
  });

  test("a Keras-style (epoch, lr) function: keep for 2 epochs, then × 0.9 each epoch", () => {
    const m = model(0.1);
    const { x, y } = data();
    const h = m.fit(x, y, { epochs: 5, callbacks: [new LearningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr * 0.9))] });
    const expected = [0.1, 0.1, 0.09, 0.081, 0.0729];
    h.history.lr.forEach((lr, t) => expect(lr).toBeCloseTo(expected[t], 15));
  });

  test("works with any optimizer (here Adam) and with validation", () => {
    const m = new Sequential([new Dense(1, { inputDim: 2 })], { seed: 0 });
    m.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: "mse" });
    const { x, y } = data();
    const h = m.fit(x, y, { epochs: 3, validationSplit: 0.25, callbacks: [new LearningRateScheduler(exponentialDecay({ initialLearningRate: 0.05, alpha: 1 }))] });
    expect(Object.keys(h.history).sort()).toEqual(["loss", "lr", "val_loss"]);
    expect(h.history.lr[2]).toBeCloseTo(0.05 * Math.exp(-2), 16);
  });

  test("without a learning-rate callback nothing about lr is logged", () => {
    const h = model().fit(data().x, data().y, { epochs: 2 });
    expect(Object.keys(h.history).sort()).toEqual(["loss", "mae"]);
  });

  test("a schedule returning 0, NaN or a negative number → clear error naming the epoch", () => {
    const m = model();
    const { x, y } = data();
    expect(() => m.fit(x, y, { epochs: 3, callbacks: [new LearningRateScheduler((e) => (e < 1 ? 0.1 : 0))] })).toThrow(
      /LearningRateScheduler: the schedule returned 0 for epoch 1 \(learning rate before: 0\.1\); a learning rate must be a finite number > 0\. Hint/,
    );
    expect(() => m.fit(x, y, { epochs: 1, callbacks: [new LearningRateScheduler(() => NaN)] })).toThrow(/returned NaN for epoch 0/);
    expect(() => new LearningRateScheduler(0.1 as unknown as () => number)).toThrow(/schedule must be a function \(epoch, lr\) => newLr, got 0\.1\. Hint/);
  });

  test("used outside fit → says to pass it to fit", () => {
    expect(() => new LearningRateScheduler(() => 0.1).onEpochBegin(0)).toThrow(/no model — pass the callback to model\.fit/);
  });
});

describe("ReduceLROnPlateau", () => {
  test("Keras defaults", () => {
    const r = new ReduceLROnPlateau();
    expect([r.monitor, r.factor, r.patience, r.minLr, r.minDelta, r.cooldown, r.mode]).toEqual(["val_loss", 0.1, 10, 0, 1e-4, 0, "auto"]);
  });

  test("exact learning rates for a given val_loss sequence (patience 2, factor 0.5, cooldown 1, minDelta 0.001, minLr 0.02)", () => {
    const m = model(0.1);
    const r = new ReduceLROnPlateau({ patience: 2, factor: 0.5, cooldown: 1, minDelta: 0.001, minLr: 0.02 });
    r.setModel(m);
    r.onTrainBegin(INFO);
    const valLoss = [1.0, 0.9, 0.95, 0.92, 0.91, 0.89, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    const lrAfter: number[] = [], waits: number[] = [];
    valLoss.forEach((v, e) => {
      r.onEpochEnd(e, { loss: v, val_loss: v });
      lrAfter.push(m.optimizer!.learningRate);
      waits.push(r.wait);
    });
    // e0, e1 improve; e2, e3 wait 1, 2 → ×0.5 (cooldown 1); e4 cooldown ends, wait 1; e5 improves (0.89 < 0.9 − 0.001);
    // e6, e7 wait 1, 2 → ×0.5; e8 wait 1 (after cooldown); e9 wait 2 → max(0.0125, 0.02) = 0.02; then η = minLr: no more changes.
    const expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02];
    lrAfter.forEach((lr, e) => expect(lr, `epoch ${e}`).toBeCloseTo(expected[e], 16));
    expect(waits).toEqual([0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 2, 3]);
    expect(r.best).toBe(0.89);
  });

  test("mode max (auto for an accuracy): reduces when accuracy stops rising", () => {
    const m = model(0.1);
    const r = new ReduceLROnPlateau({ monitor: "val_accuracy", patience: 1 });
    r.setModel(m);
    r.onTrainBegin({ ...INFO, metrics: ["loss", "accuracy", "val_loss", "val_accuracy"] });
    [0.5, 0.7, 0.69, 0.8].forEach((a, e) => r.onEpochEnd(e, { val_accuracy: a }));
    expect(m.optimizer!.learningRate).toBeCloseTo(0.01, 16);
  });

  test("inside fit: the loss never improves by minDelta 10 → halved every 2 epochs after the first; history.lr shows it", () => {
    const m = model(0.1);
    const { x, y } = data();
    const h = m.fit(x, y, { epochs: 7, callbacks: [new ReduceLROnPlateau({ monitor: "loss", patience: 2, factor: 0.5, minDelta: 10 })] });
    // e0 sets best; e1, e2 wait 1, 2 → reduced at the end of e2, used from e3; e3, e4 → reduced again …
    const expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025];
    h.history.lr.forEach((lr, e) => expect(lr, `epoch ${e}`).toBeCloseTo(expected[e], 16));
    expect(m.optimizer!.learningRate).toBeCloseTo(0.0125, 16);
  });

  test("monitoring what is not logged → error listing the logged names", () => {
    const m = model();
    const { x, y } = data();
    expect(() => m.fit(x, y, { epochs: 2, callbacks: [new ReduceLROnPlateau()] })).toThrow(
      /ReduceLROnPlateau: "val_loss" is not logged — the logs have: loss, mae, lr\. Hint: pass validationSplit or validationData to fit/,
    );
  });

  test.each([
    [{ factor: 1 }, /factor must be a number in \(0, 1\) \(new lr = lr·factor\), got 1\. Hint/],
    [{ factor: 0 }, /factor must be a number in \(0, 1\)/],
    [{ patience: -1 }, /patience must be an integer ≥ 0 \(epochs\), got -1/],
    [{ cooldown: 0.5 }, /cooldown must be an integer ≥ 0/],
    [{ minLr: -1 }, /minLr must be a finite number ≥ 0, got -1/],
    [{ minDelta: -0.1 }, /minDelta must be a finite number ≥ 0/],
    [{ monitor: "val_f1" }, /cannot tell whether "val_f1" should go down or up\. Hint: pass mode: "min"/],
  ])("bad options %j → clear error", (options, message) => {
    expect(() => new ReduceLROnPlateau(options)).toThrow(message);
  });
});
