// @ts-check
// Stages "figures" and "release" of `npm test` (scripts/test.mjs), after the notebook stage.
//
// figures: the figures of one executed notebook (test-output/notebooks/03-gradients.ipynb,
//   written by the notebook stage: plotly charts, a 3-D surface and the computation graph) are
//   exported twice with scripts/figures.mjs; checked: every SVG parses in Chromium (DOMParser,
//   no <parsererror>) and has as many trace groups as the plotly JSON has 2-D traces, plus an
//   embedded PNG for a 3-D scene (graph: as many nodes as the original SVG), every PNG has the PNG signature and 1600 × 900 px, every
//   PDF starts with %PDF-, no random plotly id survives, and the second run (SVG only, in its
//   own Chromium at the same time as the first) writes byte-identical SVGs.
// release: test/stages/fixtures/solutions/exercise.ipynb is released (scripts/release.mjs); no marker
//   survives in the student copy, stubs and solutions are where they belong, and both copies
//   run through the notebook runner. Every notebooks/*.ipynb releases without error, and the
//   student copies of notebooks that hold solutions run (every check ✗); their solution copies
//   run strictly (every check ✓) unless proven to be the committed program, whose strict run in
//   the notebook stage then stands for them (see releaseTest).

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import { tally } from "../../scripts/lib/checks.mjs";
import { cellLabel, checkVerdicts, codeCells, listNotebooks, markerProblems, readNotebook, sourceText } from "../../scripts/lib/notebook.mjs";
import { OUTPUT_DIR, describeFailure, executeNotebooks } from "../../scripts/run-notebooks.mjs";
import { REPO } from "../../scripts/setup.mjs";

export const FIGURE_NOTEBOOK = "03-gradients.ipynb";
const GL_TYPES = new Set(["surface", "scatter3d", "mesh3d", "cone", "isosurface", "volume"]);
export const RELEASE_FIXTURE = join(REPO, "test", "stages", "fixtures", "solutions", "exercise.ipynb");

const require = createRequire(import.meta.url);

/** @typedef {import("../../scripts/lib/checks.mjs").Check} Check */
/** @typedef {import("../../scripts/lib/checks.mjs").StageResult} StageResult */
/** @typedef {import("../../scripts/lib/notebook.mjs").Notebook} Notebook */
/** @typedef {import("../../scripts/figures/render.mjs").Manifest} Manifest */

/**
 * The "figures" stage: exports the figures of an executed notebook twice and checks the files.
 * @param {{ notebook?: string }} [options]
 * @returns {Promise<StageResult>}
 */
