/**
 * The configuration protocol (core/registry.ts): every registered piece of every kind rebuilds from
 * its own config into a piece with the same config and the same numbers.
 */
import { describe, expect, test } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";
import { Registry } from "../../lib/src/core/registry";
import { ACTIVATIONS, elu, leakyRelu, thresholdedRelu } from "../../lib/src/functions/activations";
import { constant, INITIALIZERS, randomNormal, randomUniform } from "../../lib/src/functions/initializers";
import { categoricalCrossentropy, huber, LOSSES } from "../../lib/src/functions/losses";
import { l1, l1l2, l2, REGULARIZERS } from "../../lib/src/functions/regularizers";
import { layerFromConfig, registeredLayerClasses } from "../../lib/src/layers";
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
    expect(registeredLayerClasses().sort()).toEqual(
      ["Activation", "AveragePooling2D", "BatchNorm", "BatchNormalization", "Conv2D", "Dense", "Dropout", "Flatten", "MaxPool2D", "MaxPooling2D"],
    );
    expect(() => layerFromConfig({ className: "Dense", name: "d", units: 2, activation: { name: "leaky_relu", alpha: 0.1 }, useBias: true, kernelInitializer: "zeros", biasInitializer: "zeros" })).not.toThrow();
  });
});
