// notebooks/LECTURES.md maps every item of the five lectures (rows 0.1–4.43 of the course's fidelity audit) and
// every lecture error (E1–E31) to notebook cells, written `NN:cell-id`. This test keeps the map from going stale:
// every row is there, once, in order, names at least one cell, and every cell it names exists in the notebook.
// It also checks that the notebooks' own lecture maps (the cells `lecture-map`) and the overview table are what
// scripts/lecture-maps.mjs writes from the rows, so that the course's lecture maps have one source.
// It reads only the repository (the lecture texts are not part of it).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readNotebook, sourceText } from "../../scripts/lib/notebook.mjs";
import {
  MAP_CELL_ID,
  coverage,
  mapCellText,
  notebookPrefix,
  parseLectures,
  rowList,
  setMapCell,
  takesProblems,
  withOverview,
} from "../../scripts/lecture-maps.mjs";

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

/** The audit's rows, in the order of the map: lectures 000–004, then the errors (E29–E31: the re-audit's). */
const REQUIRED = [
  ...range("0", 1, 15), ...range("1", 1, 35), ...range("2", 1, 17), ...range("3", 1, 14), ...range("4", 1, 43),
  ...range("E", 1, 31, ""),
];

describe("notebooks/LECTURES.md, the lecture map", () => {
  const text = readFileSync(join(NOTEBOOKS, "LECTURES.md"), "utf8");
  const rows = parseLectureMap(text);
  const cells = notebookCells(NOTEBOOKS);

  it("has every row 0.1–0.15, 1.1–1.35, 2.1–2.17, 3.1–3.14, 4.1–4.43 and E1–E31, once each, in order", () => {
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

describe("the notebooks' lecture maps, generated from notebooks/LECTURES.md", () => {
  const text = readFileSync(join(NOTEBOOKS, "LECTURES.md"), "utf8");
  const map = parseLectures(text);
  const files = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();

  it("says, for every notebook and lecture its rows connect, what the notebook takes from the lecture — and nothing more", () => {
    expect(takesProblems(map)).toEqual([]);
    expect([...coverage(map.rows).keys()].sort()).toEqual(files.map((f) => f.slice(0, f.indexOf("-"))).sort());
  });

  it("lists in the overview table, for each lecture, exactly the notebooks its rows name", () => {
    expect(withOverview(text, map)).toBe(text);
    const row = text.split("\n").find((l) => l.startsWith("| 002 |"));
    expect(row).toMatch(/\| 01, 02, 03, 04, 04b, 09 \|$/);
  });

  it.each(files)("%s has the map cell scripts/lecture-maps.mjs writes (run the script after editing LECTURES.md)", (file) => {
    const nb = readNotebook(join(NOTEBOOKS, file));
    const cells = nb.cells.filter((c) => c.id === MAP_CELL_ID);
    expect(cells, `one markdown cell with id "${MAP_CELL_ID}"`).toHaveLength(1);
    expect(cells[0].cell_type).toBe("markdown");
    expect(nb.cells.indexOf(cells[0]), "near the top, after the title (and the Russian summary)").toBeLessThanOrEqual(2);
    expect(sourceText(cells[0].source)).toBe(mapCellText(map, notebookPrefix(file)));
  });

  it("names in a notebook's map the lectures and rows that name its cells", () => {
    const cell = mapCellText(map, "09");
    expect(cell).toContain("| 002 | «Нейросетевые технологии. Лекция 1. Базовые понятия нейросетей» | «Виды искусственных нейронных сетей (ИНС)» | `2.5` |");
    expect(cell.split("\n").filter((l) => /^\| \d{3} \|/.test(l))).toHaveLength(1);
    expect(mapCellText(map, "04")).toMatch(/\| 001 \| .* \| `1\.11`–`1\.13`, `1\.16`, `1\.17`, `1\.21`, `1\.22`, `E28`, `E29` \|/);
  });

  it("shortens runs of three or more rows to ranges, in code spans (so the prose check does not read 1.26 as a number)", () => {
    expect(rowList(["0.1", "0.2", "0.3", "0.9", "0.10", "1.4", "E2", "E3", "E4", "E7"])).toBe("`0.1`–`0.3`, `0.9`, `0.10`, `1.4`, `E2`–`E4`, `E7`");
  });

  it("fails on a notebook–lecture pair without a text, and on a text without rows", () => {
    const broken = text
      .replace(/^\| 09 \| 002 \| .*$/m, "")                              // 09 takes something from 002, but the text is gone
      .replace(/^\| 08 \| 000 \| .*$/m, "$&\n| 08 | 003 | kernels |");   // 08 takes nothing from 003
    const problems = takesProblems(parseLectures(broken));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/rows 2\.5 name notebook 09 for lecture 002, but .* has no row "\| 09 \| 002 \| … \|"/);
    expect(problems[1]).toMatch(/notebook 08 takes from lecture 003, but no row .* names a cell of 08 for 003/);
  });

  it("replaces a stale map cell, and puts a missing one after the title and the Russian summary", () => {
    const nb = readNotebook(join(NOTEBOOKS, "01-neuron.ipynb"));
    const fresh = mapCellText(map, "01");
    const stale = structuredClone(nb);
    const cell = stale.cells.find((c) => c.id === MAP_CELL_ID)!;
    cell.source = ["| 000 | an old table |"];
    expect(setMapCell(stale, fresh)).toBe(true);
    expect(sourceText(stale.cells.find((c) => c.id === MAP_CELL_ID)!.source)).toBe(fresh);
    expect(setMapCell(stale, fresh)).toBe(false);
    const missing = structuredClone(nb);
    missing.cells = missing.cells.filter((c) => c.id !== MAP_CELL_ID);
    setMapCell(missing, fresh);
    expect(missing.cells.slice(0, 3).map((c) => c.id)).toEqual(["title", "summary-ru", MAP_CELL_ID]);
  });
});
