/**
 * Activation functions: the non-linearity `a = f(z)` a neuron applies to its weighted sum
 * z = Σ wᵢxᵢ + b, together with the derivative f′(z) that backpropagation needs.
 *
 * The names and default constants follow Keras 3 (`keras.activations`), the set lecture 003 lists.
 * Every element-wise activation is an {@link ActivationFn} with `f` and `df`:
 *
 * ```ts
 * const act = getActivation("sigmoid");
 * act.f(0.3);            // 0.574442516811659 — lecture 002's σ(0.3) ≈ 0.5744
 * act.df(0.3);           // σ(0.3)·(1 − σ(0.3))
 * Z.map(act.f);          // applied to every entry of a matrix (f and df need no `this`)
 * ```
 *
 * Softmax is different: each output depends on the whole row, so it is not an `ActivationFn`.
 * Use {@link softmax} and {@link softmaxBackward} (the Dense/Activation layers do this for you
 * when you pass `"softmax"`).
 *
 * Points where a function has a kink (ReLU at 0, …) have no derivative; there `df` returns the
 * value TensorFlow's gradient returns, so a network trains exactly as it would in Keras. Each
 * doc comment says which value that is.
 */
import { Matrix, shapeOf } from "../core/matrix";
import { Config, configNumber, configOf, Registry } from "../core/registry";

/** An element-wise activation function and its derivative. */
export interface ActivationFn {
  /** Keras name, e.g. "relu". */
  readonly name: string;
  /** f(z), element-wise. */
  f(z: number): number;
  /** f′(z), element-wise (the derivative at z, used by backprop). */
  df(z: number): number;
  /**
   * Its settings as JSON, e.g. `{ name: "leaky_relu", alpha: 0.1 }`; a custom activation also needs
   * an entry in `ACTIVATIONS` to be saved and loaded.
   */
  getConfig(): Config;
}

/** Every activation by name, rebuilt from its config (`ACTIVATIONS.fromConfig({ name: "elu", alpha: 0.5 })`). */
export const ACTIVATIONS = new Registry<ActivationFn>("activation");

/**
 * Every element-wise activation name (Keras names), in the order notebook 01 plots them, e.g.
 * `ACTIVATION_NAMES.map((n) => getActivation(n))` to draw each one with its derivative. The one
 * list of names: `ElementwiseActivationName` and `ActivationName` are derived from it.
 */
export const ACTIVATION_NAMES = Object.freeze([
  "sigmoid",
  "tanh",
  "relu",
  "leaky_relu",
  "elu",
  "selu",
  "softplus",
  "softsign",
  "hard_sigmoid",
  "exponential",
  "thresholded_relu",
  "linear",
] as const);

/** The element-wise activation names: every `ActivationName` except `"softmax"`. */
export type ElementwiseActivationName = (typeof ACTIVATION_NAMES)[number];

/** The names `getActivation` and the layers accept (Keras names). `"softmax"` is the one that is not element-wise. */
export type ActivationName = ElementwiseActivationName | "softmax";

/** Builds an `ActivationFn` from plain functions (so `f` and `df` can be passed around unbound). */
function activation(name: string, f: (z: number) => number, df: (z: number) => number, params: Record<string, number> = {}): ActivationFn {
  return Object.freeze({ name, f, df, getConfig: (): Config => ({ name, ...params }) });
}

// ─── The functions ────────────────────────────────────────────────────────────────────────────

/**
 * Linear (identity): f(z) = z, f′(z) = 1.
 * A network whose activations are all linear computes only a linear map (W₂·W₁ is one matrix).
 */
export const linear: ActivationFn = activation("linear", (z) => z, () => 1);

/** σ(z) computed without overflow: for z < 0 use eᶻ/(1 + eᶻ), so e^(−z) is never huge. */
function stableSigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Sigmoid (logistic): σ(z) = 1/(1 + e^(−z)), σ′(z) = σ(z)(1 − σ(z)).
 * Output in (0, 1). Computed stably: σ(−1000) = 0 and σ(1000) = 1, never NaN.
 * The largest slope is σ′(0) = 1/4, which is why deep sigmoid nets suffer vanishing gradients.
 */
export const sigmoid: ActivationFn = activation("sigmoid", stableSigmoid, (z) => {
  const s = stableSigmoid(z);
  return s * (1 - s);
});

