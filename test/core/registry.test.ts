/**
 * The configuration protocol (core/registry.ts): every registered piece of every kind rebuilds from
 * its own config into a piece with the same config and the same numbers.
 */
import { describe, expect, test } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";
import { configBoolean, configInt, configIntList, configNumber, Registry } from "../../lib/src/core/registry";
import { ACTIVATION_NAMES, ACTIVATIONS, elu, leakyRelu, thresholdedRelu } from "../../lib/src/functions/activations";
import { constant, INITIALIZER_NAMES, INITIALIZERS, randomNormal, randomUniform } from "../../lib/src/functions/initializers";
import { categoricalCrossentropy, huber, LOSS_NAMES, LOSSES } from "../../lib/src/functions/losses";
import { l1, l1l2, l2, REGULARIZERS } from "../../lib/src/functions/regularizers";
import { LAYERS, layerFromConfig } from "../../lib/src/layers";
import { OPTIMIZERS, SGD } from "../../lib/src/training/optimizers";

const Z = Matrix.from([[-2, -0.5, 0, 0.3, 1.7]]);

describe("Registry", () => {
  test("unknown names list the known ones; a name registered twice is an error", () => {
    const r = new Registry<number>("thing");
    r.register("one", () => 1);
    expect(r.fromConfig("one")).toBe(1);
    expect(() => r.fromConfig({ name: "two" })).toThrow(/unknown thing "two". Known: one/);
    expect(() => r.register("one", () => 1)).toThrow(/registered twice/);
    expect(() => r.fromConfig(42 as unknown as string)).toThrow(/a thing config must be a name or an object/);
  });

  test("layers share the Registry (keyed by className): a class registered twice is an error too", () => {
    expect(LAYERS.key).toBe("className");
    expect(() => LAYERS.register("Dense", () => layerFromConfig({ className: "Dense", name: "d" }))).toThrow(/the layer "Dense" is registered twice/);
  });

  test("each kind's one list of names is exactly what it registers", () => {
    expect([...LOSSES.names()].sort()).toEqual([...LOSS_NAMES].sort());
    expect([...INITIALIZERS.names()].sort()).toEqual([...INITIALIZER_NAMES].sort());
    expect(ACTIVATIONS.names().filter((n) => n !== "hard_sigmoid_keras2").sort()).toEqual([...ACTIVATION_NAMES].sort());
  });
});

describe("one set of config readers for every kind", () => {
  test("a layer's field errors name the field; a function's also name the function", () => {
    expect(() => configInt({ className: "Dense", name: "d", units: "4" }, "units")).toThrow(/^field "units" must be an integer, got string "4"\.$/);
    expect(() => configNumber({ name: "elu", alpha: "1" }, "alpha", 1)).toThrow(/^the elu config field "alpha" must be a number, got string "1"\.$/);
    expect(configNumber({ name: "elu" }, "alpha", 1)).toBe(1);
    expect(configBoolean({ name: "huber" }, "fromLogits", false)).toBe(false);
    expect(() => configBoolean({ className: "Dense", name: "d" }, "useBias")).toThrow(/field "useBias" must be true or false, got nothing \(the field is missing\)/);
    expect(() => configIntList({ className: "Conv2D", name: "c", kernelSize: [0, 3] }, "kernelSize", false)).toThrow(/field "kernelSize" must be a list of positive integers, got \[0,3\]/);
  });
});

