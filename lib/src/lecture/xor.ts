/**
 * The XOR experiments of notebook 01 as one function, so that a notebook cell, an exercise check
 * and a test train exactly the same network.
 */
import { Matrix } from "../core/matrix";
import { Dense } from "../layers";
import { Sequential } from "../training/model";
import { SGD } from "../training/optimizers";
import type { ElementwiseActivationName } from "../functions/activations";
import { t } from "../core/i18n";

/** The four XOR inputs (rows) and targets: XOR(x₁, x₂) = 1 when exactly one input is 1. */
export function xorData(): { X: Matrix; y: Matrix } {
  return { X: Matrix.from([[0, 0], [0, 1], [1, 0], [1, 1]]), y: Matrix.from([[0], [1], [1], [0]]) };
}

/** Options of {@link trainXorNet}. */
export interface XorNetOptions {
  /** Hidden units (default 4). */
  hidden?: number;
  /** Hidden activation (default "tanh"); the output is always a sigmoid. */
  activation?: ElementwiseActivationName;
  /** Seed of the initial weights (default 1). */
  seed?: number;
  /** Full-batch epochs of SGD (default 1500). */
  epochs?: number;
  /** Learning rate (default 0.5). */
  learningRate?: number;
}

/**
 * Trains a 2-h-1 network on XOR exactly as notebook 01 does: hidden `Dense(h, activation)`, a sigmoid
 * output, binary cross-entropy, SGD with rate 0.5, the 4 points as one batch, no shuffling.
 *
 * @returns the model, its final loss and its accuracy on the 4 points (0, 0.25, 0.5, 0.75 or 1)
 */
export function trainXorNet(options: XorNetOptions = {}): { model: Sequential; loss: number; accuracy: number } {
  const { hidden = 4, activation = "tanh", seed = 1, epochs = 1500, learningRate = 0.5 } = options;
  if (!Number.isInteger(hidden) || hidden < 1) throw new Error(t`trainXorNet: hidden = ${hidden} must be a positive integer (the number of hidden units).`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(t`trainXorNet: epochs = ${epochs} must be a positive integer.`);
  const { X, y } = xorData();
  const model = new Sequential([
    new Dense(hidden, { inputDim: 2, activation }),
    new Dense(1, { activation: "sigmoid" }),
  ], { seed });
  model.compile({ optimizer: new SGD({ learningRate }), loss: "binary_crossentropy", metrics: ["accuracy"] });
  const history = model.fit(X, y, { epochs, batchSize: 4, shuffle: false });
  const losses = history.history.loss;
  return { model, loss: losses[losses.length - 1], accuracy: model.evaluate(X, y).accuracy };
}
