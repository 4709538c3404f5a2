/**
 * A scalar automatic-differentiation engine (in the spirit of Karpathy's micrograd).
 *
 * Every `Value` holds a number (`data`) and, after `backward()`, the derivative of the output
 * with respect to it (`grad`). Each operation creates a new `Value` that remembers its inputs,
 * the operation's symbol and a small closure that applies the chain rule for that one step:
 *
 *     out = f(a, b)   ⇒   a.grad += ∂f/∂a · out.grad,   b.grad += ∂f/∂b · out.grad
 *
 * `backward()` visits the graph in reverse topological order, so every node's `grad` is complete
 * before it is passed on to that node's inputs. The lecture's example (001):
 *
 * ```ts
 * const a = new Value(2, { label: "a" }), b = new Value(1, { label: "b" });
 * const c = a.add(b).withLabel("c");          // c = a + b = 3
 * const d = b.add(1).withLabel("d");          // d = b + 1 = 2
 * const e = c.mul(d).withLabel("e");          // e = c·d   = 6
 * e.backward();
 * a.grad; // ∂e/∂a = d = 2
 * b.grad; // ∂e/∂b = d + c = 5   (b feeds both c and d: the two paths add up)
 * ```
 *
 * Operations never produce NaN or Infinity silently: a value outside an operation's domain
 * (log of 0, division by 0, …) or an overflow throws an error naming the operation and the value.
 */
import { NonFiniteError } from "../core/errors";
import { t } from "../core/i18n";

/** What an operation accepts: another `Value` or a plain number (wrapped as a constant). */
export type Operand = Value | number;

/** Options of the `Value` constructor. */
export interface ValueOptions {
  /** A name shown in drawings of the graph, e.g. `"a"` (default: none). */
  label?: string;
}

/** Formats a number for error messages: short, but exact enough to recognise. */
function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** Wraps a plain number as a constant leaf; a `Value` is returned as it is. */
function toValue(x: Operand, op: string): Value {
  if (x instanceof Value) return x;
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Error(t`Value.${op}: the operand must be a Value or a finite number, got ${String(x)}.`);
  }
  return new Value(x);
}

/** Throws unless the result of `op` is a finite number. */
function checkResult(result: number, op: string, inputs: string): number {
  if (!Number.isFinite(result)) {
    throw new NonFiniteError(
      t`Value.${op}: the result for ${inputs} is ${result}, not a finite number. Hint: the numbers have grown too large (overflow); scale the inputs down.`,
      result,
    );
  }
  return result;
}

/**
 * A scalar in a computation graph: its value `data`, its gradient `grad` (∂output/∂this after the
 * output's `backward()`), the operation `op` that produced it and that operation's `inputs`.
 *
 * Build expressions with the methods, which accept a `Value` or a number:
 * `a.add(b).mul(b.add(1))` is (a + b)·(b + 1). Then call `backward()` on the result.
 */
export class Value {
  /** The number this node holds. You may change it on leaves (e.g. a gradient step); rebuild the expression afterwards. */
  data: number;
  /** ∂(output)/∂(this node), filled by the output's `backward()`; 0 before. */
  grad = 0;
  /** Name shown when the graph is drawn (empty when not set). */
  label: string;
  /** The operation that produced this node as a short symbol ("+", "×", "^2", "tanh", …); "" for a leaf. */
  readonly op: string;
  /** The operands of `op`, in order (empty for a leaf). */
  readonly inputs: readonly Value[];
  /** Adds this step's chain-rule terms to the inputs' `grad` (a no-op for a leaf). */
  private readonly backwardStep: () => void;

  /**
   * A leaf node (an input, a parameter or a constant).
   * @param data a finite number.
   * @param options `label`: a name shown in drawings of the graph.
   */
  constructor(data: number, options: ValueOptions = {}) {
    if (typeof data !== "number" || !Number.isFinite(data)) {
      throw new Error(t`new Value: data must be a finite number, got ${String(data)}.`);
    }
    this.data = data;
    this.label = options.label ?? "";
    this.op = "";
    this.inputs = [];
    this.backwardStep = () => {};
  }

  /** Creates the node `out = op(inputs)` with the given chain-rule step (which reads `out.grad`). */
  private static node(data: number, op: string, inputs: Value[], step: (out: Value) => void): Value {
    const out = new Value(data);
    // The fields are readonly for users; the engine sets them once, here.
    const writable = out as unknown as { op: string; inputs: readonly Value[]; backwardStep: () => void };
    writable.op = op;
    writable.inputs = inputs;
    writable.backwardStep = () => step(out);
    return out;
  }

