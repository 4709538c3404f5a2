/**
 * The exercises of notebook 01: each `defineExercise` holds the checker of one exercise.
 * The expected answers stay here, out of the student's notebook.
 */
import { ACTIVATION_NAMES, getActivation, sigmoid } from "../functions/activations";
import { defineExercise, type Verdict, wrong } from "./check";
import { describe, expectFields, expectFunction, expectNumber, nonFiniteHint, notANumberHint } from "./matchers";

const no = (hint: string): Verdict => ({ ok: false, hint });

// 01.1 — the worked example with w = (0.5, −0.4, 2), x = (1, 0, 1), b = 0.
const z011 = 0.5 * 1 + -0.4 * 0 + 2 * 1;
defineExercise({
  id: "01.1",
  title: "z and a = σ(z) for w = (0.5, −0.4, 2), x = (1, 0, 1), b = 0",
  check: (answer) => {
    const v = expectFields({ z: expectNumber(z011, 1e-9), a: expectNumber(sigmoid.f(z011), 1e-6) })(answer);
    if (v.ok) return v;
    const a = (answer as { a?: unknown } | null)?.a;
    if (typeof a === "number" && Math.abs(a - sigmoid.f(z011)) > 1e-6 && v.hint?.startsWith("a:")) {
      if (Math.abs(a - z011) < 1e-9) return no("a: that is z itself — apply the activation σ(z) = 1 / (1 + e^(−z)).");
      if (Math.abs(a - 1 / (1 + Math.exp(z011))) < 1e-9) return no("a: check the sign in the exponent: σ(z) = 1 / (1 + e^(−z)).");
    }
    return v;
  },
  wrongExamples: [
    { z: 2.1, a: sigmoid.f(2.1) },
    { z: z011, a: z011 },
    { z: z011, a: 1 / (1 + Math.exp(z011)) },
    { z: z011 },
    z011,
  ],
});

// 01.2 — a step neuron computing NAND.
const gateInputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
const nand = [1, 1, 1, 0];
defineExercise({
  id: "01.2",
  title: "weights w = [w₁, w₂] and bias b of a step neuron that computes NAND",
  check: (answer) => {
    if (answer === null || typeof answer !== "object") return no(`expected an object { w: [w₁, w₂], b }, got ${describe(answer)}.`);
    const { w, b } = answer as { w?: unknown; b?: unknown };
    if (!Array.isArray(w) || w.length !== 2) return no(`w must be an array of two numbers, [w₁, w₂]; got ${describe(w)}.`);
    for (const [k, x] of w.entries()) {
      if (typeof x !== "number") return no(`w[${k}]: ${notANumberHint(x)}`);
      if (!Number.isFinite(x)) return no(nonFiniteHint(x, `w[${k}]`));
    }
    if (typeof b !== "number") return no(`b: ${notANumberHint(b)}`);
    if (!Number.isFinite(b)) return no(nonFiniteHint(b, "b"));
    const out = gateInputs.map((p) => (w[0] * p[0] + w[1] * p[1] + b >= 0 ? 1 : 0));
    const wrong = gateInputs.filter((_, k) => out[k] !== nand[k]);
    if (wrong.length === 0) return { ok: true };
    if (out.every((o, k) => o === 1 - nand[k])) return no("your neuron computes AND, the opposite of NAND: flip the signs of the weights and the bias.");
    const p = wrong[0];
    return no(`for the input (${p}) your neuron outputs ${out[gateInputs.indexOf(p)]}, NAND = NOT (x₁ AND x₂) gives ${1 - out[gateInputs.indexOf(p)]}; ${wrong.length} of 4 inputs are wrong.`);
  },
  wrongExamples: [
    wrong({ w: [1, 1], b: -1.5 }, /computes AND/),
    { w: [-1, -1], b: -1.5 },
    { w: [-1, -1], b: 0.5 },
    wrong({ w: [1], b: 1 }, /got an array of length 1/),
    wrong({ w: [-1, -1] }, /^b: expected a number, got undefined/),
    wrong({ w: [-1, -1], b: "1.5" }, /^b: expected a number, got the string '1\.5'/),
    wrong({ w: [-1, NaN], b: 1.5 }, /^w\[1\] is NaN/),
  ],
});

