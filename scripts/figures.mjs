#!/usr/bin/env node
// @ts-check
// Slide figures: every figure shown in the notebooks, as SVG, PNG and PDF.
//
//   npm run figures [-- OPTIONS]
//   node scripts/figures.mjs [--notebook 04] [--width 1600] [--height 900] [--scale 1]
//                            [--theme light|dark] [--out figures] [--executed DIR]
//
// Each notebook (default: every notebooks/*.ipynb; `--notebook 04` picks the ones whose file
// name starts with "04", repeatable) is executed from a fresh kernel through the notebook runner
// (scripts/run-notebooks.mjs; the executed copy goes to test-output/figures-run/). `--executed
// DIR` skips that and reads already executed copies from DIR (e.g. test-output/notebooks after
// `npm run test:notebooks`). Every figure output — a display bundle with plotly JSON and
// metadata `nnlib.name`, or the `image/svg+xml` computation graph — is written to
// `<out>/<notebook>/<name>.{svg,png,pdf}`, with `<out>/<notebook>/manifest.json`, and
// `<out>/index.html` is a gallery of everything in `<out>`.
//
// Slide-ready: the figure's own layout is copied and overridden for the export only (size,
// "DejaVu Sans" at projector sizes, thicker lines, theme colours); the notebook is untouched.
// plotly.js (node_modules/plotly.js-dist-min) draws it in headless Chromium (Debian's
// /usr/bin/chromium via playwright-core, SwiftShader WebGL for 3-D scenes); SVG and PNG come
// from Plotly.toImage, the PDF from page.pdf() of a page holding just the SVG.
//
// Deterministic: Math.random is re-seeded in the page before every figure (plotly draws its
// random clip-path/uid strings from it), every trace gets a fixed `uid`, every element's
// attributes are sorted (plotly's attribute order varies from run to run), every `id` in the
// SVG is renamed to `<name>-<k>` in order of appearance (references follow), and the PDF dates
// are fixed. A second run writes byte-identical SVGs.
//
// Exit code 1 if any notebook or figure failed; the others are still written.
//
// The parts, one idea each, in scripts/figures/: collect.mjs (the figures of an executed
// notebook), slide.mjs (the slide style), normalize.mjs (reproducible SVG and PDF bytes),
// render.mjs (drawing in Chromium, one notebook's files and manifest), gallery.mjs (index.html),
// cli.mjs (the command line), options.mjs (defaults, themes, checks). This file is the entry
// point and the API the tests use.

import { main } from "./figures/cli.mjs";
import { isMain } from "./lib/cli.mjs";

export { SVG_MIME, collectFigures, slug } from "./figures/collect.mjs";
export { DEFAULTS, FIGURES_DIR, FORMATS, RUN_DIR, THEMES, checkOptions } from "./figures/options.mjs";
export { FONT_FAMILY, slideSpec } from "./figures/slide.mjs";
export { fixPdfDates, graphSvg, normalizeSvg, pngSize } from "./figures/normalize.mjs";
export { PLOTLY_PATH, createExporter, exportNotebook, launchExportBrowser } from "./figures/render.mjs";
export { writeGallery } from "./figures/gallery.mjs";
export { parseArgs } from "./figures/cli.mjs";

if (isMain(import.meta.url)) {
  await main();
}