  /** Sets `label` and returns this node, for chaining: `a.add(b).withLabel("c")`. */
  withLabel(label: string): this {
    this.label = label;
    return this;
  }

  /** Sum c = a + b.  ∂c/∂a = 1, ∂c/∂b = 1. */
  add(other: Operand): Value {
    const b = toValue(other, "add");
    const data = checkResult(this.data + b.data, "add", `${fmt(this.data)} + ${fmt(b.data)}`);
    return Value.node(data, "+", [this, b], (out) => {
      this.grad += out.grad; // ∂c/∂a = 1
      b.grad += out.grad; //    ∂c/∂b = 1
    });
  }

  /** Difference c = a − b.  ∂c/∂a = 1, ∂c/∂b = −1. */
  sub(other: Operand): Value {
    const b = toValue(other, "sub");
    const data = checkResult(this.data - b.data, "sub", `${fmt(this.data)} − ${fmt(b.data)}`);
    return Value.node(data, "−", [this, b], (out) => {
      this.grad += out.grad; // ∂c/∂a = 1
      b.grad -= out.grad; //    ∂c/∂b = −1
    });
  }

  /** Product c = a·b.  ∂c/∂a = b, ∂c/∂b = a. */
  mul(other: Operand): Value {
    const b = toValue(other, "mul");
    const data = checkResult(this.data * b.data, "mul", `${fmt(this.data)} × ${fmt(b.data)}`);
    return Value.node(data, "×", [this, b], (out) => {
      this.grad += b.data * out.grad; // ∂c/∂a = b
      b.grad += this.data * out.grad; // ∂c/∂b = a
    });
  }

  /** Quotient c = a / b (b ≠ 0).  ∂c/∂a = 1/b, ∂c/∂b = −a/b². */
  div(other: Operand): Value {
    const b = toValue(other, "div");
    if (b.data === 0) {
      throw new Error(
        t`Value.div: division by zero (${fmt(this.data)} / 0). Hint: the denominator must not be 0; add a small ε if it can be.`,
      );
    }
    const data = checkResult(this.data / b.data, "div", `${fmt(this.data)} / ${fmt(b.data)}`);
    return Value.node(data, "÷", [this, b], (out) => {
      this.grad += (1 / b.data) * out.grad; //                  ∂c/∂a = 1/b
      b.grad += (-this.data / (b.data * b.data)) * out.grad; // ∂c/∂b = −a/b²
    });
  }

  /**
   * Power c = aⁿ with a constant exponent n.  ∂c/∂a = n·aⁿ⁻¹.
   * Domain: a negative base needs an integer n; a zero base needs n ≥ 0.
   */
  pow(n: number): Value {
    if (typeof n !== "number" || !Number.isFinite(n)) {
      throw new Error(t`Value.pow: the exponent must be a finite number, got ${String(n)}.`);
    }
    const a = this.data;
    if (a < 0 && !Number.isInteger(n)) {
      throw new Error(
        t`Value.pow: a negative base to a non-integer power is not a real number (${fmt(a)}^${fmt(n)}). Hint: use an integer exponent, or make the base positive (e.g. x.pow(2).add(1e-8).pow(${fmt(n)} / 2)).`,
      );
    }
    if (a === 0 && n < 0) {
      throw new Error(t`Value.pow: 0 to the negative power ${fmt(n)} is a division by zero. Hint: keep the base away from 0.`);
    }
    const data = checkResult(Math.pow(a, n), "pow", `${fmt(a)}^${fmt(n)}`);
    return Value.node(data, `^${fmt(n)}`, [this], (out) => {
      if (n === 0) return; // c = 1 is constant: ∂c/∂a = 0
      if (a === 0 && n < 1) {
        throw new Error(
          t`Value.pow: the derivative of x^${fmt(n)} at x = 0 is infinite. Hint: keep the base away from 0 (add a small ε).`,
        );
      }
      this.grad += n * Math.pow(a, n - 1) * out.grad; // ∂c/∂a = n·aⁿ⁻¹
    });
  }

  /** Negation c = −a.  ∂c/∂a = −1. */
  neg(): Value {
    return Value.node(-this.data, "neg", [this], (out) => {
      this.grad -= out.grad; // ∂c/∂a = −1
    });
  }

  /** Exponential c = eᵃ.  ∂c/∂a = eᵃ = c. */
  exp(): Value {
    const data = checkResult(Math.exp(this.data), "exp", `a = ${fmt(this.data)}`);
    return Value.node(data, "exp", [this], (out) => {
      this.grad += out.data * out.grad; // ∂c/∂a = eᵃ
    });
  }

