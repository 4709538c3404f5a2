/**
 * What networks can represent (lecture 001, «Вычислительные возможности искусственных нейронных
 * сетей»), built from binary-step units so that every weight can be read off:
 *
 * 1. any boolean function is a 2-layer network — {@link dnfNetwork} (disjunctive normal form: one
 *    hidden unit per row where the function is 1, then OR) and {@link cnfNetwork} (conjunctive
 *    normal form: one hidden unit per row where it is 0, then AND);
 * 2. a 2-layer step network represents any convex polygon — {@link convexPolygonNetwork} (one
 *    hidden unit per edge = a half-plane, then AND);
 * 3. a 3-layer step network represents a union of convex polygons, hence non-convex regions —
 *    {@link polygonUnionNetwork} (half-planes, one AND per polygon, then OR);
 * 4. universal approximation: a 1-D function is approximated by k sigmoid "steps", a 1-k-1
 *    network — {@link sigmoidStepApproximation}.
 *
 * Weight convention as everywhere in nnlib: a layer's `W` is (units × inputs), row j holds the
 * weights INTO unit j, and `b` is a 1 × units row; a batch X (n × inputs) gives
 * step(X·Wᵀ + b), n × units.
 */
import { Matrix } from "../core/matrix";
import { t } from "../core/i18n";

/** One layer of binary-step units: a = H(X·Wᵀ + b) with H(z) = 1 for z ≥ 0, else 0. */
export interface StepLayer {
  /** units × inputs; row j = weights into unit j. */
  W: Matrix;
  /** 1 × units. */
  b: Matrix;
}

/** A network of binary-step layers (see {@link stepForward}). */
export interface StepNetwork {
  layers: StepLayer[];
}

/** The binary step (Heaviside) function: H(z) = 1 for z ≥ 0, 0 for z < 0. */
export function heaviside(z: number): number {
  return z >= 0 ? 1 : 0;
}

/**
 * Runs a step network on a batch: for each layer A ← H(A·Wᵀ + b).
 *
 * @param X n × inputs (one sample per row)
 * @returns n × (units of the last layer), entries 0 or 1
 */
export function stepForward(net: StepNetwork, X: Matrix): Matrix {
  let A = X;
  net.layers.forEach((layer, l) => {
    if (A.cols !== layer.W.cols) {
      throw new Error(
        t`stepForward: layer ${l} expects ${layer.W.cols} inputs per sample but got a ${A.rows} × ${A.cols} matrix. Hint: samples are the ROWS of X.`,
      );
    }
    A = A.matmul(layer.W.transpose()).addRowVector(layer.b).map(heaviside);
  });
  return A;
}

/** The output of a one-output step network for one point x (a plain array). */
export function stepPredict(net: StepNetwork, x: ArrayLike<number>): number {
  return stepForward(net, Matrix.rowVector(x)).get(0, 0);
}

/**
 * Every input row of a truth table with n inputs, in the usual order: row r is the binary
 * number r with x₁ as its most significant bit (n = 2: 00, 01, 10, 11).
 */
export function truthTableInputs(n: number): number[][] {
  if (!Number.isInteger(n) || n < 1 || n > 16) {
    throw new Error(t`truthTableInputs: n = ${n} must be an integer from 1 to 16 (the number of boolean inputs).`);
  }
  const rows: number[][] = [];
  for (let r = 0; r < 2 ** n; r++) {
    const row: number[] = [];
    for (let i = n - 1; i >= 0; i--) row.push((r >> i) & 1);
    rows.push(row);
  }
  return rows;
}

function checkTruthTable(fn: string, table: ArrayLike<number>): number {
  const n = Math.log2(table.length);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(
      t`${fn}: a truth table has 2ⁿ entries (2, 4, 8, …), got ${table.length}. Hint: list the outputs for the rows of truthTableInputs(n), in that order.`,
    );
  }
  for (let r = 0; r < table.length; r++) {
    if (table[r] !== 0 && table[r] !== 1) {
      throw new Error(t`${fn}: entry ${r} of the truth table is ${table[r]}; every entry must be 0 or 1.`);
    }
  }
  return n;
}

/**
 * A unit that fires on exactly one input pattern p ∈ {0, 1}ⁿ (a "minterm"): weights +1 where
 * pᵢ = 1, −1 where pᵢ = 0, bias −(number of ones) + ½. Then z = ½ at x = p and z ≤ −½ anywhere else.
 */
function mintermWeights(p: number[]): { w: number[]; b: number } {
  const ones = p.reduce((s, v) => s + v, 0);
  return { w: p.map((v) => (v === 1 ? 1 : -1)), b: -ones + 0.5 };
}

/**
 * The disjunctive-normal-form network of a boolean function (lecture 001: «Любая булева функция
 * может быть выражена 2-х слойной нейронной сетью»): one hidden step unit per row where the
 * function is 1 (it fires on that row only), and an output unit that is their OR
 * (weights 1, bias −½).
 *
 * @param table the outputs for the rows of {@link truthTableInputs}(n), each 0 or 1
 */
