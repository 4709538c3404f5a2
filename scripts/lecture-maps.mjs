#!/usr/bin/env node
// @ts-check
// The per-notebook lecture maps, generated from one source: notebooks/LECTURES.md.
//
//   node scripts/lecture-maps.mjs           # rewrite the maps (and LECTURES.md's overview table)
//   node scripts/lecture-maps.mjs --check   # only report what is out of date; exit code 1 if anything is
//
// LECTURES.md maps every item of the five lectures (rows 0.1 … 4.43) and every error found in them
// (E1 …) to notebook cells, written `NN:cell-id`. From those rows this script derives which notebook
// covers which lecture, and writes:
//
//   * in every notebook, the markdown cell with id `lecture-map` (inserted after the title cell, or
//     after `summary-ru` where a notebook has one, when it is missing): one table row per lecture the
//     notebook covers — the lecture's number and Russian title (from LECTURES.md's overview table),
//     what the notebook takes from it (LECTURES.md's last section, "The notebooks"), and the rows of
//     LECTURES.md that name the notebook's cells;
//   * the "notebooks" column of LECTURES.md's overview table.
//
// The "what it takes" texts are the only hand-written part; a notebook–lecture pair that the rows name
// without such a text, or a text for a pair no row names, is an error (the texts cannot drift from the
// rows). test/lecture/lecture-map.test.ts fails when a notebook's map differs from what this script
// writes.
//
// Plain JavaScript (scripts run without a build), checked by `npm run typecheck`.

import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { errorMessage, isMain } from "./lib/cli.mjs";
import { NOTEBOOK_DIR, listNotebooks, readNotebook, sourceText, toSource, writeNotebook } from "./lib/notebook.mjs";

/** @typedef {import("./lib/notebook.mjs").Notebook} Notebook */
/** @typedef {import("./lib/notebook.mjs").Cell} Cell */

export const LECTURES_PATH = join(NOTEBOOK_DIR, "LECTURES.md");
/** The id of the generated cell in every notebook. */
export const MAP_CELL_ID = "lecture-map";
/** The first line of the generated cell (an HTML comment: Jupyter does not show it). */
export const GENERATED_NOTE =
  "<!-- Generated from notebooks/LECTURES.md by scripts/lecture-maps.mjs: edit LECTURES.md, then run the script. -->";
/** The heading of LECTURES.md's section with the "what it takes" texts. */
export const NOTEBOOKS_HEADING = "## The notebooks · Ноутбуки";

/**
 * One row of LECTURES.md that names cells: a lecture item (`1.26`) or a lecture error (`E13`).
 * @typedef {object} MapRow
 * @property {string} id
 * @property {string[]} lectures the lectures it belongs to ("000" … "004")
 * @property {string[]} notebooks the notebook prefixes its cells are in ("01", "04b"), in order, once each
 */

/**
 * What LECTURES.md says.
 * @typedef {object} LectureMap
 * @property {{ file: string, title: string, line: number }[]} lectures the overview table, in order
 * @property {MapRow[]} rows
 * @property {Map<string, Map<string, string>>} takes notebook → lecture → what the notebook takes from it
 */

const ITEM_ROW = /^\|\s*(\d)\.(\d+)\s*\|/;
const ERROR_ROW = /^\|\s*(E\d+)\s*\|\s*([^|]*?)\s*\|/;
const REF = /`(\d\d[a-z]?):[a-z0-9]+(?:-[a-z0-9]+)*`/g;
const OVERVIEW_ROW = /^\|\s*(\d{3})\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|\s*$/;
const TAKES_ROW = /^\|\s*(\d\d[a-z]?)\s*\|\s*(\d{3})\s*\|\s*(.*?)\s*\|\s*$/;

/**
 * Reads the text of LECTURES.md. Throws, naming the line, on a table it cannot read.
 * @param {string} text
 * @returns {LectureMap}
 */
