// @ts-check
// The course's notebooks as files, for every script and test stage that reads them
// (scripts/run-notebooks.mjs, scripts/figures/, scripts/release.mjs, test/stages/):
// where they are, reading and writing one, a cell's source as
// text and back, how a cell is named in a report, the checks of a committed file, and the
// solution markers.
//
// Plain JavaScript (scripts run without a build); `// @ts-check` and the JSDoc types below are
// checked by `npm run typecheck`.

import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KERNEL_NAME, REPO } from "../setup.mjs";
import { errorMessage } from "./cli.mjs";

/**
 * One output of a code cell (nbformat 4): a stream (`name`, `text`), a display or result
 * (`data` by MIME type, `metadata`) or an error.
 * @typedef {object} Output
 * @property {string} [output_type]
 * @property {string} [name]
 * @property {string | string[]} [text]
 * @property {Record<string, any>} [data]
 * @property {Record<string, any>} [metadata]
 */

/**
 * One cell (nbformat 4.5: every cell has an `id`; a source is a string or a list of lines).
 * @typedef {object} Cell
 * @property {string} cell_type
 * @property {string} [id]
 * @property {string | string[]} source
 * @property {Output[]} [outputs]
 * @property {number | null} [execution_count]
 * @property {Record<string, unknown>} [metadata]
 */

/**
 * A notebook as parsed from its `.ipynb` JSON.
 * @typedef {object} Notebook
 * @property {Cell[]} cells
 * @property {Record<string, any>} [metadata]
 * @property {number} [nbformat]
 * @property {number} [nbformat_minor]
 */

/** The course's notebooks: `notebooks/*.ipynb`. */
export const NOTEBOOK_DIR = join(REPO, "notebooks");

/**
 * The MIME type of nnlib's plotly figures in a display bundle (the same string as
 * `PLOTLY_MIME` in lib/src/display/bundle.ts; test/scripts/notebook.test.ts checks that they agree).
 */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * `*.ipynb` files directly in `dir`, sorted by name (absolute paths).
 * @param {string} [dir]
 * @returns {string[]}
 */
export function listNotebooks(dir = NOTEBOOK_DIR) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * A notebook file, parsed. Throws `not valid JSON: …` when it is not JSON.
 * @param {string} path
 * @returns {Notebook}
 */
