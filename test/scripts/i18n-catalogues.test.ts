// The Russian edition is complete and up to date: every text of every notebook and of the library
// has a translation that is neither missing, fuzzy nor stale, and keeps its formulas, code and
// placeholders (scripts/i18n.mjs; `npm run i18n -- check` prints the same list). Changing one
// English sentence makes this fail, naming the notebook, the cell and the sentence, until its
// translation is updated (`npm run i18n -- update`, then translate the entry).
import { describe, expect, it } from "vitest";
import { checkLanguage } from "../../scripts/i18n.mjs";
import { staleGlossaries } from "../../scripts/glossary.mjs";

describe("the Russian edition", () => {
  it("has a usable translation of every text", () => {
    expect(checkLanguage("ru")).toEqual([]);
  });

  it("takes its glossary cells from the one glossary", () => {
    expect(staleGlossaries().map((s) => s.path)).toEqual([]);
  });
});
