#!/usr/bin/env node
// @ts-check
// Student and solution copies of the notebooks.
//
//   npm run release [-- NOTEBOOK...] [--out release]      (--help: usage)
//
// Solutions are marked in code cells (see docs/instructors.md "Solution markers"):
//
//   * a code cell whose first non-empty line is `// SOLUTION` is a whole-cell solution;
//     `// SOLUTION: written answer` marks one that is the model answer to a question answered in
//     the markdown cell above it (the student copy says so, see ANSWER_CELL_TEXT);
//   * lines between `// BEGIN SOLUTION` and `// END SOLUTION` (each alone on its line) are a
//     solution block inside a cell;
//   * inside a solution, lines `// STUB: <code>` give the code the student copy keeps instead
//     (e.g. `// STUB: return 0;` so that a function still compiles).
//
// The student copy replaces each solution by `// TODO: your code here` (indented like the
// marker) followed by its STUB code, and clears every output; the solution copy only drops the
// marker and STUB lines. Both keep cell ids and metadata. Written to
// `<out>/student/<notebook>.ipynb` and `<out>/solution/<notebook>.ipynb` (release/ is
// git-ignored). A notebook with unbalanced markers fails, naming the cell; exit code 1.

import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, relative, resolve } from "node:path";
import { errorMessage, isMain } from "./lib/cli.mjs";
import { MARKERS, NOTEBOOK_DIR, codeCells, cellLabel, listNotebooks, markerProblems, readNotebook, sourceText, toSource, writeNotebook } from "./lib/notebook.mjs";
import { courseFiles, sha256 } from "./lib/workspace.mjs";
import { REPO } from "./setup.mjs";

/** @typedef {import("./lib/notebook.mjs").Notebook} Notebook */
/** @typedef {import("./lib/notebook.mjs").Cell} Cell */

export const RELEASE_DIR = join(REPO, "release");
export const STUB_TEXT = "// TODO: your code here";
/** The student copy of a `// SOLUTION: written answer` cell: the answer is prose, the cell is a scratchpad. */
export const ANSWER_CELL_TEXT =
  "// Your answer is written: put it in the markdown cell above (double-click it to edit).\n" +
  "// This cell is for any code you want to run to find it; nothing here is checked.";

/**
 * The student and solution text of one code cell's source. Returns `{ student, solution,
 * solutions }` (number of solutions found); throws on unbalanced markers.
 * @param {string} text
 * @returns {{ student: string, solution: string, solutions: number }}
 */
export function splitCell(text) {
  const { cell: CELL_MARKER, begin: BEGIN, end: END, stub: STUB } = MARKERS;
  const lines = text.split("\n");
  const firstIndex = lines.findIndex((l) => l.trim() !== "");
  if (firstIndex >= 0 && CELL_MARKER.test(lines[firstIndex])) {
    const body = lines.filter((_, i) => i !== firstIndex);
    if (body.some((l) => BEGIN.test(l) || END.test(l))) throw new Error("a // SOLUTION cell must not also hold BEGIN/END SOLUTION markers");
    const stubs = body.flatMap((l) => {
      const m = STUB.exec(l);
      return m ? [`${m[1]}${m[2]}`] : [];
    });
    const written = MARKERS.writtenAnswer.test(lines[firstIndex]);
    return {
      student: [written ? ANSWER_CELL_TEXT : STUB_TEXT, ...stubs].join("\n"),
      solution: body.filter((l) => !STUB.test(l)).join("\n").replace(/^\n+/, ""),
      solutions: 1,
    };
  }
  /** @type {string[]} */
  const student = [];
  /** @type {string[]} */
  const solution = [];
  /** @type {{ indent: string, stubs: string[], line: number } | null} */
  let open = null;
  let solutions = 0;
  for (const [i, line] of lines.entries()) {
    const begin = BEGIN.exec(line);
    if (begin) {
      if (open) throw new Error(`line ${i + 1}: BEGIN SOLUTION inside the solution opened on line ${open.line}`);
      open = { indent: begin[1], stubs: [], line: i + 1 };
      continue;
    }
    if (END.test(line)) {
      if (!open) throw new Error(`line ${i + 1}: END SOLUTION without BEGIN SOLUTION`);
      student.push(`${open.indent}${STUB_TEXT}`, ...open.stubs);
      solutions += 1;
      open = null;
      continue;
    }
    if (CELL_MARKER.test(line)) throw new Error(`line ${i + 1}: // SOLUTION must be the first line of the cell`);
    const stub = STUB.exec(line);
    if (stub) {
      if (!open) throw new Error(`line ${i + 1}: // STUB: outside a solution`);
      open.stubs.push(`${stub[1]}${stub[2]}`);
      continue;
    }
    if (open) solution.push(line);
    else {
      student.push(line);
      solution.push(line);
    }
  }
  if (open) throw new Error(`line ${open.line}: BEGIN SOLUTION without END SOLUTION`);
  return { student: student.join("\n"), solution: solution.join("\n"), solutions };
}

