/**
 * Fast matrix-multiply kernels in plain JavaScript (Float64Array, no WebAssembly).
 *
 * The reference product `referenceMatmul` (lib/src/core/matrix.ts) is the one the lectures explain:
 * three loops, one multiply-add at a time (`Matrix.matmul` runs it for small products and these
 * kernels for large ones, see kernels/backend.ts). These kernels compute exactly the same sums, in a different order,
 * with the standard trick of high-performance matrix libraries: REGISTER BLOCKING. A 4 × 4 block
 * of C is kept in 16 local variables (which the JIT keeps in CPU registers) while k runs over the
 * whole inner dimension: per k, 4 numbers of A and 4 of B are loaded and used for 16
 * multiply-adds, instead of 2 loads and 1 store per multiply-add in the naive loop.
 *
 * One generic kernel covers every layout through strides:
 *
 *   C[i][j] = Σₖ A(i, k) · B(k, j)    with  A(i, k) = a[i·ars + k·aks],  B(k, j) = b[k·bks + j·bjs]
 *
 * and C (m × n) row-major, overwritten. So A·B, A·Bᵀ and Aᵀ·B need no transposed copies:
 * `gemmNN`, `gemmNT`, `gemmTN` below just pass the strides. The results equal the reference
 * kernel's up to rounding (the sums are added in the same k order, so in practice they agree to
 * the last bit or two; the tests allow 1e-12 relative).
 */

/** Scratch for the packed panel of B (grown when needed, reused across calls). */
let panel = new Float64Array(4 * 1024);

/**
 * C (m × n) = A·B with A(i, k) = a[i·ars + k·aks] and B(k, j) = b[k·bks + j·bjs], over K terms.
 * `c` must hold m·n numbers; it is overwritten.
 *
 * For every block of 4 columns of B, those columns are first copied into a contiguous PANEL
 * (panel[4k + c] = B(k, j + c); missing columns at the right edge are zeros), so the inner loop
 * reads B with unit stride whatever its layout; then every block of 4 rows of A is run against it.
 */
export function gemmStrided(
  m: number, n: number, K: number,
  a: Float64Array, ars: number, aks: number,
  b: Float64Array, bks: number, bjs: number,
  c: Float64Array,
): void {
  if (panel.length < 4 * K) panel = new Float64Array(4 * K);
  const bp = panel;
  const m4 = m - (m % 4);
  for (let j = 0; j < n; j += 4) {
    const w = Math.min(4, n - j); // columns in this block
    for (let k = 0, s = j * bjs, d = 0; k < K; k++, s += bks, d += 4) {
      bp[d] = b[s];
      bp[d + 1] = w > 1 ? b[s + bjs] : 0;
      bp[d + 2] = w > 2 ? b[s + 2 * bjs] : 0;
      bp[d + 3] = w > 3 ? b[s + 3 * bjs] : 0;
    }
    if (aks === 1) blocksRowMajorA(m4, n, K, a, ars, bp, c, j, w);
    else if (ars === 1) blocksColMajorA(m4, n, K, a, aks, bp, c, j, w);
    else blocksStridedA(m4, n, K, a, ars, aks, bp, c, j, w);
    // Rows below m4: one row at a time against the same panel.
    for (let i = m4; i < m; i++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let pa = i * ars, p = 0;
      for (let k = 0; k < K; k++) {
        const av = a[pa];
        s0 += av * bp[p]; s1 += av * bp[p + 1]; s2 += av * bp[p + 2]; s3 += av * bp[p + 3];
        pa += aks;
        p += 4;
      }
      const q = i * n + j, sums = [s0, s1, s2, s3];
      for (let cc = 0; cc < w; cc++) c[q + cc] = sums[cc];
    }
  }
}

