// The Russian edition's machinery (scripts/lib/i18n/, scripts/i18n.mjs): which texts a
// translator sees, how a notebook is translated without a second copy of its code, and how a
// catalogue notices that the English changed. The catalogues themselves are checked in
// test/i18n/catalogues.test.ts.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { joinUnits, markdownUnits, protectedSpans } from "../../scripts/lib/i18n/markdown.mjs";
import { codeMessages, translateCode } from "../../scripts/lib/i18n/code-strings.mjs";
import { catalogProblems, mergeCatalog, readCatalog, translator, writeCatalog } from "../../scripts/lib/i18n/catalog.mjs";
import { checkMarkdownTranslation, notebookMessages, translateNotebook } from "../../scripts/lib/i18n/notebook.mjs";
import { listNotebooks, readNotebook } from "../../scripts/lib/notebook.mjs";

const texts = (units: { body: string; translate: boolean }[]) => units.filter((u) => u.translate).map((u) => u.body);

describe("markdown units", () => {
  const md = [
    "## 3. The chain rule",
    "",
    "A paragraph over",
    "two lines with $\\sigma'(z)$ and `code`.",
    "",
    "- first item",
    "  continued",
    "- second item",
    "",
    "| English | Русский |",
    "|:---|:---|",
    "| gradient | градиент |",
    "",
    "```ts",
    "const x = 1; // not prose",
    "```",
    "",
    "$$",
    "E = \\tfrac12 (O - t)^2",
    "$$",
    "$$ a = b $$",
  ].join("\n");

  it("cuts headings, paragraphs, list items and table rows; keeps code, formulas and rules", () => {
    expect(texts(markdownUnits(md))).toEqual([
      "3. The chain rule",
      "A paragraph over\ntwo lines with $\\sigma'(z)$ and `code`.",
      "first item\n  continued",
      "second item",
      "| English | Русский |",
      "| gradient | градиент |",
    ]);
  });

  it("gives the text back exactly when joined", () => {
    expect(joinUnits(markdownUnits(md))).toBe(md);
    for (const path of listNotebooks()) {
      for (const cell of readNotebook(path).cells.filter((c) => c.cell_type === "markdown")) {
        const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
        expect(joinUnits(markdownUnits(text))).toBe(text);
      }
    }
  });

  it("asks a translation to keep formulas, code spans, link targets and table columns", () => {
    expect(protectedSpans("see [this](https://x.org) and $a_1$ and `f(x)`")).toEqual(["$a_1$", "(https://x.org)", "`f(x)`"].sort());
    expect(checkMarkdownTranslation("the loss $E$ of `f`", "потеря $E$ функции `f`")).toBeNull();
    expect(checkMarkdownTranslation("the loss $E$ of `f`", "потеря $E_1$ функции `f`")).toMatch(/missing or changed: "\$E\$"/);
    expect(checkMarkdownTranslation("| a | b |", "| а | б | в |")).toMatch(/column separators/);
  });
});

describe("texts in code cells", () => {
  const cell = [
    'import { Dense, check } from "nnlib";',
    'const layer = new Dense(4, { activation: "relu", kernelInitializer: "he_normal" });',
    'console.log(`loss after ${epochs} epochs: ${loss.toFixed(3)}`);',
    'show(lineChart({ name: "loss-curve", title: "Training loss", xLabel: "epoch", series: [{ name: "with dropout", y }] }));',
    'if (mode === "fast mode") console.log("done");',
    'check("04.2", answer);',
    'type Kind = "a b" | "c";',
  ].join("\n");

  it("finds what is printed or drawn, not names, ids, keys or types", () => {
    expect(codeMessages(cell).map((m) => m.msgid)).toEqual([
      "loss after ${0} epochs: ${1}",
      "Training loss",
      "epoch",
      "with dropout",
      "done",
    ]);
  });

  it("translates the literals and nothing else, placing a template's expressions where the translation says", () => {
    const ru: Record<string, string> = {
      "loss after ${0} epochs: ${1}": "потери: ${1} после эпох: ${0}",
      "Training loss": "Потери на «обучении»",
      epoch: "эпоха",
      "with dropout": 'с "dropout"',
      done: "готово",
    };
    const out = translateCode(cell, (m) => ru[m] ?? null);
    expect(out).toContain('console.log(`потери: ${loss.toFixed(3)} после эпох: ${epochs}`);');
    expect(out).toContain('title: "Потери на «обучении»", xLabel: "эпоха", series: [{ name: "с \\"dropout\\"", y }]');
    expect(out).toContain('activation: "relu"');
    expect(out).toContain('check("04.2", answer);');
    expect(() => translateCode(cell, (m) => (m.startsWith("loss after") ? "потери ${0}" : null))).toThrow(/placeholders 0,1/);
  });

  it("translates the column names of a console.table, written out or shorthand, and no other key", () => {
    const src = "console.table(rows.map(([epoch, loss]) => ({ epoch, loss: loss.toFixed(3), plot: show({ title }) })));";
    expect(codeMessages(src).map((m) => m.msgid)).toEqual(["epoch", "loss", "plot"]);
    const ru: Record<string, string> = { epoch: "эпоха", loss: "потери", plot: "график" };
    expect(translateCode(src, (m) => ru[m] ?? null)).toBe(
      'console.table(rows.map(([epoch, loss]) => ({ "эпоха": epoch, "потери": loss.toFixed(3), "график": show({ title }) })));',
    );
  });

  it("translates a one-word branch of a printed sentence inside its translated sentence", () => {
    const src = 'console.log(`the gap is ${g > 0 ? "wider" : "narrower"} now`);';
    expect(codeMessages(src).map((m) => m.msgid)).toEqual(["the gap is ${0} now", "wider", "narrower"]);
    const ru: Record<string, string> = { "the gap is ${0} now": "разрыв теперь ${0}", wider: "шире", narrower: "уже" };
    expect(translateCode(src, (m) => ru[m] ?? null)).toBe('console.log(`разрыв теперь ${g > 0 ? "шире" : "уже"}`);');
    // the sentence kept, its words translated
    expect(translateCode(src, (m) => (m === "wider" ? "шире" : null))).toBe('console.log(`the gap is ${g > 0 ? "шире" : "narrower"} now`);');
  });

  it("translates comments (runs of // lines, /** */ blocks), never the solution markers", () => {
    const src = [
      "// Exercise 3: write the forward pass",
      "// of the whole network.",
      "function f(x: number): number {",
      "  // BEGIN SOLUTION",
      "  // STUB: return 0;",
      "  return 2 * x; // twice the input",
      "  // END SOLUTION",
      "}",
      "/**",
      " * The loss of one batch,",
      " * averaged over samples.",
      " */",
    ].join("\n");
    expect(codeMessages(src).map((m) => m.msgid)).toEqual([
      "Exercise 3: write the forward pass\nof the whole network.",
      "twice the input",
      "The loss of one batch,\naveraged over samples.",
    ]);
    const ru: Record<string, string> = {
      "Exercise 3: write the forward pass\nof the whole network.": "Упражнение 3: напишите прямой проход\nвсей сети.",
      "twice the input": "удвоенный вход",
      "The loss of one batch,\naveraged over samples.": "Потери одного батча,\nсреднее по примерам.",
    };
    expect(translateCode(src, (m) => ru[m] ?? null)).toBe([
      "// Упражнение 3: напишите прямой проход",
      "// всей сети.",
      "function f(x: number): number {",
      "  // BEGIN SOLUTION",
      "  // STUB: return 0;",
      "  return 2 * x; // удвоенный вход",
      "  // END SOLUTION",
      "}",
      "/**",
      " * Потери одного батча,",
      " * среднее по примерам.",
      " */",
    ].join("\n"));
  });

  it("leaves every committed notebook's code unchanged under the identity translation", () => {
    for (const path of listNotebooks()) {
      const nb = readNotebook(path);
      const same = translateNotebook(nb, (_c, m) => m, "en").notebook;
      same.metadata = nb.metadata;
      expect(same).toEqual(nb);
    }
  });
});