/**
 * @param {Cell} cell
 * @returns {Cell}
 */
function clearOutputs(cell) {
  if (cell.cell_type === "code") {
    cell.outputs = [];
    cell.execution_count = null;
  }
  return cell;
}

/**
 * The two copies of a notebook (parsed JSON; not modified). Returns `{ student, solution,
 * solutions }`; throws naming the code cell (1-based, code cells only) and its id on bad markers.
 * @param {Notebook} nb
 * @returns {{ student: Notebook, solution: Notebook, solutions: number }}
 */
export function releaseNotebook(nb) {
  const student = structuredClone(nb);
  const solution = structuredClone(nb);
  let solutions = 0;
  for (const { cell, index, number } of codeCells(nb)) {
    let split;
    try {
      split = splitCell(sourceText(cell.source));
    } catch (error) {
      throw new Error(`${cellLabel(number, cell.id)}: ${errorMessage(error)}`);
    }
    solutions += split.solutions;
    if (split.solutions > 0) {
      student.cells[index].source = toSource(split.student);
      solution.cells[index].source = toSource(split.solution);
    }
  }
  student.cells.forEach(clearOutputs);
  solution.cells.forEach(clearOutputs);
  return { student, solution, solutions };
}

/**
 * Whether a line is a solution marker line (`// SOLUTION`, `// BEGIN SOLUTION`, `// END SOLUTION`,
 * `// STUB: …`), the lines the solution copy drops.
 * @param {string} line
 */
function isMarkerLine(line) {
  return MARKERS.cell.test(line) || MARKERS.begin.test(line) || MARKERS.end.test(line) || MARKERS.stub.test(line);
}

/** TypeScript directives that a dropped comment line could move onto another line. */
const TS_DIRECTIVE = /@ts-(ignore|expect-error|nocheck)|^\s*\/\/\//m;

/**
 * The code of a cell with comments and layout gone: TypeScript's printer (`removeComments`) over
 * the parsed cell, and the parser's syntax errors. Two cells with the same `code` and no errors
 * are the same program (same tokens, same statements, same literals, byte for byte).
 * @param {string} text
 * @returns {{ code: string, errors: number }}
 */