  /** Natural logarithm c = ln a (a > 0).  ∂c/∂a = 1/a. */
  log(): Value {
    if (!(this.data > 0)) {
      throw new Error(
        t`Value.log: the logarithm needs a positive number, got ${fmt(this.data)}. Hint: ln is defined only for x > 0; e.g. clip probabilities to [ε, 1] first.`,
      );
    }
    return Value.node(Math.log(this.data), "log", [this], (out) => {
      this.grad += (1 / this.data) * out.grad; // ∂c/∂a = 1/a
    });
  }

  /** Hyperbolic tangent c = tanh a = (e²ᵃ − 1)/(e²ᵃ + 1).  ∂c/∂a = 1 − c². */
  tanh(): Value {
    const t = Math.tanh(this.data);
    return Value.node(t, "tanh", [this], (out) => {
      this.grad += (1 - t * t) * out.grad; // ∂c/∂a = 1 − tanh²a
    });
  }

  /** Logistic sigmoid c = σ(a) = 1/(1 + e⁻ᵃ).  ∂c/∂a = σ(a)·(1 − σ(a)). */
  sigmoid(): Value {
    // Two forms of the same formula, each free of overflow on its side of 0.
    const a = this.data;
    const s = a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
    return Value.node(s, "sigmoid", [this], (out) => {
      this.grad += s * (1 - s) * out.grad; // ∂c/∂a = σ(1 − σ)
    });
  }

  /** Rectifier c = max(0, a).  ∂c/∂a = 1 if a > 0, else 0 (0 at the kink a = 0, by convention). */
  relu(): Value {
    const a = this.data;
    return Value.node(a > 0 ? a : 0, "relu", [this], (out) => {
      this.grad += (a > 0 ? 1 : 0) * out.grad; // ∂c/∂a = [a > 0]
    });
  }

  /** Sets `grad = 0` on this node and on every node it was computed from. */
  zeroGrad(): void {
    for (const v of topologicalOrder(this)) v.grad = 0;
  }

  /**
   * Backpropagation: fills `grad` = ∂this/∂v for every node v this value was computed from.
   *
   * 1. the nodes in topological order (every node after its inputs);
   * 2. every `grad` in the graph reset to 0, so calling `backward()` again gives the same result
   *    (to add up the gradients of several outputs, call `backward()` on their sum);
   * 3. `this.grad = 1` (∂this/∂this), then each node's chain-rule step, from the output back to
   *    the leaves; a node used by several others receives the sum of their terms (`+=`).
   */
  backward(): void {
    const order = topologicalOrder(this);
    for (const v of order) v.grad = 0;
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      node.backwardStep();
      for (const input of node.inputs) {
        if (!Number.isFinite(input.grad)) {
          throw new Error(
            t`Value.backward: the gradient reaching ${describeNode(input)} through "${node.op}" is ${input.grad}. Hint: the numbers in the graph are too large (overflow); scale the inputs down.`,
          );
        }
      }
    }
  }

  /** E.g. `Value(label=e, data=6, grad=1)`. */
  toString(): string {
    return `Value(${this.label !== "" ? `label=${this.label}, ` : ""}data=${fmt(this.data)}, grad=${fmt(this.grad)})`;
  }

  /** How Node (and so a notebook cell ending in a Value) prints it: the `toString()` line, not the whole graph. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** "the node c (data 3)" / "a node (data 3)" for error messages. */
function describeNode(v: Value): string {
  return v.label !== "" ? t`the node ${v.label} (data ${fmt(v.data)})` : t`a node (data ${fmt(v.data)})`;
}

/**
 * Every node `root` depends on, each once, inputs before the nodes computed from them; `root`
 * last. The order is deterministic: a depth-first search visiting each node's inputs in order.
 * (Iterative, so a chain of a million operations does not overflow the call stack.)
 */
export function topologicalOrder(root: Value): Value[] {
  if (!(root instanceof Value)) {
    throw new Error(t`topologicalOrder: expected a Value, got ${String(root)}.`);
  }
  const order: Value[] = [];
  const visited = new Set<Value>();
  // Each stack entry: a node and the index of the next input to visit.
  const stack: { node: Value; next: number }[] = [{ node: root, next: 0 }];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.node.inputs.length) {
      const input = top.node.inputs[top.next++];
      if (!visited.has(input)) {
        visited.add(input);
        stack.push({ node: input, next: 0 });
      }
    } else {
      order.push(top.node); // all inputs are already in `order`
      stack.pop();
    }
  }
  return order;
}
