import { describe, expect, test } from "vitest";
import {
  BASELINE_CONFIG, buildModel, countConfigParams, describeArchitecture, HomeworkConfig, InvalidConfigError,
  resolveConfig, trainFromConfig, validateConfig,
} from "../../lib/src/homework";
import { loadDigits } from "../../lib/src/data/mnist";

const small: HomeworkConfig = {
  hidden: [{ units: 8, activation: "relu" }],
  optimizer: { name: "adam", learningRate: 0.01 },
  batchSize: 32,
  epochs: 2,
};

describe("validateConfig", () => {
  test("the baseline and a minimal config are valid", () => {
    expect(validateConfig(BASELINE_CONFIG)).toEqual([]);
    expect(validateConfig(small)).toEqual([]);
  });

  test("every problem names its field and the allowed range", () => {
    const problems = validateConfig({
      hidden: [{ units: 0, activation: "relu" }, { units: 8, activation: "sigmod" }],
      optimizer: { name: "adamw", learningRate: -1 },
      batchSize: 2.5,
      epochs: 1000,
      dropout: 0.95,
      l2: -0.1,
      augment: { shift: 9 },
      lerningRate: 0.1,
    });
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
    expect(byField["hidden[0].units"]).toMatch(/hidden\[0\]\.units: must be an integer in \[1, 2048\], got 0/);
    expect(byField["hidden[1].activation"]).toMatch(/must be one of .*"relu".*Did you mean "sigmoid"/);
    expect(byField["optimizer.name"]).toMatch(/must be one of "sgd".*"adam"/);
    expect(byField["optimizer.learningRate"]).toMatch(/number in \(0, 1000\], got -1/);
    expect(byField.batchSize).toMatch(/integer in \[1, 1024\], got 2.5/);
    expect(byField.epochs).toMatch(/\[1, 100\], got 1000/);
    expect(byField.dropout).toMatch(/\[0, 0.8\], got 0.95/);
    expect(byField.l2).toMatch(/\[0, 0.1\]/);
    expect(byField["augment.shift"]).toMatch(/\[0, 4\], got 9/);
    expect(byField.lerningRate).toMatch(/unknown field/);
  });

  test("missing fields, wrong types and option combinations", () => {
    expect(validateConfig(null)[0].field).toBe("config");
    const fields = validateConfig({ hidden: "64" }).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["hidden", "optimizer", "batchSize", "epochs"]));
    const combos = validateConfig({ ...small, optimizer: { name: "adam", learningRate: 0.01, momentum: 0.9, nesterov: true } });
    expect(combos.map((p) => p.field)).toEqual(["optimizer.momentum", "optimizer.nesterov"]);
    expect(validateConfig({ ...small, schedule: { kind: "step", every: 0, factor: 2 } }).map((p) => p.field)).toEqual(["schedule.every", "schedule.factor"]);
  });

  test("buildModel rejects an invalid config before building anything", () => {
    expect(() => buildModel({ ...small, epochs: 0 })).toThrow(InvalidConfigError);
    expect(() => buildModel({ ...small, epochs: 0 })).toThrow(/epochs: must be an integer in \[1, 100\]/);
  });
});

describe("buildModel", () => {
  test("parameter count without building equals the built model's", () => {
    const cfgs: HomeworkConfig[] = [
      BASELINE_CONFIG,
      { ...small, hidden: [] },
      { ...small, hidden: [{ units: 32, activation: "tanh" }, { units: 16, activation: "elu" }], batchNorm: true, dropout: 0.3, l2: 1e-4 },
    ];
    for (const c of cfgs) expect(countConfigParams(c)).toBe(buildModel(c).countParams());
    expect(countConfigParams(BASELINE_CONFIG)).toBe(784 * 16 + 16 + 16 * 10 + 10);
  });

  test("layers follow the config: Dense → BatchNorm → Activation → Dropout", () => {
    const m = buildModel({ ...small, batchNorm: true, dropout: 0.2, l1: 1e-5 });
    expect(m.layers.map((l) => l.className)).toEqual(["Dense", "BatchNorm", "Activation", "Dropout", "Dense"]);
    expect(m.optimizer?.learningRate).toBe(0.01);
    expect(describeArchitecture(small)).toBe("784-8-10 (relu)");
  });

  test("resolveConfig fills the defaults and copies", () => {
    const r = resolveConfig(small);
    expect(r).toMatchObject({ initializer: "glorot_uniform", l1: 0, l2: 0, dropout: 0, batchNorm: false, seed: 0, schedule: { kind: "constant" } });
    r.hidden[0].units = 99;
    expect(small.hidden?.[0].units).toBe(8);
  });
});

describe("trainFromConfig", () => {
  const data = loadDigits("train", { limit: 400 });

  test("same config and seed ⇒ identical runs; curves and validation accuracy recorded", () => {
    const cfg: HomeworkConfig = { ...small, schedule: { kind: "exponential", alpha: 0.5 }, augment: { shift: 1 }, dropout: 0.1, seed: 3 };
    const a = trainFromConfig(cfg, data, { name: "a" });
    const b = trainFromConfig(cfg, data, { name: "b" });
    expect(a.status).toBe("ok");
    expect(a.history.history.val_accuracy).toHaveLength(2);
    expect(a.history.history.val_accuracy).toEqual(b.history.history.val_accuracy);
    expect(a.history.history.lr[1]).toBeCloseTo(0.01 * Math.exp(-0.5));
    expect(a.record.validationSamples).toBe(80);
    expect(a.valAccuracy).toBeGreaterThan(0.3);
  });

  test("divergence is a result, not an exception", () => {
    const run = trainFromConfig(
      { hidden: [{ units: 32, activation: "linear" }, { units: 32, activation: "linear" }], optimizer: { name: "sgd", learningRate: 1000, momentum: 0.9 }, batchSize: 32, epochs: 3 },
      data,
    );
    expect(run.status).toBe("diverged");
    expect(run.error).toMatch(/Training diverged/);
    expect(run.record.valAccuracy).toBeNull();
  });
});