/**
 * Hyperbolic tangent: tanh(z) = (eᶻ − e^(−z))/(eᶻ + e^(−z)), tanh′(z) = 1 − tanh²(z).
 * Output in (−1, 1), zero-centred; tanh(z) = 2σ(2z) − 1.
 */
export const tanh: ActivationFn = activation("tanh", Math.tanh, (z) => {
  const t = Math.tanh(z);
  return 1 - t * t;
});

/**
 * ReLU (rectified linear unit): f(z) = max(0, z); f′(z) = 1 for z > 0, 0 for z < 0.
 * At the kink z = 0 the derivative is taken as 0 (TensorFlow's `ReluGrad` passes the gradient
 * only where z > 0).
 */
export const relu: ActivationFn = activation("relu", (z) => (z > 0 ? z : 0), (z) => (z > 0 ? 1 : 0));

/**
 * Leaky ReLU: f(z) = z for z > 0, αz otherwise; f′(z) = 1 for z > 0, α otherwise.
 * At the kink z = 0 the derivative is α (as TensorFlow's `LeakyReluGrad`).
 *
 * @param alpha the slope for negative z. Default 0.2, as `keras.activations.leaky_relu`
 *   (`negative_slope=0.2`); note the Keras *layer* `LeakyReLU` defaults to 0.3.
 */
export function leakyRelu(alpha = 0.2): ActivationFn {
  checkParameter("leakyRelu", "alpha", alpha);
  return activation("leaky_relu", (z) => (z > 0 ? z : alpha * z), (z) => (z > 0 ? 1 : alpha), { alpha });
}

/**
 * ELU (exponential linear unit): f(z) = z for z > 0, α(eᶻ − 1) otherwise;
 * f′(z) = 1 for z > 0, αeᶻ otherwise (= f(z) + α).
 * At z = 0 the derivative is αeᶻ = α (as Keras' `tf.where(x > 0, …)`; with the default α = 1
 * both sides agree and ELU is smooth there).
 *
 * @param alpha the value ELU approaches for z → −∞ is −α. Keras default 1.0.
 */
export function elu(alpha = 1): ActivationFn {
  checkParameter("elu", "alpha", alpha);
  return activation(
    "elu",
    (z) => (z > 0 ? z : alpha * Math.expm1(z)),
    (z) => (z > 0 ? 1 : alpha * Math.exp(z)),
    { alpha },
  );
}

/** SELU's scale λ (Klambauer et al. 2017), the constant Keras uses. */
export const SELU_SCALE = 1.0507009873554804934193349852946;
/** SELU's α (Klambauer et al. 2017), the constant Keras uses. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;

/**
 * SELU (scaled ELU): f(z) = λz for z > 0, λα(eᶻ − 1) otherwise;
 * f′(z) = λ for z > 0, λαeᶻ otherwise.
 * Keras constants λ ≈ 1.0507 ({@link SELU_SCALE}), α ≈ 1.67326 ({@link SELU_ALPHA}), chosen so that
 * activations keep mean 0 and variance 1 through many layers (with LeCun-normal weights).
 * At the kink z = 0 the derivative is λ (TensorFlow's `SeluGrad` uses the z ≥ 0 branch there).
 */
export const selu: ActivationFn = activation(
  "selu",
  (z) => (z > 0 ? SELU_SCALE * z : SELU_SCALE * SELU_ALPHA * Math.expm1(z)),
  (z) => (z >= 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(z)),
);

/**
 * Softplus: f(z) = ln(1 + eᶻ), a smooth ReLU; f′(z) = σ(z).
 * Computed stably as max(z, 0) + ln(1 + e^(−|z|)): softplus(1000) = 1000, softplus(−1000) = 0.
 */
