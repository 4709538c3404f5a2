/**
 * The element-wise activation kernels behind the layers: ReLU fused with the bias, without branches.
 *
 * What they compute is lecture 003's ReLU and its derivative (`relu` in functions/activations.ts):
 *
 *   forward:   A = relu(Z + b),  relu(v) = v > 0 ? v : 0          (b added to every row; optional)
 *   backward:  dZ = dA ⊙ [A > 0]                                   (and, optionally, db = Σ rows of dZ)
 *
 * How they compute it is the speed part. The sign of v is a coin toss the CPU cannot predict, so a
 * branch `v > 0 ? v : 0` is mispredicted about half the time (measured: ~10× the arithmetic). Here
 * relu(v) is `v·[v > 0] + 0` (`reluNoBranch`): equal to the branch for every finite v and +∞ (the
 * + 0 turns the −0 of a negative v into +0). Where v is −∞ or NaN it gives NaN; `reluForward` then
 * finds those entries (a sum of v·0 is 0 only when every v is finite) and sets them to 0, as the
 * branch does, so the layers give exactly the numbers of `relu.f`. The convolution's fast path
 * (conv-fast.ts) uses `reluNoBranch` too, without that clean-up (see its module comment).
 *
 * Backward reads ReLU′ from A, not Z: z > 0 exactly where relu(z) > 0, and A may have been written
 * over Z (in place).
 *
 * test/layers/regressions.test.ts checks the kernels against the branch for ±∞, NaN and −0.
 */

/** The activations the kernels apply fused with the bias; the layers apply any other one themselves. */
export type FusedActivation = "linear" | "relu";

/** relu(v) without a branch: v·[v > 0] + 0 — equal to `v > 0 ? v : 0` for every v but −∞ and NaN (NaN). */
export function reluNoBranch(v: number): number {
  return v * +(v > 0) + 0;
}

/**
 * a = relu(z + b) entry by entry (z and a n·cols numbers, row-major; a may be z itself), with
 * `bias` (cols numbers) added to every row first when given: the additions and the ReLU in one
 * pass. The same numbers as `relu.f(z[q] + b[j])` for every entry, −∞ and NaN included (0).
 */
export function reluForward(z: Float64Array, a: Float64Array, cols: number, bias?: Float64Array): void {
  const n = z.length;
  let s = 0;
  if (bias === undefined) {
    for (let q = 0; q < n; q++) {
      const v = z[q];
      a[q] = reluNoBranch(v);
      s += v * 0;
    }
  } else {
    for (let q = 0; q < n; q += cols) {
      for (let j = 0; j < cols; j++) {
        const v = z[q + j] + bias[j];
        a[q + j] = reluNoBranch(v);
        s += v * 0;
      }
    }
  }
  if (s !== 0) for (let q = 0; q < n; q++) if (a[q] !== a[q]) a[q] = 0;
}

/**
 * d = g ⊙ [a > 0] entry by entry (g = ∂E/∂A, a = relu's output; d may be g itself), and with
 * `colSums` (cols numbers) also colSums[j] = Σᵢ d[i][j] (Dense's db) in the same pass, rows in order.
 * The same numbers as `a > 0 ? g : 0` for every finite g (a g of −0 where a > 0 gives +0: equal as
 * a number, and no sum it enters changes); a NaN made where a ≤ 0 (g = ±∞ or NaN there) is set to
 * 0 afterwards, as the branch gives.
 */
export function reluBackward(g: Float64Array, a: Float64Array, d: Float64Array, cols: number, colSums?: Float64Array): void {
  const n = d.length;
  let s = 0;
  if (colSums === undefined) {
    for (let q = 0; q < n; q++) {
      const gq = g[q];
      d[q] = gq * +(a[q] > 0) + 0;
      s += gq * 0;
    }
  } else {
    colSums.fill(0, 0, cols);
    for (let q = 0; q < n; q += cols) {
      for (let j = 0; j < cols; j++) {
        const gq = g[q + j], v = gq * +(a[q + j] > 0) + 0;
        d[q + j] = v;
        colSums[j] += v;
        s += gq * 0;
      }
    }
  }
  if (s !== 0) {
    for (let q = 0; q < n; q++) if (d[q] !== d[q] && !(a[q] > 0)) d[q] = 0;
    if (colSums !== undefined) sumColumnsInto(d, cols, colSums);
  }
}

/** s[j] = Σᵢ d[i][j] (rows in order) for the row-major `d` with `cols` columns. */
export function sumColumnsInto(d: Float64Array, cols: number, s: Float64Array): void {
  s.fill(0, 0, cols);
  for (let q = 0, n = d.length; q < n; q += cols) for (let j = 0; j < cols; j++) s[j] += d[q + j];
}
