// Unit tests of scripts/lib/prose-numbers.mjs, the check that every number a notebook's markdown
// quotes as a result appears in the notebook's outputs. Fixtures: small executed notebooks in
// test/stages/fixtures/prose-numbers/ (matching, stale, allowlisted) and their allowlist.
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { afterAll, describe, expect, it } from "vitest";
import { listNotebooks, readNotebook, sourceText } from "../../scripts/lib/notebook.mjs";
import {
  ALLOWLIST_PATH,
  arithmeticChains,
  checkProseNumbers,
  codeLiterals,
  numberTokens,
  proseNumberCheck,
  proseNumbers,
  proseText,
  readAllowlist,
  roundsTo,
  withoutFloatNoise,
} from "../../scripts/lib/prose-numbers.mjs";

const FIXTURES = join(__dirname, "..", "stages", "fixtures", "prose-numbers");
const fixture = (name: string) => join(FIXTURES, name);
const fixtureAllow = readAllowlist(fixture("allowlist.json"));
const tmp = mkdtempSync(join(tmpdir(), "prose-numbers-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The numbers of a markdown text that the check reads, as written. */
const candidates = (markdown: string) => proseNumbers(markdown).map((n) => n.text);

describe("reading numbers", () => {
  it("reads thousands separators, decimal points and commas, exponents and units", () => {
    const t = numberTokens("26,625 and 0,5744 and 1,234.5, 2.5e-3, 3·10⁻⁴, 96.65 %, +58 pp, 3.2× faster");
    expect(t.map((x) => [x.text, x.values[0].value, x.unit])).toEqual([
      ["26,625", 26625, ""],
      ["0,5744", 0.5744, ""],
      ["1,234.5", 1234.5, ""],
      ["2.5e-3", 0.0025, ""],
      ["3·10⁻⁴", 0.0003, ""],
      ["96.65", 96.65, "%"],
      ["58", 58, "pp"],
      ["3.2", 3.2, "×"],
    ]);
    expect(t[3].values[0].decimals).toBe(4); // 2.5e-3 = 0.0025
  });

  it("reads a list written without spaces as separate numbers", () => {
    expect(numberTokens("[[1,0,−1],[0,2,0]] 0.1,0.25").map((x) => x.text)).toEqual(["1", "0", "1", "0", "2", "0", "0.1", "0.25"]);
  });

  it("removes float noise from printed numbers", () => {
    expect(withoutFloatNoise({ value: 2.5999999999999996, decimals: 16 })).toEqual({ value: 2.6, decimals: 1 });
    expect(withoutFloatNoise({ value: 0.715485, decimals: 6 })).toEqual({ value: 0.715485, decimals: 6 });
  });

  it("drops code, LaTeX, lecture quotes, links and bold markers from the prose", () => {
    const text = proseText("a `lr = 0.01` b $x = 0.25$ c $$y = 1.5$$ d «σ(0,3) ≈ 0,57» e [docs](https://x.org/v2.5) **7.5** f");
    expect(text).not.toMatch(/0\.01|0\.25|1\.5|0,57|2\.5|\*\*/);
    expect(text).toContain("7.5");
  });
});

describe("which numbers are checked", () => {
  it("decimals, percentages, pp, factors, scientific notation and integers ≥ 100", () => {
    expect(candidates("0.5744, 94 %, +58 pp, 3.2× faster, 2.5·10⁻³, 26,625 and 128 but not 7 or 64")).toEqual([
      "0.5744",
      "94 %",
      "58 pp",
      "3.2 ×",
      "2.5·10⁻³",
      "26,625",
      "128",
    ]);
  });

  it("not years, names, shapes, architectures or bare powers of ten", () => {
    expect(candidates("In 1998 LeNet; x₀, E19, L2 and 3D; 28 × 28 and 1 × n; a 784-128-10 net; 10⁻⁸ and 1e-15")).toEqual([]);
  });

  it("Russian thousands with a space are one number", () => {
    expect(proseNumbers("параметров (26 625)").map((n) => n.values[0].value)).toEqual([26625]);
  });

  it("'≈ 3,000' is rounded to thousands, '7,000' is exact", () => {
    const [approx, exact] = proseNumbers("≈ 3,000 times, and 7,000 digits");
    expect(approx.values).toEqual([{ value: 3000, decimals: -3 }]);
    expect(exact.values).toEqual([{ value: 7000, decimals: 0 }]);
  });

  it("the result of typed-in arithmetic is checked however small", () => {
    expect(candidates("8 · 10 = 80 parameters, and 8 kernels")).toEqual(["80"]);
  });

  it("numbers the code sets are literals of its code cells, comments excluded", () => {
    const nb = readNotebook(fixture("matching.ipynb"));
    const literals = codeLiterals(nb);
    expect(literals).toEqual(expect.arrayContaining([100, 0.001, 0.5]));
    expect(literals).not.toContain(96.65); // only in a comment
  });
});

describe("matching an output", () => {
  it("a prose number is an output number rounded to the digits it shows", () => {
    expect(roundsTo({ value: 94, decimals: 0 }, { value: 94.05, decimals: 2 })).toBe(true);
    expect(roundsTo({ value: 96.65, decimals: 2 }, { value: 96.62, decimals: 2 })).toBe(false);
    expect(roundsTo({ value: 0.3352, decimals: 4 }, { value: 0.33521672, decimals: 8 })).toBe(true);
    // too few digits to stand for a long output number
    expect(roundsTo({ value: 0.7, decimals: 1 }, { value: 0.715485, decimals: 6 })).toBe(false);
    // a prose number cannot have more digits than the output
    expect(roundsTo({ value: 0.50, decimals: 2 }, { value: 0.5, decimals: 1 })).toBe(false);
  });
});

describe("typed-in arithmetic", () => {
  it("finds chains of numbers and checks that their sides agree", () => {
    const chains = arithmeticChains(
      "y₂ = 0.5·(−2) + 0.7·4 = −1.0 + 2.8 = 1.8; W = (1 − 0.3·1.8)/2.6 ≈ 0.177; 16 · 73 = 1,168; but 0.5 + 2.5 = 2.6.",
    );
    expect(chains.map((c) => [c.text, c.holds])).toEqual([
      ["0.5·(−2) + 0.7·4 = −1.0 + 2.8 = 1.8", true],
      ["(1 − 0.3·1.8)/2.6 ≈ 0.177", true],
      ["16 · 73 = 1,168", true],
      ["0.5 + 2.5 = 2.6", false],
    ]);
  });

  it("ignores expressions with variables, functions or operators on either side", () => {
    expect(arithmeticChains("σ(0.3) = 0.5744, ln 10 ≈ 2.30, a·b + 2 = 7, x = 4 − 2 = 2 · y").map((c) => c.text)).toEqual([]);
    // a function's argument is not the start of a chain, the arithmetic after it is
    expect(arithmeticChains("σ′(0) = 0.5·(1 − 0.5) = 0.25").map((c) => c.text)).toEqual(["0.5·(1 − 0.5) = 0.25"]);
  });
});

describe("checking an executed notebook", () => {
  it("passes when every number is in an output, set by the code, or not a result (matching.ipynb)", () => {
    const r = checkProseNumbers(readNotebook(fixture("matching.ipynb")));
    expect(r.problems).toEqual([]);
    expect(r.verdicts.filter((v) => v.status === "output").map((v) => v.text)).toEqual(
      expect.arrayContaining(["96.65 %", "94 %", "26,625", "58 pp", "71.3"]),
    );
    expect(r.verdicts.find((v) => v.text === "100")?.status).toBe("code");
    expect(r.verdicts.find((v) => v.text === "0.7")?.status).toBe("arithmetic");
  });

  it("fails on a number that no output shows any more, naming it and the closest output (stale.ipynb)", () => {
    const r = checkProseNumbers(readNotebook(fixture("stale.ipynb")));
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toContain('markdown cell 1 (id results): "96.65 %" is in no output; closest: 96.62 in code cell 1');
    // wrong arithmetic fails; the same slip quoted from the lecture, «…», does not
    expect(r.problems[1]).toContain('typed-in arithmetic does not hold: "0.5 + 2.5 = 2.6"');
  });

  it("passes an allowlisted number only in the cells its entry names (allowlisted.ipynb)", () => {
    const nb = readNotebook(fixture("allowlisted.ipynb"));
    expect(checkProseNumbers(nb, fixtureAllow["allowlisted.ipynb"]).problems).toEqual([]);
    expect(checkProseNumbers(nb).problems).toEqual([expect.stringContaining('"15.3 %" is in no output')]);
    const elsewhere = [{ number: "15.3", cells: ["another-cell"], reason: "history: AlexNet's published top-5 error" }];
    const problems = checkProseNumbers(nb, elsewhere).problems;
    expect(problems).toContainEqual(expect.stringContaining('"15.3 %" is in no output'));
    expect(problems).toContainEqual(expect.stringContaining("allowlist: no markdown cell with id another-cell"));
  });

  it("reports an allowlist entry whose number has left its cell", () => {
    const nb = readNotebook(fixture("allowlisted.ipynb"));
    const stale = [...fixtureAllow["allowlisted.ipynb"], { number: "26.2", cells: ["history"], reason: "history: the runner-up's error" }];
    expect(checkProseNumbers(nb, stale).problems).toEqual([expect.stringContaining('cell history has no checked number "26.2" any more')]);
  });

  it("the notebook stage's call reads the allowlist by file name, and reports a bad allowlist", () => {
    expect(proseNumberCheck(fixture("allowlisted.ipynb"), fixtureAllow)).toEqual([]);
    expect(proseNumberCheck(fixture("stale.ipynb"), fixtureAllow)).toHaveLength(2);
    const bad = join(tmp, "bad.json");
    writeFileSync(bad, JSON.stringify({ "x.ipynb": [{ number: "1.5", cells: ["c"] }] }));
    expect(() => readAllowlist(bad)).toThrow(/"reason" must say why/);
    expect(proseNumberCheck(join(tmp, "missing.ipynb"), fixtureAllow)).toEqual([expect.stringContaining("could not check the numbers")]);
  });
});

describe("the course's allowlist", () => {
  const allowlist = readAllowlist(ALLOWLIST_PATH);
  const notebooks = new Map(listNotebooks().map((p) => [p.split("/").pop() as string, readNotebook(p)]));

  it("names only notebooks of the course", () => {
    for (const name of Object.keys(allowlist).filter((k) => !k.startsWith("$"))) expect(notebooks.has(name), name).toBe(true);
  });

  it("every entry's number is a checked number of each cell it names (committed notebooks, no run needed)", () => {
    for (const [name, entries] of Object.entries(allowlist)) {
      if (name.startsWith("$")) continue;
      const cells = (notebooks.get(name)?.cells ?? []).filter((c) => c.cell_type === "markdown");
      for (const e of entries) {
        for (const id of e.cells) {
          const cell = cells.find((c) => c.id === id);
          expect(cell, `${name}: ${id}`).toBeDefined();
          expect(proseNumbers(sourceText(cell?.source ?? "")).map((n) => n.digits), `${name}: ${id}: ${e.number}`).toContain(e.number);
        }
      }
    }
  });

});
