// Unit tests of scripts/lib/notebook.mjs, the notebook module every script and test stage reads
// notebooks with.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { basename, join } from "path";
import { afterAll, describe, expect, it } from "vitest";
import { PLOTLY_MIME as LIBRARY_PLOTLY_MIME } from "../../lib/src/display/bundle";
import {
  NOTEBOOK_DIR,
  PLOTLY_MIME,
  cellLabel,
  checkNotebook,
  checkSource,
  codeCells,
  firstLine,
  listNotebooks,
  markerProblems,
  readNotebook,
  sourceText,
  toSource,
  writeNotebook,
} from "../../scripts/lib/notebook.mjs";

const FIXTURES = join(__dirname, "..", "stages", "fixtures");
const tmp = mkdtempSync(join(tmpdir(), "notebook-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("notebook files", () => {
  it("lists the course's notebooks by name", () => {
    const names = listNotebooks().map((p) => basename(p));
    expect(names[0]).toBe("01-neuron.ipynb");
    expect(names).toEqual([...names].sort());
    expect(listNotebooks().every((p) => p.startsWith(NOTEBOOK_DIR))).toBe(true);
    expect(listNotebooks(join(tmp, "missing"))).toEqual([]);
  });

  it("writes a notebook in Jupyter's format (indent 1, non-ASCII as is, final newline)", () => {
    for (const path of listNotebooks(join(FIXTURES, "notebooks"))) {
      const out = join(tmp, basename(path));
      writeNotebook(out, readNotebook(path));
      expect(readFileSync(out, "utf8"), basename(path)).toBe(readFileSync(path, "utf8"));
    }
    const out = join(tmp, "ru.ipynb");
    writeNotebook(out, { cells: [{ cell_type: "markdown", id: "ru", source: ["Нейрон η\n", "σ"] }] });
    expect(readFileSync(out, "utf8")).toBe('{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "id": "ru",\n   "source": [\n    "Нейрон η\\n",\n    "σ"\n   ]\n  }\n ]\n}\n');
  });

  it("says so when a file is not JSON", () => {
    const bad = join(tmp, "bad.ipynb");
    writeFileSync(bad, "{ not json");
    expect(() => readNotebook(bad)).toThrow(/^not valid JSON: /);
    expect(checkSource(bad)).toEqual([expect.stringMatching(/^not valid JSON: /)]);
  });

  it("agrees with the library on the plotly MIME type", () => {
    expect(PLOTLY_MIME).toBe(LIBRARY_PLOTLY_MIME);
  });
});

describe("cell sources", () => {
  it("joins a list of lines and splits text back into nbformat's lines", () => {
    expect(sourceText(["a\n", "b"])).toBe("a\nb");
    expect(sourceText("a")).toBe("a");
    expect(sourceText(undefined)).toBe("");
    expect(toSource("a\nb\n")).toEqual(["a\n", "b\n"]);
    expect(toSource("")).toEqual([]);
    for (const text of ["x", "x\ny", "x\n\ny\n", "\nx"]) expect(sourceText(toSource(text))).toBe(text);
  });

  it("names cells the way every report does", () => {
    expect(firstLine("\n  const a = 1;  \nb")).toBe("const a = 1;");
    expect(firstLine("  \n")).toBe("(empty cell)");
    expect(firstLine("x".repeat(200)).length).toBe(120);
    expect(cellLabel(3, "ravine")).toBe("code cell 3 (id ravine)");
    expect(cellLabel(2, null, "cell")).toBe("cell 2");
  });

  it("numbers code cells from 1 among code cells only", () => {
    const nb = { cells: [{ cell_type: "markdown", source: "" }, { cell_type: "code", id: "a", source: "" }, { cell_type: "raw", source: "" }, { cell_type: "code", id: "b", source: "" }] };
    expect(codeCells(nb).map(({ cell, index, number }) => [cell.id, index, number])).toEqual([
      ["a", 1, 1],
      ["b", 3, 2],
    ]);
  });
});

describe("checks", () => {
  const good = () => ({
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (course)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
    cells: [
      { cell_type: "markdown", id: "intro", source: "# x" },
      { cell_type: "code", id: "code", source: "1", outputs: [] as object[], execution_count: null as number | null },
    ],
  });

  it("passes a well committed notebook", () => {
    expect(checkNotebook(good())).toEqual([]);
    expect(checkSource(join(FIXTURES, "notebooks", "ok.ipynb"))).toEqual([]);
  });

  it("names every problem of a badly committed notebook", () => {
    const nb = good();
    nb.metadata.kernelspec.name = "python3";
    nb.nbformat_minor = 4;
    nb.cells[0]!.id = "code";
    nb.cells[1]!.outputs = [{ output_type: "stream" }];
    nb.cells[1]!.execution_count = 7;
    expect(checkNotebook(nb)).toEqual([
      'metadata.kernelspec.name is "python3", must be "tslab"',
      "nbformat 4.4: cell ids need nbformat 4.5 or later",
      "cell 2 (id code): duplicate id",
      "cell 2 (id code) has committed outputs (clear them)",
      "cell 2 (id code) has execution_count 7 (clear outputs)",
    ]);
  });

  it("finds solution markers left in a notebook", () => {
    const nb = { cells: [{ cell_type: "code", id: "a", source: ["x\n", "  // BEGIN SOLUTION\n"] }, { cell_type: "code", source: "// STUB: y" }, { cell_type: "code", source: "// SOLUTION of nothing" }] };
    expect(markerProblems(nb)).toEqual(["cell 1 (id a) still holds a solution marker", "cell 2 still holds a solution marker"]);
  });
});
