#!/usr/bin/env node
// Student and solution copies of the notebooks.
//
//   npm run release [-- NOTEBOOK...] [--out release]
//
// Solutions are marked in code cells (see README "Adding a notebook"):
//
//   * a code cell whose first non-empty line is `// SOLUTION` is a whole-cell solution;
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

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO } from "./setup.mjs";

export const RELEASE_DIR = join(REPO, "release");
export const STUB_TEXT = "// TODO: your code here";

const CELL_MARKER = /^\s*\/\/\s*SOLUTION\s*$/;
const BEGIN = /^(\s*)\/\/\s*BEGIN SOLUTION\s*$/;
const END = /^\s*\/\/\s*END SOLUTION\s*$/;
const STUB = /^(\s*)\/\/\s*STUB:\s?(.*)$/;
/** Any marker, for the "nothing survives" check. */
export const ANY_MARKER = /\/\/\s*(BEGIN SOLUTION|END SOLUTION|SOLUTION\s*$|STUB:)/m;

function sourceText(source) {
  return Array.isArray(source) ? source.join("") : String(source ?? "");
}

/** Splits text into nbformat's list of lines (each but the last ends with "\n"). */
function toSource(text) {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line)).filter((l) => l !== "");
}

/**
 * The student and solution text of one code cell's source. Returns `{ student, solution,
 * solutions }` (number of solutions found); throws on unbalanced markers.
 */
export function splitCell(text) {
  const lines = text.split("\n");
  const firstIndex = lines.findIndex((l) => l.trim() !== "");
  if (firstIndex >= 0 && CELL_MARKER.test(lines[firstIndex])) {
    const body = lines.filter((_, i) => i !== firstIndex);
    if (body.some((l) => BEGIN.test(l) || END.test(l))) throw new Error("a // SOLUTION cell must not also hold BEGIN/END SOLUTION markers");
    const stubs = body.map((l) => STUB.exec(l)).filter(Boolean).map((m) => `${m[1]}${m[2]}`);
    return {
      student: [STUB_TEXT, ...stubs].join("\n"),
      solution: body.filter((l) => !STUB.test(l)).join("\n").replace(/^\n+/, ""),
      solutions: 1,
    };
  }
  const student = [];
  const solution = [];
  let open = null; // { indent, stubs, line }
  let solutions = 0;
  lines.forEach((line, i) => {
    const begin = BEGIN.exec(line);
    if (begin) {
      if (open) throw new Error(`line ${i + 1}: BEGIN SOLUTION inside the solution opened on line ${open.line}`);
      open = { indent: begin[1], stubs: [], line: i + 1 };
      return;
    }
    if (END.test(line)) {
      if (!open) throw new Error(`line ${i + 1}: END SOLUTION without BEGIN SOLUTION`);
      student.push(`${open.indent}${STUB_TEXT}`, ...open.stubs);
      solutions += 1;
      open = null;
      return;
    }
    if (CELL_MARKER.test(line)) throw new Error(`line ${i + 1}: // SOLUTION must be the first line of the cell`);
    const stub = STUB.exec(line);
    if (stub) {
      if (!open) throw new Error(`line ${i + 1}: // STUB: outside a solution`);
      open.stubs.push(`${stub[1]}${stub[2]}`);
      return;
    }
    if (open) solution.push(line);
    else {
      student.push(line);
      solution.push(line);
    }
  });
  if (open) throw new Error(`line ${open.line}: BEGIN SOLUTION without END SOLUTION`);
  return { student: student.join("\n"), solution: solution.join("\n"), solutions };
}

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
 */
export function releaseNotebook(nb) {
  const student = structuredClone(nb);
  const solution = structuredClone(nb);
  let solutions = 0;
  let codeCell = 0;
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    codeCell += 1;
    let split;
    try {
      split = splitCell(sourceText(cell.source));
    } catch (error) {
      throw new Error(`code cell ${codeCell}${cell.id ? ` (id ${cell.id})` : ""}: ${error.message}`);
    }
    solutions += split.solutions;
    if (split.solutions > 0) {
      student.cells[i].source = toSource(split.student);
      solution.cells[i].source = toSource(split.solution);
    }
  });
  student.cells.forEach(clearOutputs);
  solution.cells.forEach(clearOutputs);
  return { student, solution, solutions };
}

/** Problems of a student copy: a marker that survived (empty when fine). */
export function markerProblems(nb) {
  const problems = [];
  (nb.cells ?? []).forEach((cell, i) => {
    if (ANY_MARKER.test(sourceText(cell.source))) problems.push(`cell ${i + 1}${cell.id ? ` (id ${cell.id})` : ""} still holds a solution marker`);
  });
  return problems;
}

/** Writes the copies of `paths` to `<out>/student/` and `<out>/solution/`. */
export function release(paths, out = RELEASE_DIR) {
  const written = [];
  const failures = [];
  for (const path of paths) {
    const name = basename(path);
    try {
      const { student, solution, solutions } = releaseNotebook(JSON.parse(readFileSync(path, "utf8")));
      const left = markerProblems(student);
      if (left.length) throw new Error(left.join("; "));
      const files = {};
      for (const [kind, nb] of [["student", student], ["solution", solution]]) {
        mkdirSync(join(out, kind), { recursive: true });
        files[kind] = join(out, kind, name);
        writeFileSync(files[kind], `${JSON.stringify(nb, null, 1)}\n`);
      }
      written.push({ name, solutions, ...files });
    } catch (error) {
      failures.push(`${relative(REPO, path)}: ${error.message}`);
    }
  }
  return { written, failures };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let out = RELEASE_DIR;
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out") out = resolve(args[++i]);
    else if (args[i].startsWith("--out=")) out = resolve(args[i].slice(6));
    else files.push(resolve(args[i]));
  }
  const { listNotebooks } = await import("./run-notebooks.mjs");
  const paths = files.length > 0 ? files : listNotebooks();
  const { written, failures } = release(paths, out);
  for (const w of written) {
    console.log(`  ${w.name.padEnd(24)} ${String(w.solutions).padStart(2)} solution${w.solutions === 1 ? " " : "s"}  → ${relative(REPO, w.student)}, ${relative(REPO, w.solution)}`);
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`release: ${written.length} notebooks written to ${relative(REPO, out) || "."}/{student,solution}, ${failures.length} failed`);
  process.exit(failures.length === 0 ? 0 : 1);
}
