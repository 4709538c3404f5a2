// The homework configuration's `layers`: convolution, pooling, flatten, dense, dropout and batch
// normalisation per layer — checked, traced through their shapes, counted, estimated and built.
import { describe, expect, test } from "vitest";
import {
  BASELINE_CONFIG, buildModel, countConfigParams, describeArchitecture, diffConfigs, estimateConfig, ESTIMATE_CALIBRATION,
  HomeworkConfig, InvalidConfigError, limitProblems, resolveConfig, timeWarning, summarizeRuns, traceConfig, trainFromConfig, validateConfig,
} from "../../lib/src/homework";
import { loadDigits } from "../../lib/src/data/mnist";
import { Sequential } from "../../lib/src/training/model";
import { Conv2D } from "../../lib/src/layers/conv2d";
import { MaxPool2D } from "../../lib/src/layers/maxpool2d";
import { Flatten } from "../../lib/src/layers/flatten";
import { Dense } from "../../lib/src/layers/dense";

const train = { optimizer: { name: "adam" as const, learningRate: 0.003 }, batchSize: 32, epochs: 1 };

/** Notebook 06's CNN as a configuration. */
const cnn06: HomeworkConfig = {
  layers: [
    { type: "conv2d", filters: 8, kernelSize: 3, activation: "relu" },
    { type: "maxpool2d", poolSize: 2 },
    { type: "conv2d", filters: 16, kernelSize: 3, activation: "relu" },
    { type: "maxpool2d" },
  ],
  initializer: "he_normal",
  ...train,
};

const fields = (cfg: unknown) => Object.fromEntries(validateConfig(cfg).map((p) => [p.field, p.message]));

