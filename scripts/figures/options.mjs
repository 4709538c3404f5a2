// @ts-check
// The options of the slide-figure export (scripts/figures.mjs): their defaults, the themes'
// colours and the checks, shared by the command line (cli.mjs), the slide style (slide.mjs) and
// the exporter (render.mjs).

import { join } from "node:path";
import { REPO } from "../setup.mjs";

/** @typedef {"light" | "dark"} ThemeName */
/** @typedef {"svg" | "png" | "pdf"} Format */

/**
 * @typedef {object} ExportOptions
 * @property {number} [width] slide width in CSS px
 * @property {number} [height] slide height in CSS px
 * @property {number} [scale] PNG pixels per CSS px
 * @property {ThemeName} [theme]
 * @property {Format[]} [formats]
 */

/** @typedef {Required<ExportOptions>} ResolvedOptions */

/**
 * The colours of each theme: background, text, grid and zero lines, axis lines, legend box.
 * @type {Readonly<Record<ThemeName, { paper: string, text: string, grid: string, zero: string, line: string, legend: string }>>}
 */
export const THEMES = Object.freeze({
  light: { paper: "#FFFFFF", text: "#222222", grid: "#DDDDDD", zero: "#999999", line: "#444444", legend: "rgba(255,255,255,0.85)" },
  dark: { paper: "#1E1E1E", text: "#EEEEEE", grid: "#444444", zero: "#888888", line: "#BBBBBB", legend: "rgba(30,30,30,0.85)" },
});

/** `npm run figures` writes here by default (git-ignored). */
export const FIGURES_DIR = join(REPO, "figures");
/** Where notebooks executed for the export go (git-ignored). */
export const RUN_DIR = join(REPO, "test-output", "figures-run");

/** @type {readonly Format[]} */
export const FORMATS = Object.freeze(["svg", "png", "pdf"]);

/** @type {Readonly<ResolvedOptions>} */
export const DEFAULTS = Object.freeze({ width: 1600, height: 900, scale: 1, theme: /** @type {ThemeName} */ ("light"), formats: [...FORMATS] });

/**
 * Throws, naming the option as on the command line, when `opts` holds an unknown theme or
 * format or a size that is not a positive number.
 * @param {ResolvedOptions} opts
 */
export function checkOptions(opts) {
  if (!Object.hasOwn(THEMES, opts.theme)) throw new Error(`--theme must be light or dark, got ${JSON.stringify(opts.theme)}`);
  for (const f of opts.formats) if (!FORMATS.includes(f)) throw new Error(`--formats: unknown format ${f} (svg, png, pdf)`);
  for (const k of /** @type {const} */ (["width", "height", "scale"])) {
    if (!(Number.isFinite(opts[k]) && opts[k] > 0)) throw new Error(`--${k} must be a positive number, got ${opts[k]}`);
  }
}
