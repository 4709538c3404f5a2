import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import { Dense } from "../../lib/src/layers";
import { getLoss } from "../../lib/src/functions/losses";
import { Adagrad, RMSprop } from "../../lib/src/training/optimizers";
import { judge } from "../../lib/src/exercises";
import { rmsprop221 } from "../../lib/src/exercises/nb05";

describe("notebook 05's checks accept the solutions", () => {
  it("05.1: 0.5 and values near it; the x-direction limit gets its own hint", () => {
    expect(judge("05.1", 0.5).ok).toBe(true);
    expect(judge("05.1", 0.49).ok).toBe(true);
    expect(judge("05.1", 10).hint).toMatch(/flat direction/);
  });
  it("05.2: rmsprop, any case", () => {
    expect(judge("05.2", "RMSProp").ok).toBe(true);
  });
  it("05.3: the Keras Adagrad step function is accepted; ε outside the root is named", () => {
    const ok = (w: Matrix, g: Matrix, s: { G: Matrix }, eta: number) => {
      s.G = s.G.add(g.multiply(g));
      return w.subtract(g.scale(eta).divide(s.G.map((G) => Math.sqrt(G + 1e-7))));
    };
    expect(judge("05.3", ok).ok).toBe(true);
    const epsOut = (w: Matrix, g: Matrix, s: { G: Matrix }, eta: number) => {
      s.G = s.G.add(g.multiply(g));
      return w.subtract(g.scale(eta).divide(s.G.map((G) => Math.sqrt(G) + 1e-7)));
    };
    expect(judge("05.3", epsOut).hint).toMatch(/ε/);
    expect(judge("05.3", (w: Matrix, g: Matrix) => w.add(g)).hint).toMatch(/uphill/);
  });
  it("05.4: the reference equals two library RMSprop steps on lecture 004's net", () => {
    const hidden = new Dense(2, { inputDim: 2, useBias: false, activation: "relu" });
    const out = new Dense(1, { useBias: false });
    hidden.setWeights([[[1, 3], [-2, 4]]]);
    out.setWeights([[[0.5, 0.3]]]);
    const E = getLoss("quadratic");
    const opt = new RMSprop({ learningRate: 0.001, rho: 0.9, epsilon: 1e-7 });
    const I = Matrix.from([[0.5, 0.7]]), t = Matrix.from([[1]]);
    for (let s = 0; s < 2; s++) {
      const O = out.forward(hidden.forward(I));
      hidden.backward(out.backward(E.backward(O, t)));
      opt.step([...hidden.params(), ...out.params()]);
    }
    const want = rmsprop221(2);
    expect(Math.abs(out.W.get(0, 0) - want[0])).toBeLessThan(1e-14);
    expect(Math.abs(out.W.get(0, 1) - want[1])).toBeLessThan(1e-14);
    expect(judge("05.4", out.W).ok).toBe(true);
    expect(judge("05.4", Matrix.from([rmsprop221(1)])).hint).toMatch(/ONE step/);
  });
  it("05.5: MAE accepted; dividing by n + 1 is named", () => {
    expect(judge("05.5", (y: Matrix, p: Matrix) => y.subtract(p).map(Math.abs).mean()).ok).toBe(true);
    expect(judge("05.5", (y: Matrix, p: Matrix) => (y.subtract(p).map(Math.abs).sum() as number) / (y.rows + 1)).hint).toMatch(/n \+ 1/);
  });
  it("05.6: mae", () => {
    expect(judge("05.6", "mae").ok).toBe(true);
  });
  it("Adagrad's reference in 05.3 starts from the library's accumulator 0.1", () => {
    expect(new Adagrad().initialAccumulatorValue).toBe(0.1);
  });
});
