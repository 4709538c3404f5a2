import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import {
  cnfNetwork, convexPolygonNetwork, dnfNetwork, heaviside, maxAbsError, polygonUnionNetwork,
  sigmoidStepApproximation, stepForward, stepPredict, truthTableInputs,
} from "../../lib/src/lecture/representation";
import { IDC_DATASPHERE, doublingTime } from "../../lib/src/lecture/data-growth";
import { trainXorNet } from "../../lib/src/lecture/xor";
import { Dense } from "../../lib/src/layers";
import { Sequential } from "../../lib/src/training/model";

describe("boolean functions as 2-layer step networks", () => {
  it("truthTableInputs lists the rows with x₁ most significant", () => {
    expect(truthTableInputs(2)).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(truthTableInputs(3)[5]).toEqual([1, 0, 1]);
    expect(() => truthTableInputs(0)).toThrow(/n = 0/);
  });
  it("DNF and CNF networks reproduce every truth table of 3 inputs (all 256)", () => {
    const X = Matrix.from(truthTableInputs(3));
    for (let f = 0; f < 256; f++) {
      const table = Array.from({ length: 8 }, (_, r) => (f >> r) & 1);
      expect(stepForward(dnfNetwork(table), X).toArray().flat()).toEqual(table);
      expect(stepForward(cnfNetwork(table), X).toArray().flat()).toEqual(table);
    }
  });
  it("DNF has one hidden unit per row with output 1 (XOR: 2)", () => {
    const net = dnfNetwork([0, 1, 1, 0]);
    expect(net.layers[0].W.toArray()).toEqual([[-1, 1], [1, -1]]);
    expect(net.layers[0].b.toArray()).toEqual([[-0.5, -0.5]]);
    expect(() => dnfNetwork([0, 1, 1])).toThrow(/2ⁿ entries/);
    expect(() => dnfNetwork([0, 2])).toThrow(/entry 1/);
  });
});

describe("regions as step networks", () => {
  const triangle: [number, number][] = [[0, 0], [4, 0], [2, 3]];
  it("a triangle is a 2-layer net: 3 half-planes and an AND", () => {
    const net = convexPolygonNetwork(triangle);
    expect(net.layers[0].W.shape).toEqual([3, 2]);
    expect(net.layers[1].b.get(0, 0)).toBe(-2.5);
    expect(stepPredict(net, [2, 1])).toBe(1);
    expect(stepPredict(net, [2, 3])).toBe(1); // a vertex
    expect(stepPredict(net, [2, 3.01])).toBe(0);
    expect(stepPredict(net, [-0.1, 0])).toBe(0);
    expect(stepPredict(net, [3.5, 1])).toBe(0);
  });
  it("rejects a non-convex polygon with a hint", () => {
    expect(() => convexPolygonNetwork([[0, 0], [4, 0], [1, 1], [0, 4]])).toThrow(/not convex.*polygonUnionNetwork/);
  });
  it("the union of two triangles is a 3-layer net, and not convex", () => {
    const other: [number, number][] = [[3, 0], [7, 0], [5, 3]];
    const net = polygonUnionNetwork([triangle, other]);
    expect(net.layers.map((l) => l.W.shape)).toEqual([[6, 2], [2, 6], [1, 2]]);
    expect(stepPredict(net, [2, 2])).toBe(1);
    expect(stepPredict(net, [5, 2])).toBe(1);
    expect(stepPredict(net, [3.5, 0.2])).toBe(1); // the overlap
    expect(stepPredict(net, [3.5, 2])).toBe(0); // between the two peaks: the region is not convex
  });
});

describe("universal approximation with sigmoid steps", () => {
  it("the error on sin over [0, 2π] shrinks as k grows", () => {
    const range: [number, number] = [0, 2 * Math.PI];
    const errs = [5, 10, 20, 50].map((k) => maxAbsError(Math.sin, sigmoidStepApproximation(Math.sin, k, range).predict, range));
    for (let i = 1; i < errs.length; i++) expect(errs[i]).toBeLessThan(errs[i - 1]);
    expect(errs[3]).toBeLessThan(0.03);
    expect(errs[0]).toBeGreaterThan(0.2);
  });
  it("equals a Dense 1-k-1 network with its weights to 1e-12", () => {
    const ap = sigmoidStepApproximation((x) => x * x, 8, [-1, 1]);
    const net = new Sequential([new Dense(8, { inputDim: 1, activation: "sigmoid" }), new Dense(1)]);
    net.layers[0].setWeights([ap.W1, ap.b1]);
    net.layers[1].setWeights([ap.W2, ap.b2]);
    const xs = [-1, -0.3, 0, 0.45, 1];
    const out = net.predict(Matrix.columnVector(xs));
    xs.forEach((x, i) => expect(Math.abs(out.get(i, 0) - ap.predict(x))).toBeLessThan(1e-12));
    expect(() => sigmoidStepApproximation(Math.sin, 0, [0, 1])).toThrow(/k = 0/);
  });
  it("heaviside(0) = 1", () => {
    expect([heaviside(-1e-9), heaviside(0), heaviside(2)]).toEqual([0, 1, 1]);
  });
});

describe("data growth and XOR helpers", () => {
  it("IDC: 16.1 ZB in 2016 → 163 ZB in 2025 doubles about every 2.7 years", () => {
    const d2016 = IDC_DATASPHERE.find((p) => p.year === 2016)!;
    const f2025 = IDC_DATASPHERE.find((p) => p.year === 2025 && p.zettabytes === 163)!;
    expect(f2025.kind).toBe("forecast");
    expect(doublingTime(2016, d2016.zettabytes, 2025, f2025.zettabytes)).toBeCloseTo(2.7, 1);
  });
  it("trainXorNet: the notebook's 2-4-1 tanh network reaches 100 %", () => {
    const run = trainXorNet({ hidden: 4, activation: "tanh", seed: 1 });
    expect(run.accuracy).toBe(1);
    expect(run.loss).toBeLessThan(0.05);
  });
});