describe("every registered piece round-trips through its config", () => {
  test.each(ACTIVATIONS.names())("activation %s", (name) => {
    const fn = ACTIVATIONS.fromConfig(name);
    const again = ACTIVATIONS.fromConfig(fn.getConfig!());
    expect(again.getConfig!()).toEqual(fn.getConfig!());
    expect(Z.map((z) => again.f(z)).toArray()).toEqual(Z.map((z) => fn.f(z)).toArray());
  });

  test("activations with constants keep them: leakyRelu(0.1), elu(0.5), thresholdedRelu(2)", () => {
    for (const fn of [leakyRelu(0.1), elu(0.5), thresholdedRelu(2)]) {
      const again = ACTIVATIONS.fromConfig(fn.getConfig!());
      expect(Z.map((z) => again.f(z)).toArray()).toEqual(Z.map((z) => fn.f(z)).toArray());
      expect(Z.map((z) => again.df(z)).toArray()).toEqual(Z.map((z) => fn.df(z)).toArray());
    }
    expect(leakyRelu(0.1).getConfig!()).toEqual({ name: "leaky_relu", alpha: 0.1 });
  });

  test.each(INITIALIZERS.names())("initializer %s", (name) => {
    const init = INITIALIZERS.fromConfig(name);
    const again = INITIALIZERS.fromConfig(init.getConfig!());
    expect(again.create(3, 4, new Random(1)).toArray()).toEqual(init.create(3, 4, new Random(1)).toArray());
  });

  test("initializers with settings keep them", () => {
    for (const init of [constant(0.3), randomUniform({ minval: -1, maxval: 2 }), randomNormal({ mean: 1, stddev: 3 })]) {
      const again = INITIALIZERS.fromConfig(init.getConfig!());
      expect(again.getConfig!()).toEqual(init.getConfig!());
      expect(again.create(2, 3, new Random(5)).toArray()).toEqual(init.create(2, 3, new Random(5)).toArray());
    }
  });

  const P = Matrix.from([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]);
  const Y = Matrix.from([[1, 0, 0], [0, 0, 1]]);
  test.each(LOSSES.names().filter((n) => !n.startsWith("sparse")))("loss %s", (name) => {
    const loss = LOSSES.fromConfig(name);
    const again = LOSSES.fromConfig(loss.getConfig!());
    expect(again.forward(P, Y)).toBe(loss.forward(P, Y));
  });

  test("losses with settings keep them: huber δ, fromLogits", () => {
    expect(LOSSES.fromConfig(huber({ delta: 0.5 }).getConfig!()).forward(P, Y)).toBe(huber({ delta: 0.5 }).forward(P, Y));
    const ce = categoricalCrossentropy({ fromLogits: true });
    expect(ce.getConfig!()).toEqual({ name: "categorical_crossentropy", fromLogits: true });
    expect(LOSSES.fromConfig(ce.getConfig!()).forward(P, Y)).toBe(ce.forward(P, Y));
  });

  test("regularizers", () => {
    const W = Matrix.from([[1, -2], [0.5, 3]]);
    for (const r of [l1(0.1), l2(0.01), l1l2({ l1: 0.2, l2: 0.3 })]) {
      const again = REGULARIZERS.fromConfig(r.getConfig());
      expect(again.penalty(W)).toBe(r.penalty(W));
    }
  });

  test.each(OPTIMIZERS.names())("optimizer %s", (name) => {
    const opt = OPTIMIZERS.fromConfig({ name, learningRate: 0.05 });
    expect(OPTIMIZERS.fromConfig(opt.getConfig()).getConfig()).toEqual(opt.getConfig());
    expect(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }).getConfig()).toEqual(
      OPTIMIZERS.fromConfig({ name: "sgd", learningRate: 0.1, momentum: 0.9, nesterov: true }).getConfig(),
    );
  });

  test("every layer class is registered by its own file", () => {
    expect(LAYERS.names().sort()).toEqual(
      ["Activation", "AveragePooling2D", "BatchNorm", "BatchNormalization", "Conv2D", "Dense", "Dropout", "Flatten", "MaxPool2D", "MaxPooling2D", "PReLU"],
    );
    expect(() => layerFromConfig({ className: "Dense", name: "d", units: 2, activation: { name: "leaky_relu", alpha: 0.1 }, useBias: true, kernelInitializer: "zeros", biasInitializer: "zeros" })).not.toThrow();
  });
});
