/**
 * `Matrix`: a dense 2-D array of numbers, the one data structure of the course.
 *
 * Stored row-major in a `Float64Array`: the entry in row i, column j is `data[i * cols + j]`.
 * A batch of samples is a matrix with one sample per ROW (n × features), as in Keras.
 *
 * Every operation checks shapes first and throws an error that names the operation and both
 * shapes, instead of returning numbers that quietly mean nothing:
 *
 * ```ts
 * const W = Matrix.from([[1, 3], [-2, 4]]);
 * const I = Matrix.from([[0.5], [0.7]]);  // a column vector, 2 × 1
 * W.matmul(I);                            // [[2.6], [1.8]]
 * ```
 */
import { Random } from "./random";
import { describeValue, NonFiniteError } from "./errors";

/** A matrix written as nested arrays, e.g. `[[1, 2], [3, 4]]`. */
export type NestedArray = number[][];

/** Anything the library accepts where a matrix is expected. */
export type MatrixInput = Matrix | NestedArray;

/** `2×3` — shapes in error messages are written like this. */
function fmtShape(rows: number, cols: number): string {
  return `${rows}×${cols}`;
}

/**
 * The fast path of `Matrix.matmul` for large products, C (m × n) = A·B with A m × k and B k × n
 * row-major, written into c; returns false when the loops should run instead. Installed by
 * kernels/backend.ts (`setProductKernel`), so this module does not import the kernels.
 */
export type ProductKernel = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, c: Float64Array) => boolean;

let productKernel: ProductKernel | undefined;

/** Installs (or, with undefined, removes) the fast path of `Matrix.matmul`; kernels/backend.ts does it. */
export function setProductKernel(kernel: ProductKernel | undefined): void {
  productKernel = kernel;
}

/** Throws unless A·B is defined (A.cols = B.rows). */
function checkProduct(A: Matrix, B: Matrix): void {
  if (A.cols !== B.rows) {
    throw new Error(
      `matmul: shapes ${fmtShape(A.rows, A.cols)} and ${fmtShape(B.rows, B.cols)} do not fit: ` +
        `the left matrix has ${plural(A.cols, "column")} but the right one has ${plural(B.rows, "row")}. ` +
        `Hint: A·B needs A.cols = B.rows; maybe one of them should be transposed.`,
    );
  }
}

/**
 * A·B by the three loops the lectures explain, C[i][j] = Σₖ A[i][k]·B[k][j], whatever the size
 * and the backend (the `"reference"` backend and the tests use it).
 */
export function referenceMatmul(A: Matrix, B: Matrix): Matrix {
  checkProduct(A, B);
  return productLoops(A, B);
}

/** The loops of `referenceMatmul` (shapes already checked). */
function productLoops(A: Matrix, B: Matrix): Matrix {
  const m = A.rows, n = A.cols, p = B.cols;
  const a = A.data, b = B.data;
  const c = new Float64Array(m * p);
  // Skipping zero entries of A saves time on sparse inputs (MNIST pixels are mostly 0), but
  // 0·NaN and 0·Infinity are NaN: the skip is only safe when every entry of B is finite,
  // otherwise a diverged weight would be hidden behind a zero input.
  const skipZeros = B.findNonFinite() === null;
  // i-k-j order: the inner loop walks rows of B and C contiguously.
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      if (aik === 0 && skipZeros) continue;
      const bRow = k * p, cRow = i * p;
      for (let j = 0; j < p; j++) c[cRow + j] += aik * b[bRow + j];
    }
  }
  return new Matrix(m, p, c);
}

export class Matrix {
  readonly rows: number;
  readonly cols: number;
  /** The entries, row-major: row i, column j is `data[i * cols + j]`. */
  readonly data: Float64Array;

  /**
   * A `rows × cols` matrix. Without `data` it is filled with zeros; with `data` the entries are
   * taken row-major (the array is used as it is, not copied, when it is a `Float64Array`).
   */
  constructor(rows: number, cols: number, data?: Float64Array | number[]) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new Error(
        `Matrix: rows and cols must be whole numbers ≥ 0, got rows = ${rows}, cols = ${cols}.`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    if (data === undefined) {
      this.data = new Float64Array(rows * cols);
    } else {
      if (data.length !== rows * cols) {
        throw new Error(
          `Matrix: a ${fmtShape(rows, cols)} matrix needs ${rows * cols} entries, got ${data.length}.`,
        );
      }
      this.data = data instanceof Float64Array ? data : Float64Array.from(data);
    }
  }

