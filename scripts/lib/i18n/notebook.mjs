// @ts-check
// A notebook's texts for the translator, and the notebook in another language.
//
// `notebookMessages(nb, file)` lists what a student reads in a notebook: every unit of every
// markdown cell (scripts/lib/i18n/markdown.mjs) and every sentence a code cell prints or draws
// (scripts/lib/i18n/code-strings.mjs), each in the context of its cell id.
// `translateNotebook(nb, lookup)` gives the same notebook — same cells, ids, code — with those
// texts translated, and lists what the catalogue lacks.

import { codeMessages, placeholders, translateCode } from "./code-strings.mjs";
import { joinUnits, markdownUnits, protectedSpans } from "./markdown.mjs";
import { sourceText as text, toSource } from "../notebook.mjs";

/** @typedef {import("../notebook.mjs").Notebook} Notebook */
/** @typedef {import("./catalog.mjs").Message} Message */

/**
 * A markdown translation keeps its formulas, code, links and table columns.
 * @param {string} msgid
 * @param {string} msgstr
 * @returns {string | null}
 */
export function checkMarkdownTranslation(msgid, msgstr) {
  const want = protectedSpans(msgid);
  const got = protectedSpans(msgstr);
  const missing = want.filter((s) => {
    const i = got.indexOf(s);
    if (i < 0) return true;
    got.splice(i, 1);
    return false;
  });
  if (missing.length) return `the translation must keep every formula, code span and link target as it is; missing or changed: ${missing.map((s) => JSON.stringify(s)).join(", ")}`;
  if (/^\s*\|/.test(msgid) && msgid.split("|").length !== msgstr.split("|").length) return `a table row keeps its ${msgid.split("|").length - 1} column separators "|"`;
  return null;
}

/**
 * A code message's translation uses the same placeholders ${0}, ${1} …
 * @param {string} msgid
 * @param {string} msgstr
 * @returns {string | null}
 */
export function checkCodeTranslation(msgid, msgstr) {
  const want = placeholders(msgid).join(",");
  return placeholders(msgstr).join(",") === want ? null : `the translation must use the placeholders ${placeholders(msgid).map((n) => `\${${n}}`).join(" ") || "(none)"} exactly once each`;
}

/**
 * Cells kept as they are in every language: the glossary (already English and Russian, made from
 * locales/glossary.csv).
 */
export const UNTRANSLATED_CELLS = new Set(["glossary"]);

/**
 * The texts to translate in a notebook, in cell order.
 * @param {Notebook} nb
 * @param {string} file  the notebook's file name, for references
 * @returns {Message[]}
 */
export function notebookMessages(nb, file) {
  /** @type {Message[]} */
  const messages = [];
  for (const cell of nb.cells) {
    const id = String(cell.id ?? "");
    if (UNTRANSLATED_CELLS.has(id)) continue;
    const reference = `notebooks/${file}#${id}`;
    if (cell.cell_type === "markdown") {
      for (const u of markdownUnits(text(cell.source))) {
        if (u.translate) messages.push({ context: id, msgid: u.body, comment: "markdown", reference, validate: checkMarkdownTranslation });
      }
    } else if (cell.cell_type === "code") {
      for (const m of codeMessages(text(cell.source))) {
        const what = m.kind === "comment" ? "a comment in the code (keep it short; lines stay lines)" : "printed or drawn by the code";
        const values = m.expressions.length ? `; \${n} is: ${m.expressions.map((e, k) => `\${${k}} = ${e}`).join("; ")}` : "";
        messages.push({ context: id, msgid: m.msgid, comment: what + values, reference, validate: m.kind === "comment" ? undefined : checkCodeTranslation });
      }
    }
  }
  return messages;
}

/**
 * The notebook with its texts translated by `lookup(cellId, msgid)`. Texts the lookup lacks stay
 * English and are listed in `missing`.
 * @param {Notebook} nb
 * @param {(context: string, msgid: string) => string | null} lookup
 * @param {string} language  written to the notebook's metadata (`nncourse.language`)
 * @returns {{ notebook: Notebook, missing: { context: string, msgid: string }[] }}
 */
export function translateNotebook(nb, lookup, language) {
  const out = structuredClone(nb);
  /** @type {{ context: string, msgid: string }[]} */
  const missing = [];
  for (const cell of out.cells) {
    const id = String(cell.id ?? "");
    if (UNTRANSLATED_CELLS.has(id)) continue;
    const find = (/** @type {string} */ msgid) => {
      const t = lookup(id, msgid);
      if (t === null) missing.push({ context: id, msgid });
      return t;
    };
    if (cell.cell_type === "markdown") {
      const units = markdownUnits(text(cell.source)).map((u) => (u.translate ? { ...u, body: find(u.body) ?? u.body } : u));
      cell.source = toSource(joinUnits(units));
    } else if (cell.cell_type === "code") {
      cell.source = toSource(translateCode(text(cell.source), find));
    }
  }
  out.metadata = { ...out.metadata, nncourse: { ...(out.metadata?.nncourse ?? {}), language } };
  return { notebook: out, missing };
}
