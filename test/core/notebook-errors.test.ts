/**
 * The stack of an error raised in a notebook cell (lib/src/core/notebook-errors.ts): a cell is run
 * as tslab runs it (vm.runInThisContext, file name evalmachine.<anonymous>) and its error printed as
 * tslab prints it (console.error → util.inspect). The real kernel is tested by the harness self-test
 * (test/stages/fixtures/notebooks/library-error.ipynb).
 */
import { afterEach, describe, expect, it } from "vitest";
import * as util from "node:util";
import * as vm from "node:vm";
import { Matrix } from "../../lib/src/core/matrix";
import { installNotebookStackTraces } from "../../lib/src/core/notebook-errors";

/** What tslab prints for the error a cell throws (or "" when it throws none). */
function runCell(code: string): string {
  (globalThis as { nnlibForCell?: unknown }).nnlibForCell = { Matrix };
  try {
    vm.runInThisContext(`(function() {\n${code}\n})()`, { breakOnSigint: true } as vm.RunningScriptOptions);
    return "";
  } catch (e) {
    return util.inspect(e);
  } finally {
    delete (globalThis as { nnlibForCell?: unknown }).nnlibForCell;
  }
}

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

describe("errors in a notebook cell", () => {
  it("without the hook: Node's excerpt of the library's source comes first, then the library's and Node's frames", () => {
    const out = runCell("const { Matrix } = nnlibForCell;\nMatrix.from([[1, 2, 3]]).matmul(Matrix.zeros(2, 2));");
    expect(out.split("\n")[0]).toMatch(/lib[\\/]src[\\/]core[\\/]matrix\.ts/);
    expect(out).toMatch(/node:vm/);
  });

  it("with the hook: a library error shows its message first and only the cell's frames", () => {
    uninstall = installNotebookStackTraces();
    const out = runCell("const { Matrix } = nnlibForCell;\nMatrix.from([[1, 2, 3]]).matmul(Matrix.zeros(2, 2));");
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^Error: matmul: shapes 1×3 and 2×2 do not fit/);
    expect(lines.slice(1).every((l) => l.startsWith("    at evalmachine.<anonymous>:"))).toBe(true);
    expect(out).not.toMatch(/lib[\\/]src|node:|throw new Error/);
  });

  it("with the hook: the cell's own error keeps Node's excerpt of the cell's line, without Node's frames", () => {
    uninstall = installNotebookStackTraces();
    const out = runCell("const x = 1;\nx.foo();");
    expect(out.split("\n")[0]).toBe("evalmachine.<anonymous>:3");
    expect(out).toMatch(/TypeError: x\.foo is not a function\n {4}at evalmachine\.<anonymous>:3:3/);
    expect(out).not.toMatch(/node:/);
  });

  it("errors outside a cell are formatted as before; a library error's stack can still be set", () => {
    uninstall = installNotebookStackTraces();
    const e = new Error("outside");
    expect(e.stack).toMatch(/^Error: outside\n {4}at .*notebook-errors\.test\.ts/);
    let caught: Error | undefined;
    (globalThis as { nnlibForCell?: unknown }).nnlibForCell = { Matrix };
    try {
      vm.runInThisContext("(function() {\nnnlibForCell.Matrix.zeros(2, 2).matmul(nnlibForCell.Matrix.zeros(3, 3));\n})()");
    } catch (err) {
      caught = err as Error;
    } finally {
      delete (globalThis as { nnlibForCell?: unknown }).nnlibForCell;
    }
    expect(caught?.stack).toMatch(/^Error: matmul: shapes 2×2 and 3×3 do not fit/);
    (caught as Error).stack = "replaced";
    expect(caught?.stack).toBe("replaced");
  });
});