  /**
   * Builds a matrix from nested arrays (one inner array per row). A flat array `[a, b, c]`
   * becomes a row vector (1 × 3). A `Matrix` is copied.
   */
  static from(values: MatrixInput | number[]): Matrix {
    if (values instanceof Matrix) return values.clone();
    if (!Array.isArray(values)) {
      throw new Error(
        `Matrix.from: expected nested arrays like [[1, 2], [3, 4]], got ${describeValue(values)}.`,
      );
    }
    if (values.length > 0 && !Array.isArray(values[0])) {
      return Matrix.rowVector(values as number[]);
    }
    const rowsIn = values as unknown[];
    const rows = rowsIn.length;
    const cols = rows === 0 ? 0 : (rowsIn[0] as unknown[]).length;
    const m = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      const row = rowsIn[i];
      if (!Array.isArray(row) || row.length !== cols) {
        throw new Error(
          `Matrix.from: row ${i} has ${Array.isArray(row) ? row.length : "no"} entries but row 0 has ${cols}. ` +
            `Hint: every row of a matrix must have the same length.`,
        );
      }
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== "number") {
          throw new Error(`Matrix.from: entry [${i}][${j}] is ${describeValue(v)}, not a number.`);
        }
        m.data[i * cols + j] = v;
      }
    }
    return m;
  }

  /** A 1 × n matrix holding `values`. */
  static rowVector(values: ArrayLike<number>): Matrix {
    return new Matrix(1, values.length, Float64Array.from(values));
  }

  /** An n × 1 matrix holding `values`. */
  static columnVector(values: ArrayLike<number>): Matrix {
    return new Matrix(values.length, 1, Float64Array.from(values));
  }

  /** A `rows × cols` matrix of zeros. */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /** A `rows × cols` matrix with every entry equal to `value`. */
  static full(rows: number, cols: number, value: number): Matrix {
    const m = new Matrix(rows, cols);
    m.data.fill(value);
    return m;
  }

  /** The n × n identity matrix. */
  static identity(n: number): Matrix {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  /** A matrix of uniform numbers in `[low, high)` drawn from `rng`. */
  static uniform(rows: number, cols: number, rng: Random, low = 0, high = 1): Matrix {
    const m = new Matrix(rows, cols);
    for (let k = 0; k < m.data.length; k++) m.data[k] = rng.uniform(low, high);
    return m;
  }

  /** A matrix of normal numbers with the given mean and standard deviation drawn from `rng`. */
  static normal(rows: number, cols: number, rng: Random, mean = 0, std = 1): Matrix {
    const m = new Matrix(rows, cols);
    for (let k = 0; k < m.data.length; k++) m.data[k] = rng.normal(mean, std);
    return m;
  }

  /** `[rows, cols]`. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** Number of entries, rows · cols. */
  get size(): number {
    return this.data.length;
  }

  /** The entry in row `i`, column `j` (both counted from 0). */
  get(i: number, j: number): number {
    this.checkIndex("get", i, j);
    return this.data[i * this.cols + j];
  }

  /** Sets the entry in row `i`, column `j` (both counted from 0) to `value`. */
  set(i: number, j: number, value: number): void {
    this.checkIndex("set", i, j);
    this.data[i * this.cols + j] = value;
  }

  /** Row `i` as a 1 × cols matrix (a copy). */
  row(i: number): Matrix {
    this.checkIndex("row", i, 0);
    return new Matrix(1, this.cols, this.data.slice(i * this.cols, (i + 1) * this.cols));
  }

  /** Column `j` as a rows × 1 matrix (a copy). */
  col(j: number): Matrix {
    this.checkIndex("col", 0, j);
    const m = new Matrix(this.rows, 1);
    for (let i = 0; i < this.rows; i++) m.data[i] = this.data[i * this.cols + j];
    return m;
  }

  /** The rows with the given indices, in that order, as a new matrix (for mini-batches). */
  selectRows(indices: ArrayLike<number>): Matrix {
    const m = new Matrix(indices.length, this.cols);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      if (!Number.isInteger(i) || i < 0 || i >= this.rows) {
        throw new Error(
          `selectRows: row index ${i} is outside a ${fmtShape(this.rows, this.cols)} matrix (rows 0…${this.rows - 1}).`,
        );
      }
      m.data.set(this.data.subarray(i * this.cols, (i + 1) * this.cols), k * this.cols);
    }
    return m;
  }

  /** Rows `start` (inclusive) to `end` (exclusive) as a new matrix. */
  sliceRows(start: number, end: number): Matrix {
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= this.rows)) {
      throw new Error(
        `sliceRows: need 0 ≤ start ≤ end ≤ ${this.rows} for a ${fmtShape(this.rows, this.cols)} matrix, got start = ${start}, end = ${end}.`,
      );
    }
    return new Matrix(end - start, this.cols, this.data.slice(start * this.cols, end * this.cols));
  }

  /** A copy of this matrix. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** The entries as nested arrays, one inner array per row. */
  toArray(): NestedArray {
    const out: NestedArray = [];
    for (let i = 0; i < this.rows; i++) {
      out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    }
    return out;
  }

  /**
   * Matrix product C = A·B, where A is this matrix (m × n) and B is n × p:
   * C[i][j] = Σₖ A[i][k]·B[k][j]. The columns of A must equal the rows of B.
   *
   * The three loops of `referenceMatmul` compute it. A large product (from `FAST_MIN_WORK`
   * multiply-adds on, e.g. a batch of digits times a weight matrix) runs on the kernels chosen by
   * `setBackend` instead: they add the same products in the same order, so the numbers are the same
   * to the last bit, only 10–50× sooner. `setBackend("reference")` keeps every product on the loops.
   */
  matmul(B: Matrix): Matrix {
    checkProduct(this, B);
    if (productKernel !== undefined) {
      const c = new Float64Array(this.rows * B.cols);
      if (productKernel(this.rows, B.cols, this.cols, this.data, B.data, c)) return new Matrix(this.rows, B.cols, c);
    }
    return productLoops(this, B);
  }

  /** The transpose Aᵀ: Aᵀ[j][i] = A[i][j]. */
  transpose(): Matrix {
    const t = new Matrix(this.cols, this.rows);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) t.data[j * this.rows + i] = this.data[i * this.cols + j];
    }
    return t;
  }

  /** Element-wise sum A + B (same shapes). */
  add(B: Matrix): Matrix {
    this.checkSameShape("add", B);
    const out = new Matrix(this.rows, this.cols);
    const a = this.data, b = B.data, o = out.data;
    for (let k = 0, n = o.length; k < n; k++) o[k] = a[k] + b[k];
    return out;
  }

  /** Element-wise difference A − B (same shapes). */
  subtract(B: Matrix): Matrix {
    this.checkSameShape("subtract", B);
    const out = new Matrix(this.rows, this.cols);
    const a = this.data, b = B.data, o = out.data;
    for (let k = 0, n = o.length; k < n; k++) o[k] = a[k] - b[k];
    return out;
  }

  /** Element-wise (Hadamard) product A ⊙ B (same shapes). */
  multiply(B: Matrix): Matrix {
    this.checkSameShape("multiply", B);
    const out = new Matrix(this.rows, this.cols);
    const a = this.data, b = B.data, o = out.data;
    for (let k = 0, n = o.length; k < n; k++) o[k] = a[k] * b[k];
    return out;
  }

  /** Element-wise quotient A / B (same shapes). */
  divide(B: Matrix): Matrix {
    this.checkSameShape("divide", B);
    const out = new Matrix(this.rows, this.cols);
    const a = this.data, b = B.data, o = out.data;
    for (let k = 0, n = o.length; k < n; k++) o[k] = a[k] / b[k];
    return out;
  }

  /** Every entry multiplied by the number `s`. */
  scale(s: number): Matrix {
    const out = new Matrix(this.rows, this.cols);
    const a = this.data, o = out.data;
    for (let k = 0, n = o.length; k < n; k++) o[k] = a[k] * s;
    return out;
  }

  /**
   * Adds the row vector `b` (1 × cols) to every row: (A + b)[i][j] = A[i][j] + b[j].
   * This is how a layer adds its bias to a whole batch ("broadcasting").
   */
  addRowVector(b: Matrix): Matrix {
    if (b.rows !== 1 || b.cols !== this.cols) {
      throw new Error(
        `addRowVector: cannot add a ${fmtShape(b.rows, b.cols)} matrix to every row of a ${fmtShape(this.rows, this.cols)} matrix: ` +
          `expected a row vector of shape 1×${this.cols}.`,
      );
    }
    const out = new Matrix(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) {
        out.data[i * this.cols + j] = this.data[i * this.cols + j] + b.data[j];
      }
    }
    return out;
  }

  /** A new matrix with `f(value, i, j)` applied to every entry. */
  map(f: (value: number, i: number, j: number) => number): Matrix {
    const out = new Matrix(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) {
        const k = i * this.cols + j;
        out.data[k] = f(this.data[k], i, j);
      }
    }
    return out;
  }

  /**
   * Sums, numpy-style: `sum()` adds every entry; `sum(0)` adds down each column (over the rows)
   * giving 1 × cols; `sum(1)` adds along each row (over the columns) giving rows × 1.
   */
  sum(): number;
  sum(axis: 0 | 1): Matrix;
  sum(axis?: 0 | 1): number | Matrix {
    if (axis === undefined) {
      let s = 0;
      for (let k = 0; k < this.data.length; k++) s += this.data[k];
      return s;
    }
    if (axis === 0) {
      const out = new Matrix(1, this.cols);
      for (let i = 0; i < this.rows; i++) {
        for (let j = 0; j < this.cols; j++) out.data[j] += this.data[i * this.cols + j];
      }
      return out;
    }
    if (axis === 1) {
      const out = new Matrix(this.rows, 1);
      for (let i = 0; i < this.rows; i++) {
        let s = 0;
        for (let j = 0; j < this.cols; j++) s += this.data[i * this.cols + j];
        out.data[i] = s;
      }
      return out;
    }
    throw new Error(`sum: axis must be 0 (over rows), 1 (over columns) or left out, got ${axis}.`);
  }

  /** Means, like `sum`: `mean()` of all entries, `mean(0)` per column, `mean(1)` per row. */
  mean(): number;
  mean(axis: 0 | 1): Matrix;
  mean(axis?: 0 | 1): number | Matrix {
    if (axis === undefined) return this.sum() / this.data.length;
    const s = this.sum(axis);
    return s.scale(1 / (axis === 0 ? this.rows : this.cols));
  }

  /** For every row, the column index of its largest entry (the predicted class). */
  argmaxRows(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.rows; i++) {
      let best = 0;
      for (let j = 1; j < this.cols; j++) {
        if (this.data[i * this.cols + j] > this.data[i * this.cols + best]) best = j;
      }
      out.push(best);
    }
    return out;
  }

  /** The largest absolute entry (0 for an empty matrix). */
  maxAbs(): number {
    let m = 0;
    for (let k = 0; k < this.data.length; k++) m = Math.max(m, Math.abs(this.data[k]));
    return m;
  }

  /** True when both shapes are equal and every entry differs by at most `tolerance`. */
  allClose(B: Matrix, tolerance = 1e-9): boolean {
    if (this.rows !== B.rows || this.cols !== B.cols) return false;
    for (let k = 0; k < this.data.length; k++) {
      if (!(Math.abs(this.data[k] - B.data[k]) <= tolerance)) return false;
    }
    return true;
  }

  /** The first NaN or ±Infinity entry as `{ i, j, value }`, or `null` when all are finite. */
  findNonFinite(): { i: number; j: number; value: number } | null {
    // Fast pass (fit checks every weight after every step): x·0 is ±0 for finite x and NaN for
    // NaN or ±Infinity, so the sum is 0 exactly when every entry is finite. Only then is the
    // entry searched for.
    const d = this.data, n = d.length;
    let s0 = 0, s1 = 0, k = 0;
    for (; k + 1 < n; k += 2) {
      s0 += d[k] * 0;
      s1 += d[k + 1] * 0;
    }
    if (k < n) s0 += d[k] * 0;
    if (s0 + s1 === 0) return null;
    for (let k = 0; k < this.data.length; k++) {
      if (!Number.isFinite(this.data[k])) {
        return { i: Math.floor(k / this.cols), j: k % this.cols, value: this.data[k] };
      }
    }
    return null;
  }

  /**
   * Throws when an entry is NaN or ±Infinity. `what` names the matrix in the message,
   * e.g. `assertFinite("fit: x")`.
   */
  assertFinite(what: string): this {
    const bad = this.findNonFinite();
    if (bad) {
      throw new NonFiniteError(
        `${what}: entry [${bad.i}][${bad.j}] is ${bad.value} (shape ${fmtShape(this.rows, this.cols)}). ` +
          `Hint: look for missing values or a division by zero in the data before it reaches the network.`,
        bad.value,
      );
    }
    return this;
  }

  /** Readable text, rows on separate lines, e.g. `Matrix 2×2\n[[ 1,  3],\n [-2,  4]]`. */
  toString(digits = 4): string {
    return `Matrix ${fmtShape(this.rows, this.cols)}\n${formatEntries(this, digits)}`;
  }

  /** Pretty printing in a notebook cell and in `console.log`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  private checkIndex(op: string, i: number, j: number): void {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= this.rows || j >= this.cols) {
      throw new Error(
        `${op}: index (${i}, ${j}) is outside a ${fmtShape(this.rows, this.cols)} matrix ` +
          `(rows 0…${this.rows - 1}, columns 0…${this.cols - 1}; indices count from 0).`,
      );
    }
  }

  private checkSameShape(op: string, B: Matrix): void {
    if (!(B instanceof Matrix)) {
      throw new Error(`${op}: expected a Matrix, got ${describeValue(B)}. Hint: wrap arrays with Matrix.from(...).`);
    }
    if (this.rows !== B.rows || this.cols !== B.cols) {
      throw new Error(
        `${op}: shapes ${fmtShape(this.rows, this.cols)} and ${fmtShape(B.rows, B.cols)} differ; ` +
          `element-wise operations need equal shapes.` +
          (B.rows === 1 && B.cols === this.cols
            ? " Hint: to add a bias row to every row use addRowVector."
            : B.rows === this.cols && B.cols === this.rows
              ? " Hint: one of them looks transposed (try .transpose())."
              : B.cols === this.cols
                ? " Hint: they have different numbers of rows (samples): do both come from the same batch?"
                : B.rows === this.rows
                  ? " Hint: they have different numbers of columns: do both belong to the same layer (its own cache from forward, its own weights)?"
                  : ""),
      );
    }
  }

}

/** Accepts a `Matrix` or nested arrays and returns a `Matrix` (the same one, not a copy). */
export function toMatrix(x: MatrixInput, what = "input"): Matrix {
  if (x instanceof Matrix) return x;
  if (Array.isArray(x)) {
    try {
      return Matrix.from(x);
    } catch (e) {
      throw new Error(`${what}: ${(e as Error).message}`);
    }
  }
  throw new Error(`${what}: expected a Matrix or nested arrays, got ${describeValue(x)}.`);
}