export const softplus: ActivationFn = activation(
  "softplus",
  (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
  stableSigmoid,
);

/** Softsign: f(z) = z/(1 + |z|), output in (−1, 1); f′(z) = 1/(1 + |z|)². */
export const softsign: ActivationFn = activation(
  "softsign",
  (z) => z / (1 + Math.abs(z)),
  (z) => 1 / ((1 + Math.abs(z)) * (1 + Math.abs(z))),
);

/**
 * Hard sigmoid, **Keras 3** version: f(z) = relu6(z + 3)/6 = clip(z/6 + 1/2, 0, 1);
 * f′(z) = 1/6 for −3 < z < 3, 0 otherwise (also 0 at the kinks z = ±3, as TensorFlow's `Relu6Grad`).
 *
 * Keras 2 used a different line, clip(0.2z + 0.5, 0, 1) (slope 0.2 on −2.5 < z < 2.5): that one
 * is {@link hardSigmoidKeras2}. Both are cheap piecewise-linear stand-ins for σ.
 */
export const hardSigmoid: ActivationFn = activation(
  "hard_sigmoid",
  (z) => Math.min(Math.max(z / 6 + 0.5, 0), 1),
  (z) => (z > -3 && z < 3 ? 1 / 6 : 0),
);

/**
 * Hard sigmoid, **Keras 2** version (for comparison; `"hard_sigmoid"` is the Keras 3 one):
 * f(z) = clip(0.2z + 0.5, 0, 1); f′(z) = 0.2 for −2.5 ≤ z ≤ 2.5, 0 otherwise
 * (TensorFlow's `clip_by_value` gradient passes at the boundaries, hence ≤).
 */
export const hardSigmoidKeras2: ActivationFn = activation(
  "hard_sigmoid_keras2",
  (z) => Math.min(Math.max(0.2 * z + 0.5, 0), 1),
  (z) => (z >= -2.5 && z <= 2.5 ? 0.2 : 0),
);

/**
 * Exponential: f(z) = eᶻ, f′(z) = eᶻ.
 * Unbounded: it overflows to Infinity for z > 709 (as in Keras), so use it with care.
 */
export const exponential: ActivationFn = activation("exponential", Math.exp, Math.exp);

/**
 * Thresholded ReLU: f(z) = z for z > θ, 0 otherwise; f′(z) = 1 for z > θ, 0 otherwise.
 * Note the jump at z = θ (from 0 to θ): there the derivative is taken as 0, as TensorFlow's
 * gradient of `z · (z > θ)`.
 *
 * @param theta the threshold θ; Keras' `ThresholdedReLU` layer default is 1.0.
 */
export function thresholdedRelu(theta = 1): ActivationFn {
  checkParameter("thresholdedRelu", "theta", theta);
  return activation("thresholded_relu", (z) => (z > theta ? z : 0), (z) => (z > theta ? 1 : 0), { theta });
}

function checkParameter(fn: string, param: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`${fn}: ${param} must be a finite number, got ${String(value)}.`);
  }
}

// ─── Lookup by name ───────────────────────────────────────────────────────────────────────────

const BY_NAME: Readonly<Record<ElementwiseActivationName, ActivationFn>> = {
  linear,
  sigmoid,
  tanh,
  relu,
  leaky_relu: leakyRelu(),
  elu: elu(),
  selu,
  softplus,
  softsign,
  hard_sigmoid: hardSigmoid,
  exponential,
  thresholded_relu: thresholdedRelu(),
};

for (const [name, fn] of Object.entries(BY_NAME)) {
  if (name !== "leaky_relu" && name !== "elu" && name !== "thresholded_relu") ACTIVATIONS.register(name, () => fn);
}
ACTIVATIONS.register("leaky_relu", (c) => leakyRelu(configNumber(c, "alpha", 0.2)));
ACTIVATIONS.register("elu", (c) => elu(configNumber(c, "alpha", 1)));
ACTIVATIONS.register("thresholded_relu", (c) => thresholdedRelu(configNumber(c, "theta", 1)));
ACTIVATIONS.register("hard_sigmoid_keras2", () => hardSigmoidKeras2);

/**
 * How a layer saves its activation: the bare name when the activation has no settings of its own
 * (`"relu"`, `"softmax"`), else its config (`{ name: "leaky_relu", alpha: 0.1 }`). A custom
 * activation without a registered config is an error naming it.
 */
export function activationToConfig(fn: ActivationFn | "softmax"): string | Config {
  if (fn === "softmax") return "softmax";
  const c = configOf(fn, "activation", ACTIVATIONS);
  return Object.keys(c).length === 1 ? c.name : c;
}

/** The activation a layer config names (`"relu"`, `"softmax"` or `{ name, … }`); "softmax" stays a name. */
export function activationFromConfig(v: unknown): ActivationFn | "softmax" {
  if (v === "softmax") return "softmax";
  return ACTIVATIONS.fromConfig(v as Config | string);
}