describe("layers: shapes, parameters and multiply-adds traced before anything is built", () => {
  test("notebook 06's CNN: 26×26×8 → 13×13×8 → 11×11×16 → 5×5×16 → 400 → 10, 5,258 parameters as nnlib's own model", () => {
    expect(validateConfig(cnn06)).toEqual([]);
    const steps = traceConfig(cnn06);
    expect(steps.map((s) => [s.field, s.layer.type, s.output.join("×"), s.params])).toEqual([
      ["layers[0]", "conv2d", "26×26×8", 3 * 3 * 1 * 8 + 8],
      ["layers[1]", "maxpool2d", "13×13×8", 0],
      ["layers[2]", "conv2d", "11×11×16", 3 * 3 * 8 * 16 + 16],
      ["layers[3]", "maxpool2d", "5×5×16", 0],
      ["(implied)", "flatten", "400", 0],
      ["(output)", "dense", "10", 400 * 10 + 10],
    ]);
    expect(steps.map((s) => s.macs)).toEqual([26 * 26 * 8 * 9, 13 * 13 * 8 * 4, 11 * 11 * 16 * 72, 5 * 5 * 16 * 4, 0, 4000]);
    const handBuilt = new Sequential([
      new Conv2D(8, 3, { activation: "relu", inputShape: [28, 28, 1] }), new MaxPool2D(2),
      new Conv2D(16, 3, { activation: "relu" }), new MaxPool2D(2), new Flatten(), new Dense(10),
    ]);
    expect(countConfigParams(cnn06)).toBe(5258);
    expect(countConfigParams(cnn06)).toBe(handBuilt.countParams());
    expect(buildModel(cnn06).countParams()).toBe(5258);
  });

  test("the count without building equals the built model's for strides, padding, average pooling, batch norm, dropout and flatten", () => {
    const cfgs: HomeworkConfig[] = [
      { ...train, layers: [{ type: "conv2d", filters: 6, kernelSize: 5, strides: 2, padding: "same", activation: "tanh", batchNorm: true }, { type: "avgpool2d", poolSize: 3, strides: 2 }, { type: "dropout", rate: 0.2 }, { type: "dense", units: 20, activation: "elu", batchNorm: true }] },
      { ...train, layers: [{ type: "dropout", rate: 0.1 }, { type: "conv2d", filters: 4, kernelSize: 3, padding: 1, activation: "relu" }, { type: "maxpool2d", padding: "same", poolSize: 3 }, { type: "flatten" }, { type: "dropout", rate: 0.3 }] },
      { ...train, layers: [{ type: "dense", units: 32, activation: "relu" }, { type: "dropout", rate: 0.5 }, { type: "dense", units: 16, activation: "sigmoid" }] },
      { ...train, layers: [] },
    ];
    for (const c of cfgs) {
      expect(validateConfig(c)).toEqual([]);
      const model = buildModel(c);
      expect(countConfigParams(c)).toBe(model.countParams());
      const last = traceConfig(c).at(-2);
      if (last !== undefined) expect(model.layers.at(-2)?.outputDim).toBe(last.output.reduce((a, b) => a * b, 1));
    }
    // conv 5×5 stride 2 "same": ⌈28/2⌉ = 14; avg pool 3 stride 2: ⌊(14 − 3)/2⌋ + 1 = 6
    expect(traceConfig(cfgs[0]).map((s) => s.output.join("×"))).toEqual(["14×14×6", "6×6×6", "6×6×6", "216", "20", "10"]);
    expect(countConfigParams(cfgs[0])).toBe(5 * 5 * 6 + 2 * 6 + 216 * 20 + 2 * 20 + 20 * 10 + 10);
    // padding 1 keeps 28; max pool 3 "same": ⌈28/3⌉ = 10
    expect(traceConfig(cfgs[1]).map((s) => s.output.join("×"))).toEqual(["28×28×1", "28×28×4", "10×10×4", "400", "400", "10"]);
    expect(countConfigParams(cfgs[3])).toBe(7850);
  });

  test("the layers are built as the configuration says: Conv2D → BatchNorm → Activation, pooling, Flatten implied, Dense, Dropout", () => {
    const m = buildModel({ ...train, layers: [
      { type: "conv2d", filters: 4, kernelSize: 3, activation: "relu", batchNorm: true },
      { type: "avgpool2d" },
      { type: "dense", units: 8, activation: "relu" },
      { type: "dropout", rate: 0.25 },
    ] });
    expect(m.layers.map((l) => l.className)).toEqual(["Conv2D", "BatchNorm", "Activation", "AveragePooling2D", "Flatten", "Dense", "Dropout", "Dense"]);
    expect((m.layers[0] as Conv2D).useBias).toBe(false);
    expect(m.predict(loadDigits("test", { limit: 3 }).x).shape).toEqual([3, 10]);
  });

  test("a dense-only configuration written as layers builds the same network with the same initial weights as hidden", () => {
    const hidden: HomeworkConfig = { ...BASELINE_CONFIG, hidden: [{ units: 32, activation: "relu" }, { units: 16, activation: "tanh" }], dropout: 0.2, batchNorm: true, seed: 7 };
    const layers: HomeworkConfig = {
      ...BASELINE_CONFIG, hidden: undefined, dropout: 0, batchNorm: false, seed: 7,
      layers: [
        { type: "dense", units: 32, activation: "relu", batchNorm: true }, { type: "dropout", rate: 0.2 },
        { type: "dense", units: 16, activation: "tanh", batchNorm: true }, { type: "dropout", rate: 0.2 },
      ],
    };
    const a = buildModel(hidden);
    const b = buildModel(layers);
    expect(b.layers.map((l) => l.className)).toEqual(a.layers.map((l) => l.className));
    const wa = a.getWeights();
    const wb = b.getWeights();
    expect(wb.length).toBe(wa.length);
    wa.forEach((w, i) => expect(Array.from(wb[i].data)).toEqual(Array.from(w.data)));
  });

  test("a dense-only configuration resolves exactly as before (no layers field: old and new log records compare)", () => {
    expect(Object.keys(resolveConfig(BASELINE_CONFIG))).toEqual([
      "hidden", "initializer", "optimizer", "schedule", "batchSize", "epochs", "l1", "l2", "dropout", "batchNorm", "augment", "seed",
    ]);
    expect(describeArchitecture(BASELINE_CONFIG)).toBe("784-16-10 (sigmoid)");
    expect(resolveConfig(cnn06).layers?.[1]).toEqual({ type: "maxpool2d", poolSize: 2, strides: 2, padding: "valid" });
    expect(resolveConfig(resolveConfig(cnn06))).toEqual(resolveConfig(cnn06)); // a logged config reads back
    expect(describeArchitecture(cnn06)).toBe("28×28 → conv2d 8 × 3×3 relu → maxpool2d 2×2 → conv2d 16 × 3×3 relu → maxpool2d 2×2 → 10");
  });
});

