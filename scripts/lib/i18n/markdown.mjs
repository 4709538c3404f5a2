// @ts-check
// A markdown cell cut into the units a translator sees: a heading, a paragraph, one item of a
// list, one row of a table. Fenced code, display formulas ($$ … $$), blank lines, table rules
// (|---|) and anything without a word are kept as they are and never translated.
//
// `markdownUnits(text)` gives the pieces in order; joining every piece's `prefix + body` with "\n"
// gives the text back exactly, so a translated cell is the same pieces with other bodies
// (`joinUnits`). A unit's `body` is its msgid in the catalogue (scripts/lib/i18n/catalog.mjs);
// the `prefix` (a heading's "## ", a list item's "- " and its indent) stays outside it.

/**
 * @typedef {object} MarkdownUnit
 * @property {string} prefix   kept as is: a heading's "## ", a list item's marker and indent
 * @property {string} body     the text; a msgid when `translate` is true
 * @property {boolean} translate
 */

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^(#{1,6}\s+)(.*)$/;
const ITEM = /^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$/;
const TABLE_ROW = /^\s*\|/;
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const DISPLAY_MATH_OPEN = /^\s*\$\$/;

/**
 * Whether a piece of markdown has words to translate: a letter left once inline formulas,
 * inline code, link targets, HTML tags and entities are taken out.
 * @param {string} text
 */
export function hasWords(text) {
  const rest = text
    .replace(/\\\$/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\$[^$\n]+\$/g, " ")
    .replace(/`[^`\n]*`/g, " ")
    .replace(/\]\([^)]*\)/g, "] ")
    .replace(/<[^>\n]*>/g, " ")
    .replace(/&[a-z]+;/gi, " ");
  return /\p{L}{2,}/u.test(rest);
}

/**
 * The units of a markdown text (see the module comment).
 * @param {string} text
 * @returns {MarkdownUnit[]}
 */
export function markdownUnits(text) {
  const lines = text.split("\n");
  /** @type {MarkdownUnit[]} */
  const units = [];
  const keep = (/** @type {string} */ line) => units.push({ prefix: "", body: line, translate: false });
  /** @type {{ prefix: string, lines: string[] } | null} */
  let open = null;
  const close = () => {
    if (!open) return;
    const body = open.lines.join("\n");
    units.push({ prefix: open.prefix, body, translate: hasWords(body) });
    open = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line)) {
      close();
      const fence = /** @type {RegExpExecArray} */ (FENCE.exec(line))[1];
      keep(line);
      for (i++; i < lines.length; i++) {
        keep(lines[i]);
        if (lines[i].trim().startsWith(fence)) break;
      }
      continue;
    }
    if (DISPLAY_MATH_OPEN.test(line)) {
      // A display formula: kept whole, on one line ("$$ … $$") or up to the line with the closing "$$".
      close();
      keep(line);
      const closedHere = line.trim().slice(2).includes("$$");
      for (i++; !closedHere && i < lines.length; i++) {
        keep(lines[i]);
        if (lines[i].includes("$$")) break;
      }
      if (closedHere) i--;
      continue;
    }
    if (line.trim() === "") {
      close();
      keep(line);
      continue;
    }
    if (TABLE_ROW.test(line)) {
      close();
      if (TABLE_RULE.test(line)) keep(line);
      else units.push({ prefix: "", body: line, translate: hasWords(line) });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      close();
      units.push({ prefix: heading[1], body: heading[2], translate: hasWords(heading[2]) });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      close();
      open = { prefix: item[1], lines: [item[2]] };
      continue;
    }
    if (open) open.lines.push(line);
    else open = { prefix: "", lines: [line] };
  }
  close();
  return units;
}

/**
 * The text of units (with their bodies possibly translated): the inverse of `markdownUnits`.
 * @param {MarkdownUnit[]} units
 */
export function joinUnits(units) {
  return units.map((u) => u.prefix + u.body).join("\n");
}

/**
 * The spans a translation must keep exactly (formulas are untouched, code is code, links lead
 * to the same place): inline and display formulas, inline code, link targets and HTML tags.
 * @param {string} text
 * @returns {string[]} sorted
 */
export function protectedSpans(text) {
  /** @type {string[]} */
  const spans = [];
  const patterns = [/\$\$[\s\S]*?\$\$/g, /(?<![$\\])\$[^$\n]+(?<!\\)\$(?!\$)/g, /`[^`\n]+`/g, /\]\(([^)]*)\)/g];
  // An escaped dollar (\$, money) is text, not the edge of a formula.
  let rest = text.replace(/\\\$/g, "\u0000");
  for (const re of patterns) {
    rest = rest.replace(re, (m) => {
      spans.push(m.startsWith("](") ? m.slice(1) : m);
      return " ";
    });
  }
  return spans.sort();
}
