/**
 * Lecture 004's worked example, every number reproduced by the library:
 *
 *   I = (0.5, 0.7), W1 = [[1, 3], [−2, 4]] (row j = weights into hidden neuron j), W2 = (0.5, 0.3),
 *   no biases, hidden activation linear or ReLU (all hidden sums are positive, so both agree),
 *   target t = 1, E = ½(O − t)² (the "quadratic" loss), SGD with η = 0.1, one step.
 */
import { describe, expect, test } from "vitest";
import { Dense } from "../../lib/src/layers";
import { getLoss } from "../../lib/src/functions/losses";
import { Matrix } from "../../lib/src/core/matrix";
import { Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";

const TOL = 1e-12;
const I = Matrix.from([[0.5, 0.7]]); // one sample = one row
const t = Matrix.from([[1]]);
const W1 = [[1, 3], [-2, 4]];
const W2 = [[0.5, 0.3]];

function expectMatrix(actual: Matrix, expected: number[][], tol = TOL): void {
  expect(actual.shape).toEqual([expected.length, expected[0].length]);
  actual.toArray().forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected[i][j])).toBeLessThan(tol)));
}

function lectureNet(hidden: "linear" | "relu") {
  const layer1 = new Dense(2, { inputDim: 2, useBias: false, activation: hidden });
  const layer2 = new Dense(1, { useBias: false });
  const model = new Sequential([layer1, layer2]);
  model.setWeights([W1, W2]);
  return { model, layer1, layer2 };
}

describe.each(["linear", "relu"] as const)("lecture 004, hidden activation %s", (hidden) => {
  test("forward, backward and one SGD step by hand: every intermediate number", () => {
    const { layer1, layer2 } = lectureNet(hidden);
    const loss = getLoss("quadratic");

    const L2 = layer1.forward(I);
    expectMatrix(L2, [[2.6, 1.8]]); // the slide's 0.5 + 2.5 is an erratum: 0.5·1 + 0.7·3 = 0.5 + 2.1
    const O = layer2.forward(L2);
    expectMatrix(O, [[1.84]]);
    expect(loss.forward(O, t)).toBeCloseTo(0.3528, 12);

    const dO = loss.backward(O, t);
    expectMatrix(dO, [[0.84]]);
    const delta2 = layer2.backward(dO);
    expectMatrix(layer2.dW, [[2.184, 1.512]]);
    expectMatrix(delta2, [[0.42, 0.252]]);
    const dI = layer1.backward(delta2);
    expectMatrix(layer1.dW, [[0.21, 0.294], [0.126, 0.1764]]);
    expectMatrix(dI, [[0.42 * 1 + 0.252 * -2, 0.42 * 3 + 0.252 * 4]]); // ∂E/∂I = δ2·W1

    new SGD({ learningRate: 0.1 }).step([...layer1.params(), ...layer2.params()]);
    expectMatrix(layer2.W, [[0.2816, 0.1488]]);
    expectMatrix(layer1.W, [[0.979, 2.9706], [-2.0126, 3.98236]]);
    expectMatrix(layer1.forward(I), [[2.56892, 1.781352]]);
  });

  test("the same step through model.fit (batchSize 1, no shuffling)", () => {
    const { model, layer1, layer2 } = lectureNet(hidden);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: "quadratic" });
    const history = model.fit(I, t, { epochs: 1, batchSize: 1, shuffle: false });
    // The logged loss of the epoch is the loss before its (only) step.
    expect(history.history.loss).toHaveLength(1);
    expect(Math.abs(history.history.loss[0] - 0.3528)).toBeLessThan(TOL);
    expectMatrix(layer2.W, [[0.2816, 0.1488]]);
    expectMatrix(layer1.W, [[0.979, 2.9706], [-2.0126, 3.98236]]);
    expectMatrix(layer1.forward(I), [[2.56892, 1.781352]]);

    // With BOTH updated weights: the value of the slide's epoch table.
    const O = model.predict(I).get(0, 0);
    expect(Math.abs(O - 0.9884730496)).toBeLessThan(TOL);
    expect(O.toFixed(6)).toBe("0.988473");
    const E = model.evaluate(I, t).loss;
    expect(Math.abs(E - 810977694849 / 12207031250000000)).toBeLessThan(TOL); // ½(O − 1)² exactly
    expect(E.toFixed(6)).toBe("0.000066"); // the table's 6 decimals
    // Exactly E = 0.000066435…, i.e. 0.0000664 to 7 decimals. The course outline quotes
    // "0.0000663", which agrees only to about 1.4e-7 (it is off by one in the last digit).
    expect(E.toFixed(7)).toBe("0.0000664");
    expect(Math.abs(E - 0.0000663)).toBeLessThan(2e-7);
  });

  test("erratum: the slide 'recomputes' with the new W1 but the OLD W2 and gets 1.8188", () => {
    const { model, layer1 } = lectureNet(hidden);
    layer1.setWeights([[[0.979, 2.9706], [-2.0126, 3.98236]]]); // W1' only; W2 stays (0.5, 0.3)
    const O = model.predict(I).get(0, 0);
    expect(Math.abs(O - 1.8188656)).toBeLessThan(TOL);
    expect(O.toFixed(4)).toBe("1.8189"); // the slide truncates to 1.8188
    expect(Math.abs(O - 1.8188)).toBeLessThan(1e-4);
    const E = getLoss("quadratic").forward(model.predict(I), t);
    expect(Math.abs(E - 0.33527043543168)).toBeLessThan(TOL);
    expect(Math.abs(E - 0.3352)).toBeLessThan(1e-4); // the slide: 0.33521672 = ½(1.8188 − 1)²
  });
});
