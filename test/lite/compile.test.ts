// The browser kernel's cell compiler (lite/kernel/src/compile.ts): tslab's semantics, checked by
// running compiled cells one after the other in a fresh global scope, as the worker does.
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CellSyntaxError, compileCell } from "../../lite/kernel/src/compile";

/** Runs cells in order the way the worker does (`var` names, then the async body); returns the results. */
async function runCells(cells: string[], modules: Record<string, unknown> = {}): Promise<unknown[]> {
  const g = globalThis as Record<string, unknown>;
  g.__tslab_import = (name: string) => {
    if (!(name in modules)) throw new Error(`no module ${name}`);
    return modules[name];
  };
  g.__tslab_default = (m: { default?: unknown }) => (m !== null && typeof m === "object" && "default" in m ? m.default : m);
  const results: unknown[] = [];
  for (const cell of cells) {
    const compiled = compileCell(ts, cell);
    if (compiled.names.length > 0) (0, eval)(`var ${compiled.names.join(", ")};`);
    const value = await (0, eval)(compiled.code);
    results.push(compiled.hasResult ? value : "(no result)");
  }
  return results;
}

describe("compileCell", () => {
  it("keeps const, let and class declarations across cells and shows the last expression", async () => {
    const results = await runCells([
      "const a: number = 40; let b = 2; a + b",
      "a * b",
      "class Layer { constructor(public n: number) {} }\nnew Layer(3).n",
      "const l: Layer = new Layer(4); l.n",
    ]);
    expect(results).toEqual([42, 80, 3, 4]);
  });

  it("runs top-level await and keeps what an awaiting cell declares", async () => {
    const results = await runCells([
      "const v = await Promise.resolve(7);",
      "v * 6",
      "function twice(x) { return 2 * x }\nawait Promise.resolve(twice(v))",
      "twice(1)",
    ]);
    expect(results).toEqual(["(no result)", 42, 14, 2]);
  });

  it("binds imports (named, renamed, namespace, default) as globals for later cells; erases type-only imports", async () => {
    const nnlib = { relu: (x: number) => Math.max(0, x), sigmoid: (x: number) => 1 / (1 + Math.exp(-x)) };
    const results = await runCells(
      [
        'import { relu, sigmoid as s, type Matrix } from "nnlib";\nimport type { Layer } from "nnlib";\nimport * as lib from "nnlib";\nimport d from "dflt";',
        "[relu(-1), relu(2), s(0), lib.relu(3), d]",
      ],
      { nnlib, dflt: { default: "D" } },
    );
    expect(results[1]).toEqual([0, 2, 0.5, 3, "D"]);
  });

  it("handles destructuring, enums, declarations without a value, and re-running a cell", async () => {
    const cell = "let { p, q: [r, ...rest] } = { p: 1, q: [2, 3, 4] }; enum Color { Red, Green }\nlet empty: number;\n[p, r, rest, Color.Green, empty]";
    const results = await runCells([cell, cell]);
    expect(results[0]).toEqual([1, 2, [3, 4], 1, undefined]);
    expect(results[1]).toEqual(results[0]);
  });

  it("shows no result for a cell ending in a declaration or a loop, and keeps block-scoped loops local", async () => {
    const results = await runCells(["const z = 5;", "for (let i = 0; i < 2; i++) { z + i }", "typeof i"]);
    expect(results).toEqual(["(no result)", "(no result)", "undefined"]);
  });

  it("reports a syntax error with its line and column", () => {
    let error: unknown;
    try {
      compileCell(ts, "const ok = 1;\nconst x = (1");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CellSyntaxError);
    expect((error as CellSyntaxError).line).toBe(2);
    expect((error as CellSyntaxError).message).toMatch(/'\)' expected/);
  });

  it("lets a thrown error reach the caller", async () => {
    await expect(runCells(["throw new TypeError('boom')"])).rejects.toThrow("boom");
  });
});