// 01.3 — which activations can "die" (f′ exactly 0 on a whole interval), and a central difference.
function diesSomewhere(name: (typeof ACTIVATION_NAMES)[number]): boolean {
  const act = getActivation(name);
  let run = 0;
  for (let i = 0; i <= 2000; i++) {
    const z = -10 + i * 0.01;
    run = act.df(z) === 0 ? run + 1 : 0;
    if (run >= 10) return true;
  }
  return false;
}
const canDie = new Set(ACTIVATION_NAMES.filter(diesSomewhere));
const centralDifference = (f: (x: number) => number, z: number, h: number) => (f(z + h) - f(z - h)) / (2 * h);
defineExercise({
  id: "01.3",
  title: "the activations that can die, and a central-difference derivative",
  check: (answer) => {
    if (answer === null || typeof answer !== "object") return no("expected an object { canDie: [...names], derivative: (f, z, h) => number }.");
    const { canDie: given, derivative } = answer as { canDie?: unknown; derivative?: unknown };
    if (!Array.isArray(given) || !given.every((s) => typeof s === "string")) return no("canDie must be an array of activation names (strings) from ACTIVATION_NAMES.");
    const unknown = given.filter((s) => !(ACTIVATION_NAMES as readonly string[]).includes(s));
    if (unknown.length) return no(`canDie: ${JSON.stringify(unknown[0])} is not one of ACTIVATION_NAMES; use the names exactly as the plots' titles write them.`);
    const set = new Set(given);
    const right = [...set].filter((s) => canDie.has(s as (typeof ACTIVATION_NAMES)[number])).length;
    const extra = set.size - right;
    if (extra > 0) return no(`canDie: ${extra} of your names have a derivative that is exactly 0 nowhere on an interval (look again at the dashed f′ curves: small is not zero).`);
    if (right < canDie.size) return no(`canDie: ${canDie.size - right} more activation(s) have f′ = 0 on a whole interval — look at the flat parts of the dashed curves, also far from 0.`);
    return expectFunction(centralDifference, [[Math.sin, 0.3, 1e-4], [Math.exp, 1, 1e-3], [(x: number) => x * x * x, 2, 0.1]], 1e-9)(derivative);
  },
  wrongExamples: [
    { canDie: ["relu"], derivative: centralDifference },
    { canDie: [...canDie, "sigmoid"], derivative: centralDifference },
    { canDie: [...canDie], derivative: (f: (x: number) => number, z: number, h: number) => (f(z + h) - f(z)) / h },
    { canDie: [...canDie], derivative: (f: (x: number) => number, z: number, h: number) => (f(z + h) - f(z - h)) / h },
    { canDie: ["ReLU"] },
  ],
});

// 01.4 — homework: how often a 2-2-1 network learns XOR, tanh and relu, seeds 0..9. The counts are
// those of trainXorNet (test/exercises/nb01-02.test.ts retrains and compares), kept here so that the
// check does not train twenty networks again in the notebook.
export const XOR_2_HIDDEN_SUCCESSES: Readonly<{ tanh: number; relu: number }> = Object.freeze({ tanh: 6, relu: 1 });
const countXorSuccesses = () => XOR_2_HIDDEN_SUCCESSES;
defineExercise({
  id: "01.4",
  title: "homework: in how many of the seeds 0–9 does a 2-2-1 network reach 100 % on XOR (tanh, relu)?",
  check: (answer) => {
    if (answer === null || typeof answer !== "object") return no(`expected an object { tanh: count, relu: count }, got ${describe(answer)}.`);
    for (const key of ["tanh", "relu"] as const) {
      const v = (answer as Record<string, unknown>)[key];
      if (typeof v !== "number") return no(`${key}: ${notANumberHint(v)}`);
      if (!Number.isInteger(v) || v < 0 || v > 10) return no(`${key}: expected a whole number of runs from 0 to 10, got ${v}.`);
    }
    const want = countXorSuccesses();
    for (const key of ["tanh", "relu"] as const) {
      const v = (answer as Record<string, number>)[key];
      if (v !== want[key]) {
        return no(`${key}: your count is ${v > want[key] ? "too high" : "too low"}. Train with trainXorNet({ hidden: 2, activation: "${key}", seed }) for seed = 0, 1, …, 9 and count accuracy === 1.`);
      }
    }
    return { ok: true };
  },
  wrongExamples: [
    { tanh: 11, relu: 0 },
    { tanh: -1, relu: 0 },
    wrong({ tanh: 2.5, relu: 1 }, /whole number of runs from 0 to 10, got 2\.5/),
    wrong({ tanh: 3 }, /^relu: expected a number, got undefined/),
    wrong({ tanh: "3", relu: 1 }, /^tanh: expected a number, got the string '3'/),
    wrong("seven", /got the string 'seven'/),
  ],
});
