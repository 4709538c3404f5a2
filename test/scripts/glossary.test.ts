// The course's one glossary (locales/glossary.csv, scripts/glossary.mjs): every notebook's
// glossary cell is made from it, so a term is defined once for the whole course.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { glossaryMarkdown, readGlossary, staleGlossaries } from "../../scripts/glossary.mjs";
import { parseCsv } from "../../scripts/lib/csv.mjs";

describe("the glossary", () => {
  it("is what every notebook's glossary cell shows", () => {
    expect(staleGlossaries().map((s) => s.path)).toEqual([]);
  });

  it("reads quoted CSV fields with commas and quotes", () => {
    expect(parseCsv('source,target,notebooks\n"input normalisation, standardisation","нормализация входов, ""стандартизация""",07\n')).toEqual([
      ["source", "target", "notebooks"],
      ["input normalisation, standardisation", 'нормализация входов, "стандартизация"', "07"],
    ]);
  });

  it("lists a notebook's terms alphabetically, and refuses a term twice or a row without its Russian", () => {
    const terms = [
      { source: "weight", target: "вес", notebooks: ["01"] },
      { source: "Bias", target: "смещение", notebooks: ["01", "02"] },
      { source: "epoch", target: "эпоха", notebooks: ["02"] },
    ];
    expect(glossaryMarkdown(terms, "01").split("\n").slice(4)).toEqual(["| Bias | смещение |", "| weight | вес |"]);
    const dir = mkdtempSync(join(tmpdir(), "glossary-"));
    writeFileSync(join(dir, "twice.csv"), "source,target,notebooks\nbias,смещение,01\nBias,сдвиг,02\n");
    expect(() => readGlossary(join(dir, "twice.csv"))).toThrow(/line 3: "Bias" is listed twice/);
    writeFileSync(join(dir, "empty.csv"), "source,target,notebooks\nbias,,01\n");
    expect(() => readGlossary(join(dir, "empty.csv"))).toThrow(/line 2: a term needs its English \(source\), its Russian \(target\)/);
  });
});