/** 4-row blocks of C against the panel, A(i, k) = a[i·ars + k] (A·B and A·Bᵀ). */
function blocksRowMajorA(m4: number, n: number, K: number, a: Float64Array, ars: number, bp: Float64Array, c: Float64Array, j: number, w: number): void {
  for (let i = 0; i < m4; i += 4) {
    let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
    let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
    let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
    let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
    const r0 = i * ars, r1 = r0 + ars, r2 = r1 + ars, r3 = r2 + ars;
    for (let k = 0, p = 0; k < K; k++, p += 4) {
        const a0 = a[r0 + k], a1 = a[r1 + k], a2 = a[r2 + k], a3 = a[r3 + k];
        const b0 = bp[p], b1 = bp[p + 1], b2 = bp[p + 2], b3 = bp[p + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;

    }
    const q = i * n + j;
    if (w === 4) {
      c[q] = c00; c[q + 1] = c01; c[q + 2] = c02; c[q + 3] = c03;
      c[q + n] = c10; c[q + n + 1] = c11; c[q + n + 2] = c12; c[q + n + 3] = c13;
      c[q + 2 * n] = c20; c[q + 2 * n + 1] = c21; c[q + 2 * n + 2] = c22; c[q + 2 * n + 3] = c23;
      c[q + 3 * n] = c30; c[q + 3 * n + 1] = c31; c[q + 3 * n + 2] = c32; c[q + 3 * n + 3] = c33;
    } else {
      storePartial(c, q, n, w, c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32);
    }
  }
}

/** 4-row blocks of C against the panel, A(i, k) = a[k·aks + i] (Aᵀ·B). */
function blocksColMajorA(m4: number, n: number, K: number, a: Float64Array, aks: number, bp: Float64Array, c: Float64Array, j: number, w: number): void {
  for (let i = 0; i < m4; i += 4) {
    let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
    let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
    let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
    let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
    let pa = i;
    for (let k = 0, p = 0; k < K; k++, p += 4) {
        const a0 = a[pa], a1 = a[pa + 1], a2 = a[pa + 2], a3 = a[pa + 3];
        const b0 = bp[p], b1 = bp[p + 1], b2 = bp[p + 2], b3 = bp[p + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        pa += aks;
    }
    const q = i * n + j;
    if (w === 4) {
      c[q] = c00; c[q + 1] = c01; c[q + 2] = c02; c[q + 3] = c03;
      c[q + n] = c10; c[q + n + 1] = c11; c[q + n + 2] = c12; c[q + n + 3] = c13;
      c[q + 2 * n] = c20; c[q + 2 * n + 1] = c21; c[q + 2 * n + 2] = c22; c[q + 2 * n + 3] = c23;
      c[q + 3 * n] = c30; c[q + 3 * n + 1] = c31; c[q + 3 * n + 2] = c32; c[q + 3 * n + 3] = c33;
    } else {
      storePartial(c, q, n, w, c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32);
    }
  }
}

/** 4-row blocks of C against the panel, any strides of A. */
function blocksStridedA(m4: number, n: number, K: number, a: Float64Array, ars: number, aks: number, bp: Float64Array, c: Float64Array, j: number, w: number): void {
  for (let i = 0; i < m4; i += 4) {
    let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
    let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
    let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
    let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
    let pa = i * ars;
    const a1s = ars, a2s = 2 * ars, a3s = 3 * ars;
    for (let k = 0, p = 0; k < K; k++, p += 4) {
        const a0 = a[pa], a1 = a[pa + a1s], a2 = a[pa + a2s], a3 = a[pa + a3s];
        const b0 = bp[p], b1 = bp[p + 1], b2 = bp[p + 2], b3 = bp[p + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        pa += aks;
    }
    const q = i * n + j;
    if (w === 4) {
      c[q] = c00; c[q + 1] = c01; c[q + 2] = c02; c[q + 3] = c03;
      c[q + n] = c10; c[q + n + 1] = c11; c[q + n + 2] = c12; c[q + n + 3] = c13;
      c[q + 2 * n] = c20; c[q + 2 * n + 1] = c21; c[q + 2 * n + 2] = c22; c[q + 2 * n + 3] = c23;
      c[q + 3 * n] = c30; c[q + 3 * n + 1] = c31; c[q + 3 * n + 2] = c32; c[q + 3 * n + 3] = c33;
    } else {
      storePartial(c, q, n, w, c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32);
    }
  }
}

/** The first `w` < 4 columns of a 4 × 4 block. */
function storePartial(
  c: Float64Array, q: number, n: number, w: number,
  c00: number, c01: number, c02: number, c10: number, c11: number, c12: number,
  c20: number, c21: number, c22: number, c30: number, c31: number, c32: number,
): void {
  const v = [c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32];
  for (let r = 0; r < 4; r++) for (let cc = 0; cc < w; cc++) c[q + r * n + cc] = v[r * 3 + cc];
}

/** C (m × n) = A·B, A m × k, B k × n, all row-major. */
export function gemmNN(m: number, n: number, k: number, a: Float64Array, b: Float64Array, c: Float64Array): void {
  gemmStrided(m, n, k, a, k, 1, b, n, 1, c);
}

/** C (m × n) = A·Bᵀ, A m × k, B n × k (Dense forward: Z = X·Wᵀ). */
export function gemmNT(m: number, n: number, k: number, a: Float64Array, b: Float64Array, c: Float64Array): void {
  gemmStrided(m, n, k, a, k, 1, b, 1, k, c);
}

/** C (m × n) = Aᵀ·B, A k × m, B k × n (Dense backward: dW = dZᵀ·X). */
export function gemmTN(m: number, n: number, k: number, a: Float64Array, b: Float64Array, c: Float64Array): void {
  gemmStrided(m, n, k, a, 1, m, b, n, 1, c);
}
