/**
 * The image filters of lecture 003, by name, for `convolve2d(image, FILTERS.sharpen)`. The lecture
 * calls each of them a kernel (ядро свёртки); here they are FILTERS, so that "kernel" keeps its other
 * meanings apart: a Conv2D layer's learned kernels, and the library's speed kernels (kernels/).
 *
 * | name | kernel | what it does |
 * | --- | --- | --- |
 * | `identity` | [[0,0,0],[0,1,0],[0,0,0]] | copies the image |
 * | `edgeDiagonal` | [[1,0,−1],[0,0,0],[−1,0,1]] | edge detection (diagonal differences) |
 * | `laplacian` | [[0,1,0],[1,−4,1],[0,1,0]] | edge detection (4-neighbour Laplacian) |
 * | `edgeAll` | [[−1,−1,−1],[−1,8,−1],[−1,−1,−1]] | edge detection (8-neighbour Laplacian, sign flipped) |
 * | `sharpen` | [[0,−1,0],[−1,5,−1],[0,−1,0]] | sharpen (identity − Laplacian) |
 * | `boxBlur` | 1/9 · ones(3×3) | box blur (normalised): the mean of the 3×3 neighbourhood |
 * | `gaussianBlur` | 1/16 · [[1,2,1],[2,4,2],[1,2,1]] | Gaussian blur (approximation) |
 *
 * The lecture's table (after Wikipedia's "Kernel (image processing)") names the three edge
 * detectors only "Edge detection"; the names here are ours. All kernels are symmetric under a
 * 180° turn, so cross-correlation (what CNNs compute) and true convolution give the same result.
 */

/** The filter names in the lecture's order. The one list of names: `FilterName` is derived from it. */
export const FILTER_NAMES = Object.freeze(["identity", "edgeDiagonal", "laplacian", "edgeAll", "sharpen", "boxBlur", "gaussianBlur"] as const);

/** The names of the lecture's filters. */
export type FilterName = (typeof FILTER_NAMES)[number];

const r = (rows: number[][], scale = 1): ReadonlyArray<ReadonlyArray<number>> =>
  Object.freeze(rows.map((row) => Object.freeze(row.map((v) => v * scale))));

/** The filters of lecture 003 (3 × 3 each, frozen; copy with `filter.map((r) => [...r])` to change one). */
export const FILTERS: Readonly<Record<FilterName, ReadonlyArray<ReadonlyArray<number>>>> = Object.freeze({
  identity: r([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
  edgeDiagonal: r([[1, 0, -1], [0, 0, 0], [-1, 0, 1]]),
  laplacian: r([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
  edgeAll: r([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
  sharpen: r([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
  boxBlur: r([[1, 1, 1], [1, 1, 1], [1, 1, 1]], 1 / 9),
  gaussianBlur: r([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 1 / 16),
});

/** How the lecture's table calls each filter (English, Russian), for titles. */
export const FILTER_LABELS: Readonly<Record<FilterName, { en: string; ru: string }>> = Object.freeze({
  identity: { en: "Identity", ru: "Тождественный" },
  edgeDiagonal: { en: "Edge detection 1 (diagonal)", ru: "Выделение границ 1 (диагональ)" },
  laplacian: { en: "Edge detection 2 (Laplacian)", ru: "Выделение границ 2 (лапласиан)" },
  edgeAll: { en: "Edge detection 3 (8 neighbours)", ru: "Выделение границ 3 (8 соседей)" },
  sharpen: { en: "Sharpen", ru: "Повышение резкости" },
  boxBlur: { en: "Box blur (1/9)", ru: "Размытие средним (1/9)" },
  gaussianBlur: { en: "Gaussian blur (1/16)", ru: "Размытие по Гауссу (1/16)" },
});

/** A lecture filter by name, as a fresh `number[][]`; throws for an unknown name, listing the known ones. */
export function getFilter(name: FilterName): number[][] {
  const k = (FILTERS as Record<string, ReadonlyArray<ReadonlyArray<number>>>)[name];
  if (k === undefined) {
    throw new Error(`getFilter: unknown filter ${JSON.stringify(name)}. Known: ${FILTER_NAMES.join(", ")}.`);
  }
  return k.map((row) => [...row]);
}