function programOf(text) {
  /** @type {typeof import("typescript")} */
  const ts = createRequire(import.meta.url)("typescript");
  const file = ts.createSourceFile("cell.ts", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const errors = /** @type {{ parseDiagnostics?: unknown[] }} */ (/** @type {unknown} */ (file)).parseDiagnostics?.length ?? 0;
  return { code: ts.createPrinter({ removeComments: true }).printFile(file), errors };
}

/**
 * Why the solution copy of a notebook is NOT the committed notebook's code (empty when it is):
 * the same cells (type, id, metadata; markdown and raw cells byte-identical), and in each code
 * cell the solution's text is the committed text without its marker lines (and the blank lines
 * a `// SOLUTION` cell's marker leaves at the top), each marker line is a real `//` comment
 * (the parsed program is the same without it: not inside a string or template literal), and no
 * `@ts-ignore`-like directive sits in a cell with markers. When it holds, running the committed
 * notebook (the notebook stage, with strict checks) runs exactly the solution copy's program,
 * only its line numbers differ.
 * @param {Notebook} committed
 * @param {Notebook} solution its solution copy (`releaseNotebook(committed).solution`)
 * @returns {string[]}
 */
export function solutionCopyDifferences(committed, solution) {
  /** @type {string[]} */
  const problems = [];
  if (JSON.stringify(committed.metadata ?? {}) !== JSON.stringify(solution.metadata ?? {})) problems.push("notebook metadata differs");
  if (committed.cells.length !== solution.cells.length) return [...problems, `${committed.cells.length} cells, the solution copy has ${solution.cells.length}`];
  let number = 0;
  committed.cells.forEach((cell, i) => {
    const copy = solution.cells[i];
    if (cell.cell_type === "code") number++;
    const where = cell.cell_type === "code" ? cellLabel(number, cell.id) : cellLabel(i + 1, cell.id, "cell");
    if (copy.cell_type !== cell.cell_type || copy.id !== cell.id || JSON.stringify(copy.metadata ?? {}) !== JSON.stringify(cell.metadata ?? {})) {
      problems.push(`${where}: type, id or metadata differs in the solution copy`);
      return;
    }
    const text = sourceText(cell.source);
    const copyText = sourceText(copy.source);
    if (text === copyText) return;
    if (cell.cell_type !== "code") {
      problems.push(`${where}: ${cell.cell_type} cell differs in the solution copy`);
      return;
    }
    const kept = text.split("\n").filter((l) => !isMarkerLine(l)).join("\n");
    const wholeCell = MARKERS.cell.test(text.split("\n").find((l) => l.trim() !== "") ?? "");
    if (copyText !== kept && !(wholeCell && copyText === kept.replace(/^\n+/, ""))) {
      problems.push(`${where}: the solution copy is not the cell without its marker lines`);
      return;
    }
    if (TS_DIRECTIVE.test(text)) {
      problems.push(`${where}: a TypeScript directive (@ts-ignore, @ts-expect-error, ///) in a cell with markers`);
      return;
    }
    const a = programOf(text);
    const b = programOf(copyText);
    if (a.errors > 0 || b.errors > 0) problems.push(`${where}: syntax errors (${a.errors} committed, ${b.errors} in the solution copy)`);
    else if (a.code !== b.code) problems.push(`${where}: dropping the marker lines changes the program (a marker inside a string or template literal?)`);
  });
  return problems;
}

/**
 * The copies of one notebook file (`releaseNotebook`), checked: throws when a marker is left in
 * the student copy.
 * @param {string} path
 */
function releaseFile(path) {
  const copies = releaseNotebook(readNotebook(path));
  const left = markerProblems(copies.student);
  if (left.length) throw new Error(left.join("; "));
  return copies;
}

/**
 * Writes the copies of `paths` to `<out>/student/` and `<out>/solution/`.
 * @param {string[]} paths
 * @param {string} [out]
 * @returns {{ written: { name: string, solutions: number, student: string, solution: string }[], failures: string[] }}
 */
export function release(paths, out = RELEASE_DIR) {
  /** @type {{ name: string, solutions: number, student: string, solution: string }[]} */
  const written = [];
  /** @type {string[]} */
  const failures = [];
  for (const path of paths) {
    const name = basename(path);
    try {
      const { student, solution, solutions } = releaseFile(path);
      const files = { student: join(out, "student", name), solution: join(out, "solution", name) };
      for (const [kind, nb] of /** @type {const} */ ([["student", student], ["solution", solution]])) {
        mkdirSync(join(out, kind), { recursive: true });
        writeNotebook(files[kind], nb);
      }
      written.push({ name, solutions, ...files });
    } catch (error) {
      failures.push(`${relative(REPO, path)}: ${errorMessage(error)}`);
    }
  }
  return { written, failures };
}

/** The student copies `npm start` and the hub copy into students' workspaces (git-ignored). */
export const STUDENT_COURSE_DIR = join(RELEASE_DIR, "student");
/** In STUDENT_COURSE_DIR: what the copies were made from, so that an unchanged course is not remade. */
const STUDENT_COURSE_STAMP = ".student-course.json";
/** The code that makes the copies: a change in it remakes them too. */
const RELEASE_CODE = [new URL(import.meta.url), new URL("./lib/notebook.mjs", import.meta.url)];

/**
 * The course as students get it, in `dir`: the student copy of every notebook of `notebooksDir`
 * (solutions replaced by their stubs, outputs cleared) and its markdown files (LECTURES.md, the map
 * to the lectures). Made again only when the committed notebooks (or this code) changed since
 * the last time, or a copy in `dir` was changed: `dir/.student-course.json` records the SHA-256 of
 * every source and every copy. Made in a new folder and renamed into place, so that `dir` is never
 * half-made. Throws when a notebook's markers are unbalanced.
 * @param {{ dir?: string, notebooksDir?: string }} [options]
 * @returns {{ dir: string, files: string[], remade: boolean }}
 */
export function studentCourse({ dir = STUDENT_COURSE_DIR, notebooksDir = NOTEBOOK_DIR } = {}) {
  const sources = courseFiles(notebooksDir);
  /** @type {Record<string, string>} */
  const key = {};
  for (const name of sources) key[name] = sha256(readFileSync(join(notebooksDir, name)));
  for (const url of RELEASE_CODE) key[`code:${basename(url.pathname)}`] = sha256(readFileSync(url));
  const stampFile = join(dir, STUDENT_COURSE_STAMP);
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    const made = courseFiles(dir);
    const fresh =
      JSON.stringify(stamp.key) === JSON.stringify(key) &&
      JSON.stringify(made) === JSON.stringify(Object.keys(stamp.copies).sort()) &&
      made.every((name) => lstatSync(join(dir, name)).isFile() && sha256(readFileSync(join(dir, name))) === stamp.copies[name]);
    if (fresh) return { dir, files: made, remade: false };
  } catch {
    /* no stamp, or not readable: make the copies */
  }
  if (!sources.some((name) => name.endsWith(".ipynb"))) throw new Error(`no notebooks in ${notebooksDir}: nothing to give the students`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  /** @type {string[]} */
  const failures = [];
  for (const name of sources) {
    if (name.endsWith(".ipynb")) {
      try {
        writeNotebook(join(tmp, name), releaseFile(join(notebooksDir, name)).student);
      } catch (error) {
        failures.push(`${name}: ${errorMessage(error)}`);
      }
    } else copyFileSync(join(notebooksDir, name), join(tmp, name));
  }
  if (failures.length > 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`the student copies could not be made:\n  ${failures.join("\n  ")}`);
  }
  /** @type {Record<string, string>} */
  const copies = {};
  for (const name of sources) copies[name] = sha256(readFileSync(join(tmp, name)));
  writeFileSync(join(tmp, STUDENT_COURSE_STAMP), `${JSON.stringify({ key, copies }, null, 1)}\n`);
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(tmp, dir);
  } catch (error) {
    // Another `npm start` made them meanwhile, from the same notebooks: keep theirs.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, STUDENT_COURSE_STAMP))) throw error;
  }
  return { dir, files: sources, remade: true };
}

