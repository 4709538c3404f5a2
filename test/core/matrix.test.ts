import { describe, expect, test } from "vitest";
import { Matrix, shapeOf, toMatrix } from "../../lib/src/core/matrix";
import { Random } from "../../lib/src/core/random";

const W1 = () => Matrix.from([[1, 3], [-2, 4]]);

describe("building matrices", () => {
  test("from nested arrays is row-major", () => {
    const m = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(m.shape).toEqual([2, 3]);
    expect(m.size).toBe(6);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.get(1, 0)).toBe(4);
    expect(m.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  test("a flat array becomes a row vector; from(Matrix) copies", () => {
    expect(Matrix.from([1, 2, 3]).shape).toEqual([1, 3]);
    const a = W1();
    const b = Matrix.from(a);
    b.set(0, 0, 99);
    expect(a.get(0, 0)).toBe(1);
  });

  test("ragged rows and non-numbers are rejected with the row/entry named", () => {
    expect(() => Matrix.from([[1, 2], [3]])).toThrow(/row 1 has 1 entries but row 0 has 2/);
    expect(() => Matrix.from([[1, "x" as unknown as number]])).toThrow(/entry \[0\]\[1\] is the string 'x'/);
    expect(() => new Matrix(2, 2, [1, 2, 3])).toThrow(/2×2 matrix needs 4 entries, got 3/);
    expect(() => new Matrix(1.5, 2)).toThrow(/whole numbers/);
  });

  test("vectors, zeros, full, identity", () => {
    expect(Matrix.rowVector([1, 2]).toArray()).toEqual([[1, 2]]);
    expect(Matrix.columnVector([1, 2]).toArray()).toEqual([[1], [2]]);
    expect(Matrix.zeros(2, 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(Matrix.full(2, 2, 7).toArray()).toEqual([[7, 7], [7, 7]]);
    expect(Matrix.identity(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  test("uniform and normal draw from the given generator, reproducibly", () => {
    const a = Matrix.uniform(3, 4, new Random(1), -2, 2);
    const b = Matrix.uniform(3, 4, new Random(1), -2, 2);
    expect(a.allClose(b, 0)).toBe(true);
    expect(a.data.every((v) => v >= -2 && v < 2)).toBe(true);
    const first = new Random(5).uniform(-2, 2);
    expect(Matrix.uniform(1, 1, new Random(5), -2, 2).get(0, 0)).toBe(first);
    const n = Matrix.normal(2, 2, new Random(3), 10, 0.5);
    const r = new Random(3);
    expect(Array.from(n.data)).toEqual([r.normal(10, 0.5), r.normal(10, 0.5), r.normal(10, 0.5), r.normal(10, 0.5)]);
  });

  test("toMatrix accepts a Matrix (same object) or arrays, and names the input in errors", () => {
    const m = W1();
    expect(toMatrix(m)).toBe(m);
    expect(toMatrix([[1, 2]]).toArray()).toEqual([[1, 2]]);
    expect(() => toMatrix([[1, 2], [3]], "fit: x")).toThrow(/^fit: x: Matrix.from: row 1/);
    expect(shapeOf(Matrix.zeros(4, 7))).toBe("4×7");
  });
});

describe("indexing", () => {
  test("get/set/row/col", () => {
    const m = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    m.set(0, 2, 30);
    expect(m.get(0, 2)).toBe(30);
    expect(m.row(1).toArray()).toEqual([[4, 5, 6]]);
    expect(m.col(1).toArray()).toEqual([[2], [5]]);
  });

  test("out-of-range indices name the operation and the shape", () => {
    const m = W1();
    expect(() => m.get(2, 0)).toThrow(/get: index \(2, 0\) is outside a 2×2 matrix/);
    expect(() => m.set(0, -1, 1)).toThrow(/set: index \(0, -1\)/);
    expect(() => m.row(5)).toThrow(/row: index/);
  });

  test("selectRows and sliceRows copy the chosen rows", () => {
    const m = Matrix.from([[0, 0], [1, 1], [2, 2], [3, 3]]);
    expect(m.selectRows([3, 1, 3]).toArray()).toEqual([[3, 3], [1, 1], [3, 3]]);
    expect(m.sliceRows(1, 3).toArray()).toEqual([[1, 1], [2, 2]]);
    expect(m.sliceRows(2, 2).shape).toEqual([0, 2]);
    expect(() => m.selectRows([4])).toThrow(/selectRows: row index 4 is outside a 4×2 matrix/);
    expect(() => m.sliceRows(3, 5)).toThrow(/sliceRows: need 0 ≤ start ≤ end ≤ 4/);
    const s = m.sliceRows(0, 1);
    s.set(0, 0, 9);
    expect(m.get(0, 0)).toBe(0);
  });

  test("clone is independent", () => {
    const a = W1();
    const c = a.clone();
    c.set(1, 1, 0);
    expect(a.get(1, 1)).toBe(4);
  });
});

describe("arithmetic", () => {
  test("the lecture's W1 · (0.5, 0.7)ᵀ = (2.6, 1.8)", () => {
    const L2 = W1().matmul(Matrix.columnVector([0.5, 0.7]));
    expect(L2.shape).toEqual([2, 1]);
    expect(L2.get(0, 0)).toBeCloseTo(2.6, 14);
    expect(L2.get(1, 0)).toBeCloseTo(1.8, 14);
    // …and the output O = W2ᵀ·L2 = 0.5·2.6 + 0.3·1.8 = 1.84
    expect(Matrix.rowVector([0.5, 0.3]).matmul(L2).get(0, 0)).toBeCloseTo(1.84, 14);
  });

  test("matmul of non-square matrices", () => {
    const A = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    const B = Matrix.from([[7, 8], [9, 10], [11, 12]]);
    expect(A.matmul(B).toArray()).toEqual([[58, 64], [139, 154]]);
    expect(B.matmul(A).toArray()).toEqual([[39, 54, 69], [49, 68, 87], [59, 82, 105]]);
    expect(A.matmul(Matrix.identity(3)).toArray()).toEqual(A.toArray());
  });

  test("matmul shape mismatch names the operation and both shapes", () => {
    const A = Matrix.zeros(2, 3);
    expect(() => A.matmul(Matrix.zeros(2, 3))).toThrow(/matmul: shapes 2×3 and 2×3 do not fit/);
    expect(() => A.matmul(Matrix.zeros(2, 3))).toThrow(/transposed/);
  });

  test("matmul propagates NaN through zero entries (0·NaN is NaN)", () => {
    const x = Matrix.from([[0, 1]]);
    const W = Matrix.from([[NaN, 1], [2, 3]]);
    const y = x.matmul(W);
    expect(Number.isNaN(y.get(0, 0))).toBe(true);
    expect(y.get(0, 1)).toBe(3); // 0·1 + 1·3: the NaN is only in column 0
    expect(Matrix.from([[0]]).matmul(Matrix.from([[Infinity]])).findNonFinite()).not.toBeNull();
  });

  test("transpose", () => {
    expect(Matrix.from([[1, 2, 3], [4, 5, 6]]).transpose().toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(W1().transpose().toArray()).toEqual([[1, -2], [3, 4]]);
  });

  test("element-wise add, subtract, multiply, divide, scale", () => {
    const A = Matrix.from([[1, 2], [3, 4]]);
    const B = Matrix.from([[10, 20], [30, 40]]);
    expect(A.add(B).toArray()).toEqual([[11, 22], [33, 44]]);
    expect(B.subtract(A).toArray()).toEqual([[9, 18], [27, 36]]);
    expect(A.multiply(B).toArray()).toEqual([[10, 40], [90, 160]]);
    expect(B.divide(A).toArray()).toEqual([[10, 10], [10, 10]]);
    expect(A.scale(-0.5).toArray()).toEqual([[-0.5, -1], [-1.5, -2]]);
    // inputs untouched
    expect(A.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  test("element-wise shape mismatches name the operation and both shapes", () => {
    const A = Matrix.zeros(2, 3);
    expect(() => A.add(Matrix.zeros(3, 2))).toThrow(/^add: shapes 2×3 and 3×2 differ/);
    expect(() => A.subtract(Matrix.zeros(2, 2))).toThrow(/^subtract: shapes 2×3 and 2×2 differ/);
    expect(() => A.multiply(Matrix.zeros(1, 2))).toThrow(/^multiply: shapes 2×3 and 1×2 differ/);
    expect(() => A.divide(Matrix.zeros(3, 3))).toThrow(/^divide: shapes 2×3 and 3×3 differ/);
    // the report's backwardNet mistakes: another layer's cache (4×16 vs 4×32), another batch's targets (4×10 vs 5×10)
    expect(() => Matrix.zeros(4, 16).multiply(Matrix.zeros(4, 32))).toThrow(/Hint: they have different numbers of columns: do both belong to the same layer/);
    expect(() => Matrix.zeros(4, 10).subtract(Matrix.zeros(5, 10))).toThrow(/Hint: they have different numbers of rows \(samples\): do both come from the same batch\?/);
    expect(() => A.add(Matrix.zeros(3, 2))).toThrow(/Hint: one of them looks transposed/);
    // adding a bias row the wrong way gets a hint
    expect(() => A.add(Matrix.zeros(1, 3))).toThrow(/use addRowVector/);
  });

  test("addRowVector broadcasts a bias over every row", () => {
    const A = Matrix.from([[1, 2], [3, 4], [5, 6]]);
    expect(A.addRowVector(Matrix.rowVector([10, -1])).toArray()).toEqual([[11, 1], [13, 3], [15, 5]]);
    expect(() => A.addRowVector(Matrix.columnVector([1, 2]))).toThrow(
      /addRowVector: cannot add a 2×1 matrix to every row of a 3×2 matrix: expected a row vector of shape 1×2/,
    );
  });

  test("map passes value, row and column", () => {
    const m = Matrix.zeros(2, 3).map((_, i, j) => 10 * i + j);
    expect(m.toArray()).toEqual([[0, 1, 2], [10, 11, 12]]);
    expect(Matrix.from([[1, -2]]).map(Math.abs).toArray()).toEqual([[1, 2]]);
  });
});

describe("reductions", () => {
  const m = Matrix.from([[1, 2, 3], [4, 5, 6]]);

  test("sum over everything, over rows (axis 0), over columns (axis 1)", () => {
    expect(m.sum()).toBe(21);
    expect(m.sum(0).toArray()).toEqual([[5, 7, 9]]);
    expect(m.sum(1).toArray()).toEqual([[6], [15]]);
  });

  test("mean likewise", () => {
    expect(m.mean()).toBe(3.5);
    expect(m.mean(0).toArray()).toEqual([[2.5, 3.5, 4.5]]);
    expect(m.mean(1).toArray()).toEqual([[2], [5]]);
  });

  test("argmaxRows gives the first largest column of each row", () => {
    expect(Matrix.from([[0.1, 0.7, 0.2], [5, -1, 5], [-3, -2, -1]]).argmaxRows()).toEqual([1, 0, 2]);
  });

  test("maxAbs and allClose", () => {
    expect(Matrix.from([[1, -7], [3, 2]]).maxAbs()).toBe(7);
    expect(Matrix.zeros(0, 0).maxAbs()).toBe(0);
    const a = Matrix.from([[1, 2]]);
    expect(a.allClose(Matrix.from([[1 + 1e-12, 2]]))).toBe(true);
    expect(a.allClose(Matrix.from([[1.001, 2]]))).toBe(false);
    expect(a.allClose(Matrix.from([[1.001, 2]]), 0.01)).toBe(true);
    expect(a.allClose(Matrix.from([[1], [2]]))).toBe(false);
    expect(Matrix.from([[NaN]]).allClose(Matrix.from([[NaN]]))).toBe(false);
  });
});

describe("NaN detection", () => {
  test("findNonFinite finds the first NaN or Infinity", () => {
    expect(Matrix.from([[1, 2], [3, 4]]).findNonFinite()).toBeNull();
    expect(Matrix.from([[1, 2], [NaN, Infinity]]).findNonFinite()).toEqual({ i: 1, j: 0, value: NaN });
    expect(Matrix.from([[1, -Infinity]]).findNonFinite()).toEqual({ i: 0, j: 1, value: -Infinity });
  });

  test("findNonFinite: every position, odd and even sizes, huge finite values and -0 (its fast pass sums x·0)", () => {
    for (const n of [1, 2, 5, 6]) {
      const m = new Matrix(1, n, Float64Array.from({ length: n }, (_, k) => (k % 2 ? -1.7976931348623157e308 : -0)));
      expect(m.findNonFinite()).toBeNull();
      for (let k = 0; k < n; k++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const c = m.clone();
          c.data[k] = bad;
          expect(c.findNonFinite()).toEqual({ i: 0, j: k, value: bad });
        }
      }
    }
    expect(new Matrix(0, 3).findNonFinite()).toBeNull();
  });

  test("assertFinite names the matrix, the entry and the shape", () => {
    const ok = Matrix.from([[1]]);
    expect(ok.assertFinite("x")).toBe(ok);
    expect(() => Matrix.from([[1, 2, 3], [4, NaN, 6]]).assertFinite("fit: x")).toThrow(
      /^fit: x: entry \[1\]\[1\] is NaN \(shape 2×3\)/,
    );
  });
});

describe("printing", () => {
  test("toString shows the shape and aligned rows", () => {
    expect(W1().toString()).toBe("Matrix 2×2\n[[ 1,  3],\n [-2,  4]]");
    expect(Matrix.from([[1.23456, -0.5], [100, 2]]).toString()).toBe(
      "Matrix 2×2\n[[1.235,  -0.5],\n [  100,     2]]",
    );
    expect(Matrix.from([[1 / 3]]).toString(2)).toBe("Matrix 1×1\n[[0.33]]");
    expect(Matrix.zeros(0, 3).toString()).toBe("Matrix 0×3\n[]");
  });

  test("large matrices are elided with …", () => {
    const big = Matrix.zeros(20, 30).map((_, i, j) => i * 100 + j);
    const lines = big.toString().split("\n");
    expect(lines[0]).toBe("Matrix 20×30");
    expect(lines).toHaveLength(1 + 13); // 6 rows, "…", 6 rows
    expect(lines[7]).toMatch(/^ \[ *…(, *…)*\],$/);
    expect(lines[1]).toContain("…");
    expect(lines[1].startsWith("[[   0,    1,")).toBe(true);
    expect(lines[13].endsWith("1929]]")).toBe(true);
  });

  test("console.log / notebook display uses toString", () => {
    const inspect = (W1() as unknown as Record<symbol, () => string>)[Symbol.for("nodejs.util.inspect.custom")];
    expect(inspect.call(W1())).toBe(W1().toString());
  });
});
