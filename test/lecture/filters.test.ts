import * as fs from "fs";
import * as path from "path";
import { describe, expect, test } from "vitest";
import { convolve2d, pool2d } from "../../lib/src/lecture/pictures";
import { LECTURE_DIGIT, loadPhoto, parsePgm, PHOTO_FILE } from "../../lib/src/data/images";
import { getFilter, FILTER_LABELS, FILTER_NAMES, FILTERS } from "../../lib/src/lecture/filters";
import { imageGrid, sideBySide } from "../../lib/src/plot/images";

describe("the kernels of lecture 003", () => {
  test("exact values", () => {
    expect(FILTERS.identity).toEqual([[0, 0, 0], [0, 1, 0], [0, 0, 0]]);
    expect(FILTERS.edgeDiagonal).toEqual([[1, 0, -1], [0, 0, 0], [-1, 0, 1]]);
    expect(FILTERS.laplacian).toEqual([[0, 1, 0], [1, -4, 1], [0, 1, 0]]);
    expect(FILTERS.edgeAll).toEqual([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]);
    expect(FILTERS.sharpen).toEqual([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]);
    expect(FILTERS.boxBlur.flat().every((v) => v === 1 / 9)).toBe(true);
    expect(FILTERS.gaussianBlur.map((r) => r.map((v) => v * 16))).toEqual([[1, 2, 1], [2, 4, 2], [1, 2, 1]]);
    expect(FILTER_NAMES).toHaveLength(7);
    for (const n of FILTER_NAMES) expect(FILTER_LABELS[n].en.length).toBeGreaterThan(0);
  });
  test("sums: edge detectors 0, identity/sharpen/blurs 1 (a flat image stays flat)", () => {
    const sum = (k: ReadonlyArray<ReadonlyArray<number>>) => k.flat().reduce((a, b) => a + b, 0);
    for (const n of ["edgeDiagonal", "laplacian", "edgeAll"] as const) expect(sum(FILTERS[n])).toBeCloseTo(0, 15);
    for (const n of ["identity", "sharpen", "boxBlur", "gaussianBlur"] as const) expect(sum(FILTERS[n])).toBeCloseTo(1, 15);
    const flat = Array.from({ length: 6 }, () => new Array(7).fill(0.3));
    for (const n of FILTER_NAMES) {
      const out = convolve2d(flat, FILTERS[n]);
      const want = sum(FILTERS[n]) * 0.3;
      out.flat().forEach((v) => expect(v).toBeCloseTo(want, 12));
    }
  });
  test("frozen; getFilter gives a copy; unknown names are an error", () => {
    expect(Object.isFrozen(FILTERS.sharpen)).toBe(true);
    const k = getFilter("sharpen");
    k[1][1] = 0;
    expect(FILTERS.sharpen[1][1]).toBe(5);
    expect(() => getFilter("sobel" as never)).toThrow(/unknown filter "sobel"\. Known: identity, edgeDiagonal/);
  });
  test("identity copies; Laplacian of a point is the kernel itself (flipped = same)", () => {
    const img = [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    expect(convolve2d(img, FILTERS.identity, { padding: "same" })).toEqual(img);
    expect(convolve2d(img, FILTERS.laplacian)).toEqual([[0, 1, 0], [1, -4, 1], [0, 1, 0]]);
  });
});

describe("the lecture's digit and the photo", () => {
  test("LECTURE_DIGIT: 14 rows of 12 numbers in [0, 1], as printed in lecture 003", () => {
    expect(LECTURE_DIGIT).toHaveLength(14);
    LECTURE_DIGIT.forEach((r) => expect(r).toHaveLength(12));
    expect(LECTURE_DIGIT.flat().every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(LECTURE_DIGIT[0]).toEqual([1.0, 1.0, 1.0, 0.9, 0.6, 0.6, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0]);
    expect(LECTURE_DIGIT[6]).toEqual([1.0, 0.4, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0]);
    expect(LECTURE_DIGIT[13]).toEqual([1.0, 1.0, 1.0, 0.8, 0.8, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
    const total = LECTURE_DIGIT.flat().reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(104.4, 10);
  });
  test("the lecture's digit is the same as in the lecture text (seed file), when available", () => {
    const dir = "/work/shared/seeds";
    const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.startsWith("003_")) : undefined;
    if (file === undefined) return; // the lecture text is not part of the repository
    const rows = fs.readFileSync(path.join(dir, file), "utf8").split("\n").filter((l) => /^[0-9.]+(\t[0-9.]+){11}\s*$/.test(l));
    expect(rows.map((l) => l.trim().split("\t").map(Number))).toEqual(LECTURE_DIGIT);
  });
  test("parsePgm reads P2 and P5 with comments", () => {
    const p2 = parsePgm("P2\n# a comment\n3 2\n# another\n255\n0 255 51\n102 153 204\n");
    expect(p2.width).toBe(3);
    expect(p2.pixels).toEqual([[0, 1, 0.2], [0.4, 0.6, 0.8]]);
    const p5 = parsePgm(new Uint8Array([...Buffer.from("P5 2 1 255\n"), 0, 255]));
    expect(p5.pixels).toEqual([[0, 1]]);
    expect(() => parsePgm("P3\n1 1\n255\n0 0 0\n", "x.ppm")).toThrow(/x\.ppm: not a PGM image/);
    expect(() => parsePgm("P2\n2 1\n255\n0\n", "short.pgm")).toThrow(/short\.pgm: pixel 1 .* is missing/);
  });
  test("loadPhoto: 128 × 85 greyscale in [0, 1]", () => {
    const photo = loadPhoto();
    expect([photo.width, photo.height]).toEqual([128, 85]);
    expect(photo.pixels).toHaveLength(85);
    expect(photo.pixels[0]).toHaveLength(128);
    const flat = photo.pixels.flat();
    expect(Math.min(...flat)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...flat)).toBeLessThanOrEqual(1);
    expect(new Set(flat).size).toBeGreaterThan(100); // a real photo, not a flat image
    photo.pixels[0][0] = -1;
    expect(loadPhoto().pixels[0][0]).toBeGreaterThanOrEqual(0); // a fresh copy every call
    expect(PHOTO_FILE).toMatch(/\.pgm$/);
  });
  test("blurs shrink, edge detectors find the strokes of the lecture's digit", () => {
    const blurred = pool2d(convolve2d(LECTURE_DIGIT, FILTERS.boxBlur, { padding: "same" }), { poolSize: 2 });
    expect([blurred.length, blurred[0].length]).toEqual([7, 6]);
    const edges = convolve2d(LECTURE_DIGIT, FILTERS.edgeAll);
    expect(Math.max(...edges.flat().map(Math.abs))).toBeGreaterThan(2);
  });
});

describe("sideBySide and imageGrid range 'each'", () => {
  test("one input and one output: two images in one row, each with its own grey range", () => {
    const input = [[0, 1], [1, 0]];
    const fig = sideBySide({ input, output: [[-4, 2], [0, 8]], titles: ["digit", "edges"], name: "t-side" });
    expect(fig.name).toBe("t-side");
    expect(fig.data).toHaveLength(2);
    expect(fig.data[0]).toMatchObject({ zmin: 0, zmax: 1 });
    expect(fig.data[1]).toMatchObject({ zmin: -4, zmax: 8 });
    expect(JSON.stringify(fig.layout)).toContain("edges");
  });
  test("several outputs; shared range on request", () => {
    const fig = sideBySide({ input: [[0, 1]], output: [[[0, 2]], [[0, 3]]], range: [0, 1], name: "t-side-2" });
    expect(fig.data).toHaveLength(3);
    expect(fig.data.every((t) => (t as unknown as { zmax: number }).zmax === 1)).toBe(true);
    expect(imageGrid({ images: [[[5, 5]]], range: "each", name: "t-flat" }).data[0]).toMatchObject({ zmin: 5, zmax: 6 });
  });
});
