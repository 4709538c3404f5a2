import { describe, expect, it } from "vitest";
import { Value, topologicalOrder } from "../../lib/src/autograd/value";
import { checkGradient } from "../../lib/src/lecture/gradcheck";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";
import { lectureGraph } from "../helpers/lecture-graph";

/**
 * Checks the engine's gradient of `build(x₀, …, xₙ₋₁)` at `point` against central differences
 * (the library's checkGradient over a 1×n matrix of the inputs).
 */
function checkAgainstNumeric(build: (xs: Value[]) => Value, point: number[], tolerance = 1e-6) {
  const xs = point.map((x, i) => new Value(x, { label: `x${i}` }));
  const out = build(xs);
  out.backward();
  const param = Matrix.from([point.slice()]);
  const analytic = Matrix.from([xs.map((x) => x.grad)]);
  const f = () => build([...param.data].map((x) => new Value(x))).data;
  return checkGradient(f, param, analytic, { tolerance });
}

describe("Value: the lecture's computation graph e = (a + b)(b + 1)", () => {
  it("forward: c = 3, d = 2, e = 6", () => {
    const { c, d, e } = lectureGraph();
    expect([c.data, d.data, e.data]).toEqual([3, 2, 6]);
  });

  it("backward: ∂e/∂a = 2, ∂e/∂b = 5, ∂e/∂c = 2, ∂e/∂d = 3, ∂e/∂e = 1", () => {
    const { a, b, c, d, e } = lectureGraph();
    e.backward();
    expect([a.grad, b.grad, c.grad, d.grad, e.grad]).toEqual([2, 5, 2, 3, 1]);
  });

  it("backward twice gives the same gradients (the graph's grads are reset first)", () => {
    const { a, b, c, d, e } = lectureGraph();
    e.backward();
    e.backward();
    expect([a.grad, b.grad, c.grad, d.grad, e.grad]).toEqual([2, 5, 2, 3, 1]);
  });

  it("zeroGrad sets every grad in the graph to 0", () => {
    const { a, b, c, d, e } = lectureGraph();
    e.backward();
    e.zeroGrad();
    expect([a.grad, b.grad, c.grad, d.grad, e.grad]).toEqual([0, 0, 0, 0, 0]);
  });

  it("backward of an inner node resets the whole graph below it, then gives its own gradients", () => {
    const { a, b, c, e } = lectureGraph();
    e.backward();
    c.backward(); // ∂c/∂a = 1, ∂c/∂b = 1
    expect([a.grad, b.grad, c.grad]).toEqual([1, 1, 1]);
  });

  it("labels: from the options, withLabel, and none", () => {
    const { a, c } = lectureGraph();
    expect(a.label).toBe("a");
    expect(c.label).toBe("c");
    expect(a.mul(2).label).toBe("");
    expect(String(c)).toBe("Value(label=c, data=3, grad=0)");
  });

  it("records the operation and its inputs", () => {
    const { a, b, c, e } = lectureGraph();
    expect(c.op).toBe("+");
    expect(c.inputs).toEqual([a, b]);
    expect(e.op).toBe("×");
    expect(a.op).toBe("");
    expect(a.inputs).toEqual([]);
  });
});

