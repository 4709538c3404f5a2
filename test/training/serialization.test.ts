import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { leakyRelu } from "../../lib/src/functions/activations";
import { Activation } from "../../lib/src/layers/activation";
import { Dense } from "../../lib/src/layers/dense";
import { layerFromConfig } from "../../lib/src/layers/registry";
import { categoricalCrossentropy, getLoss } from "../../lib/src/functions/losses";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";
import { Random } from "../../lib/src/core/random";
import { MODEL_FORMAT, formatJson, loadModel, modelFromJSON, modelToJSON, saveModel, type ModelJSON } from "../../lib/src/training/serialization";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlib-serialization-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function trainedModel(): { model: Sequential; x: Matrix; y: Matrix } {
  const rng = new Random(3);
  const x = Matrix.normal(40, 12, rng);
  const labels = Array.from({ length: 40 }, (_, i) => (x.get(i, 0) > 0 ? 1 : 0) + (x.get(i, 1) > 0 ? 1 : 0));
  const y = new Matrix(40, 3);
  labels.forEach((c, i) => y.set(i, c, 1));
  const model = new Sequential(
    [new Dense(16, { inputDim: 12, activation: "relu", name: "hidden" }), new Dense(8, { activation: "tanh", name: "hidden2" }), new Dense(3, { name: "logits" }), new Activation("linear", { name: "act" })],
    { seed: 5, name: "net" },
  );
  model.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: categoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
  model.fit(x, y, { epochs: 3, batchSize: 8 });
  return { model, x, y };
}

function sameBits(a: Matrix, b: Matrix): boolean {
  return a.rows === b.rows && a.cols === b.cols && a.data.every((v, k) => Object.is(v, b.data[k]));
}

const file = (name: string) => path.join(dir, name);
const write = (name: string, text: string) => fs.writeFileSync(file(name), text);
function mutated(model: Sequential, change: (j: ModelJSON) => void): string {
  const j = JSON.parse(JSON.stringify(modelToJSON(model))) as ModelJSON;
  change(j);
  return JSON.stringify(j);
}