describe("layers: every problem names its field", () => {
  test("a kernel larger than the image reaching it", () => {
    const cfg = { ...cnn06, layers: [...(cnn06.layers ?? []), { type: "conv2d", filters: 8, kernelSize: 7, activation: "relu" }] };
    const problems = validateConfig(cfg);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe("layers[4].kernelSize");
    expect(problems[0].message).toMatch(/^layers\[4\]\.kernelSize: 7 is larger than the 5 × 5 input of this layer \(16 channels\)\. Use a kernel of at most 5/);
    expect(() => buildModel(cfg as HomeworkConfig)).toThrow(InvalidConfigError);
  });

  test("pooling to nothing", () => {
    const pools = Array.from({ length: 5 }, () => ({ type: "maxpool2d", poolSize: 2 })); // 28 → 14 → 7 → 3 → 1 → nothing
    const p = validateConfig({ ...train, layers: pools });
    expect(p.map((x) => x.field)).toEqual(["layers[4].poolSize"]);
    expect(p[0].message).toMatch(/^layers\[4\]\.poolSize: 2 is larger than the 1 × 1 input of this layer \(1 channel\): pooling would leave nothing/);
  });

  test("unknown layer types, fields and values, with did-you-mean", () => {
    const f = fields({ ...train, layers: [
      { type: "conv3d", filters: 8 },
      { type: "conv2d", filters: 0, kernelSize: 3, stride: 2, activation: "rellu", padding: 3 },
      { type: "maxpool2d", poolSize: 2.5, padding: 1 },
      { type: "dense" },
      { type: "dropout", rate: 0.9 },
      "dense",
      { units: 8 },
    ] });
    expect(f["layers[0].type"]).toMatch(/must be one of "conv2d", "maxpool2d", "avgpool2d", "flatten", "dense", "dropout", got "conv3d"\. Did you mean "conv2d"\?/);
    expect(f["layers[1].filters"]).toMatch(/integer in \[1, 256\], got 0/);
    expect(f["layers[1].stride"]).toMatch(/unknown field — did you mean "strides"\?/);
    expect(f["layers[1].activation"]).toMatch(/Did you mean "relu"/);
    expect(f["layers[1].padding"]).toMatch(/integer in \[0, 2\], got 3/);
    expect(f["layers[2].poolSize"]).toMatch(/integer in \[1, 28\], got 2\.5/);
    expect(f["layers[2].padding"]).toMatch(/must be one of "valid", "same", got 1/);
    expect(f["layers[3].units"]).toMatch(/is missing \(a dense layer needs it\)/);
    expect(f["layers[3].activation"]).toMatch(/is missing/);
    expect(f["layers[4].rate"]).toMatch(/number in \[0, 0\.8\], got 0\.9/);
    expect(f["layers[5]"]).toMatch(/must be an object/);
    expect(f["layers[6].type"]).toMatch(/is missing/);
  });

  test("an image layer after a dense layer, a flatten of a flat input", () => {
    expect(fields({ ...train, layers: [{ type: "dense", units: 8, activation: "relu" }, { type: "conv2d", filters: 4, kernelSize: 3, activation: "relu" }] })["layers[1].type"])
      .toMatch(/a conv2d layer needs an image, but its input is a flat vector of 8 numbers \(the output of layers\[0\], a dense layer\)/);
    expect(fields({ ...train, layers: [{ type: "conv2d", filters: 4, kernelSize: 3, activation: "relu" }, { type: "flatten" }, { type: "flatten" }] })["layers[2].type"])
      .toMatch(/already flat \(2704 numbers/);
  });

  test("hidden and layers together; the top-level dropout and batchNorm with layers; neither", () => {
    const f = fields({ ...cnn06, hidden: [{ units: 8, activation: "relu" }], dropout: 0.3, batchNorm: true });
    expect(f.layers).toMatch(/give either "hidden" .* or "layers"/);
    expect(f.dropout).toMatch(/with "layers", dropout is a layer of its own: put \{ type: "dropout", rate: 0\.3 \}/);
    expect(f.batchNorm).toMatch(/batchNorm: true on each conv2d or dense layer/);
    expect(validateConfig({ ...cnn06, hidden: [] })).toEqual([]);
    expect(fields({ ...train }).hidden).toMatch(/is missing: .* or list every layer, convolution included, in "layers"/);
    expect(fields({ ...train, layers: Array.from({ length: 13 }, () => ({ type: "dropout", rate: 0.1 })) }).layers).toMatch(/at most 12 layers/);
  });
});

describe("estimateConfig and the grader's limits", () => {
  test("multiply-adds, time and memory from the traced shapes", () => {
    const e = estimateConfig({ ...cnn06, epochs: 4 }, { samples: 7000 });
    expect(e.params).toBe(5258);
    expect(e.macsPerSample).toBe(48672 + 5408 + 139392 + 1600 + 4000);
    expect(e.trainingMacs).toBe(3 * 199072 * 7000 * 4);
    const C = ESTIMATE_CALIBRATION;
    const outputs = 5408 + 1352 + 1936 + 400 + 400 + 10;
    expect(e.seconds).toBeCloseTo(4 * (7000 * ((3 * 199072) / C.rate + outputs * C.perOutput) + Math.ceil(7000 / 32) * 5258 * C.perParameterStep), 9);
    const augmented = estimateConfig({ ...cnn06, epochs: 4, augment: { rotation: 5 } }, { samples: 7000 });
    expect(augmented.seconds - e.seconds).toBeCloseTo(4 * 7000 * C.perAugmented, 9);
    // outputs kept per sample: 3 × (5408 + 1352 + 1936 + 400 + 400 + 10), patches 26·26·9 + 11·11·72
    const perSample = 3 * (5408 + 1352 + 1936 + 400 + 400 + 10) + 26 * 26 * 9 + 11 * 11 * 72;
    const forward = 5408 + 1352 + 1936 + 400 + 400 + 10;
    expect(e.networkMB).toBeCloseTo((4 * 5258 * 8 + 32 * perSample * 8 + 1000 * forward * 8) / 2 ** 20, 9);
    expect(e.memoryMB).toBeCloseTo(C.baseMB + e.networkMB, 9);
  });

  test("limits: parameters exactly and memory from the estimate refuse; an estimated time above the limit only warns", () => {
    const limits = { maxParams: 1_000_000, timeout: 600, memory: 2048 };
    expect(limitProblems(estimateConfig(cnn06), limits)).toEqual([]);
    expect(timeWarning(estimateConfig(cnn06), limits)).toBeUndefined();
    const wide: HomeworkConfig = { ...train, layers: [{ type: "conv2d", filters: 64, kernelSize: 3, padding: "same", activation: "relu" }, { type: "dense", units: 32, activation: "relu" }] };
    expect(limitProblems(estimateConfig(wide), limits)).toEqual([expect.stringMatching(/^too large: the network has 1,606,634 parameters, the limit is 1,000,000\./)]);
    const heavy: HomeworkConfig = {
      ...train, epochs: 100, batchSize: 1024,
      layers: [{ type: "conv2d", filters: 64, kernelSize: 5, padding: "same", activation: "relu" }, { type: "conv2d", filters: 64, kernelSize: 5, padding: "same", activation: "relu" }, { type: "maxpool2d", poolSize: 4 }],
    };
    const e = estimateConfig(heavy);
    expect(e.params).toBe(26 * 64 + (25 * 64 * 64 + 64) + (7 * 7 * 64 * 10 + 10));
    expect(limitProblems(e, limits)).toEqual([expect.stringMatching(/^too much memory: the network's weights and activations would need about [\d,]+ MB, the limit is 2,048 MB\. Use a smaller batch/)]);
    expect(timeWarning(e, limits)).toMatch(/^the estimated training time \(about [\d,]+ s\) is above the time limit of 600 s: training will probably be stopped/);
  });
});

describe("training and comparing a convolutional configuration", () => {
  const data = loadDigits("train", { limit: 300 });

  test("trains reproducibly; the log's config and the comparison table carry the layers and the parameters", () => {
    const a = trainFromConfig(cnn06, data, { name: "cnn" });
    const b = trainFromConfig(cnn06, data, { name: "cnn" });
    expect(a.status).toBe("ok");
    expect(a.valAccuracy).toBe(b.valAccuracy);
    expect(a.valAccuracy).toBeGreaterThan(0.2);
    expect(a.record.config.layers?.map((l) => l.type)).toEqual(["conv2d", "maxpool2d", "conv2d", "maxpool2d"]);
    const changes = diffConfigs(BASELINE_CONFIG, a.record.config);
    expect(changes.slice(0, 2)).toEqual([
      { field: "hidden", baseline: "16 sigmoid", value: "—" },
      { field: "layers", baseline: "—", value: "conv2d 8 × 3×3 relu, maxpool2d 2×2, conv2d 16 × 3×3 relu, maxpool2d 2×2" },
    ]);
    const base = trainFromConfig(BASELINE_CONFIG, data, { name: "baseline" });
    const rows = summarizeRuns([base.record, a.record], base.record);
    expect(Object.fromEntries(rows.map((r) => [r.run, r.params]))).toEqual({ baseline: 12730, cnn: 5258 });
  });
});