const USAGE = `usage: npm run release [-- NOTEBOOK...] [--out DIR]
       node scripts/release.mjs [NOTEBOOK...] [--out DIR]

Writes the student copy (solutions replaced by stubs, outputs cleared) and the solution copy
(markers removed) of each notebook (default: every notebooks/*.ipynb) to DIR/student/ and
DIR/solution/ (default DIR: release/, git-ignored). Solution markers: docs/instructors.md.
Students do not need this: \`npm start\` makes their own workspace from the student copies.
Exit code 0 when every notebook was written, 1 when one failed (unbalanced markers, named).`;

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  let out = RELEASE_DIR;
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--help" || args[i] === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (args[i].startsWith("-") && !/^--out(=|$)/.test(args[i])) {
      console.error(`release: unknown option ${args[i]}\n${USAGE}`);
      process.exit(2);
    }
    if (!args[i].startsWith("-") && !existsSync(args[i])) {
      console.error(`release: ${args[i]}: no such notebook (see --help).`);
      process.exit(2);
    }
    if (args[i] === "--out") out = resolve(args[++i]);
    else if (args[i].startsWith("--out=")) out = resolve(args[i].slice(6));
    else files.push(resolve(args[i]));
  }
  const paths = files.length > 0 ? files : listNotebooks();
  const { written, failures } = release(paths, out);
  for (const w of written) {
    console.log(`  ${w.name.padEnd(24)} ${String(w.solutions).padStart(2)} solution${w.solutions === 1 ? " " : "s"}  → ${relative(REPO, w.student)}, ${relative(REPO, w.solution)}`);
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`release: ${written.length} notebooks written to ${relative(REPO, out) || "."}/{student,solution}, ${failures.length} failed`);
  process.exit(failures.length === 0 ? 0 : 1);
}
