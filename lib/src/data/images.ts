/**
 * Pictures for notebook 06 (CNN filters): the digit "2" printed in lecture 003 and a small
 * greyscale photo. Sources and licences in `data/README.md`.
 *
 * ```ts
 * show(image({ pixels: LECTURE_DIGIT, name: "lecture-digit" }));
 * const photo = loadPhoto();               // { pixels: 85 rows × 128, width: 128, height: 85, … }
 * show(image({ pixels: photo.pixels, name: "photo" }));
 * ```
 */
import { readDataFile } from "./csv";

/**
 * The 14 × 12 picture of lecture 003 ("Как нейронные сети видят изображение"), transcribed number
 * by number from the lecture's table: 1.0 = white paper, 0.0 = black ink (the lecture's convention,
 * the reverse of MNIST's). Row 0 is the top row. Frozen; copy it (`LECTURE_DIGIT.map((r) => [...r])`)
 * to change it.
 *
 * The course outline calls it the digit "2". The numbers are intact (14 rows of 12 values in
 * [0, 1]; a test compares them with the lecture text), but drawn they look more like a handwritten
 * letter "a" (a bowl at the bottom left, a stem on the right, a hook on top) — see `data/README.md`.
 */
export const LECTURE_DIGIT: ReadonlyArray<ReadonlyArray<number>> = Object.freeze(
  [
    [1.0, 1.0, 1.0, 0.9, 0.6, 0.6, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0],
    [1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0],
    [1.0, 0.2, 0.2, 0.5, 0.6, 0.6, 0.5, 0.0, 0.0, 0.5, 1.0, 1.0],
    [1.0, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.0, 0.0, 0.9, 1.0],
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0, 0.5, 1.0],
    [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.0, 0.5, 1.0],
    [1.0, 0.4, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0],
    [0.9, 0.0, 0.0, 0.6, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0, 0.5, 1.0],
    [0.5, 0.0, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0, 0.5, 1.0],
    [0.5, 0.0, 0.7, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.5, 1.0],
    [0.6, 0.0, 0.6, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0, 0.0, 0.5, 1.0],
    [0.9, 0.1, 0.0, 0.6, 0.7, 0.7, 0.5, 0.0, 0.5, 0.0, 0.5, 1.0],
    [1.0, 0.7, 0.1, 0.0, 0.0, 0.0, 0.1, 0.9, 0.8, 0.0, 0.5, 1.0],
    [1.0, 1.0, 1.0, 0.8, 0.8, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
  ].map((row) => Object.freeze(row)),
);

/** A greyscale picture read from a PGM file. */
export interface GreyImage {
  /** Intensities in [0, 1] (0 = black, 1 = white), `height` rows of `width` numbers, row 0 on top. */
  pixels: number[][];
  width: number;
  height: number;
  /** The PGM's maximum value (255 for 8-bit files); pixels are the file's numbers divided by it. */
  maxval: number;
}

/**
 * Parses a PGM image (Netpbm greyscale): plain "P2" (text numbers) or raw "P5" (bytes, maxval
 * ≤ 255), with `#` comments in the header. Pixels are scaled to [0, 1].
 *
 * @param content the file's bytes (or its text, for P2)
 * @param where the file name for error messages
 */
export function parsePgm(content: Uint8Array | string, where = "PGM"): GreyImage {
  const bytes = typeof content === "string" ? Buffer.from(content, "latin1") : content;
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < bytes.length && /\s/.test(String.fromCharCode(bytes[pos]))) pos++;
      if (bytes[pos] === 0x23 /* # */) {
        while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
        continue;
      }
      break;
    }
    const start = pos;
    while (pos < bytes.length && !/\s/.test(String.fromCharCode(bytes[pos]))) pos++;
    return String.fromCharCode(...bytes.subarray(start, pos));
  };
  const magic = token();
  if (magic !== "P2" && magic !== "P5") throw new Error(`${where}: not a PGM image (it starts with ${JSON.stringify(magic)}, expected "P2" or "P5").`);
  const width = Number(token()), height = Number(token()), maxval = Number(token());
  if (![width, height, maxval].every((v) => Number.isInteger(v) && v > 0) || maxval > 65535) {
    throw new Error(`${where}: bad PGM header (width ${width}, height ${height}, maxval ${maxval}).`);
  }
  const n = width * height;
  const values = new Array<number>(n);
  if (magic === "P5") {
    if (maxval > 255) throw new Error(`${where}: 16-bit raw PGM is not supported; use maxval ≤ 255.`);
    pos++; // the single whitespace after maxval
    if (bytes.length - pos < n) throw new Error(`${where}: the image needs ${n} bytes of pixels, the file has ${bytes.length - pos}.`);
    for (let k = 0; k < n; k++) values[k] = bytes[pos + k];
  } else {
    for (let k = 0; k < n; k++) {
      const t = token();
      const v = Number(t);
      if (t === "" || !Number.isInteger(v) || v < 0 || v > maxval) {
        throw new Error(`${where}: pixel ${k} (row ${Math.floor(k / width)}, column ${k % width}) is ${t === "" ? "missing" : JSON.stringify(t)}; expected a whole number 0…${maxval}.`);
      }
      values[k] = v;
    }
  }
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) pixels.push(values.slice(y * width, (y + 1) * width).map((v) => v / maxval));
  return { pixels, width, height, maxval };
}

/** The photo's file in `data/`. */
export const PHOTO_FILE = "china-128x85.pgm";

let photoCache: GreyImage | undefined;

/**
 * The photo of notebook 06: scikit-learn's `china.jpg` (a Chinese temple in the trees; photo by
 * danielbuechele on Flickr, CC BY 2.0) made greyscale and shrunk to 128 × 85 by
 * `scripts/make-photo.py`. Returns a fresh copy each call: `{ pixels (85 rows of 128, in [0, 1]), width, height, maxval }`.
 */
export function loadPhoto(): GreyImage {
  if (photoCache === undefined) {
    const bytes = readDataFile(
      PHOTO_FILE,
      (file) => `loadPhoto: ${file} is missing. Hint: it is committed in data/; make it again with /usr/bin/python3 scripts/make-photo.py.`,
    );
    photoCache = parsePgm(bytes, PHOTO_FILE);
  }
  const c = photoCache;
  return { pixels: c.pixels.map((r) => [...r]), width: c.width, height: c.height, maxval: c.maxval };
}
