import { describe, expect, test } from "vitest";
import { Callback, EarlyStopping, Logs, monitorDirection, TrainBeginInfo } from "../../lib/src/training/callbacks";
import { Dense } from "../../lib/src/layers";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";

const INFO: TrainBeginInfo = { epochs: 100, samples: 10, batchesPerEpoch: 1, metrics: ["loss", "accuracy", "val_loss", "val_accuracy"] };

function tinyModel(): Sequential {
  const m = new Sequential([new Dense(1, { inputDim: 1 })], { seed: 0 });
  m.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: "mse" });
  return m;
}

/** Feeds `values` of `monitor` to a fresh EarlyStopping; returns the epoch it stopped after (or -1) and the callback. */
function feed(values: number[], options: ConstructorParameters<typeof EarlyStopping>[0], monitor = "val_loss"): { stopAt: number; es: EarlyStopping } {
  const es = new EarlyStopping({ monitor, ...options });
  es.setModel(tinyModel());
  es.onTrainBegin(INFO);
  for (let e = 0; e < values.length; e++) {
    if (es.onEpochEnd(e, { [monitor]: values[e] })) return { stopAt: e, es };
  }
  return { stopAt: -1, es };
}

describe("EarlyStopping: Keras semantics", () => {
  test("Keras defaults", () => {
    const es = new EarlyStopping();
    expect([es.monitor, es.minDelta, es.patience, es.mode, es.restoreBestWeights, es.baseline, es.startFromEpoch]).toEqual([
      "val_loss", 0, 0, "auto", false, undefined, 0,
    ]);
  });

  test("stops after `patience` epochs without improvement", () => {
    const { stopAt, es } = feed([1, 0.8, 0.85, 0.9, 0.7], { patience: 2 });
    expect(stopAt).toBe(3);
    expect(es.stoppedEpoch).toBe(3);
    expect(es.bestEpoch).toBe(1);
    expect(es.best).toBe(0.8);
  });

  test("an improvement resets the counter", () => {
    const { stopAt, es } = feed([1, 1.1, 0.9, 1.0, 0.8, 0.85, 0.86], { patience: 2 });
    expect(stopAt).toBe(6);
    expect(es.bestEpoch).toBe(4);
  });

  test("patience 0 stops at the first epoch without improvement (never after epoch 0)", () => {
    expect(feed([1, 0.9, 0.9], {}).stopAt).toBe(2); // equal is not better
    expect(feed([1, 2], {}).stopAt).toBe(1);
  });

  test("runs to the end while improving; stoppedEpoch stays 0", () => {
    const { stopAt, es } = feed([5, 4, 3, 2, 1], { patience: 1 });
    expect(stopAt).toBe(-1);
    expect(es.stoppedEpoch).toBe(0);
    expect(es.bestEpoch).toBe(4);
  });

  test("minDelta: a smaller change is no improvement", () => {
    expect(feed([1, 0.95, 0.92], { minDelta: 0.1, patience: 1 }).stopAt).toBe(1);
    expect(feed([1, 0.85, 0.7], { minDelta: 0.1, patience: 1 }).stopAt).toBe(-1);
  });

  test("mode max, and auto picks max for an accuracy", () => {
    expect(feed([0.5, 0.6, 0.55, 0.58], { mode: "max", patience: 2 }, "val_accuracy").stopAt).toBe(3);
    expect(feed([0.5, 0.6, 0.55, 0.58], { patience: 2 }, "val_accuracy").stopAt).toBe(3);
    expect(feed([0.5, 0.6, 0.55, 0.58], { mode: "min", patience: 2 }, "val_accuracy").stopAt).toBe(2);
  });

  test("baseline: the counter is not reset until the baseline is beaten", () => {
    expect(feed([0.9, 0.95, 0.97], { patience: 2 }).stopAt).toBe(2);
    expect(feed([0.9, 0.95, 0.97], { patience: 2, baseline: 0.5 }).stopAt).toBe(1);
    expect(feed([0.9, 0.4, 0.45, 0.46], { patience: 2, baseline: 0.5 }).stopAt).toBe(3);
  });

  test("startFromEpoch: the first epochs are not watched", () => {
    const { stopAt, es } = feed([1, 2, 3, 4, 5, 6], { startFromEpoch: 3, patience: 1 });
    expect(stopAt).toBe(4);
    expect(es.bestEpoch).toBe(3);
  });

  test("auto mode: losses and errors go down, unknown names need a mode", () => {
    expect(monitorDirection("val_loss", "auto", "x")).toBe("min");
    expect(monitorDirection("mae", "auto", "x")).toBe("min");
    expect(monitorDirection("val_binary_crossentropy", "auto", "x")).toBe("min");
    expect(monitorDirection("val_accuracy", "auto", "x")).toBe("max");
    expect(() => new EarlyStopping({ monitor: "val_f1" })).toThrow(/EarlyStopping: cannot tell whether "val_f1" should go down or up\. Hint: pass mode: "min" .* or mode: "max"/);
    expect(() => new EarlyStopping({ monitor: "val_f1", mode: "max" })).not.toThrow();
  });

  test.each([
    [{ patience: -1 }, /EarlyStopping: patience must be an integer ≥ 0 \(epochs without improvement\), got -1\. Hint/],
    [{ patience: 1.5 }, /patience must be an integer ≥ 0/],
    [{ minDelta: -0.01 }, /minDelta must be a finite number ≥ 0, got -0.01\. Hint/],
    [{ mode: "down" as "min" }, /mode must be "auto", "min" or "max", got "down"/],
    [{ baseline: NaN }, /baseline must be a finite number or left out, got NaN/],
    [{ restoreBestWeights: 1 as unknown as boolean }, /restoreBestWeights must be true or false, got 1/],
  ])("bad options %j → clear error", (options, message) => {
    expect(() => new EarlyStopping(options)).toThrow(message);
  });
});

