/**
 * Initializers: the numbers a layer's weights start from.
 *
 * Every initializer draws from a seeded `Random`, so the same seed gives the same initial
 * weights on every run. Names and formulas follow Keras (`"glorot_uniform"` is the Keras default
 * for the kernel of a `Dense` layer, `"zeros"` for its bias):
 *
 * | name | distribution | variance |
 * |---|---|---|
 * | `zeros`, `ones`, `constant(v)` | every entry the same | 0 |
 * | `random_uniform` | U(−0.05, 0.05) (`randomUniform({ minval, maxval })`) | (max − min)²/12 |
 * | `random_normal` | N(0, 0.05²) (`randomNormal({ mean, stddev })`) | stddev² |
 * | `glorot_uniform` (Xavier) | U(±√(6/(fanIn+fanOut))) | 2/(fanIn+fanOut) |
 * | `glorot_normal` (Xavier) | truncated normal, std √(2/(fanIn+fanOut))/0.8796 | 2/(fanIn+fanOut) |
 * | `he_uniform` | U(±√(6/fanIn)) | 2/fanIn |
 * | `he_normal` | truncated normal, std √(2/fanIn)/0.8796 | 2/fanIn |
 * | `lecun_uniform` | U(±√(3/fanIn)) | 1/fanIn |
 * | `lecun_normal` | truncated normal, std √(1/fanIn)/0.8796 | 1/fanIn |
 *
 * (Truncated normal: values beyond ±2 std are drawn again; 0.8796… is the std of a unit normal
 * truncated to [−2, 2], so the variance comes out exactly as in the last column.)
 *
 * `fanIn` is the number of inputs of a neuron, `fanOut` the number of neurons of the layer.
 * A `Dense` layer's `W` is `units × inputs` = `fanOut × fanIn` (the lecture's layout).
 *
 * ```ts
 * const W = getInitializer("glorot_uniform").create(4, 2, new Random(0)); // 4 × 2
 * ```
 */
import { Config, configNumber, configOf, Registry } from "../core/registry";
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";

/** Something that creates a starting matrix for a parameter. */
export interface Initializer {
  /** Keras-style name, e.g. `"glorot_uniform"`; stored in layer configs. */
  readonly name: string;
  /**
   * Its settings as JSON, e.g. `{ name: "random_normal", mean: 0, stddev: 1 }`; a custom initializer
   * also needs an entry in `INITIALIZERS` to be saved and loaded.
   */
  getConfig(): Config;
  /**
   * A new `rows × cols` matrix drawn from `rng`.
   * @param fanIn inputs per neuron (default `cols`, right for a Dense `W` of shape units × inputs)
   * @param fanOut neurons in the layer (default `rows`)
   */
  create(rows: number, cols: number, rng: Random, fanIn?: number, fanOut?: number): Matrix;
}

/**
 * The names `getInitializer` knows (Keras names). The one list of names: `InitializerName` is
 * derived from it, and `INITIALIZERS` registers exactly these (a test checks).
 */
export const INITIALIZER_NAMES = Object.freeze([
  "zeros",
  "ones",
  "constant",
  "random_uniform",
  "random_normal",
  "glorot_uniform",
  "glorot_normal",
  "he_uniform",
  "he_normal",
  "lecun_uniform",
  "lecun_normal",
] as const);

/** Names accepted by `getInitializer`. */
export type InitializerName = (typeof INITIALIZER_NAMES)[number];

/** All zeros: the usual start for biases. (Never for weights: every neuron would stay identical.) */
export const zeros: Initializer = {
  name: "zeros",
  getConfig: () => ({ name: "zeros" }),
  create(rows: number, cols: number): Matrix {
    return Matrix.zeros(rows, cols);
  },
};

/** Standard deviation of a unit normal truncated to [−2, 2]: Keras divides by it so the final variance is exact. */
export const TRUNCATED_NORMAL_STD = 0.87962566103423978;