describe("Value: each operation", () => {
  const ops: { name: string; build: (x: Value[]) => Value; point: number[]; value: number; grads: number[] }[] = [
    { name: "add", build: ([a, b]) => a.add(b), point: [1.5, -2], value: -0.5, grads: [1, 1] },
    { name: "add number", build: ([a]) => a.add(3), point: [1.5], value: 4.5, grads: [1] },
    { name: "sub", build: ([a, b]) => a.sub(b), point: [1.5, -2], value: 3.5, grads: [1, -1] },
    { name: "mul", build: ([a, b]) => a.mul(b), point: [1.5, -2], value: -3, grads: [-2, 1.5] },
    { name: "div", build: ([a, b]) => a.div(b), point: [1.5, -2], value: -0.75, grads: [-0.5, -0.375] },
    { name: "pow 3", build: ([a]) => a.pow(3), point: [-1.5], value: -3.375, grads: [6.75] },
    { name: "pow 0.5", build: ([a]) => a.pow(0.5), point: [4], value: 2, grads: [0.25] },
    { name: "pow −2", build: ([a]) => a.pow(-2), point: [2], value: 0.25, grads: [-0.25] },
    { name: "pow 0", build: ([a]) => a.pow(0), point: [2], value: 1, grads: [0] },
    { name: "neg", build: ([a]) => a.neg(), point: [1.5], value: -1.5, grads: [-1] },
    { name: "exp", build: ([a]) => a.exp(), point: [0.5], value: Math.exp(0.5), grads: [Math.exp(0.5)] },
    { name: "log", build: ([a]) => a.log(), point: [4], value: Math.log(4), grads: [0.25] },
    { name: "tanh", build: ([a]) => a.tanh(), point: [0.5], value: Math.tanh(0.5), grads: [1 - Math.tanh(0.5) ** 2] },
    {
      name: "sigmoid",
      build: ([a]) => a.sigmoid(),
      point: [0.3],
      value: 1 / (1 + Math.exp(-0.3)),
      grads: [(1 / (1 + Math.exp(-0.3))) * (1 - 1 / (1 + Math.exp(-0.3)))],
    },
    { name: "relu +", build: ([a]) => a.relu(), point: [0.7], value: 0.7, grads: [1] },
    { name: "relu −", build: ([a]) => a.relu(), point: [-0.7], value: 0, grads: [0] },
  ];

  for (const op of ops) {
    it(`${op.name}: value, closed-form gradient and central differences`, () => {
      const xs = op.point.map((x) => new Value(x));
      const out = op.build(xs);
      out.backward();
      expect(out.data).toBeCloseTo(op.value, 14);
      xs.forEach((x, i) => expect(x.grad).toBeCloseTo(op.grads[i], 12));
      const check = checkAgainstNumeric(op.build, op.point);
      expect(check.ok, JSON.stringify(check)).toBe(true);
    });
  }

  it("sigmoid does not overflow for large |x|", () => {
    expect(new Value(-1000).sigmoid().data).toBe(0);
    expect(new Value(1000).sigmoid().data).toBe(1);
  });

  it("relu's gradient at the kink 0 is 0", () => {
    const x = new Value(0);
    x.relu().backward();
    expect(x.grad).toBe(0);
  });

  it("a node used twice gets both contributions: x·x → 2x", () => {
    const x = new Value(3);
    x.mul(x).backward();
    expect(x.grad).toBe(6);
  });

  it("a long chain does not overflow the call stack", () => {
    const x = new Value(1);
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.add(1);
    y.backward();
    expect(x.grad).toBe(1);
    expect(topologicalOrder(y)).toHaveLength(200_001); // x, then each constant 1 and sum
  });
});

describe("Value: errors instead of NaN", () => {
  it("log of a non-positive number", () => {
    expect(() => new Value(0).log()).toThrow(/Value\.log.*positive number, got 0/);
    expect(() => new Value(-2).log()).toThrow(/got -2/);
  });
  it("negative base, non-integer exponent", () => {
    expect(() => new Value(-8).pow(1 / 3)).toThrow(/Value\.pow: a negative base.*-8\^0\.333333/);
    expect(new Value(-2).pow(3).data).toBe(-8);
  });
  it("0 to a negative power, and the infinite slope of √x at 0", () => {
    expect(() => new Value(0).pow(-1)).toThrow(/Value\.pow: 0 to the negative power -1/);
    const x = new Value(0);
    const y = x.pow(0.5);
    expect(y.data).toBe(0);
    expect(() => y.backward()).toThrow(/derivative of x\^0\.5 at x = 0 is infinite/);
  });
  it("division by zero", () => {
    expect(() => new Value(3).div(0)).toThrow(/Value\.div: division by zero \(3 \/ 0\)/);
    expect(() => new Value(3).div(new Value(0))).toThrow(/division by zero/);
  });
  it("overflow", () => {
    expect(() => new Value(1000).exp()).toThrow(/Value\.exp: the result for a = 1000 is Infinity/);
    expect(() => new Value(1e200).mul(1e200)).toThrow(/Value\.mul.*Infinity/);
  });
  it("non-finite data and operands", () => {
    expect(() => new Value(NaN)).toThrow(/new Value: data must be a finite number, got NaN/);
    expect(() => new Value(1).add(Infinity)).toThrow(/Value\.add: the operand must be a Value or a finite number, got Infinity/);
    expect(() => new Value(1).pow(NaN)).toThrow(/exponent must be a finite number/);
  });
});

// ---- Random expressions ----------------------------------------------------------------------

const UNARY = ["neg", "exp", "log", "tanh", "sigmoid", "relu", "pow"] as const;
const BINARY = ["add", "sub", "mul", "div"] as const;
type Expr =
  | { kind: "var"; index: number }
  | { kind: "const"; value: number }
  | { kind: "unary"; op: (typeof UNARY)[number]; arg: Expr; exponent?: number }
  | { kind: "binary"; op: (typeof BINARY)[number]; left: Expr; right: Expr };

function evaluate(e: Expr, xs: Value[]): Value {
  switch (e.kind) {
    case "var":
      return xs[e.index];
    case "const":
      return new Value(e.value);
    case "unary": {
      const a = evaluate(e.arg, xs);
      return e.op === "pow" ? a.pow(e.exponent ?? 2) : a[e.op]();
    }
    case "binary":
      return evaluate(e.left, xs)[e.op](evaluate(e.right, xs));
  }
}

/**
 * A random expression over `n` variables whose every operation is well inside its domain at
 * `point` (margins ≫ the finite-difference step, so the numerical gradient sees the same branch):
 * an argument that is out of range is first made safe (x² + 1 is positive, tanh x is small).
 */
