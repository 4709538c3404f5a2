// notebooks/LECTURES.md maps every item of the five lectures (rows 0.1–4.43 of the course's fidelity audit) and
// every lecture error (E1–E28) to notebook cells, written `NN:cell-id`. This test keeps the map from going stale:
// every row is there, once, in order, names at least one cell, and every cell it names exists in the notebook.
// It reads only the repository (the lecture texts are not part of it).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const NOTEBOOKS = join(ROOT, "notebooks");

/** One table row of the map: its id (`1.26`, `E13`, `W4`, `C10`) and the cells it names. */
interface MapRow {
  id: string;
  line: number;
  refs: { notebook: string; cell: string }[];
}

const ROW = /^\|\s*(\d\.\d+|[EWC]\d+)\s*\|/;
const REF = /`(\d\d[a-z]?):([a-z0-9]+(?:-[a-z0-9]+)*)`/g;

/** The rows of every table in the map whose first column is a row id. */
export function parseLectureMap(text: string): MapRow[] {
  const rows: MapRow[] = [];
  text.split("\n").forEach((line, i) => {
    const m = ROW.exec(line);
    if (m === null) return;
    const refs = [...line.matchAll(REF)].map((r) => ({ notebook: r[1], cell: r[2] }));
    rows.push({ id: m[1], line: i + 1, refs });
  });
  return rows;
}

/** Notebook prefix ("04b") → the cell ids of that notebook, from the `.ipynb` files. */
function notebookCells(dir: string): Map<string, { file: string; ids: Set<string> }> {
  const out = new Map<string, { file: string; ids: Set<string> }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ipynb"))) {
    const prefix = file.slice(0, file.indexOf("-"));
    const nb = JSON.parse(readFileSync(join(dir, file), "utf8")) as { cells: { id: string }[] };
    if (out.has(prefix)) throw new Error(`two notebooks start with "${prefix}-": ${out.get(prefix)!.file} and ${file}`);
    out.set(prefix, { file, ids: new Set(nb.cells.map((c) => c.id)) });
  }
  return out;
}

/** Every reference of `rows` that names no existing notebook or cell, as readable messages. */
export function missingRefs(rows: MapRow[], cells: Map<string, { file: string; ids: Set<string> }>): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    for (const ref of row.refs) {
      const nb = cells.get(ref.notebook);
      if (nb === undefined) problems.push(`row ${row.id} (line ${row.line}): no notebook "${ref.notebook}-….ipynb"`);
      else if (!nb.ids.has(ref.cell)) problems.push(`row ${row.id} (line ${row.line}): ${nb.file} has no cell "${ref.cell}"`);
    }
  }
  return problems;
}

const range = (prefix: string, from: number, to: number, sep = ".") =>
  Array.from({ length: to - from + 1 }, (_, k) => `${prefix}${sep}${from + k}`);

/** The audit's rows, in the order of the map: lectures 000–004, then the errors. */
const REQUIRED = [
  ...range("0", 1, 15), ...range("1", 1, 35), ...range("2", 1, 17), ...range("3", 1, 14), ...range("4", 1, 43),
  ...range("E", 1, 28, ""),
];

describe("notebooks/LECTURES.md, the lecture map", () => {
  const text = readFileSync(join(NOTEBOOKS, "LECTURES.md"), "utf8");
  const rows = parseLectureMap(text);
  const cells = notebookCells(NOTEBOOKS);

  it("has every row 0.1–0.15, 1.1–1.35, 2.1–2.17, 3.1–3.14, 4.1–4.43 and E1–E28, once each, in order", () => {
    const ids = rows.map((r) => r.id).filter((id) => !/^[WC]/.test(id));
    expect(ids).toEqual(REQUIRED);
  });

  it("numbers the worked numbers (W) and the outline's errata (C) from 1 without gaps", () => {
    for (const letter of ["W", "C"]) {
      const ids = rows.map((r) => r.id).filter((id) => id.startsWith(letter));
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(range(letter, 1, ids.length, ""));
    }
  });

  it("names at least one notebook cell in every row", () => {
    expect(rows.filter((r) => r.refs.length === 0).map((r) => r.id)).toEqual([]);
  });

  it("names only cells that exist", () => {
    expect(rows.reduce((n, r) => n + r.refs.length, 0)).toBeGreaterThan(400);
    expect(missingRefs(rows, cells)).toEqual([]);
  });

  it("gives each lecture's rows under that lecture's heading", () => {
    const lines = text.split("\n");
    const heading = (lecture: string) => lines.findIndex((l) => l.startsWith(`## Лекция ${lecture} `));
    for (const [k, lecture] of ["000", "001", "002", "003", "004"].entries()) {
      const start = heading(lecture);
      expect(start, `a heading "## Лекция ${lecture} · …"`).toBeGreaterThan(0);
      const end = k < 4 ? heading(["000", "001", "002", "003", "004"][k + 1]) : lines.findIndex((l) => l.startsWith("## Errors"));
      const inside = rows.filter((r) => r.line > start && r.line <= end).map((r) => r.id);
      expect(inside).toEqual(REQUIRED.filter((id) => id.startsWith(`${k}.`)));
    }
  });

  it("is linked from the README's lecture map", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("(notebooks/LECTURES.md)");
  });

  it("reports a reference to a cell or notebook that does not exist", () => {
    const fake = parseLectureMap("| 9.9 | x | `01:title`, `01:no-such-cell`, `99:title` | y |\n| 9.8 | no reference | — | — |");
    expect(fake.map((r) => r.refs.length)).toEqual([3, 0]);
    const problems = missingRefs(fake, cells);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/01-neuron\.ipynb has no cell "no-such-cell"/);
    expect(problems[1]).toMatch(/no notebook "99-/);
  });
});