/** Checks a number option of an initializer. */
function checkFinite(who: string, what: string, v: number): void {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${who}: ${what} must be a finite number, got ${String(v)}.`);
}

/** A matrix filled by calling `draw()` for every entry. */
function fill(rows: number, cols: number, draw: () => number): Matrix {
  const m = new Matrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = draw();
  return m;
}

/** A normal number with standard deviation `std`, redrawn while it lies more than 2 std from 0 (Keras' truncated normal). */
function truncatedNormal(rng: Random, std: number): number {
  let z: number;
  do z = rng.normal(); while (Math.abs(z) > 2);
  return std * z;
}

/** All ones: Keras' start for batch norm's scale γ. */
export const ones: Initializer = {
  name: "ones",
  getConfig: () => ({ name: "ones" }),
  create(rows: number, cols: number): Matrix {
    return Matrix.full(rows, cols, 1);
  },
};

/**
 * Every entry equal to `value` (Keras `Constant`, default 0). Saved by its name `"constant"` only:
 * a loaded model gets its weights from the file, so the value does not need to survive.
 */
export function constant(value = 0): Initializer {
  checkFinite("constant", "value", value);
  return { name: "constant", getConfig: () => ({ name: "constant", value }), create: (rows: number, cols: number) => Matrix.full(rows, cols, value) };
}

/**
 * W ~ U(minval, maxval) (Keras `RandomUniform`, defaults −0.05 and 0.05): mean (min + max)/2,
 * variance (max − min)²/12. Ignores the fans — the scale does not adapt to the layer's size.
 */
export function randomUniform(options: { minval?: number; maxval?: number } = {}): Initializer {
  const { minval = -0.05, maxval = 0.05 } = options;
  checkFinite("randomUniform", "minval", minval);
  checkFinite("randomUniform", "maxval", maxval);
  if (!(maxval > minval)) throw new Error(`randomUniform: need minval < maxval, got ${minval} and ${maxval}.`);
  return {
    name: "random_uniform",
    getConfig: () => ({ name: "random_uniform", minval, maxval }),
    create: (rows: number, cols: number, rng: Random) => fill(rows, cols, () => rng.uniform(minval, maxval)),
  };
}

/**
 * W ~ N(mean, stddev²) (Keras `RandomNormal`, defaults 0 and 0.05), not truncated. Ignores the
 * fans: `randomNormal({ stddev: 1 })` is the classic "too large" start of a deep network.
 */
export function randomNormal(options: { mean?: number; stddev?: number } = {}): Initializer {
  const { mean = 0, stddev = 0.05 } = options;
  checkFinite("randomNormal", "mean", mean);
  checkFinite("randomNormal", "stddev", stddev);
  if (stddev < 0) throw new Error(`randomNormal: stddev must be ≥ 0, got ${stddev}.`);
  return {
    name: "random_normal",
    getConfig: () => ({ name: "random_normal", mean, stddev }),
    create: (rows: number, cols: number, rng: Random) => fill(rows, cols, () => rng.normal(mean, stddev)),
  };
}

/**
 * Keras' `VarianceScaling`, the family behind Glorot, He and LeCun: the target variance is
 *
 *   σ² = scale / n,   n = fanIn ("fan_in"), fanOut ("fan_out") or (fanIn + fanOut)/2 ("fan_avg")
 *
 * drawn either uniformly, W ~ U(−limit, limit) with limit = √(3σ²) (a uniform on [−a, a] has
 * variance a²/3), or from a normal truncated at ±2 std with std = σ / 0.8796… (so the truncated
 * draw has variance exactly σ²).
 */
function varianceScaling(
  name: string,
  scale: number,
  mode: "fan_in" | "fan_out" | "fan_avg",
  distribution: "uniform" | "truncated_normal",
): Initializer {
  return {
    name,
    getConfig: () => ({ name }),
    create(rows: number, cols: number, rng: Random, fanIn = cols, fanOut = rows): Matrix {
      // σ² = k·scale / d with d = fanIn, fanOut or fanIn + fanOut (k = 2 for fan_avg), written so that
      // glorot_uniform's limit is computed exactly as √(6 / (fanIn + fanOut)).
      const k = mode === "fan_avg" ? 2 : 1;
      const d = Math.max(1, mode === "fan_in" ? fanIn : mode === "fan_out" ? fanOut : fanIn + fanOut);
      if (distribution === "uniform") {
        const limit = Math.sqrt((3 * scale * k) / d);
        return fill(rows, cols, () => rng.uniform(-limit, limit));
      }
      const std = Math.sqrt((scale * k) / d) / TRUNCATED_NORMAL_STD;
      return fill(rows, cols, () => truncatedNormal(rng, std));
    },
  };
}

/**
 * Glorot (Xavier) uniform, the Keras default for Dense kernels:
 *
 *   W ~ U(−limit, limit),  limit = √(6 / (fanIn + fanOut)),  variance 2 / (fanIn + fanOut)
 *
 * which keeps the variance of the signal about the same forward and backward through the layer
 * (Glorot & Bengio 2010), suited to tanh/sigmoid/linear layers.
 */
export const glorotUniform: Initializer = varianceScaling("glorot_uniform", 1, "fan_avg", "uniform");

/**
 * Glorot (Xavier) normal: a normal truncated at ±2 std with
 *
 *   std = √(2 / (fanIn + fanOut)) / 0.8796…,  so the variance is exactly 2 / (fanIn + fanOut).
 */
export const glorotNormal: Initializer = varianceScaling("glorot_normal", 1, "fan_avg", "truncated_normal");

/**
 * He (Kaiming) uniform, for ReLU layers: W ~ U(−limit, limit), limit = √(6 / fanIn), variance 2 / fanIn.
 */
export const heUniform: Initializer = varianceScaling("he_uniform", 2, "fan_in", "uniform");

/**
 * He normal (Kaiming), for ReLU layers, as Keras does it: a normal distribution truncated at two
 * standard deviations (values further out are drawn again), with
 *
 *   std = √(2 / fanIn) / 0.8796…
 *
 * (0.8796… is the standard deviation of a unit normal truncated to [−2, 2]; dividing by it makes
 * the final variance exactly 2 / fanIn, the value that keeps ReLU activations from shrinking or
 * growing layer after layer — He et al. 2015: ReLU zeroes half of its inputs, the 2 makes up for it).
 */
export const heNormal: Initializer = varianceScaling("he_normal", 2, "fan_in", "truncated_normal");

/** LeCun uniform (for SELU): W ~ U(−limit, limit), limit = √(3 / fanIn), variance 1 / fanIn. */
export const lecunUniform: Initializer = varianceScaling("lecun_uniform", 1, "fan_in", "uniform");

/** LeCun normal (for SELU): truncated normal with std = √(1 / fanIn) / 0.8796…, variance exactly 1 / fanIn. */
export const lecunNormal: Initializer = varianceScaling("lecun_normal", 1, "fan_in", "truncated_normal");

/**
 * The registry behind `getInitializer`. The parameterised ones are registered with Keras'
 * defaults: `"constant"` = 0, `"random_uniform"` = U(−0.05, 0.05), `"random_normal"` = N(0, 0.05²).
 */
const BY_NAME: Record<InitializerName, Initializer> = {
  zeros,
  ones,
  constant: constant(0),
  random_uniform: randomUniform(),
  random_normal: randomNormal(),
  glorot_uniform: glorotUniform,
  glorot_normal: glorotNormal,
  he_uniform: heUniform,
  he_normal: heNormal,
  lecun_uniform: lecunUniform,
  lecun_normal: lecunNormal,
};

/** Every initializer by name, rebuilt from its config (`INITIALIZERS.fromConfig({ name: "constant", value: 0.1 })`). */
export const INITIALIZERS = new Registry<Initializer, InitializerName>("initializer");
for (const [name, init] of Object.entries(BY_NAME)) {
  if (name !== "constant" && name !== "random_uniform" && name !== "random_normal") INITIALIZERS.register(name as InitializerName, () => init);
}
INITIALIZERS.register("constant", (c) => constant(configNumber(c, "value", 0)));
INITIALIZERS.register("random_uniform", (c) => randomUniform({ minval: configNumber(c, "minval", -0.05), maxval: configNumber(c, "maxval", 0.05) }));
INITIALIZERS.register("random_normal", (c) => randomNormal({ mean: configNumber(c, "mean", 0), stddev: configNumber(c, "stddev", 0.05) }));

/** How a layer saves an initializer: its bare name when it has no settings, else its config. */
export function initializerToConfig(init: Initializer): string | Config {
  const c = configOf(init, "initializer", INITIALIZERS);
  return Object.keys(c).length === 1 ? c.name : c;
}

/** The initializer a layer config names (`"he_normal"` or `{ name, … }`). */
export function initializerFromConfig(v: unknown): Initializer {
  return INITIALIZERS.fromConfig(v as Config | string);
}

/**
 * The initializer with this Keras name, or the given `Initializer` itself.
 * Unknown names throw an error that lists the known ones.
 */
export function getInitializer(init: InitializerName | Initializer): Initializer {
  if (typeof init === "object" && init !== null && typeof init.create === "function") return init;
  const found = typeof init === "string" ? (BY_NAME as Record<string, Initializer | undefined>)[init] : undefined;
  if (!found) {
    throw new Error(
      `getInitializer: unknown initializer ${JSON.stringify(init)}. ` +
        `Known: ${Object.keys(BY_NAME).map((n) => `"${n}"`).join(", ")}, or an object with name and create().`,
    );
  }
  return found;
}