/** Shape as text, e.g. `2×3`, for error messages. */
export function shapeOf(m: Matrix): string {
  return fmtShape(m.rows, m.cols);
}

/** `1 row`, `2 rows`. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}


/** Entries with `digits` significant digits, columns aligned; long matrices are elided. */
function formatEntries(m: Matrix, digits: number): string {
  const maxRows = 12, maxCols = 10;
  const rowIdx = elide(m.rows, maxRows);
  const colIdx = elide(m.cols, maxCols);
  const cell = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(digits)).toString());
  const cells = rowIdx.map((i) => colIdx.map((j) => (i < 0 || j < 0 ? "…" : cell(m.data[i * m.cols + j]))));
  const width = Math.max(1, ...cells.flat().map((s) => s.length));
  const lines = cells.map((r) => r.map((s) => s.padStart(width)).join(", "));
  if (lines.length === 0) return "[]";
  return lines.map((l, k) => (k === 0 ? "[[" : " [") + l + (k === lines.length - 1 ? "]]" : "],")).join("\n");
}

/** Indices 0…n−1, or the first and last few with −1 standing for "…". */
function elide(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const half = Math.floor(max / 2);
  return [...Array.from({ length: half }, (_, i) => i), -1, ...Array.from({ length: half }, (_, i) => n - half + i)];
}