function randomExpr(rng: Random, n: number, point: number[], depth: number, used: Set<string>): Expr {
  const at = (e: Expr) => evaluate(e, point.map((x) => new Value(x))).data;
  if (depth === 0 || rng.uniform() < 0.2) {
    return rng.uniform() < 0.8 ? { kind: "var", index: rng.int(n) } : { kind: "const", value: rng.uniform(-2, 2) };
  }
  const positive = (e: Expr): Expr =>
    at(e) > 0.2 ? e : { kind: "binary", op: "add", left: { kind: "unary", op: "pow", arg: e, exponent: 2 }, right: { kind: "const", value: 1 } };
  const small = (e: Expr): Expr => (Math.abs(at(e)) < 3 ? e : { kind: "unary", op: "tanh", arg: e });
  if (rng.uniform() < 0.5) {
    const op = UNARY[rng.int(UNARY.length)];
    used.add(op);
    let arg = randomExpr(rng, n, point, depth - 1, used);
    if (op === "log") return { kind: "unary", op, arg: positive(arg) };
    if (op === "exp") return { kind: "unary", op, arg: small(arg) };
    if (op === "relu") {
      // Away from the kink at 0.
      if (Math.abs(at(arg)) < 1e-2) arg = { kind: "binary", op: "add", left: arg, right: { kind: "const", value: 0.5 } };
      return { kind: "unary", op, arg };
    }
    if (op === "pow") {
      const exponents = [2, 3, -1, 0.5, 1.5, -0.5];
      const exponent = exponents[rng.int(exponents.length)];
      const base = Number.isInteger(exponent) && exponent > 0 ? small(arg) : positive(small(arg));
      return { kind: "unary", op, arg: base, exponent };
    }
    return { kind: "unary", op, arg };
  }
  const op = BINARY[rng.int(BINARY.length)];
  used.add(op);
  const left = randomExpr(rng, n, point, depth - 1, used);
  const right = randomExpr(rng, n, point, depth - 1, used);
  if (op === "div") return { kind: "binary", op, left: small(left), right: positive(small(right)) };
  if (op === "mul") return { kind: "binary", op, left: small(left), right: small(right) };
  return { kind: "binary", op, left, right };
}

describe("Value: 200 random expressions against central differences", () => {
  it("every operation appears, and every gradient matches", () => {
    const rng = new Random(2024);
    const used = new Set<string>();
    const failures: string[] = [];
    let maxError = 0;
    for (let k = 0; k < 200; k++) {
      const n = 2 + rng.int(3); // 2–4 variables
      const point = Array.from({ length: n }, () => rng.uniform(-2, 2));
      const expr = randomExpr(rng, n, point, 4, used);
      const check = checkAgainstNumeric((xs) => evaluate(expr, xs).add(0), point, 1e-5);
      maxError = Math.max(maxError, check.maxRelativeError);
      if (!check.ok) failures.push(`#${k} ${JSON.stringify(expr)} at ${point}: ${JSON.stringify(check)}`);
    }
    expect(failures).toEqual([]);
    expect([...used].sort()).toEqual([...UNARY, ...BINARY].sort());
    expect(maxError).toBeLessThan(1e-5);
  });
});

describe("Value: a neuron tanh(w·x + b)", () => {
  it("matches the closed form ∂y/∂wᵢ = (1 − y²)·xᵢ, ∂y/∂b = 1 − y², ∂y/∂xᵢ = (1 − y²)·wᵢ", () => {
    const xv = [2, 0];
    const wv = [-3, 1];
    const bv = 6.8813735870195432;
    const x = xv.map((v, i) => new Value(v, { label: `x${i + 1}` }));
    const w = wv.map((v, i) => new Value(v, { label: `w${i + 1}` }));
    const b = new Value(bv, { label: "b" });
    const n = x[0].mul(w[0]).add(x[1].mul(w[1])).add(b).withLabel("n");
    const y = n.tanh().withLabel("y");
    y.backward();
    const z = wv[0] * xv[0] + wv[1] * xv[1] + bv;
    const t = Math.tanh(z);
    expect(y.data).toBeCloseTo(t, 15);
    expect(y.data).toBeCloseTo(0.7071, 4); // micrograd's example: tanh(0.8814) ≈ 1/√2
    const local = 1 - t * t;
    expect(b.grad).toBeCloseTo(local, 15);
    w.forEach((wi, i) => expect(wi.grad).toBeCloseTo(local * xv[i], 15));
    x.forEach((xi, i) => expect(xi.grad).toBeCloseTo(local * wv[i], 15));
    expect(w[1].grad).toBe(0); // x₂ = 0
  });
});

describe("Value: printing", () => {
  it("console.log / util.inspect shows one line, not the whole graph", async () => {
    const { inspect } = await import("util");
    const { e } = lectureGraph();
    e.backward();
    expect(inspect(e)).toBe("Value(label=e, data=6, grad=1)");
    expect(inspect(new Value(0.1).add(0.2))).toBe("Value(data=0.3, grad=0)");
  });
});