describe("EarlyStopping inside fit", () => {
  // Train y = 3x, validate on y = 1.5x: from w = 0 the weight passes 1.5 (best val_loss), then the
  // validation loss rises again as w goes on to 3 — a clean, deterministic "over-fit".
  const x = [[-1], [-0.5], [0], [0.5], [1]];
  const yTrain = x.map(([v]) => [3 * v]);
  const yVal = x.map(([v]) => [1.5 * v]);

  function startAtZero(): Sequential {
    const m = tinyModel();
    m.setWeights([[[0]], [[0]]]);
    return m;
  }

  /** Records a copy of the weights at the end of every epoch. */
  function snapshots(m: Sequential): { cb: Callback; weights: Matrix[][] } {
    const weights: Matrix[][] = [];
    return { weights, cb: { onEpochEnd: () => void weights.push(m.getWeights()) } };
  }

  test("restoreBestWeights: after fit the weights equal the snapshot of the best epoch", () => {
    const m = startAtZero();
    const snap = snapshots(m);
    const es = new EarlyStopping({ patience: 3, restoreBestWeights: true });
    const h = m.fit(x, yTrain, { epochs: 200, batchSize: 5, shuffle: false, validationData: [x, yVal], callbacks: [snap.cb, es] });
    const val = h.history.val_loss;
    const argmin = val.indexOf(Math.min(...val));
    expect(es.bestEpoch).toBe(argmin);
    expect(es.stoppedEpoch).toBe(argmin + 3);
    expect(h.epoch).toHaveLength(argmin + 4); // stopped early, long before 200
    expect(argmin).toBeGreaterThan(0);
    const best = snap.weights[es.bestEpoch], last = snap.weights[snap.weights.length - 1];
    m.getWeights().forEach((w, k) => expect(Array.from(w.data)).toEqual(Array.from(best[k].data)));
    expect(Array.from(last[0].data)).not.toEqual(Array.from(best[0].data));
    expect(m.evaluate(x, yVal).loss).toBeCloseTo(val[argmin], 12);
  });

  test("without restoreBestWeights the model keeps the last epoch's weights", () => {
    const m = startAtZero();
    const snap = snapshots(m);
    const es = new EarlyStopping({ patience: 3 });
    m.fit(x, yTrain, { epochs: 200, batchSize: 5, shuffle: false, validationData: [x, yVal], callbacks: [snap.cb, es] });
    const last = snap.weights[snap.weights.length - 1];
    m.getWeights().forEach((w, k) => expect(Array.from(w.data)).toEqual(Array.from(last[k].data)));
    expect(es.bestWeights).toBeUndefined();
  });

  test("the same callback object can be reused: a second fit starts fresh", () => {
    const es = new EarlyStopping({ patience: 3, restoreBestWeights: true });
    const m1 = startAtZero();
    m1.fit(x, yTrain, { epochs: 200, batchSize: 5, shuffle: false, validationData: [x, yVal], callbacks: [es] });
    const first = es.stoppedEpoch;
    const m2 = startAtZero();
    m2.fit(x, yTrain, { epochs: 200, batchSize: 5, shuffle: false, validationData: [x, yVal], callbacks: [es] });
    expect(es.stoppedEpoch).toBe(first);
    expect(es.model).toBe(m2);
    expect(m2.getWeights()[0].data[0]).toBe(m1.getWeights()[0].data[0]);
  });

  test("monitoring val_loss without validation data → error listing the logged names, before training", () => {
    const m = startAtZero();
    let epochs = 0;
    expect(() => m.fit(x, yTrain, { epochs: 5, callbacks: [new EarlyStopping(), { onEpochEnd: () => void epochs++ }] })).toThrow(
      /EarlyStopping: "val_loss" is not logged — the logs have: loss\. Hint: pass validationSplit or validationData to fit to get validation numbers, or monitor "loss" \(on the training data\)\./,
    );
    expect(epochs).toBe(0);
    expect(() => m.fit(x, yTrain, { epochs: 1, callbacks: [new EarlyStopping({ monitor: "accuracy" })] })).toThrow(
      /"accuracy" is not logged — the logs have: loss\. Hint: .*compile\(\{ metrics/,
    );
  });

  test("a logs object without the monitored name (called by hand) → the same clear error", () => {
    const es = new EarlyStopping();
    const logs: Logs = { loss: 1 };
    expect(() => es.onEpochEnd(0, logs)).toThrow(/"val_loss" is not logged — the logs have: loss/);
  });
});

describe("callbacks get the model", () => {
  test("fit calls setModel(model) before onTrainBegin", () => {
    const m = tinyModel();
    const calls: string[] = [];
    let got: Sequential | undefined;
    const cb: Callback = {
      setModel: (model) => {
        got = model;
        calls.push("setModel");
      },
      onTrainBegin: () => void calls.push("onTrainBegin"),
    };
    m.fit([[1]], [[1]], { epochs: 1, callbacks: [cb] });
    expect(got).toBe(m);
    expect(calls).toEqual(["setModel", "onTrainBegin"]);
  });
});
