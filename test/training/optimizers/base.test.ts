import { describe, expect, test } from "vitest";
import { Param } from "../../../lib/src/layers";
import { Matrix } from "../../../lib/src/core/matrix";
import { BaseOptimizer, getOptimizer, OPTIMIZER_NAMES, OPTIMIZERS, SGD } from "../../../lib/src/training/optimizers";

function param(name: string, value: number[][], grad: number[][]): Param {
  return { name, value: Matrix.from(value), grad: Matrix.from(grad) };
}

describe("SGD", () => {
  test("one step is θ − η·g, in place, for every parameter", () => {
    const a = param("a", [[1, -2], [3, 4]], [[0.5, 1], [-2, 0]]);
    const b = param("b", [[10]], [[-3]]);
    const aData = a.value.data;
    const opt = new SGD({ learningRate: 0.1 });
    opt.step([a, b]);
    expect(a.value.data).toBe(aData); // updated in place
    const expected = [1 - 0.05, -2 - 0.1, 3 + 0.2, 4];
    Array.from(a.value.data).forEach((v, k) => expect(v).toBeCloseTo(expected[k], 15));
    expect(b.value.get(0, 0)).toBeCloseTo(10.3, 14);
    expect(opt.iterations).toBe(1);
    opt.step([a, b]);
    expect(a.value.get(0, 0)).toBeCloseTo(0.9, 14);
    expect(opt.iterations).toBe(2);
  });

  test("defaults to the Keras learning rate 0.01; config is JSON", () => {
    const opt = new SGD();
    expect(opt.learningRate).toBe(0.01);
    expect(opt.name).toBe("sgd");
    expect(JSON.parse(JSON.stringify(opt.getConfig()))).toEqual({ name: "sgd", learningRate: 0.01 });
  });

  test.each([0, -0.1, NaN, Infinity])("learning rate %s is rejected with the value and a hint", (lr) => {
    expect(() => new SGD({ learningRate: lr })).toThrow(new RegExp(`learning rate must be a finite number > 0, got ${lr}\\..*Hint`));
    const opt = new SGD();
    expect(() => { opt.learningRate = lr; }).toThrow(/learning rate must be a finite number > 0/);
    expect(opt.learningRate).toBe(0.01);
  });

  test("a learning rate typed as text is named a string, not shown as if it were the number", () => {
    expect(() => new SGD({ learningRate: "0.1" as unknown as number })).toThrow(
      "SGD: the learning rate must be a finite number > 0, got the string '0.1'. Hint: typical values are 0.1 to 0.0001 (Keras' SGD default is 0.01).",
    );
  });

  test("the learning rate can be changed between steps (schedules)", () => {
    const p = param("p", [[1]], [[1]]);
    const opt = new SGD({ learningRate: 0.5 });
    opt.step([p]);
    opt.learningRate = 0.25;
    opt.step([p]);
    expect(p.value.get(0, 0)).toBeCloseTo(0.25, 15);
  });
});

describe("per-parameter state (the base for momentum, Adam, …)", () => {
  /** A toy momentum-like optimizer: v ← v + g, θ ← θ − η·v; counts its initState calls. */
  class Accumulate extends BaseOptimizer<Matrix> {
    readonly name = "accumulate";
    inits = 0;
    protected initState(p: Param): Matrix {
      this.inits++;
      return Matrix.zeros(p.value.rows, p.value.cols);
    }
    protected update(p: Param, v: Matrix): void {
      for (let k = 0; k < v.data.length; k++) {
        v.data[k] += p.grad.data[k];
        p.value.data[k] -= this.learningRate * v.data[k];
      }
    }
  }

  test("state is created once per Param and kept across steps", () => {
    const p = param("p", [[0]], [[1]]);
    const q = param("q", [[0]], [[2]]);
    const opt = new Accumulate(1);
    opt.step([p, q]);
    opt.step([p, q]);
    opt.step([p, q]);
    expect(opt.inits).toBe(2);
    expect(p.value.get(0, 0)).toBe(-(1 + 2 + 3));
    expect(q.value.get(0, 0)).toBe(-(2 + 4 + 6));
    expect(opt.iterations).toBe(3);
  });
});

describe("getOptimizer", () => {
  test("by name gives a fresh optimizer with defaults; objects pass through", () => {
    const a = getOptimizer("sgd");
    expect(a).toBeInstanceOf(SGD);
    expect(a.learningRate).toBe(0.01);
    expect(getOptimizer("sgd")).not.toBe(a);
    const mine = new SGD({ learningRate: 0.3 });
    expect(getOptimizer(mine)).toBe(mine);
    expect(getOptimizer("SGD" as "sgd")).toBeInstanceOf(SGD);
    expect(OPTIMIZER_NAMES).toContain("sgd");
  });

  test("unknown names list the known ones", () => {
    expect(() => getOptimizer("adamw" as "sgd")).toThrow(/unknown optimizer "adamw"\. Known names: sgd/);
  });

  test("OPTIMIZER_NAMES, the one list of names, is exactly what the optimizer files register (same order)", () => {
    expect(OPTIMIZERS.names()).toEqual([...OPTIMIZER_NAMES]);
  });
});
