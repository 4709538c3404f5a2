// @ts-check
// The command line of `npm run figures` (scripts/figures.mjs): options, then for each notebook
// an executed copy (run from a fresh kernel through the notebook runner, or taken from
// `--executed DIR`), its figures exported, and the gallery. Exit code 1 if any notebook or figure
// failed (the others are still written), 2 on a bad option.

import { existsSync, mkdirSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { errorMessage, setupOrExit } from "../lib/cli.mjs";
import { listNotebooks, writeNotebook } from "../lib/notebook.mjs";
import { LANGUAGES } from "../i18n.mjs";
import { notebookIn } from "../release.mjs";
import { describeFailure, executeNotebooks } from "../run-notebooks.mjs";
import { REPO } from "../setup.mjs";
import { writeGallery } from "./gallery.mjs";
import { DEFAULTS, FIGURES_DIR, RUN_DIR, checkOptions } from "./options.mjs";
import { createExporter, exportNotebook } from "./render.mjs";

/** @typedef {import("./options.mjs").ResolvedOptions} ResolvedOptions */
/** @typedef {import("./options.mjs").ThemeName} ThemeName */
/** @typedef {import("./options.mjs").Format} Format */
/** @typedef {ResolvedOptions & { notebooks: string[], out: string, executed: string | undefined, language: string, help?: boolean }} CommandLine */

/**
 * Parses the command line. Throws with a usage message on a bad option.
 * @param {string[]} argv
 * @returns {CommandLine}
 */
export function parseArgs(argv) {
  /** @type {CommandLine} */
  const opts = { ...DEFAULTS, notebooks: [], out: FIGURES_DIR, executed: undefined, language: "en" };
  let outGiven = false;
  const value = (/** @type {number} */ i, /** @type {string} */ name) => {
    if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    /** @type {string | undefined} */
    let inline;
    if (arg.startsWith("--") && arg.includes("=")) [arg, inline] = [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)];
    const take = () => (inline !== undefined ? inline : value(i++, arg));
    switch (arg) {
      case "--notebook":
        opts.notebooks.push(...take().split(",").filter(Boolean));
        break;
      case "--width":
      case "--height":
      case "--scale":
        opts[/** @type {"width" | "height" | "scale"} */ (arg.slice(2))] = Number(take());
        break;
      case "--theme":
        opts.theme = /** @type {ThemeName} */ (take()); // checked below
        break;
      case "--out":
        opts.out = resolve(take());
        outGiven = true;
        break;
      case "--lang":
        opts.language = take();
        if (opts.language !== "en" && !LANGUAGES.includes(opts.language)) throw new Error(`--lang ${opts.language}: not a language of the course; use --lang ru (Russian labels) or leave it out (English)`);
        break;
      case "--executed":
        opts.executed = resolve(take());
        break;
      case "--formats":
        opts.formats = /** @type {Format[]} */ (take().split(",").filter(Boolean)); // checked below
        break;
      case "--help":
      case "-h":
        opts.help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if (!opts.help) checkOptions(opts);
  // The Russian slide figures go beside the English ones: figures/ru/.
  if (!outGiven && opts.language !== "en") opts.out = join(FIGURES_DIR, opts.language);
  return opts;
}

const USAGE = `usage: npm run figures -- [--notebook 04]... [--width 1600] [--height 900] [--scale 1]
                             [--theme light|dark] [--out figures] [--executed DIR] [--formats svg,png,pdf]
                             [--lang ru]   (the Russian edition's figures, Russian labels: figures/ru/)`;

/**
 * The committed notebook at `path` in `language`, written beside the executed copies (the figures
 * are the notebook's own, with the catalogue's labels): its path. Throws when the catalogue lacks
 * a text (`npm run i18n -- check`).
 * @param {string} path
 * @param {string} language
 */
function translatedCopy(path, language) {
  const dir = join(REPO, "release", language, "figures-source");
  mkdirSync(dir, { recursive: true });
  const out = join(dir, basename(path));
  writeNotebook(out, notebookIn(path, language));
  return out;
}

/** `npm run figures [-- OPTIONS]`: exits with 0, 1 (a notebook or figure failed) or 2 (bad option). */
export async function main() {
  /** @type {CommandLine} */
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`figures: ${errorMessage(error)}\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  setupOrExit({ browser: true });
  let paths = listNotebooks();
  if (opts.notebooks.length > 0) {
    paths = paths.filter((p) => opts.notebooks.some((n) => basename(p).startsWith(n)));
    if (paths.length === 0) {
      console.error(`figures: no notebook in notebooks/ starts with ${opts.notebooks.join(" or ")}`);
      process.exit(2);
    }
  }
  console.log(`figures: ${paths.length} notebook${paths.length === 1 ? "" : "s"} → ${relative(REPO, opts.out) || "."}/ (${opts.width}×${opts.height} px, scale ${opts.scale}, ${opts.theme}; ${opts.formats.join(", ")})`);
  const exporter = await createExporter(opts);
  /** @type {string[]} */
  const failures = [];
  /** @type {{ name: string, figures: number, runSeconds: number, exportSeconds: number }[]} */
  const timings = [];
  let count = 0;
  try {
    for (const path of paths) {
      const name = basename(path);
      let executed;
      let runSeconds = 0;
      if (opts.executed) {
        executed = join(opts.executed, name);
        if (!existsSync(executed)) {
          failures.push(`${name}: no executed copy in ${relative(REPO, opts.executed)}`);
          console.log(`  ${name}: FAILED: no executed copy in ${relative(REPO, opts.executed)}`);
          continue;
        }
      } else {
        console.log(`  ${name}: executing from a fresh kernel${opts.language === "en" ? "" : ` (the ${opts.language} edition)`} ...`);
        const source = opts.language === "en" ? path : translatedCopy(path, opts.language);
        const [result] = await executeNotebooks([source], { outDir: opts.language === "en" ? RUN_DIR : join(RUN_DIR, opts.language), quiet: true, env: opts.language === "en" ? {} : { NNLIB_LANG: opts.language } });
        runSeconds = result.seconds;
        if (!result.ok) {
          failures.push(`${describeFailure(result)}\n    (figures of the cells before it are still exported)`);
          console.log(`  ${name}: execution FAILED at code cell ${result.failure?.cell}; exporting what it showed before that`);
        } else {
          console.log(`  ${name}: executed (${result.executed}/${result.cells} cells, ${result.seconds} s)`);
        }
        if (!result.output || !existsSync(result.output)) continue;
        executed = result.output;
      }
      const started = Date.now();
      const report = await exportNotebook(exporter, executed, opts.out, { onProgress: (line) => console.log(line), notebookName: name });
      const exportSeconds = (Date.now() - started) / 1000;
      count += report.figures.length;
      failures.push(...report.failures);
      timings.push({ name, figures: report.figures.length, runSeconds, exportSeconds });
    }
  } finally {
    await exporter.close();
  }
  const gallery = writeGallery(opts.out);
  console.log("\nfigures: per notebook");
  for (const t of timings) {
    console.log(`  ${t.name.padEnd(24)} ${String(t.figures).padStart(3)} figures   run ${t.runSeconds.toFixed(1).padStart(6)} s   export ${t.exportSeconds.toFixed(1).padStart(6)} s`);
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`figures: ${count} written, ${failures.length} failed; gallery ${relative(REPO, gallery)}`);
  process.exit(failures.length === 0 ? 0 : 1);
}
