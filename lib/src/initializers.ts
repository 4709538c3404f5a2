/**
 * Initializers: the numbers a layer's weights start from.
 *
 * Every initializer draws from a seeded `Random`, so the same seed gives the same initial
 * weights on every run. Names follow Keras (`"glorot_uniform"` is the Keras default for the
 * kernel of a `Dense` layer, `"zeros"` for its bias).
 *
 * `fanIn` is the number of inputs of a neuron, `fanOut` the number of neurons of the layer.
 * A `Dense` layer's `W` is `units × inputs` = `fanOut × fanIn` (the lecture's layout).
 *
 * ```ts
 * const W = getInitializer("glorot_uniform").create(4, 2, new Random(0)); // 4 × 2
 * ```
 */
import { Matrix } from "./matrix";
import { Random } from "./random";

/** Something that creates a starting matrix for a parameter. */
export interface Initializer {
  /** Keras-style name, e.g. `"glorot_uniform"`; stored in layer configs. */
  readonly name: string;
  /**
   * A new `rows × cols` matrix drawn from `rng`.
   * @param fanIn inputs per neuron (default `cols`, right for a Dense `W` of shape units × inputs)
   * @param fanOut neurons in the layer (default `rows`)
   */
  create(rows: number, cols: number, rng: Random, fanIn?: number, fanOut?: number): Matrix;
}

/** Names accepted by `getInitializer`. */
export type InitializerName = "zeros" | "glorot_uniform" | "he_normal";

/** All zeros: the usual start for biases. (Never for weights: every neuron would stay identical.) */
export const zeros: Initializer = {
  name: "zeros",
  create(rows: number, cols: number): Matrix {
    return Matrix.zeros(rows, cols);
  },
};

/**
 * Glorot (Xavier) uniform, the Keras default for Dense kernels:
 *
 *   W ~ U(−limit, limit),  limit = √(6 / (fanIn + fanOut))
 *
 * which keeps the variance of the signal about the same forward and backward through the layer
 * (Glorot & Bengio 2010), suited to tanh/sigmoid/linear layers.
 */
export const glorotUniform: Initializer = {
  name: "glorot_uniform",
  create(rows: number, cols: number, rng: Random, fanIn = cols, fanOut = rows): Matrix {
    const limit = Math.sqrt(6 / Math.max(1, fanIn + fanOut));
    const m = new Matrix(rows, cols);
    for (let k = 0; k < m.data.length; k++) m.data[k] = rng.uniform(-limit, limit);
    return m;
  },
};

/**
 * He normal (Kaiming), for ReLU layers, as Keras does it: a normal distribution truncated at two
 * standard deviations (values further out are drawn again), with
 *
 *   std = √(2 / fanIn) / 0.8796…
 *
 * (0.8796… is the standard deviation of a unit normal truncated to [−2, 2]; dividing by it makes
 * the final variance exactly 2 / fanIn, the value that keeps ReLU activations from shrinking or
 * growing layer after layer — He et al. 2015).
 */
export const heNormal: Initializer = {
  name: "he_normal",
  create(rows: number, cols: number, rng: Random, fanIn = cols): Matrix {
    const std = Math.sqrt(2 / Math.max(1, fanIn)) / 0.87962566103423978;
    const m = new Matrix(rows, cols);
    for (let k = 0; k < m.data.length; k++) {
      let z: number;
      do z = rng.normal(); while (Math.abs(z) > 2);
      m.data[k] = std * z;
    }
    return m;
  },
};

/** The registry behind `getInitializer`; a later notebook adds more entries. */
const INITIALIZERS: Record<InitializerName, Initializer> = {
  zeros,
  glorot_uniform: glorotUniform,
  he_normal: heNormal,
};

/**
 * The initializer with this Keras name, or the given `Initializer` itself.
 * Unknown names throw an error that lists the known ones.
 */
export function getInitializer(init: InitializerName | Initializer): Initializer {
  if (typeof init === "object" && init !== null && typeof init.create === "function") return init;
  const found = typeof init === "string" ? (INITIALIZERS as Record<string, Initializer | undefined>)[init] : undefined;
  if (!found) {
    throw new Error(
      `getInitializer: unknown initializer ${JSON.stringify(init)}. ` +
        `Known: ${Object.keys(INITIALIZERS).map((n) => `"${n}"`).join(", ")}, or an object with name and create().`,
    );
  }
  return found;
}
