// Unit tests of scripts/release.mjs: solution markers and the student/solution copies. The
// "release" stage of `npm test` (test/stages/figures-release-test.mjs) releases and runs real notebooks.
import { describe, expect, it } from "vitest";
import { basename } from "node:path";
import { listNotebooks, markerProblems, readNotebook } from "../../scripts/lib/notebook.mjs";
import { ANSWER_CELL_TEXT, STUB_TEXT, releaseNotebook, solutionCopyDifferences, splitCell } from "../../scripts/release.mjs";
import { RELEASE_FIXTURE } from "../stages/figures-release-test.mjs";

describe("solution markers", () => {
  it("replaces a // SOLUTION cell by the stub, and drops the marker in the solution", () => {
    const r = splitCell("// SOLUTION\nconst x = 1;\nconsole.log(x);");
    expect(r).toEqual({ student: STUB_TEXT, solution: "const x = 1;\nconsole.log(x);", solutions: 1 });
  });

  it("a // SOLUTION: written answer cell tells the student to write the answer in the markdown above, not code", () => {
    const r = splitCell("// SOLUTION: written answer\nconsole.log(\"Model answer: …\");");
    expect(r).toEqual({ student: ANSWER_CELL_TEXT, solution: 'console.log("Model answer: …");', solutions: 1 });
    expect(ANSWER_CELL_TEXT).toMatch(/^\/\/ Your answer is written: put it in the markdown cell above/);
    expect(markerProblems({ cells: [{ cell_type: "code", id: "a", source: "// SOLUTION: written answer\nx" }] })).toHaveLength(1);
  });

  it("the committed notebooks' model answers to written questions get that text in the student copy (03, 04, 06, 08 and the others)", () => {
    const want: Record<string, string[]> = {
      "03-gradients.ipynb": ["exercise-4-model-answer"], "04-backprop.ipynb": ["homework-solution"],
      "06-cnn-filters.ipynb": ["exercise-6-solution"], "08-homework.ipynb": ["analysis-solution"],
    };
    let written = 0;
    for (const path of listNotebooks()) {
      const nb = readNotebook(path);
      const { student } = releaseNotebook(nb);
      for (const [i, cell] of nb.cells.entries()) {
        const first = (Array.isArray(cell.source) ? cell.source.join("") : cell.source).trimStart().split("\n")[0];
        if (cell.cell_type === "code" && /^\/\/ SOLUTION/.test(first)) {
          const text = [student.cells[i].source].flat().join("");
          expect(text.startsWith(ANSWER_CELL_TEXT), `${basename(path)} ${cell.id}`).toBe(first === "// SOLUTION: written answer");
          if (first === "// SOLUTION: written answer") written++;
        }
      }
      for (const id of want[basename(path)] ?? []) {
        const i = nb.cells.findIndex((c) => c.id === id);
        expect([student.cells[i].source].flat().join(""), `${basename(path)} ${id}`).toBe(ANSWER_CELL_TEXT);
      }
    }
    expect(written).toBeGreaterThanOrEqual(4);
  });

  it("replaces BEGIN/END blocks, keeping the indent and STUB code", () => {
    const text = "function f(): number {\n  // BEGIN SOLUTION\n  // STUB: return 0;\n  return 42;\n  // END SOLUTION\n}";
    const r = splitCell(text);
    expect(r.student).toBe(`function f(): number {\n  ${STUB_TEXT}\n  return 0;\n}`);
    expect(r.solution).toBe("function f(): number {\n  return 42;\n}");
    expect(r.solutions).toBe(1);
  });

  it("leaves cells without markers alone", () => {
    expect(splitCell("const a = 1; // SOLUTION of nothing")).toMatchObject({ solutions: 0 });
  });

  it("rejects unbalanced markers, naming the line", () => {
    expect(() => splitCell("// BEGIN SOLUTION\nx")).toThrow(/line 1: BEGIN SOLUTION without END/);
    expect(() => splitCell("x\n// END SOLUTION")).toThrow(/line 2: END SOLUTION without BEGIN/);
    expect(() => splitCell("x\n// SOLUTION")).toThrow(/first line/);
    expect(() => splitCell("x\n// STUB: y")).toThrow(/line 2: \/\/ STUB: outside a solution/);
    expect(() => splitCell("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION")).toThrow(/line 2: BEGIN SOLUTION inside the solution opened on line 1/);
  });

  it("names the code cell of a bad marker (counting code cells only)", () => {
    const nb = { cells: [{ cell_type: "markdown", id: "m", source: "// BEGIN SOLUTION" }, { cell_type: "code", id: "c", source: ["x\n", "// END SOLUTION"] }] };
    expect(() => releaseNotebook(nb)).toThrow("code cell 1 (id c): line 2: END SOLUTION without BEGIN SOLUTION");
  });

  it("releases a notebook: outputs cleared, ids kept, no marker in the student copy", () => {
    const nb = {
      cells: [
        { cell_type: "markdown", id: "m", source: ["# x"] },
        { cell_type: "code", id: "s", source: ["// SOLUTION\n", "const y = 2;"], outputs: [{ output_type: "stream" }], execution_count: 3 },
      ],
    };
    const { student, solution, solutions } = releaseNotebook(nb);
    expect(solutions).toBe(1);
    expect(student.cells[1]).toMatchObject({ id: "s", source: [STUB_TEXT], outputs: [], execution_count: null });
    expect(solution.cells[1]).toMatchObject({ id: "s", source: ["const y = 2;"], outputs: [] });
    expect(markerProblems(student)).toEqual([]);
    expect(markerProblems(nb)).toEqual(["cell 2 (id s) still holds a solution marker"]);
    expect(nb.cells[1]!.outputs).toHaveLength(1); // input untouched
  });
});