export function parseLectures(text) {
  const lines = text.split("\n");
  /** @type {LectureMap["lectures"]} */
  const lectures = [];
  /** @type {MapRow[]} */
  const rows = [];
  /** @type {Map<string, Map<string, string>>} */
  const takes = new Map();
  const firstHeading = lines.findIndex((l) => l.startsWith("## "));
  const takesStart = lines.findIndex((l) => l.trim() === NOTEBOOKS_HEADING);
  lines.forEach((line, i) => {
    if (i < firstHeading) {
      const m = OVERVIEW_ROW.exec(line);
      if (m) lectures.push({ file: m[1], title: m[2], line: i });
      return;
    }
    if (takesStart >= 0 && i > takesStart) {
      const m = TAKES_ROW.exec(line);
      if (!m) return;
      const [, notebook, lecture, what] = m;
      if (!takes.has(notebook)) takes.set(notebook, new Map());
      const forNotebook = /** @type {Map<string, string>} */ (takes.get(notebook));
      if (forNotebook.has(lecture)) throw new Error(`LECTURES.md line ${i + 1}: notebook ${notebook} and lecture ${lecture} have two rows in "${NOTEBOOKS_HEADING}"`);
      forNotebook.set(lecture, what);
      return;
    }
    /** @type {string[]} */
    let rowLectures = [];
    let id = "";
    const item = ITEM_ROW.exec(line);
    const error = ERROR_ROW.exec(line);
    if (item) {
      id = `${item[1]}.${item[2]}`;
      rowLectures = [`00${item[1]}`];
    } else if (error) {
      id = error[1];
      rowLectures = error[2].split(/,\s*/).filter((l) => /^\d{3}$/.test(l));
      if (rowLectures.length === 0) throw new Error(`LECTURES.md line ${i + 1}: row ${id} names no lecture (its second column must be "000", "001, 003", …)`);
    } else return;
    const notebooks = [...new Set([...line.matchAll(REF)].map((r) => r[1]))];
    rows.push({ id, lectures: rowLectures, notebooks });
  });
  if (lectures.length === 0) throw new Error("LECTURES.md: no overview table (rows `| 000 | «title» | notebooks |`) before the first heading");
  if (takesStart < 0) throw new Error(`LECTURES.md: no section "${NOTEBOOKS_HEADING}"`);
  return { lectures, rows, takes };
}

/**
 * Which rows name which notebook, by lecture: notebook → lecture → row ids (in the order of
 * LECTURES.md: items first, then errors).
 * @param {MapRow[]} rows
 * @returns {Map<string, Map<string, string[]>>}
 */
export function coverage(rows) {
  /** @type {Map<string, Map<string, string[]>>} */
  const out = new Map();
  for (const row of rows) {
    for (const notebook of row.notebooks) {
      if (!out.has(notebook)) out.set(notebook, new Map());
      const byLecture = /** @type {Map<string, string[]>} */ (out.get(notebook));
      for (const lecture of row.lectures) {
        if (!byLecture.has(lecture)) byLecture.set(lecture, []);
        /** @type {string[]} */ (byLecture.get(lecture)).push(row.id);
      }
    }
  }
  return out;
}

/**
 * Row ids as a short list: runs of three or more consecutive items or errors become ranges,
 * each id in backticks (so that the notebook's prose check does not read `1.26` as a number):
 * "`0.1`–`0.8`, `0.14`, `E2`".
 * @param {string[]} ids
 * @returns {string}
 */
export function rowList(ids) {
  /** @param {string} id */
  const key = (id) => {
    const item = /^(\d)\.(\d+)$/.exec(id);
    if (item) return { group: item[1], n: Number(item[2]) };
    const error = /^E(\d+)$/.exec(id);
    return { group: "E", n: error ? Number(error[1]) : NaN };
  };
  /** @type {string[][]} */
  const runs = [];
  for (const id of ids) {
    const run = runs[runs.length - 1];
    if (run) {
      const a = key(run[run.length - 1]), b = key(id);
      if (a.group === b.group && b.n === a.n + 1) {
        run.push(id);
        continue;
      }
    }
    runs.push([id]);
  }
  return runs
    .flatMap((run) => (run.length >= 3 ? [`\`${run[0]}\`–\`${run[run.length - 1]}\``] : run.map((id) => `\`${id}\``)))
    .join(", ");
}

/**
 * Every problem that keeps the maps from being generated: a notebook–lecture pair that the rows
 * name but "The notebooks" does not describe, or a description of a pair no row names, or of an
 * unknown lecture.
 * @param {LectureMap} map
 * @returns {string[]}
 */
export function takesProblems(map) {
  const covered = coverage(map.rows);
  const files = new Set(map.lectures.map((l) => l.file));
  /** @type {string[]} */
  const problems = [];
  for (const [notebook, byLecture] of covered) {
    for (const [lecture, ids] of byLecture) {
      if (!map.takes.get(notebook)?.has(lecture)) {
        problems.push(`rows ${ids.join(", ")} name notebook ${notebook} for lecture ${lecture}, but "${NOTEBOOKS_HEADING}" has no row "| ${notebook} | ${lecture} | … |" saying what ${notebook} takes from ${lecture}`);
      }
    }
  }
  for (const [notebook, byLecture] of map.takes) {
    for (const lecture of byLecture.keys()) {
      if (!files.has(lecture)) problems.push(`"${NOTEBOOKS_HEADING}": notebook ${notebook}, lecture ${lecture}: no such lecture in the overview table`);
      else if (!covered.get(notebook)?.has(lecture)) problems.push(`"${NOTEBOOKS_HEADING}" says what notebook ${notebook} takes from lecture ${lecture}, but no row of the lecture tables names a cell of ${notebook} for ${lecture}: add the rows, or remove the text`);
    }
  }
  return problems;
}

/**
 * The markdown of notebook `notebook`'s map cell.
 * @param {LectureMap} map
 * @param {string} notebook its prefix, "04b"
 * @returns {string}
 */
