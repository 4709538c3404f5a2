// Unit tests of scripts/release.mjs: solution markers and the student/solution copies. The
// "release" stage of `npm test` (test/instructor/instructor-test.mjs) releases and runs real notebooks.
import { describe, expect, it } from "vitest";
import { markerProblems } from "../../scripts/lib/notebook.mjs";
import { STUB_TEXT, releaseNotebook, splitCell } from "../../scripts/release.mjs";

describe("solution markers", () => {
  it("replaces a // SOLUTION cell by the stub, and drops the marker in the solution", () => {
    const r = splitCell("// SOLUTION\nconst x = 1;\nconsole.log(x);");
    expect(r).toEqual({ student: STUB_TEXT, solution: "const x = 1;\nconsole.log(x);", solutions: 1 });
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