/**
 * The activation with this Keras name (with Keras' default constants), or `act` itself when
 * given an `ActivationFn` (e.g. `leakyRelu(0.1)`).
 *
 * `"softmax"` throws: softmax is not element-wise (each output depends on the whole row), so it
 * has no `f(z)`/`df(z)`. Use {@link softmax} and {@link softmaxBackward} on matrices instead;
 * layers that accept `"softmax"` check for that name before calling `getActivation`.
 * An unknown name throws an error that lists the known names.
 */
export function getActivation(name: ActivationName | ActivationFn): ActivationFn {
  if (typeof name === "object" && name !== null) {
    if (typeof name.f !== "function" || typeof name.df !== "function") {
      throw new Error(`getActivation: an activation object needs functions f(z) and df(z).`);
    }
    return name;
  }
  if (name === "softmax") {
    throw new Error(
      `getActivation: "softmax" is not element-wise (each output depends on the whole row), so it has ` +
        `no f(z)/df(z). Use softmax(Z) and softmaxBackward(S, dS) on a matrix, or pass "softmax" to a ` +
        `Dense/Activation layer, which does that for you.`,
    );
  }
  const found = Object.prototype.hasOwnProperty.call(BY_NAME, name)
    ? BY_NAME[name as ElementwiseActivationName]
    : undefined;
  if (found) return found;
  const spelled = String(name).toLowerCase().replace(/[^a-z0-9]/g, "");
  const guess = [...ACTIVATION_NAMES, "softmax"].find((n) => n.replace(/_/g, "") === spelled);
  throw new Error(
    `getActivation: unknown activation ${JSON.stringify(name)}.` +
      (guess ? ` Did you mean "${guess}"?` : "") +
      ` Known names: ${[...ACTIVATION_NAMES, "softmax"].join(", ")}.`,
  );
}

// ─── Softmax (row-wise) ───────────────────────────────────────────────────────────────────────

/**
 * Softmax of every row: S[i][j] = e^(Z[i][j]) / Σₖ e^(Z[i][k]). Each row of the result is a
 * probability distribution (entries in [0, 1], summing to 1).
 *
 * Numerically stable: the row maximum m is subtracted first, e^(z − m)/Σ e^(z − m), which gives
 * the same result (the factor e^(−m) cancels) but never overflows — logits like ±1000 are fine.
 * Throws on NaN/Infinity in `Z`.
 */
export function softmax(Z: Matrix): Matrix {
  Z.assertFinite("softmax: Z");
  const out = new Matrix(Z.rows, Z.cols);
  for (let i = 0; i < Z.rows; i++) {
    const start = i * Z.cols;
    let max = -Infinity;
    for (let j = 0; j < Z.cols; j++) max = Math.max(max, Z.data[start + j]);
    let total = 0;
    for (let j = 0; j < Z.cols; j++) {
      const e = Math.exp(Z.data[start + j] - max);
      out.data[start + j] = e;
      total += e;
    }
    for (let j = 0; j < Z.cols; j++) out.data[start + j] /= total;
  }
  return out;
}

/**
 * Backward pass of softmax: given S = softmax(Z) and dS = ∂L/∂S, returns dZ = ∂L/∂Z.
 *
 * From the Jacobian ∂Sᵢ/∂Zⱼ = Sᵢ(δᵢⱼ − Sⱼ), for each row:
 * dZᵢ = Σⱼ dSⱼ · Sⱼ(δⱼᵢ − Sᵢ) = Sᵢ(dSᵢ − Σⱼ dSⱼSⱼ).
 *
 * (With categorical cross-entropy on top this simplifies to dZ = (S − Y)/n, but the general form
 * works for any loss.)
 */
export function softmaxBackward(S: Matrix, dS: Matrix): Matrix {
  if (S.rows !== dS.rows || S.cols !== dS.cols) {
    throw new Error(
      `softmaxBackward: S is ${shapeOf(S)} but dS is ${shapeOf(dS)}; they must have the same shape ` +
        `(dS is the gradient of the loss with respect to the softmax output S).`,
    );
  }
  const dZ = new Matrix(S.rows, S.cols);
  for (let i = 0; i < S.rows; i++) {
    const start = i * S.cols;
    let dot = 0; // Σⱼ dSⱼ·Sⱼ
    for (let j = 0; j < S.cols; j++) dot += dS.data[start + j] * S.data[start + j];
    for (let j = 0; j < S.cols; j++) {
      dZ.data[start + j] = S.data[start + j] * (dS.data[start + j] - dot);
    }
  }
  return dZ;
}