export function dnfNetwork(table: ArrayLike<number>): StepNetwork {
  const n = checkTruthTable("dnfNetwork", table);
  const rows = truthTableInputs(n).filter((_, r) => table[r] === 1);
  if (rows.length === 0) {
    // The constant 0: one hidden unit (any), output never fires.
    return {
      layers: [
        { W: Matrix.zeros(1, n), b: Matrix.zeros(1, 1) },
        { W: Matrix.zeros(1, 1), b: Matrix.from([[-0.5]]) },
      ],
    };
  }
  const units = rows.map(mintermWeights);
  return {
    layers: [
      { W: Matrix.from(units.map((u) => u.w)), b: Matrix.rowVector(units.map((u) => u.b)) },
      { W: Matrix.full(1, units.length, 1), b: Matrix.from([[-0.5]]) },
    ],
  };
}

/**
 * The conjunctive-normal-form network: one hidden unit per row where the function is 0 (a clause
 * that is false on that row only: the minterm's weights and bias negated), and an output unit that
 * is their AND (weights 1, bias −(m − ½) for m clauses).
 */
export function cnfNetwork(table: ArrayLike<number>): StepNetwork {
  const n = checkTruthTable("cnfNetwork", table);
  const rows = truthTableInputs(n).filter((_, r) => table[r] === 0);
  if (rows.length === 0) {
    return {
      layers: [
        { W: Matrix.zeros(1, n), b: Matrix.zeros(1, 1) },
        { W: Matrix.zeros(1, 1), b: Matrix.zeros(1, 1) },
      ],
    };
  }
  const units = rows.map(mintermWeights).map((u) => ({ w: u.w.map((v) => -v), b: -u.b }));
  return {
    layers: [
      { W: Matrix.from(units.map((u) => u.w)), b: Matrix.rowVector(units.map((u) => u.b)) },
      { W: Matrix.full(1, units.length, 1), b: Matrix.from([[-(units.length - 0.5)]]) },
    ],
  };
}

/** A point of the plane, [x₁, x₂]. */
export type Point2 = [number, number];

/**
 * The hidden layer of a convex polygon: one unit per edge, firing on the half-plane that holds the
 * polygon. For the edge p → q the normal is n = (q₂ − p₂, −(q₁ − p₁)); the unit computes
 * H(s·n·(x − p)) with the sign s chosen so that the polygon's centroid is inside.
 */
function polygonHalfPlanes(fn: string, vertices: Point2[]): { w: number[]; b: number }[] {
  const m = vertices.length;
  if (m < 3) throw new Error(t`${fn}: a polygon needs at least 3 vertices, got ${m}.`);
  const cx = vertices.reduce((s, v) => s + v[0], 0) / m;
  const cy = vertices.reduce((s, v) => s + v[1], 0) / m;
  return vertices.map((p, k) => {
    const q = vertices[(k + 1) % m];
    const n1 = q[1] - p[1];
    const n2 = -(q[0] - p[0]);
    if (n1 === 0 && n2 === 0) throw new Error(t`${fn}: vertices ${k} and ${(k + 1) % m} coincide at (${p}).`);
    const side = (x: Point2) => n1 * (x[0] - p[0]) + n2 * (x[1] - p[1]);
    const s = side([cx, cy]) >= 0 ? 1 : -1;
    vertices.forEach((v, j) => {
      if (s * side(v) < -1e-12) {
        throw new Error(
          t`${fn}: the polygon is not convex — vertex ${j} (${v}) lies outside the edge from vertex ${k} to ${(k + 1) % m}. Hint: list the vertices in order around a convex polygon; split a non-convex region into convex pieces and use polygonUnionNetwork.`,
        );
      }
    });
    return { w: [s * n1 + 0, s * n2 + 0], b: -s * (n1 * p[0] + n2 * p[1]) + 0 }; // + 0 turns −0 into 0
  });
}

/**
 * A 2-layer step network that outputs 1 exactly on a convex polygon (edges included): one hidden
 * unit per edge (a half-plane) and an output unit that is their AND — weights 1, bias −(m − ½) for
 * m edges, so it fires only when all m half-plane units fire (lecture 001: «двухслойная сеть с
 * функциями активации binary step позволяет представить произвольный выпуклый многогранник»).
 *
 * @param vertices the polygon's corners in order (either direction)
 */
export function convexPolygonNetwork(vertices: Point2[]): StepNetwork {
  const units = polygonHalfPlanes("convexPolygonNetwork", vertices);
  return {
    layers: [
      { W: Matrix.from(units.map((u) => u.w)), b: Matrix.rowVector(units.map((u) => u.b)) },
      { W: Matrix.full(1, units.length, 1), b: Matrix.from([[-(units.length - 0.5)]]) },
    ],
  };
}

