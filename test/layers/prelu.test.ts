/** PReLU (Keras' layers.PReLU): a leaky ReLU whose negative slope α is learned, one per input number. */
import { describe, expect, test } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";
import { constant } from "../../lib/src/functions/initializers";
import { leakyRelu } from "../../lib/src/functions/activations";
import { Activation, Dense, layerFromConfig, PReLU } from "../../lib/src/layers";
import { Sequential } from "../../lib/src/training/model";
import { modelFromJSON, modelToJSON } from "../../lib/src/training/serialization";
import { SGD } from "../../lib/src/training/optimizers";
import { checkLayer } from "../helpers/layers";

describe("PReLU", () => {
  test("starts as ReLU (α = 0, Keras' default) and keeps the input's shape", () => {
    const p = new PReLU({ inputDim: 3 });
    expect(p.alpha.toArray()).toEqual([[0, 0, 0]]);
    expect(p.forward(Matrix.from([[-2, 0, 3], [1, -0.5, -1]])).toArray()).toEqual([[0, 0, 3], [1, 0, 0]]);
    expect(p.computeOutputShape([26, 26, 8])).toEqual([26, 26, 8]);
    expect(p.countParams()).toBe(3);
    expect(new PReLU().name).toMatch(/^p_re_lu/);
  });

  test("hand-computed forward and backward, α per column; the gradient is 0 at x = 0 (TensorFlow's)", () => {
    const p = new PReLU({ inputDim: 3, alphaInitializer: constant(0.25) });
    p.setWeights([[[0.5, 0.25, 0.125]]]);
    const X = Matrix.from([[-2, 0, 3], [4, -1, -10]]);
    expect(p.forward(X).toArray()).toEqual([[-1, 0, 3], [4, -0.25, -1.25]]);
    const dX = p.backward(Matrix.from([[1, 2, 3], [4, 5, 6]]));
    expect(dX.toArray()).toEqual([[0.5, 0, 3], [4, 1.25, 0.75]]);
    // dα_j = Σᵢ dY_ij · min(X_ij, 0): column 0: 1·(−2); column 1: 2·0 + 5·(−1); column 2: 6·(−10)
    expect(p.params()[0].grad.toArray()).toEqual([[-2, -5, -60]]);
  });

  test("with α fixed it is the leaky ReLU activation, bit for bit", () => {
    const X = Matrix.uniform(6, 5, new Random(1), -2, 2);
    const p = new PReLU({ inputDim: 5, alphaInitializer: constant(0.1) });
    const a = new Activation(leakyRelu(0.1), { inputDim: 5 });
    expect(p.forward(X).toArray()).toEqual(a.forward(X).toArray());
    const G = Matrix.uniform(6, 5, new Random(2), -1, 1);
    expect(p.backward(G).toArray()).toEqual(a.backward(G).toArray());
  });

  test("gradients of X and α against central differences", () => {
    const p = new PReLU({ inputDim: 4, alphaInitializer: constant(0.3) });
    p.setWeights([[[0.3, -0.2, 0.05, 0.7]]]);
    checkLayer(p, Matrix.uniform(5, 4, new Random(3), -1, 1));
  });

  test("α is learned in a model, and the layer saves and loads (registered)", () => {
    const rng = new Random(4);
    const x = Matrix.uniform(32, 3, rng, -1, 1), y = x.map((v) => v * 0.5);
    const model = new Sequential([new Dense(4, { inputDim: 3 }), new PReLU(), new Dense(3)], { seed: 2 });
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: "mse" });
    model.fit(x, y, { epochs: 5, batchSize: 8, seed: 1 });
    const alpha = model.layers[1].getWeights()[0];
    expect(alpha.maxAbs()).toBeGreaterThan(0);
    const again = modelFromJSON(modelToJSON(model));
    expect(again.predict(x).toArray()).toEqual(model.predict(x).toArray());
    expect(layerFromConfig(model.layers[1].getConfig()).className).toBe("PReLU");
  });
});
