/**
 * The layout's rules (CONTRIBUTING.md, "What not to break"), checked on the source tree:
 * - the backend is chosen in lib/src/kernels/ only: layers/ and training/ never import the switch,
 *   the wasm module or the fast loops;
 * - the entry points: lib/package.json's `exports` (Node) and `typesVersions` (tslab's TypeScript 5.0,
 *   which ignores `exports`) name the same entry files, and each exists in lib/src;
 * - machinery stays out of the root entry point;
 * - every notebook imports the library in its first code cell, and only there.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO } from "../scripts/setup.mjs";
import * as root from "../lib/src/index";

const SRC = join(REPO, "lib", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("speed below one line: only kernels/ chooses the backend", () => {
  test("no file in layers/ or training/ reads the backend or imports the wasm module or the fast loops", () => {
    const offenders: string[] = [];
    for (const dir of ["layers", "training"]) {
      for (const file of sourceFiles(join(SRC, dir))) {
        const text = readFileSync(file, "utf8");
        const imports = [...text.matchAll(/import\s[^;]*?from\s+"([^"]+)"/g)].map((m) => m[0]);
        for (const line of imports) {
          if (/getBackend|setBackend|BACKENDS|wasmKernels|WasmKernels/.test(line) || /kernels\/(wasm|conv-fast|gemm-js)"/.test(line)) {
            offenders.push(`${file.slice(SRC.length + 1)}: ${line.replace(/\s+/g, " ")}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe("entry points", () => {
  const pkg = JSON.parse(readFileSync(join(REPO, "lib", "package.json"), "utf8")) as {
    exports: Record<string, string | { types: string; default: string }>;
    typesVersions: { "*": Record<string, string[]> };
  };

  test("exports and typesVersions name the same entry files, and each has its source", () => {
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "." && k !== "./package.json");
    expect(subpaths.map((k) => k.slice(2)).sort()).toEqual(Object.keys(pkg.typesVersions["*"]).sort());
    for (const key of [".", ...subpaths]) {
      const entry = pkg.exports[key] as { types: string; default: string };
      expect(entry.default.replace(/\.js$/, ".d.ts")).toBe(entry.types);
      if (key !== ".") expect(pkg.typesVersions["*"][key.slice(2)]).toEqual([entry.types.slice(2)]);
      const source = join(SRC, entry.default.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"));
      expect(existsSync(source), source).toBe(true);
    }
  });

  test("the root (what a student keeps using) has no machinery and no lecture helpers", () => {
    const names = Object.keys(root);
    for (const machinery of ["setBackend", "getBackend", "BACKENDS", "matmul", "matmulNT", "matmulTN", "registerLayer", "layerFromConfig",
      "BaseLayer", "softmaxBackward", "hardSigmoidKeras2", "topologicalOrder", "check", "convolve2d", "FILTERS", "trainFromConfig"]) {
      expect(names, machinery).not.toContain(machinery);
    }
    expect(names).toContain("SimpleLayer");
  });
});

describe("notebooks import in their first code cell", () => {
  const dir = join(REPO, "notebooks");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ipynb"))) {
    test(file, () => {
      const nb = JSON.parse(readFileSync(join(dir, file), "utf8")) as { cells: { cell_type: string; id: string; source: string[] | string }[] };
      const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => ({ id: c.id, text: Array.isArray(c.source) ? c.source.join("") : c.source }));
      expect(code[0].text, `${file}: the first code cell`).toMatch(/^\/\/ the library\nimport /);
      expect(code[0].text).toMatch(/from "nnlib";/);
      const later = code.slice(1).filter((c) => /^\s*import\b/m.test(c.text)).map((c) => c.id);
      expect(later, `${file}: code cells that import after the first`).toEqual([]);
    });
  }
});
