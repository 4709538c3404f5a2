/**
 * The usual ways to get an activation's derivative wrong in backprop, each with the hint that
 * names it. BP2 multiplies the gradient arriving at a layer's outputs by f′(z), entry by entry:
 *
 *   δˡ = (δˡ⁺¹·Wˡ⁺¹) ⊙ f′(zˡ),   σ′(z) = σ(z)(1 − σ(z)) = a(1 − a),   tanh′(z) = 1 − tanh²(z) = 1 − a²
 *
 * and a student forgets the factor, takes the activation for its derivative, writes the formula
 * on z instead of a = f(z), or borrows the other activation's form. An exercise whose answer
 * goes through f′ computes its answer once more with each slip's `df` in place of f′ and passes
 * the results as `mistakes` to `expectMatrix` / `expectFunction` (see nb04.ts), so every such
 * exercise names the slip, as 04.9 did first.
 */

/** One slip: what is used in place of f′(z), and the hint for it. */
export interface DerivativeSlip {
  /** A short name for tests and messages ("no f′", "f itself", …). */
  name: string;
  /** The factor the slip multiplies by, as a function of the pre-activation z. */
  df: (z: number) => number;
  hint: string;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The slips of the sigmoid's derivative σ′(z) = σ(z)(1 − σ(z)). */
const SIGMOID_SLIPS: DerivativeSlip[] = [
  {
    name: "no f′",
    df: () => 1,
    hint: "the activation's derivative is missing: the chain rule passes through the sigmoid, so between ∂E/∂a and ∂E/∂z comes the factor σ′(z) = σ(z)(1 − σ(z)) = a(1 − a) of each neuron.",
  },
  {
    name: "f′ on z",
    df: (z) => z * (1 - z),
    hint: "σ′ = a(1 − a) takes the activation a = σ(z); you used z(1 − z), the same formula on the pre-activation z.",
  },
  {
    name: "f itself",
    df: sigmoid,
    hint: "you multiplied by the activation σ(z) itself, not by its derivative σ′(z) = σ(z)(1 − σ(z)).",
  },
  {
    name: "tanh's form",
    df: (z) => 1 - sigmoid(z) ** 2,
    hint: "1 − σ(z)² is the form of tanh's derivative (tanh′ = 1 − tanh²); the sigmoid's is σ′(z) = σ(z)(1 − σ(z)).",
  },
  {
    name: "one factor",
    df: (z) => 1 - sigmoid(z),
    hint: "σ′(z) = σ(z)(1 − σ(z)) has two factors; you used only 1 − σ(z).",
  },
];

/** The slips of tanh′(z) = 1 − tanh²(z). */
const TANH_SLIPS: DerivativeSlip[] = [
  {
    name: "no f′",
    df: () => 1,
    hint: "the activation's derivative is missing: multiply by tanh′(z) = 1 − tanh²(z), entry by entry.",
  },
  {
    name: "f itself",
    df: Math.tanh,
    hint: "you multiplied by tanh(z), the activation itself, not by its derivative tanh′(z) = 1 − tanh²(z).",
  },
  {
    name: "no square",
    df: (z) => 1 - Math.tanh(z),
    hint: "1 − tanh(z) misses the square: tanh′(z) = 1 − tanh²(z).",
  },
  {
    name: "f′ on z",
    df: (z) => 1 - z * z,
    hint: "1 − z² squares the input z; tanh′(z) = 1 − tanh²(z) squares the activation a = tanh(z).",
  },
  {
    name: "tanh twice",
    df: (z) => 1 - Math.tanh(Math.tanh(z)) ** 2,
    hint: "you applied tanh twice: the output you kept is already a = tanh(z), so tanh′(z) = 1 − a².",
  },
  {
    name: "sigmoid's form",
    df: (z) => Math.tanh(z) * (1 - Math.tanh(z)),
    hint: "a(1 − a) is the form of the sigmoid's derivative; tanh's is tanh′(z) = 1 − tanh²(z) = 1 − a².",
  },
];

/** The slips of an activation's derivative, each with its hint (see the module comment). */
export function derivativeSlips(activation: "sigmoid" | "tanh"): DerivativeSlip[] {
  return activation === "sigmoid" ? SIGMOID_SLIPS : TANH_SLIPS;
}