export async function figuresTest({ notebook = FIGURE_NOTEBOOK } = {}) {
  const { collectFigures, createExporter, exportNotebook, launchExportBrowser, pngSize } = await import("../../scripts/figures.mjs");
  const executed = join(OUTPUT_DIR, "notebooks", notebook);
  /** @type {Check[]} */
  const checks = [];
  if (!existsSync(executed)) return tally([{ name: `figures: ${notebook}`, ok: false, detail: `no executed copy at ${executed} (the notebook stage writes it)` }]);
  const stem = notebook.replace(/\.ipynb$/, "");
  const figures = collectFigures(readNotebook(executed));
  checks.push({ name: `figures: ${notebook} has figures, a graph and a 3-D scene`, ok: figures.length >= 3 && figures.some((f) => f.kind === "svg") && figures.some((f) => f.kind === "plotly" && f.spec.data?.some((t) => t.type === "surface")), detail: `${figures.length} figures` });
  const runs = [join(OUTPUT_DIR, "figures-test", "run1"), join(OUTPUT_DIR, "figures-test", "run2")];
  // The two runs side by side, each with its own Chromium (the second run's SVGs must still be
  // byte-identical), and the browser for the checks starting meanwhile.
  const browserPromise = launchExportBrowser();
  const reports = await Promise.all(
    runs.map(async (out, k) => {
      rmSync(out, { recursive: true, force: true });
      const started = Date.now();
      const exporter = await createExporter(k === 0 ? {} : { formats: ["svg"] });
      try {
        const report = await exportNotebook(exporter, executed, out);
        console.log(`  run ${k + 1}: ${report.figures.length} figures in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return report;
      } finally {
        await exporter.close();
      }
    }),
  ).catch(async (error) => {
    await (await browserPromise).close().catch(() => {});
    throw error;
  });
  for (const [k, report] of reports.entries()) {
    checks.push({ name: `figures: run ${k + 1} exports every figure`, ok: report.failures.length === 0 && report.figures.length === figures.length, detail: report.failures.join("; ") || `${report.figures.length}/${figures.length}` });
  }
  const dir1 = join(runs[0], stem);
  const dir2 = join(runs[1], stem);
  const browser = await browserPromise;
  try {
    const page = await browser.newPage();
    for (const figure of figures) {
      const name = `figures: ${stem}/${figure.file}`;
      const files = Object.fromEntries(["svg", "png", "pdf"].map((ext) => [ext, join(dir1, `${figure.file}.${ext}`)]));
      const missing = Object.values(files).filter((f) => !existsSync(f));
      checks.push({ name: `${name}: svg, png and pdf written`, ok: missing.length === 0, detail: `missing ${missing.join(", ")}` });
      if (missing.length) continue;
      const svg = readFileSync(files.svg, "utf8");
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        return {
          error: doc.querySelector("parsererror")?.textContent ?? null,
          root: doc.documentElement.nodeName,
          width: doc.documentElement.getAttribute("width"),
          traces: doc.querySelectorAll("g.trace, g.contour, g.hm").length,
          rasters: [...doc.querySelectorAll("image")].filter((i) => (i.getAttribute("xlink:href") ?? i.getAttribute("href") ?? "").startsWith("data:image/png")).length,
          nodes: doc.querySelectorAll("g.node").length,
        };
      }, svg);
      // 2-D traces are SVG groups (g.trace, g.contour, g.hm); a 3-D scene is one embedded PNG.
      const traces = figure.kind === "plotly" ? (figure.spec.data ?? []) : [];
      const gl = traces.filter((t) => GL_TYPES.has(t.type)).length;
      const want = figure.kind === "plotly" ? traces.length - gl : (figure.svg.match(/class="node"/g) ?? []).length;
      const got = figure.kind === "plotly" ? parsed.traces : parsed.nodes;
      const glOk = gl === 0 || parsed.rasters >= 1;
      checks.push({ name: `${name}.svg parses, ${want} ${figure.kind === "plotly" ? "2-D traces" : "graph nodes"}${gl ? `, the 3-D scene as an image` : ""}`, ok: parsed.error === null && parsed.root === "svg" && got === want && glOk, detail: `parse error ${parsed.error}, root ${parsed.root}, ${got} found, ${parsed.rasters} embedded PNGs` });
      if (figure.kind === "plotly") checks.push({ name: `${name}.svg is 1600 px wide, DejaVu Sans, no random ids`, ok: parsed.width === "1600" && svg.includes("DejaVu Sans") && !/id="clip[0-9a-f]{6}/.test(svg), detail: `width ${parsed.width}` });
      const png = readFileSync(files.png);
      const size = pngSize(png);
      checks.push({ name: `${name}.png is a 1600 × 900 PNG`, ok: size?.width === 1600 && size?.height === 900, detail: JSON.stringify(size) });
      const pdf = readFileSync(files.pdf);
      checks.push({ name: `${name}.pdf starts with %PDF-`, ok: pdf.subarray(0, 5).toString("latin1") === "%PDF-" && pdf.length > 1000, detail: `${pdf.length} bytes` });
      for (const ext of ["svg"]) {
        const other = join(dir2, `${figure.file}.${ext}`);
        const same = existsSync(other) && readFileSync(other).equals(readFileSync(files[ext]));
        checks.push({ name: `${name}.${ext}: second run byte-identical`, ok: same, detail: "the two runs differ" });
      }
    }
  } finally {
    await browser.close();
  }
  /** @type {Manifest} */
  const manifest = JSON.parse(readFileSync(join(dir1, "manifest.json"), "utf8"));
  checks.push({ name: "figures: manifest lists every figure with its cell", ok: manifest.figures.length === figures.length && manifest.figures.every((f) => f.cell > 0), detail: "" });
  return tally(checks);
}

/**
 * `npm run figures -- --lang ru` on one notebook: the Russian edition's notebook (translated by
 * its catalogue) runs with NNLIB_LANG=ru, and its figures export with Russian labels — as many
 * figures as the English notebook has, each SVG that shows a word with Cyrillic text (a slide
 * figure whose labels stayed English fails).
 * @param {{ notebook?: string }} [options]
 * @returns {Promise<StageResult>}
 */
export async function russianFiguresTest({ notebook = FIGURE_NOTEBOOK } = {}) {
  const { collectFigures } = await import("../../scripts/figures.mjs");
  const out = join(OUTPUT_DIR, "figures-test", "ru");
  rmSync(out, { recursive: true, force: true });
  const stem = notebook.replace(/\.ipynb$/, "");
  const english = collectFigures(readNotebook(join(OUTPUT_DIR, "notebooks", notebook)));
  const run = spawnSync(process.execPath, [join(REPO, "scripts", "figures.mjs"), "--lang", "ru", "--notebook", stem.slice(0, 2), "--formats", "svg", "--out", out], { cwd: REPO, encoding: "utf8" });
  /** @type {Check[]} */
  const checks = [{ name: `figures --lang ru: ${notebook} executed in Russian and exported`, ok: run.status === 0, detail: `exit ${run.status}: ${(run.stdout + run.stderr).split("\n").filter((l) => /FAIL|error/i.test(l)).slice(0, 3).join(" | ")}` }];
  const files = existsSync(join(out, stem)) ? readdirSync(join(out, stem)).filter((f) => f.endsWith(".svg")) : [];
  checks.push({ name: `figures --lang ru: as many figures as the English ${notebook}`, ok: files.length === english.length, detail: `${files.length} Russian, ${english.length} English` });
  // A figure may have nothing to translate (a title "η = 0.02", a computation graph's "data" and
  // "grad"): then every word it shows is a name in the notebook's code. Any other English word
  // in a figure without Cyrillic is a label left untranslated.
  const codeNames = new Set(codeCells(readNotebook(join(REPO, "notebooks", notebook))).flatMap(({ cell }) => identifiers(sourceText(cell.source))));
  const untranslated = files.flatMap((f) => {
    const texts = svgTexts(readFileSync(join(out, stem, f), "utf8"));
    if (texts.some((text) => /[А-Яа-яЁё]/.test(text))) return [];
    const words = [...new Set(texts.flatMap((text) => text.match(/[A-Za-z]{3,}/g) ?? []))].filter((w) => !codeNames.has(w));
    return words.length ? [`${f} (${words.slice(0, 5).join(", ")})`] : [];
  });
  checks.push({ name: "figures --lang ru: every figure with words has Russian labels", ok: files.length > 0 && untranslated.length === 0, detail: `English words and no Cyrillic in ${untranslated.join("; ")}` });
  return tally(checks);
}

/**
 * The identifiers of a piece of TypeScript (not the words of its strings and comments), by
 * TypeScript's own parser.
 * @param {string} source
 * @returns {string[]}
 */
function identifiers(source) {
  const ts = require("typescript");
  /** @type {string[]} */
  const names = [];
  const visit = (/** @type {any} */ node) => {
    if (ts.isIdentifier(node)) names.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS));
  return names;
}

/**
 * The texts an SVG shows: the content of its `<text>` elements, tags stripped and entities decoded
 * (not the `<title>` of a graphviz node, which is no label).
 * @param {string} svg
 */
export function svgTexts(svg) {
  const entities = /** @type {Record<string, string>} */ ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" });
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    m[1]
      .replace(/<[^>]*>/g, "")
      .replace(/&#(x?)([0-9a-fA-F]+);/g, (_, hex, n) => String.fromCodePoint(parseInt(n, hex ? 16 : 10)))
      .replace(/&(\w+);/g, (whole, name) => entities[name] ?? whole),
  );
}

/**
 * The code cells of translated solution copies that do not parse as TypeScript (by TypeScript's
 * own transpiler, syntax only). The Russian solution copies are the committed program with other
 * literals and comments (scripts/lib/i18n/code-strings.mjs); the browser stage runs the Russian
 * STUDENT copies, so this is what proves the solution-only cells of the translation still parse.
 * @param {string[]} paths
 * @returns {StageResult}
 */
export function translatedCopiesParse(paths) {
  const ts = require("typescript");
  /** @type {Check[]} */
  const checks = [];
  for (const path of paths) {
    const nb = readNotebook(path);
    const broken = [];
    for (const { cell, number } of codeCells(nb)) {
      const { diagnostics } = ts.transpileModule(sourceText(cell.source), { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
      if (diagnostics?.length) broken.push(`${cellLabel(number, cell.id)}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, " ")}`);
    }
    checks.push({ name: `${relative(REPO, path)}: every code cell parses`, ok: broken.length === 0, detail: broken.join("; ") });
  }
  return tally(checks);
}

/**
 * Whether an executed copy (the notebook stage's) ran exactly the committed cells: same cells,
 * ids and sources.
 * @param {Notebook} committed
 * @param {Notebook} executed
 */
function sameSources(committed, executed) {
  const key = (/** @type {Notebook} */ nb) => JSON.stringify(nb.cells.map((c) => [c.cell_type, c.id, sourceText(c.source)]));
  return key(committed) === key(executed);
}

/**
 * The "release" stage: releases the fixture and every notebook, checks the copies and runs those
 * of notebooks that hold solutions.
 *
 * The student copies always run (lenient checks: each check must print ✗). A solution copy runs
 * strictly (each check must print ✓) unless it is proven to be the committed notebook's program
 * (`solutionCopyDifferences`: the committed cells without their marker comments, nothing else)
 * and `executed` holds a passing run of that committed notebook (the notebook stage's, strict,
 * of the same sources): then that run is the solution copy's run, and its executed copy must
 * show ✓ for every check. The fixture's solution copy always runs.
 * @param {{ executed?: Map<string, import("../../scripts/run-notebooks.mjs").RunResult>, translatedStudentRuns?: Set<string> }} [options]
 *   `executed`: passing runs of committed notebooks by absolute path (scripts/test.mjs passes the
 *   notebook stage's); `translatedStudentRuns`: notebooks (file names) whose Russian student copy
 *   the browser stage ran clean with every check ✗ — the same program as the English student copy
 *   but for its texts, which is then not run a second time
 * @returns {Promise<StageResult>}
 */
export async function releaseTest({ executed = new Map(), translatedStudentRuns = new Set() } = {}) {
  const { release, solutionCopyDifferences, STUB_TEXT } = await import("../../scripts/release.mjs");
  /** @type {Check[]} */
  const checks = [];
  const out = join(OUTPUT_DIR, "release-test");
  rmSync(out, { recursive: true, force: true });
  const text = (/** @type {Notebook} */ nb) => nb.cells.map((c) => sourceText(c.source)).join("\n\n");

  const fixture = release([RELEASE_FIXTURE], join(out, "fixture"));
  checks.push({ name: "release: fixture released", ok: fixture.failures.length === 0 && fixture.written[0]?.solutions === 2, detail: fixture.failures.join("; ") || `${fixture.written[0]?.solutions} solutions` });
  if (fixture.written.length === 1) {
    const student = readNotebook(fixture.written[0].student);
    const solution = readNotebook(fixture.written[0].solution);
    const original = readNotebook(RELEASE_FIXTURE);
    checks.push({ name: "release: no marker in the student copy", ok: markerProblems(student).length === 0, detail: markerProblems(student).join("; ") });
    checks.push({ name: "release: no marker in the solution copy", ok: markerProblems(solution).length === 0, detail: markerProblems(solution).join("; ") });
    checks.push({ name: "release: student copy has the stubs, not the solutions", ok: text(student).split(STUB_TEXT).length - 1 === 2 && text(student).includes("return 0;") && !text(student).includes("Math.max(0, x)") && !text(student).includes("matmul"), detail: text(student) });
    checks.push({ name: "release: solution copy has the solutions, not the stubs", ok: text(solution).includes("Math.max(0, x)") && text(solution).includes("matmul") && !text(solution).includes(STUB_TEXT) && !text(solution).includes("return 0;"), detail: text(solution) });
    checks.push({ name: "release: cell ids kept", ok: [student, solution].every((nb) => nb.cells.map((c) => c.id).join() === original.cells.map((c) => c.id).join()), detail: "" });
  }

  const committedPaths = listNotebooks();
  const real = release(committedPaths, join(out, "notebooks"));
  checks.push({ name: "release: every notebooks/*.ipynb releases", ok: real.failures.length === 0, detail: real.failures.join("; ") });
  for (const w of real.written) {
    const problems = markerProblems(readNotebook(w.student));
    checks.push({ name: `release: no marker in the student copy of ${w.name}`, ok: problems.length === 0, detail: problems.join("; ") });
  }

  // Solution copies whose program is the committed notebook's, already run strictly by the notebook stage.
  const withSolutions = real.written.filter((w) => w.solutions > 0);
  /** @type {Map<string, string>} solution copy → the executed copy of the committed notebook */
  const proven = new Map();
  for (const w of withSolutions) {
    const path = committedPaths.find((p) => basename(p) === w.name);
    const run = path === undefined ? undefined : executed.get(path);
    if (path === undefined || !run?.ok || !run.output || !existsSync(run.output)) continue;
    const committed = readNotebook(path);
    const differences = solutionCopyDifferences(committed, readNotebook(w.solution));
    if (differences.length > 0) {
      console.log(`  solution/${w.name} runs: not provably the committed program (${differences[0]})`);
      continue;
    }
    if (sameSources(committed, readNotebook(run.output))) proven.set(w.solution, run.output);
  }

  // Both copies run: the fixture's, and those of the notebooks that hold solutions. The student
  // copy runs with exercise checks lenient (its stubs are wrong answers: each check must print ✗),
  // the solution copy strict (each check must print ✓; a ✗ goes to stderr and fails the run).
  // Longest first (the notebook stage's times; the fixture is short), so that no long notebook
  // starts last and runs alone.
  const seconds = (/** @type {string} */ name) => [...executed.values()].find((r) => basename(r.path) === name)?.seconds ?? 0;
  const translated = withSolutions.filter((w) => translatedStudentRuns.has(w.name));
  const students = [...withSolutions].filter((w) => !translatedStudentRuns.has(w.name)).sort((a, b) => seconds(b.name) - seconds(a.name)).concat(fixture.written).map((w) => w.student);
  const solutions = [...fixture.written, ...withSolutions].map((w) => w.solution).filter((p) => !proven.has(p));
  console.log(`  running ${students.length} student copies and ${solutions.length} solution copies (${translated.length} student copies ran in Russian in the browser stage; ${proven.size} solution copies proven to be the committed notebooks, run strictly by the notebook stage)`);
  for (const w of translated) console.log(`  ok   student/${w.name}: its Russian translation ran clean in the browser stage, every check ✗ (the same program)`);
  // One queue, NOTEBOOK_JOBS kernels at a time (scripts/run-notebooks.mjs).
  const [studentRuns, solutionRuns] = await Promise.all([
    executeNotebooks(students, { outDir: join(out, "executed", "student"), quiet: true, env: { NNLIB_CHECK_STRICT: "0" } }),
    executeNotebooks(solutions, { outDir: join(out, "executed", "solution"), quiet: true }),
  ]);
  /** @type {[kind: string, name: string, executed: string, note: string][]} the executed notebooks to read the verdicts from */
  const verdictSources = [];
  for (const [kind, results] of /** @type {const} */ ([["student", studentRuns], ["solution", solutionRuns]])) {
    for (const result of results) {
      const name = basename(result.path);
      checks.push({ name: `release: ${kind} copy of ${name} runs`, ok: result.ok, detail: describeFailure(result) });
      console.log(`  ${result.ok ? "ok  " : "FAIL"} ${kind}/${name} (${result.seconds} s)`);
      if (result.ok && result.output) verdictSources.push([kind, name, resolve(REPO, result.output), ""]);
    }
  }
  for (const [solution, output] of proven) {
    const name = basename(solution);
    console.log(`  ok   solution/${name}: the committed program without its marker comments (proven), run strictly by the notebook stage`);
    verdictSources.push(["solution", name, output, " (the notebook stage's strict run of the same program)"]);
  }
  for (const [kind, name, output, note] of verdictSources) {
    const verdicts = checkVerdicts(readNotebook(output));
    const want = kind === "student" ? "✗" : "✓";
    const wrong = verdicts.filter((v) => v.mark !== want);
    if (verdicts.length) checks.push({ name: `release: every check in the ${kind} copy of ${name} prints ${want} (${verdicts.length})${note}`, ok: wrong.length === 0, detail: wrong.map((v) => `${v.id}: ${v.mark ?? "no verdict printed"}`).join("; ") });
  }
  return tally(checks);
}