export function mapCellText(map, notebook) {
  const byLecture = coverage(map.rows).get(notebook) ?? new Map();
  const lines = [
    GENERATED_NOTE,
    "**Lecture map · Карта лекций.** What this notebook takes from the course's lectures. \"Lecture 000 … 004\" are the",
    "file numbers of the five Russian lecture notes. The last column names the rows of [LECTURES.md](LECTURES.md), which",
    "maps every slide of the lectures, and every error found in them, to the cell that covers it.",
    "",
    "| lecture | Russian title | what this notebook takes from it | rows of LECTURES.md |",
    "|:---|:---|:---|:---|",
  ];
  for (const { file, title } of map.lectures) {
    const ids = byLecture.get(file);
    if (ids === undefined) continue;
    const what = map.takes.get(notebook)?.get(file) ?? "";
    lines.push(`| ${file} | ${title} | ${what} | ${rowList(ids)} |`);
  }
  if (byLecture.size === 0) lines.push("| — | — | no row of LECTURES.md names a cell of this notebook | — |");
  return lines.join("\n");
}

/**
 * LECTURES.md with its overview table's last column ("notebooks") written from the rows.
 * @param {string} text
 * @param {LectureMap} map
 * @returns {string}
 */
export function withOverview(text, map) {
  const covered = coverage(map.rows);
  const notebooksOf = (/** @type {string} */ file) =>
    [...covered.keys()].filter((nb) => covered.get(nb)?.has(file)).sort().join(", ");
  const lines = text.split("\n");
  for (const { file, title, line } of map.lectures) lines[line] = `| ${file} | ${title} | ${notebooksOf(file)} |`;
  return lines.join("\n");
}

/**
 * The notebook prefix of a notebook file: "04b" for `…/04b-losses.ipynb`.
 * @param {string} path
 */
export function notebookPrefix(path) {
  const name = basename(path);
  return name.slice(0, name.indexOf("-"));
}

/**
 * Where the map cell goes in a notebook that has none: after `summary-ru` if the notebook has it
 * right after its title, else after the first cell (the title).
 * @param {Notebook} nb
 */
function insertionIndex(nb) {
  const summary = nb.cells.findIndex((c) => c.id === "summary-ru");
  return summary >= 0 && summary <= 1 ? summary + 1 : 1;
}

/**
 * `nb` with its map cell set to `text` (added where `insertionIndex` says when missing). Returns
 * whether anything changed. Throws when the id is taken by a code cell.
 * @param {Notebook} nb
 * @param {string} text
 * @returns {boolean}
 */
export function setMapCell(nb, text) {
  const existing = nb.cells.find((c) => c.id === MAP_CELL_ID);
  if (existing) {
    if (existing.cell_type !== "markdown") throw new Error(`the cell "${MAP_CELL_ID}" is a ${existing.cell_type} cell; it must be markdown`);
    if (sourceText(existing.source) === text) return false;
    existing.source = toSource(text);
    return true;
  }
  nb.cells.splice(insertionIndex(nb), 0, { cell_type: "markdown", id: MAP_CELL_ID, metadata: {}, source: toSource(text) });
  return true;
}

/**
 * Brings the notebooks and LECTURES.md up to date (or, with `check`, only reports). Returns the
 * files that were (or would be) changed.
 * @param {{ check?: boolean, lecturesPath?: string, notebooks?: string[] }} [options]
 * @returns {string[]}
 */
export function updateLectureMaps(options = {}) {
  const lecturesPath = options.lecturesPath ?? LECTURES_PATH;
  const text = readFileSync(lecturesPath, "utf8");
  const map = parseLectures(text);
  const problems = takesProblems(map);
  if (problems.length > 0) throw new Error(`LECTURES.md cannot make the maps:\n  ${problems.join("\n  ")}`);
  /** @type {string[]} */
  const changed = [];
  const overview = withOverview(text, map);
  if (overview !== text) {
    changed.push(lecturesPath);
    if (!options.check) writeFileSync(lecturesPath, overview);
  }
  for (const path of options.notebooks ?? listNotebooks()) {
    const nb = readNotebook(path);
    if (setMapCell(nb, mapCellText(map, notebookPrefix(path)))) {
      changed.push(path);
      if (!options.check) writeNotebook(path, nb);
    }
  }
  return changed;
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log("usage: node scripts/lecture-maps.mjs [--check]\n\n" +
      "Writes every notebook's lecture-map cell and the overview table of notebooks/LECTURES.md from the rows of\n" +
      "LECTURES.md. --check writes nothing and exits with 1 when something is out of date.");
    process.exit(0);
  }
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`lecture-maps: unknown argument ${unknown.map((a) => JSON.stringify(a)).join(", ")}; try --check or --help`);
    process.exit(2);
  }
  const check = args.includes("--check");
  try {
    const changed = updateLectureMaps({ check });
    for (const path of changed) console.log(`${check ? "out of date" : "wrote"}: ${path}`);
    if (changed.length === 0) console.log("lecture maps: up to date");
    process.exit(check && changed.length > 0 ? 1 : 0);
  } catch (error) {
    console.error(`lecture-maps: ${errorMessage(error)}`);
    process.exit(1);
  }
}