export function readNotebook(path) {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON: ${errorMessage(error)}`);
  }
}

/**
 * Writes a notebook as Jupyter does: JSON indented by one space, non-ASCII as is, a final newline.
 * @param {string} path
 * @param {Notebook} nb
 */
export function writeNotebook(path, nb) {
  writeFileSync(path, `${JSON.stringify(nb, null, 1)}\n`);
}

/**
 * A cell's source (or a stream's text, or a MIME value) as one string: nbformat allows a
 * string or a list of lines.
 * @param {unknown} source
 * @returns {string}
 */
export function sourceText(source) {
  return Array.isArray(source) ? source.join("") : String(source ?? "");
}

/**
 * Text split into nbformat's list of lines: each line but the last ends with "\n"
 * (`sourceText(toSource(t)) === t`; `[]` for "").
 * @param {string} text
 * @returns {string[]}
 */
export function toSource(text) {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line)).filter((l) => l !== "");
}

/**
 * The first non-empty line of a cell's text, trimmed and cut at `max` characters, for reports.
 * @param {string} text
 * @param {number} [max]
 * @returns {string}
 */
export function firstLine(text, max = 120) {
  return (text.split("\n").find((l) => l.trim() !== "") ?? "(empty cell)").trim().slice(0, max);
}

/**
 * How reports name a cell: `code cell 3 (id ravine)`, or `cell 3` when it has no id.
 * @param {number} number 1-based
 * @param {string | null | undefined} id
 * @param {string} [kind] "code cell" (numbered among code cells, as the runners count) or "cell"
 * @returns {string}
 */
export function cellLabel(number, id, kind = "code cell") {
  return `${kind} ${number}${id ? ` (id ${id})` : ""}`;
}

/**
 * The code cells of a notebook with their position: `index` in `nb.cells` and `number`, the
 * 1-based count among code cells that the runners and every report use.
 * @param {Notebook} nb
 * @returns {{ cell: Cell, index: number, number: number }[]}
 */
export function codeCells(nb) {
  /** @type {{ cell: Cell, index: number, number: number }[]} */
  const cells = [];
  (nb.cells ?? []).forEach((cell, index) => {
    if (cell.cell_type === "code") cells.push({ cell, index, number: cells.length + 1 });
  });
  return cells;
}

/**
 * Problems of a committed notebook (empty when it is fine): kernelspec `tslab`, nbformat 4.5 or
 * later, every cell with a unique `id`, no outputs and no execution counts.
 * @param {Notebook} nb
 * @returns {string[]}
 */
export function checkNotebook(nb) {
  const problems = [];
  const kernel = nb.metadata?.kernelspec?.name;
  if (kernel !== KERNEL_NAME) {
    problems.push(`metadata.kernelspec.name is ${JSON.stringify(kernel)}, must be "${KERNEL_NAME}"`);
  }
  if (nb.nbformat !== 4 || (nb.nbformat_minor ?? 0) < 5) {
    problems.push(`nbformat ${nb.nbformat}.${nb.nbformat_minor}: cell ids need nbformat 4.5 or later`);
  }
  const seen = new Set();
  (nb.cells ?? []).forEach((cell, i) => {
    const where = cellLabel(i + 1, cell.id, "cell");
    if (typeof cell.id !== "string" || cell.id === "") problems.push(`${where} has no id`);
    else if (seen.has(cell.id)) problems.push(`${where}: duplicate id`);
    else seen.add(cell.id);
    if (cell.cell_type === "code") {
      if ((cell.outputs ?? []).length > 0) problems.push(`${where} has committed outputs (clear them)`);
      if (cell.execution_count !== null && cell.execution_count !== undefined) {
        problems.push(`${where} has execution_count ${cell.execution_count} (clear outputs)`);
      }
    }
  });
  return problems;
}

/**
 * `checkNotebook` of a file (a file that is not JSON is one problem).
 * @param {string} path
 * @returns {string[]}
 */
export function checkSource(path) {
  let nb;
  try {
    nb = readNotebook(path);
  } catch (error) {
    return [errorMessage(error)];
  }
  return checkNotebook(nb);
}

/**
 * The solution markers (docs/instructors.md "Solution markers"), each alone on its line in a code cell:
 * `cell` opens a whole-cell solution (its first non-empty line), `writtenAnswer` is the form of it
 * for a model answer to a question answered in the markdown cell above (`// SOLUTION: written
 * answer`), `begin`/`end` enclose a solution inside a cell (`begin` captures the indent), `stub` is
 * code the student copy keeps (captures the indent and the code). scripts/release.mjs applies them.
 */
export const MARKERS = Object.freeze({
  cell: /^\s*\/\/\s*SOLUTION(:\s*written answer)?\s*$/,
  writtenAnswer: /^\s*\/\/\s*SOLUTION:\s*written answer\s*$/,
  begin: /^(\s*)\/\/\s*BEGIN SOLUTION\s*$/,
  end: /^\s*\/\/\s*END SOLUTION\s*$/,
  stub: /^(\s*)\/\/\s*STUB:\s?(.*)$/,
});

/** Any marker anywhere in a text, for the "nothing survives in a released copy" check. */
export const ANY_MARKER = /\/\/\s*(BEGIN SOLUTION|END SOLUTION|SOLUTION(:\s*written answer)?\s*$|STUB:)/m;

/**
 * Cells of a (released) notebook that still hold a solution marker (empty when none does).
 * @param {Notebook} nb
 * @returns {string[]}
 */
export function markerProblems(nb) {
  /** @type {string[]} */
  const problems = [];
  (nb.cells ?? []).forEach((cell, i) => {
    if (ANY_MARKER.test(sourceText(cell.source))) problems.push(`${cellLabel(i + 1, cell.id, "cell")} still holds a solution marker`);
  });
  return problems;
}

/**
 * The exercise checks a notebook calls (`check("04.2", …)` in its sources) with the verdict each
 * printed in the executed copy: `{ id, mark: "✓" | "✗" | undefined }`.
 * @param {Pick<Notebook, "cells">} nb
 * @returns {{ id: string, mark: string | undefined }[]}
 */
export function checkVerdicts(nb) {
  /** @type {Set<string>} */
  const ids = new Set();
  /** @type {Map<string, string>} */
  const printed = new Map();
  for (const { cell } of codeCells(nb)) {
    for (const m of sourceText(cell.source).matchAll(/\bcheck\(\s*["'](\d\d\.\d+[a-z]?)["']/g)) ids.add(m[1]);
    for (const o of cell.outputs ?? []) {
      const text = o.output_type === "stream" ? sourceText(o.text) : "";
      for (const m of text.matchAll(/^([✓✗]) (\d\d\.\d+[a-z]?) —/gm)) if (!printed.has(m[2]) || m[1] === "✗") printed.set(m[2], m[1]);
    }
  }
  return [...ids].map((id) => ({ id, mark: printed.get(id) }));
}