describe("model JSON round trip", () => {
  it("modelToJSON / modelFromJSON and saveModel / loadModel give bit-identical predictions", () => {
    const { model, x } = trainedModel();
    const p = model.predict(x);
    const copy = modelFromJSON(modelToJSON(model));
    expect(sameBits(copy.predict(x), p)).toBe(true);
    const written = saveModel(model, file("m.json"));
    expect(written).toBe(file("m.json"));
    const loaded = loadModel(file("m.json"));
    expect(sameBits(loaded.predict(x), p)).toBe(true);
    expect(loaded.getConfig()).toEqual(model.getConfig());
    expect(modelFromJSON(fs.readFileSync(file("m.json"), "utf8")).getConfig()).toEqual(model.getConfig());
  });

  it("writes the documented format and restores the compile settings", () => {
    const { model, x, y } = trainedModel();
    saveModel(model, file("fmt.json"));
    const j = JSON.parse(fs.readFileSync(file("fmt.json"), "utf8")) as ModelJSON;
    expect(j.format).toBe(MODEL_FORMAT);
    expect(j.formatVersion).toBe(1);
    expect(j.library).toEqual({ name: "nnlib", version: "0.1.0" });
    expect(j.config.layers.map((l) => l.className)).toEqual(["Dense", "Dense", "Dense", "Activation"]);
    expect(j.weights[0].params.map((w) => [w.name, w.shape])).toEqual([["W", [16, 12]], ["b", [1, 16]]]);
    expect(j.weights[3]).toEqual({ layer: "act", params: [] });
    expect(j.compile).toMatchObject({
      loss: { name: "categorical_crossentropy", fromLogits: true },
      metrics: ["accuracy"],
      optimizer: { config: { name: "sgd", learningRate: 0.05 }, iterations: 15 },
    });
    // the optimizer's own state (optimizer.getState), restored with setState
    expect(j.compile?.optimizer.state).toMatchObject({ name: "sgd", iterations: 15 });
    expect(loadModel(file("fmt.json")).optimizer?.iterations).toBe(15);
    const loaded = loadModel(file("fmt.json"));
    expect(loaded.loss?.name).toBe("categorical_crossentropy");
    expect(loaded.evaluate(x, y)).toEqual(model.evaluate(x, y));
    // training goes on identically
    model.fit(x, y, { epochs: 1, seed: 9 });
    loaded.fit(x, y, { epochs: 1, seed: 9 });
    expect(sameBits(loaded.predict(x), model.predict(x))).toBe(true);
    // the weights are on one line each: the file stays short
    expect(fs.readFileSync(file("fmt.json"), "utf8").split("\n").length).toBeLessThan(200); // vs ~500 numbers in the weights
  });

  it("compile: false leaves out (or ignores) the training settings; an uncompiled model saves compile: null", () => {
    const { model } = trainedModel();
    expect(modelToJSON(model, { compile: false }).compile).toBeNull();
    expect(loadModel(saveModel(model, file("c.json")), { compile: false }).loss).toBeUndefined();
    const plain = new Sequential([new Dense(2, { inputDim: 3 })], { seed: 1 });
    expect(modelToJSON(plain).compile).toBeNull();
    expect(modelFromJSON(modelToJSON(plain)).optimizer).toBeUndefined();
  });

  it("a binary model with a sigmoid and probabilities, and the loss without fromLogits, round-trip too", () => {
    const m = new Sequential([new Dense(1, { inputDim: 2, activation: "sigmoid" })], { seed: 2 });
    m.compile({ optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy", "mse"] });
    const j = modelToJSON(m);
    expect(j.compile?.loss).toEqual({ name: "binary_crossentropy" });
    const back = modelFromJSON(j);
    expect(back.metrics.map((x) => x.name)).toEqual(["accuracy", "mse"]);
    expect(back.optimizer?.getConfig()).toEqual({ name: "sgd", learningRate: 0.01 });
  });

  it("layerFromConfig rebuilds Dense and Activation and names unknown types", () => {
    const d = new Dense(4, { inputDim: 3, activation: "tanh", useBias: false, name: "d" });
    expect(layerFromConfig(d.getConfig()).getConfig()).toEqual(d.getConfig());
    expect(() => layerFromConfig({ className: "LSTM", name: "c" })).toThrow(/unknown layer type "LSTM"; known types: (?=.*Dense)(?=.*Activation)(?=.*Conv2D)/);
    expect(() => layerFromConfig({ className: "Dense", name: "d", units: "4" })).toThrow(/field "units" must be an integer, got string "4"/);
  });
});

describe("saving refuses what it cannot write faithfully", () => {
  it("a weight that is NaN", () => {
    const { model } = trainedModel();
    model.layers[1].params()[0].value.data[5] = NaN;
    expect(() => modelToJSON(model)).toThrow(/layer 2 \(hidden2\): W\[0\]\[5\] is NaN; a model with non-finite weights cannot be saved/);
  });

  it("an activation's constant is saved with it (leakyRelu(0.1) as { name: \"leaky_relu\", alpha: 0.1 }); a custom one is refused", () => {
    const m = new Sequential([new Dense(4, { inputDim: 3, activation: leakyRelu(0.1), name: "leaky" })], { seed: 1 });
    const json = modelToJSON(m);
    expect(json.config.layers[0].activation).toEqual({ name: "leaky_relu", alpha: 0.1 });
    const x = Matrix.from([[-1, 2, -3], [0.5, -0.5, 4]]);
    expect(sameBits(modelFromJSON(json).predict(x), m.predict(x))).toBe(true);
    expect(modelToJSON(new Sequential([new Dense(4, { inputDim: 3, activation: "relu", name: "ok" })])).config.layers[0].activation).toBe("relu");
    const mine = { name: "mine", f: (z: number) => z * z, df: (z: number) => 2 * z, getConfig: () => ({ name: "mine" }) }; // not registered
    const custom = new Sequential([new Dense(4, { inputDim: 3, activation: mine, name: "custom" })], { seed: 1 });
    expect(() => modelToJSON(custom)).toThrow(/the activation "mine" is a custom one that cannot be saved by name.*register it/);
  });

  it("a custom loss or a layer type that is not registered", () => {
    const m = new Sequential([new Dense(2, { inputDim: 2 })], { seed: 1 });
    m.compile({ optimizer: "sgd", loss: { name: "mine", forward: () => 0, backward: (p: Matrix) => p.scale(0), getConfig: () => ({ name: "mine" }) } });
    expect(() => modelToJSON(m)).toThrow(/the loss "mine" is a custom one that cannot be saved by name.*\{ compile: false \}/);
    expect(modelToJSON(m, { compile: false }).compile).toBeNull();
    m.compile({ optimizer: "sgd", loss: getLoss("huber") });
    expect(modelToJSON(m).compile?.loss).toEqual({ name: "huber" });
  });
});

describe("atomic save", () => {
  it("an existing file survives a failed save byte for byte, and no temporary file is left behind", () => {
    const { model } = trainedModel();
    const target = file("keep.json");
    saveModel(model, target);
    const before = fs.readFileSync(target);
    const bad = trainedModel().model;
    bad.layers[0].params()[1].value.data[0] = Infinity;
    expect(() => saveModel(bad, target)).toThrow(/b\[0\]\[0\] is Infinity/);
    const mine = { name: "mine", f: (z: number) => z, df: () => 1, getConfig: () => ({ name: "mine" }) };
    const custom = new Sequential([new Dense(4, { inputDim: 3, activation: mine })]);
    expect(() => saveModel(custom, target)).toThrow(/custom one that cannot be saved/);
    expect(fs.readFileSync(target).equals(before)).toBe(true);
    // a failure while writing (the target is a folder, so the rename fails): the temp file is removed
    fs.mkdirSync(file("folder.json"));
    expect(() => saveModel(model, file("folder.json"))).toThrow(/saveModel: could not write .*folder\.json .*an existing file there is unchanged/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("creates missing folders", () => {
    const { model, x } = trainedModel();
    const p = saveModel(model, file("a/b/model.json"));
    expect(sameBits(loadModel(p).predict(x), model.predict(x))).toBe(true);
  });
});

describe("loading names what is wrong and where", () => {
  const { model } = trainedModel();
  const good = JSON.stringify(modelToJSON(model));

  it("a file that is missing, empty, not JSON or truncated", () => {
    expect(() => loadModel(file("nope.json"))).toThrow(/loadModel: no file at .*nope\.json/);
    write("empty.json", "");
    expect(() => loadModel(file("empty.json"))).toThrow(/empty\.json: the file is empty/);
    write("garbage.json", "PK\u0003\u0004 this is a zip");
    expect(() => loadModel(file("garbage.json"))).toThrow(/garbage\.json: not valid JSON .*corrupt/);
    write("cut.json", good.slice(0, Math.floor(good.length / 2)));
    expect(() => loadModel(file("cut.json"))).toThrow(/cut\.json: not valid JSON .*truncated/);
  });

  it("a wrong format tag, a newer format version, a missing field", () => {
    write("tag.json", mutated(model, (j) => ((j as { format: string }).format = "keras")));
    expect(() => loadModel(file("tag.json"))).toThrow(/tag\.json: not an nnlib model: the format tag is "keras", expected "nnlib-model"/);
    write("other.json", JSON.stringify({ hello: 1 }));
    expect(() => loadModel(file("other.json"))).toThrow(/the format tag is missing/);
    write("v2.json", mutated(model, (j) => (j.formatVersion = 2)));
    expect(() => loadModel(file("v2.json"))).toThrow(/format version 2, written by a newer nnlib/);
    write("noweights.json", mutated(model, (j) => delete (j as Partial<ModelJSON>).weights));
    expect(() => loadModel(file("noweights.json"))).toThrow(/noweights\.json: field "weights" must be an array with one entry per layer \(4\), got nothing \(the field is missing\)/);
    write("nounits.json", mutated(model, (j) => delete j.config.layers[1].units));
    expect(() => loadModel(file("nounits.json"))).toThrow(/nounits\.json: layer 2 \(hidden2\): field "units" must be an integer, got nothing/);
    write("nocompile.json", mutated(model, (j) => delete (j as Partial<ModelJSON>).compile));
    expect(() => loadModel(file("nocompile.json"))).toThrow(/field "compile" is missing/);
  });

  it("a layer of unknown type", () => {
    write("unknown.json", mutated(model, (j) => (j.config.layers[2].className = "LSTM")));
    expect(() => loadModel(file("unknown.json"))).toThrow(/unknown\.json: layer 3 \(logits\): unknown layer type "LSTM"; known types: (?=.*Dense)(?=.*Activation)/);
  });

  it("a weight of the wrong shape, with NaN, or of the wrong length", () => {
    write("shape.json", mutated(model, (j) => {
      const w = j.weights[1].params[0];
      w.shape = [8, 15];
      w.data = w.data.slice(0, 120);
    }));
    expect(() => loadModel(file("shape.json"))).toThrow(/shape\.json: layer 2 \(hidden2\): W has shape 8×15, expected 8×16 \(from the layer's config\)/);
    write("units.json", mutated(model, (j) => (j.config.layers[1].units = 12)));
    expect(() => loadModel(file("units.json"))).toThrow(/units\.json: config: logits was declared with inputDim 8 and cannot be built for 12/);
    write("nan.json", mutated(model, (j) => (j.weights[2].params[0].data[4] = null as unknown as number)));
    expect(() => loadModel(file("nan.json"))).toThrow(/nan\.json: layer 3 \(logits\): W\[0\]\[4\] is null, not a finite number/);
    write("short.json", mutated(model, (j) => j.weights[0].params[1].data.pop()));
    expect(() => loadModel(file("short.json"))).toThrow(/short\.json: layer 1 \(hidden\): b should hold 1×16 = 16 numbers, got 15/);
    write("count.json", mutated(model, (j) => j.weights[0].params.pop()));
    expect(() => loadModel(file("count.json"))).toThrow(/layer 1 \(hidden\): expected 2 weight matrices \(W, b\), got 1/);
  });

  it("bad compile settings point to { compile: false }", () => {
    write("loss.json", mutated(model, (j) => (j.compile!.loss.name = "focal")));
    expect(() => loadModel(file("loss.json"))).toThrow(/loss\.json: compile: unknown loss "focal". Known: mse, mae.*compile: false/);
    write("opt.json", mutated(model, (j) => (j.compile!.optimizer.config.name = "ftrl")));
    expect(() => loadModel(file("opt.json"))).toThrow(/opt\.json: compile: unknown optimizer "ftrl". Known: sgd, adagrad/);
    expect(loadModel(file("opt.json"), { compile: false }).loss).toBeUndefined();
  });

  it("formatJson keeps numeric arrays on one line", () => {
    expect(formatJson({ a: [1, 2], b: { c: "x" } })).toBe('{\n  "a": [1,2],\n  "b": {\n    "c": "x"\n  }\n}');
  });
});
