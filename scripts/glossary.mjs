#!/usr/bin/env node
// @ts-check
// The course's one glossary, locales/glossary.csv, and the glossary cell of every notebook made
// from it.
//
//   node scripts/glossary.mjs           rewrite each notebook's `glossary` cell from the CSV
//   node scripts/glossary.mjs --check   say which cells differ from the CSV (exit 1), change nothing
//
// The CSV (columns source, target, notebooks — the format Weblate and spreadsheets read) is the
// source of every term: an English term, its Russian as the lectures use it, and the notebooks
// whose glossary lists it (e.g. "04 04b"). Each notebook's last cell (id `glossary`) is the table
// of its terms in alphabetical order of the English. The Russian edition takes its terms from the same file
// (`npm run i18n -- check` reports a translation that renders a glossary term otherwise).

import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { errorMessage, isMain } from "./lib/cli.mjs";
import { parseCsv } from "./lib/csv.mjs";
import { listNotebooks, readNotebook, sourceText, toSource, writeNotebook } from "./lib/notebook.mjs";
import { REPO } from "./setup.mjs";

export const GLOSSARY_PATH = join(REPO, "locales", "glossary.csv");
export const GLOSSARY_CELL = "glossary";

/**
 * One row of the glossary.
 * @typedef {{ source: string, target: string, notebooks: string[] }} Term
 */

/**
 * The glossary's terms. Throws naming the line of a row without a term, a translation or a
 * notebook, or of a term listed twice.
 * @param {string} [path]
 * @returns {Term[]}
 */
export function readGlossary(path = GLOSSARY_PATH) {
  const [header, ...rows] = parseCsv(readFileSync(path, "utf8"));
  if (header?.join(",") !== "source,target,notebooks") throw new Error(`${path}: the first line must be "source,target,notebooks"`);
  const seen = new Set();
  return rows.map((fields, i) => {
    const [source = "", target = "", notebooks = ""] = fields.map((f) => f.trim());
    const line = i + 2;
    if (!source || !target || !notebooks) throw new Error(`${basename(path)}, line ${line}: a term needs its English (source), its Russian (target) and the notebooks that list it`);
    if (seen.has(source.toLowerCase())) throw new Error(`${basename(path)}, line ${line}: "${source}" is listed twice`);
    seen.add(source.toLowerCase());
    return { source, target, notebooks: notebooks.split(/\s+/) };
  });
}

/**
 * A notebook's number as the glossary's `notebooks` column writes it: "04b" for 04b-losses.ipynb.
 * @param {string} file
 */
export function notebookNumber(file) {
  return basename(file).replace(/-.*$/, "");
}

/**
 * The glossary cell's markdown for one notebook.
 * @param {Term[]} terms
 * @param {string} number  e.g. "04b"
 */
export function glossaryMarkdown(terms, number) {
  const rows = terms
    .filter((t) => t.notebooks.includes(number))
    .sort((a, b) => a.source.localeCompare(b.source, "en", { sensitivity: "base" }))
    .map((t) => `| ${t.source} | ${t.target} |`);
  return ["## Glossary · Глоссарий", "", "| English | Русский |", "|:---|:---|", ...rows].join("\n");
}

/**
 * Each notebook whose glossary cell differs from the glossary: `{ path, want }` (`want` the
 * markdown it should hold). Throws when a notebook has no glossary cell or the glossary names
 * a notebook that does not exist.
 * @param {string[]} [paths]
 * @param {Term[]} [terms]
 */
export function staleGlossaries(paths = listNotebooks(), terms = readGlossary()) {
  const numbers = new Set(paths.map(notebookNumber));
  for (const t of terms) {
    for (const n of t.notebooks) if (!numbers.has(n)) throw new Error(`glossary: "${t.source}" names notebook ${n}, which does not exist`);
  }
  /** @type {{ path: string, want: string }[]} */
  const stale = [];
  for (const path of paths) {
    const cell = readNotebook(path).cells.find((c) => c.id === GLOSSARY_CELL);
    if (!cell) throw new Error(`${basename(path)} has no markdown cell with id "${GLOSSARY_CELL}"`);
    const want = glossaryMarkdown(terms, notebookNumber(path));
    if (sourceText(cell.source) !== want) stale.push({ path, want });
  }
  return stale;
}

if (isMain(import.meta.url)) {
  try {
    const check = process.argv.includes("--check");
    const stale = staleGlossaries();
    for (const { path, want } of stale) {
      if (check) console.log(`glossary: ${basename(path)}: its glossary cell differs from locales/glossary.csv`);
      else {
        const nb = readNotebook(path);
        const cell = /** @type {import("./lib/notebook.mjs").Cell} */ (nb.cells.find((c) => c.id === GLOSSARY_CELL));
        cell.source = toSource(want);
        writeNotebook(path, nb);
        console.log(`glossary: rewrote ${basename(path)}`);
      }
    }
    if (!stale.length) console.log("glossary: every notebook's glossary cell is made from locales/glossary.csv");
    process.exitCode = check && stale.length ? 1 : 0;
  } catch (error) {
    console.error(`glossary: ${errorMessage(error)}`);
    process.exitCode = 2;
  }
}
