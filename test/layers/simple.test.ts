/** SimpleLayer: a layer written as its maths trains like the library's own (notebook 04, §8 and exercise 8). */
import { describe, expect, test, vi } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";
import { Dense, Param, SimpleLayer } from "../../lib/src/layers";
import { Sequential } from "../../lib/src/training/model";
import { SGD } from "../../lib/src/training/optimizers";
import { checkLayer } from "../helpers/layers";

const sigm = (z: number) => 1 / (1 + Math.exp(-z));

class MyTanh extends SimpleLayer {
  private Y!: Matrix;
  forward(X: Matrix): Matrix {
    this.Y = X.map(Math.tanh);
    return this.Y;
  }
  backward(dY: Matrix): Matrix {
    return dY.multiply(this.Y.map((y) => 1 - y * y));
  }
}

class MyDenseSigmoid extends SimpleLayer {
  private W!: Param;
  private b!: Param;
  private X!: Matrix;
  private A!: Matrix;
  constructor(units: number) {
    super({ units });
  }
  override build(inputDim: number, rng: Random): void {
    const units = this.units as number;
    const r = Math.sqrt(6 / (inputDim + units));
    this.W = this.addWeight("W", Matrix.uniform(units, inputDim, rng, -r, r));
    this.b = this.addWeight("b", Matrix.zeros(1, units));
  }
  forward(X: Matrix): Matrix {
    this.X = X;
    this.A = X.matmul(this.W.value.transpose()).addRowVector(this.b.value).map(sigm);
    return this.A;
  }
  backward(dY: Matrix): Matrix {
    const dZ = dY.multiply(this.A.map((a) => a * (1 - a)));
    this.W.grad.data.set(dZ.transpose().matmul(this.X).data);
    this.b.grad.data.set(dZ.sum(0).data);
    return dZ.matmul(this.W.value);
  }
}

describe("SimpleLayer", () => {
  test("the base fills in name, class, widths, params and config", () => {
    const t = new MyTanh();
    expect(t.className).toBe("MyTanh");
    expect(t.name).toMatch(/^my_tanh(_\d+)?$/);
    expect(t.params()).toEqual([]);
    const d = new MyDenseSigmoid(3);
    const model = new Sequential([d, new MyTanh(), new Dense(1)], { seed: 1 });
    model.build(4);
    expect(d.built).toBe(true);
    expect([d.inputDim, d.outputDim]).toEqual([4, 3]);
    expect(d.params().map((p) => p.name)).toEqual([`${d.name}/W`, `${d.name}/b`]);
    expect(d.countParams()).toBe(4 * 3 + 3);
    expect(model.countParams()).toBe(15 + 4);
    expect(d.getConfig()).toEqual({ className: "MyDenseSigmoid", name: d.name, units: 3, inputDim: 4 });
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    model.summary();
    expect(log.mock.calls.flat().join("\n")).toContain(`${d.name} (MyDenseSigmoid)`);
    log.mockRestore();
    d.setWeights([Matrix.full(3, 4, 0.5), Matrix.zeros(1, 3)]);
    expect(d.getWeights()[0].get(2, 3)).toBe(0.5);
    expect(() => d.build(4, new Random(0))).toThrow(/already has a weight W.*build, which runs once per layer/);
  });

  test("gradients against central differences (a layer without and one with weights)", () => {
    const X = Matrix.uniform(5, 4, new Random(3), -1, 1);
    checkLayer(new MyTanh(), X);
    const d = new MyDenseSigmoid(3);
    d.build(4, new Random(2));
    checkLayer(d, X);
  });

  test("in a model it trains exactly like Dense with the same activation and start (notebook 04's comparison)", () => {
    const rng = new Random(5);
    const x = Matrix.uniform(40, 6, rng, -1, 1), y = Matrix.uniform(40, 2, rng, -1, 1);
    const mine = new Sequential([new MyDenseSigmoid(8), new Dense(2)], { seed: 9 });
    const lib = new Sequential([new Dense(8, { activation: "sigmoid" }), new Dense(2)], { seed: 9 });
    mine.build(6);
    lib.build(6);
    lib.setWeights(mine.getWeights());
    for (const m of [mine, lib]) m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: "mse" });
    const h1 = mine.fit(x, y, { epochs: 3, batchSize: 8, seed: 1 });
    const h2 = lib.fit(x, y, { epochs: 3, batchSize: 8, seed: 1 });
    const gap = Math.max(...mine.getWeights().map((w, k) => w.subtract(lib.getWeights()[k]).maxAbs()));
    expect(gap).toBeLessThan(1e-12);
    expect(h1.history.loss[2]).toBeCloseTo(h2.history.loss[2], 12);
  });
});