// The release stage lets the notebook stage's strict run of a committed notebook stand for the
// run of its solution copy only when solutionCopyDifferences proves they are the same program.
describe("solution copy = committed program without the marker comments", () => {
  const code = (id: string, text: string) => ({ cell_type: "code", id, metadata: {}, source: text, outputs: [], execution_count: null });
  const nb = (...cells: ReturnType<typeof code>[]) => ({ metadata: { kernelspec: { name: "tslab" } }, cells });
  const differences = (n: ReturnType<typeof nb>) => solutionCopyDifferences(n, releaseNotebook(n).solution);

  it.each([...listNotebooks(), RELEASE_FIXTURE].map((p) => [basename(p), p]))("holds for %s", (_, path) => {
    const committed = readNotebook(path);
    const { solution, solutions } = releaseNotebook(committed);
    expect(solutions).toBeGreaterThan(0);
    expect(solutionCopyDifferences(committed, solution)).toEqual([]);
  });

  it("holds for whole-cell and block solutions with stubs", () => {
    const n = nb(
      code("a", "\n// SOLUTION\n\nconst y = 2;\n// STUB: const y = 0;\nconsole.log(y);"),
      code("b", "function f(): number {\n  // BEGIN SOLUTION\n  // STUB: return 0;\n  return 42;\n  // END SOLUTION\n}\nf()"),
    );
    expect(differences(n)).toEqual([]);
  });

  it("fails when a marker line sits inside a template literal (dropping it changes the string)", () => {
    const n = nb(code("t", "// BEGIN SOLUTION\nconst s = `first\n// STUB: not a comment here\nlast`;\n// END SOLUTION\nconsole.log(s);"));
    expect(differences(n)).toEqual(["code cell 1 (id t): dropping the marker lines changes the program (a marker inside a string or template literal?)"]);
  });

  it("fails when a dropped line could move a TypeScript directive", () => {
    const n = nb(code("d", "// @ts-ignore\n// BEGIN SOLUTION\nconst x: number = 1;\n// END SOLUTION"));
    expect(differences(n)).toEqual(["code cell 1 (id d): a TypeScript directive (@ts-ignore, @ts-expect-error, ///) in a cell with markers"]);
  });

  it("fails when the solution copy differs in anything but the marker lines", () => {
    const n = nb(code("x", "// SOLUTION\nconst x = 1;"), code("y", "const y = 2;"));
    const { solution } = releaseNotebook(n);
    const edited = structuredClone(solution);
    edited.cells[0]!.source = "const x = 2;";
    expect(solutionCopyDifferences(n, edited)).toEqual(["code cell 1 (id x): the solution copy is not the cell without its marker lines"]);
    const unmarked = structuredClone(solution);
    unmarked.cells[1]!.source = "const y = 3;";
    expect(solutionCopyDifferences(n, unmarked)).toEqual(["code cell 2 (id y): the solution copy is not the cell without its marker lines"]);
    const renamed = structuredClone(solution);
    renamed.cells[1]!.id = "z";
    expect(solutionCopyDifferences(n, renamed)).toEqual(["code cell 2 (id y): type, id or metadata differs in the solution copy"]);
    expect(solutionCopyDifferences(n, { ...solution, cells: solution.cells.slice(1) })).toEqual(["2 cells, the solution copy has 1"]);
  });

  it("fails on syntax errors (the printer would hide them)", () => {
    const n = nb(code("s", "// BEGIN SOLUTION\nconst x = ;\n// END SOLUTION"));
    expect(differences(n)).toEqual(["code cell 1 (id s): syntax errors (1 committed, 1 in the solution copy)"]);
  });
});