/**
 * A 3-layer step network that outputs 1 on the union of convex polygons (a region that need not
 * be convex, nor connected): layer 1 = the half-planes of every polygon; layer 2 = one AND unit per
 * polygon (weights 1 on its own half-planes, 0 on the others); layer 3 = OR (weights 1, bias −½).
 */
export function polygonUnionNetwork(polygons: Point2[][]): StepNetwork {
  if (polygons.length === 0) throw new Error(t`polygonUnionNetwork: give at least one polygon.`);
  const perPolygon = polygons.map((p, i) => polygonHalfPlanes(t`polygonUnionNetwork (polygon ${i})`, p));
  const all = perPolygon.flat();
  const W2 = Matrix.zeros(polygons.length, all.length);
  const b2: number[] = [];
  let offset = 0;
  perPolygon.forEach((units, i) => {
    for (let k = 0; k < units.length; k++) W2.set(i, offset + k, 1);
    b2.push(-(units.length - 0.5));
    offset += units.length;
  });
  return {
    layers: [
      { W: Matrix.from(all.map((u) => u.w)), b: Matrix.rowVector(all.map((u) => u.b)) },
      { W: W2, b: Matrix.rowVector(b2) },
      { W: Matrix.full(1, polygons.length, 1), b: Matrix.from([[-0.5]]) },
    ],
  };
}

/** A 1-k-1 network that approximates a function of one variable with k sigmoid steps. */
export interface StepApproximation {
  /** Number of steps (hidden sigmoid units). */
  k: number;
  /** k × 1: every hidden weight is the steepness s. */
  W1: Matrix;
  /** 1 × k: −s·tᵢ, so that unit i switches at x = tᵢ. */
  b1: Matrix;
  /** 1 × k: the step heights f(xᵢ) − f(xᵢ₋₁). */
  W2: Matrix;
  /** 1 × 1: f(x₀), the value left of the first step. */
  b2: Matrix;
  /** g(x) = b2 + Σᵢ W2ᵢ·σ(s·(x − tᵢ)). */
  predict(x: number): number;
}

const sigma = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Universal approximation by steps (lecture 001: «нейронные сети являются универсальными
 * аппроксиматорами»; Nielsen, ch. 4): on [a, b] take the k + 1 points xᵢ = a + i·(b − a)/k and
 * put a sigmoid step of height f(xᵢ) − f(xᵢ₋₁) at tᵢ = (xᵢ₋₁ + xᵢ)/2:
 *
 *   g(x) = f(x₀) + Σᵢ₌₁ᵏ (f(xᵢ) − f(xᵢ₋₁))·σ(s·(x − tᵢ)),   s = sharpness·k/(b − a).
 *
 * That is a 1-k-1 network (sigmoid hidden layer, linear output). The error shrinks as k grows;
 * the theorem does not say how large k must be («ничего не сказано о необходимом количестве
 * нейронов»).
 *
 * @param sharpness steepness per step width (default 10: each step rises over about a fifth of its width)
 */
export function sigmoidStepApproximation(
  f: (x: number) => number,
  k: number,
  range: [number, number],
  sharpness = 10,
): StepApproximation {
  if (!Number.isInteger(k) || k < 1) throw new Error(t`sigmoidStepApproximation: k = ${k} must be a positive integer (the number of steps).`);
  const [a, b] = range;
  if (!(b > a)) throw new Error(t`sigmoidStepApproximation: range [${a}, ${b}] must have a < b.`);
  if (!(sharpness > 0)) throw new Error(t`sigmoidStepApproximation: sharpness = ${sharpness} must be > 0.`);
  const h = (b - a) / k;
  const s = sharpness / h;
  const xs = Array.from({ length: k + 1 }, (_, i) => a + i * h);
  const fx = xs.map((x) => f(x));
  fx.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(t`sigmoidStepApproximation: f(${xs[i]}) = ${v} is not a finite number.`);
  });
  const centres = Array.from({ length: k }, (_, i) => (xs[i] + xs[i + 1]) / 2);
  const heights = Array.from({ length: k }, (_, i) => fx[i + 1] - fx[i]);
  const W1 = Matrix.full(k, 1, s);
  const b1 = Matrix.rowVector(centres.map((ti) => -s * ti));
  const W2 = Matrix.rowVector(heights);
  const b2 = Matrix.from([[fx[0]]]);
  return {
    k,
    W1,
    b1,
    W2,
    b2,
    predict(x: number): number {
      let g = fx[0];
      for (let i = 0; i < k; i++) g += heights[i] * sigma(s * (x - centres[i]));
      return g;
    },
  };
}

/** max |f(x) − g(x)| over `points` equally spaced points of [a, b]. */
export function maxAbsError(f: (x: number) => number, g: (x: number) => number, range: [number, number], points = 1001): number {
  const [a, b] = range;
  let worst = 0;
  for (let i = 0; i < points; i++) {
    const x = a + ((b - a) * i) / (points - 1);
    worst = Math.max(worst, Math.abs(f(x) - g(x)));
  }
  return worst;
}