describe("catalogues", () => {
  const messages = [
    { context: "intro", msgid: "The neuron computes a weighted sum." },
    { context: "intro", msgid: "Then it applies the activation." },
  ];

  it("keeps translations of unchanged English, marks a changed sentence fuzzy with its old English, drops what is gone", () => {
    const dir = mkdtempSync(join(tmpdir(), "i18n-"));
    const path = join(dir, "x.po");
    const first = mergeCatalog(readCatalog(path), messages).catalog;
    first.entries[0].msgstr = "Нейрон вычисляет взвешенную сумму.";
    first.entries[1].msgstr = "Затем применяет функцию активации.";
    writeCatalog(path, first);
    expect(catalogProblems(readCatalog(path), messages, "x.po")).toEqual([]);

    const changed = [messages[0], { context: "intro", msgid: "Then it applies the activation function f." }];
    const problems = catalogProblems(readCatalog(path), changed, "x.po");
    expect(problems).toEqual([
      'x.po [intro] "Then it applies the activation function f.": no entry (the English is new or changed; run `npm run i18n -- update` and translate it)',
      'x.po [intro] "Then it applies the activation.": stale — this English is no longer in the source; run `npm run i18n -- update`',
    ]);
    const merged = mergeCatalog(readCatalog(path), changed);
    expect(merged).toMatchObject({ added: 0, fuzzy: 1, dropped: 1 });
    writeCatalog(path, merged.catalog);
    const text = readFileSync(path, "utf8");
    expect(text).toContain("#, fuzzy");
    expect(text).toContain('#| msgid "Then it applies the activation."');
    const again = readCatalog(path);
    expect(catalogProblems(again, changed, "x.po")).toEqual([
      'x.po [intro] "Then it applies the activation function f.": fuzzy — the English changed (was "Then it applies the activation."); check the translation and remove the fuzzy flag',
    ]);
    expect(translator(again)("intro", changed[1].msgid)).toBeNull(); // a fuzzy translation is never used
    expect(translator(again)("intro", changed[0].msgid)).toBe("Нейрон вычисляет взвешенную сумму.");
  });

  it("names the cell and the sentence when a committed notebook's English changes", () => {
    const path = listNotebooks().find((p) => p.endsWith("02-matrices.ipynb"))!;
    const nb = readNotebook(path);
    const all = notebookMessages(nb, "02-matrices.ipynb");
    const catalog = { headers: {}, entries: all.map((m) => ({ context: m.context, msgid: m.msgid, msgstr: `ru: ${m.msgid}`, fuzzy: false })) };
    expect(catalogProblems(catalog, all, "02")).toEqual([]);
    const sentence = all.find((m) => m.comment === "markdown" && m.context !== "title")!;
    const md = nb.cells.find((c) => c.id === sentence.context)!;
    md.source = (Array.isArray(md.source) ? md.source.join("") : md.source).replace(sentence.msgid, `${sentence.msgid} Changed.`);
    const problems = catalogProblems(catalog, notebookMessages(nb, "02-matrices.ipynb"), "02");
    expect(problems.some((p) => p.startsWith(`02 [${md.id}] `) && p.includes("no entry"))).toBe(true);
    expect(problems.some((p) => p.startsWith(`02 [${md.id}] `) && p.includes("stale"))).toBe(true);
  });
});
