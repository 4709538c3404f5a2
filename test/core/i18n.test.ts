// The library's messages in two languages (lib/src/core/i18n.ts): the msgid of a t`…`
// template, translations with their placeholders moved, the fallback to English, and the .po
// reader against the npm package gettext-parser on every committed catalogue.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import gettext from "gettext-parser";
import { getLanguage, msgidOf, parsePo, setCatalogSource, setLanguage, t, translate } from "../../lib/src/core/i18n";

const PO = `msgid ""
msgstr "Language: ru\\n"

#. \${0} = a; \${1} = b
msgid "matmul: shapes \${0} and \${1} do not fit."
msgstr "matmul: формы \${1} и \${0} не согласованы."

#, fuzzy
#| msgid "an old sentence"
msgid "a changed sentence"
msgstr "старый перевод"

msgid "not translated yet"
msgstr ""

msgctxt "cell-1"
msgid "in a context"
msgstr "в контексте"

msgid ""
"a long line "
"over two"
msgstr ""
"длинная строка "
"на двух"
`;

afterEach(() => {
  setLanguage("en");
});

describe("t", () => {
  it("numbers a template's expressions in its msgid", () => {
    const strings = Object.assign(["got ", ", expected ", "."], { raw: [] }) as unknown as TemplateStringsArray;
    expect(msgidOf(strings)).toBe("got ${0}, expected ${1}.");
  });

  it("speaks English by default and the catalogue's language after setLanguage", () => {
    setCatalogSource((lang) => (lang === "ru" ? PO : undefined));
    const a = "2×3";
    const b = "4×5";
    expect(getLanguage()).toBe("en");
    expect(t`matmul: shapes ${a} and ${b} do not fit.`).toBe("matmul: shapes 2×3 and 4×5 do not fit.");
    setLanguage("ru");
    expect(t`matmul: shapes ${a} and ${b} do not fit.`).toBe("matmul: формы 4×5 и 2×3 не согласованы.");
    expect(translate("a long line over two")).toBe("длинная строка на двух");
  });

  it("falls back to English for a fuzzy, untranslated, contextual or unknown entry", () => {
    setCatalogSource(() => PO);
    setLanguage("ru");
    expect(t`a changed sentence`).toBe("a changed sentence");
    expect(t`not translated yet`).toBe("not translated yet");
    expect(t`in a context`).toBe("in a context");
    expect(translate("never seen")).toBe("never seen");
  });

  it("refuses an unknown language, naming it", () => {
    expect(() => setLanguage("de")).toThrow(/unknown language "de".*"en", "ru"/);
  });
});

describe("parsePo", () => {
  it("reads what gettext-parser reads (usable entries without context) in every committed catalogue", () => {
    const catalogues = [join(__dirname, "../../lib/locales"), join(__dirname, "../../locales/ru/notebooks")].flatMap((dir) =>
      readdirSync(dir).filter((f) => f.endsWith(".po")).map((f) => join(dir, f)),
    );
    catalogues.push("inline");
    for (const path of catalogues) {
      const text = path === "inline" ? PO : readFileSync(path, "utf8");
      const want = new Map<string, string>();
      const parsed = gettext.po.parse(text);
      for (const [msgid, entry] of Object.entries(parsed.translations[""] ?? {})) {
        const fuzzy = /\bfuzzy\b/.test(entry.comments?.flag ?? "");
        if (msgid && entry.msgstr[0] && !fuzzy) want.set(msgid, entry.msgstr[0]);
      }
      expect(parsePo(text)).toEqual(want);
    }
  });
});
