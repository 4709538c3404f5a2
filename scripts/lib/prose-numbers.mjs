// @ts-check
// Numbers in prose can never go stale: every number a markdown cell quotes as a result of the
// notebook's computation must appear in one of the notebook's outputs, with the same digits.
//
//   node scripts/lib/prose-numbers.mjs test-output/notebooks/06-cnn-filters.ipynb …
//
// Run on EXECUTED notebooks (the notebook stage writes them to test-output/notebooks/, and
// scripts/run-notebooks.mjs calls `proseNumberCheck` on each one).
//
// Which numbers of a markdown cell are checked ("candidates"):
//   - a number with a decimal point or a decimal comma (0.5744, 0,57), in scientific notation
//     (2.5e-3, 3·10⁻⁴), with a percent sign, "pp" or a factor sign (96.65 %, +58 pp, 3.2×);
//   - an integer ≥ 100 that is not a year (1800–2100 written without a separator): 26,625;
//   - the result of typed-in arithmetic, whatever its size ("8 · 10 = 80").
// What is not read at all: code (fenced blocks and `inline`), LaTeX ($…$, $$…$$: formula
// definitions), lecture quotes («…»), link targets and HTML tags.
// Which candidates are not results, recognisably:
//   - a number glued to a letter or a subscript (x₀, E19, L2, 3D) — a name, not a value;
//   - a shape or an architecture: numbers joined by × or by hyphens (28 × 28, 784-128-10);
//   - a bare power of ten (10⁻⁸, 1e-15, 10²¹): an order of magnitude or a tolerance;
//   - a number the notebook's code sets: it is a literal in a code cell (comments removed),
//     e.g. "100 epochs" with `epochs: 100`, "dropout 50 %" with `rate: 0.5`;
//   - an operand of typed-in arithmetic that holds ("−1.0 + 2.8 = 1.8": 2.8); the result of such
//     arithmetic is fine when it is in an output, or when every number of the chain's first side
//     is checked or an integer up to 10 ("(1 − 0.3·1.8)/2.6 ≈ 0.177");
//   - an entry of the allowlist (test/stages/prose-numbers.json): the number as written, the
//     ids of the cells it may appear in, and the reason (a lecture's slide value, a published
//     result, a library default, …).
// Typed-in arithmetic that does not hold is a problem of its own (a lecture's slip goes in «…»).
// A candidate matches an output when some number of an output (stream text, text/plain,
// text/html and text/markdown with the tags removed, and the titles, annotations and trace names
// of a plotly figure) rounds to it at the digits the prose shows: "94 %" matches 94.05, "96.65 %"
// matches 96.65 and 0.9665, "26,625" matches 26625, "≈ 3,000" matches 3162; signs are ignored
// ("−0.5 pp" matches -0.48). A prose number of fewer than 4 significant digits must not stand for
// an output with more than 2 further decimals ("0.7" is not 0.715485).
//
// Plain JavaScript (scripts run without a build), checked by `npm run typecheck`.

import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { REPO } from "../setup.mjs";
import { errorMessage, isMain } from "./cli.mjs";
import { PLOTLY_MIME, readNotebook, sourceText } from "./notebook.mjs";

/** @typedef {import("./notebook.mjs").Notebook} Notebook */
/** @typedef {import("./notebook.mjs").Cell} Cell */
/** @typedef {import("./notebook.mjs").Output} Output */

/**
 * One allowlisted number: in the markdown cells `cells` (their ids) of a notebook, the number
 * written as `number` (digits as in the markdown, without the unit: "15.3", "26,625") is not a
 * result of the notebook, for `reason`.
 * @typedef {{ number: string, cells: string[], reason: string }} AllowEntry
 */
/**
 * The allowlist file: entries by notebook file name.
 * @typedef {Record<string, AllowEntry[]>} Allowlist
 */

/**
 * A number read from text: where it is, its value with `decimals`, the power of ten of its last
 * written digit (2 for 0.57, 0 for 26625, 4 for 2.5e-3), and the unit after it (`%`, `pp`, `×`).
 * A comma between digit groups is a thousands separator after 1–3 digits other than "0"
 * (26,625), a list separator between integers ("[1,0,−1]"), else a decimal comma (0,57).
 * `values` holds one value (`proseNumbers` adds the fraction of a percentage).
 * `powerOfTen`: written as a bare power of ten (1e-15, 10⁻⁸).
 * @typedef {{ text: string, start: number, end: number, values: { value: number, decimals: number }[], unit: string, powerOfTen: boolean }} NumberToken
 */

/**
 * A candidate of a markdown cell: the number as written, the values it may match, and where it is.
 * @typedef {object} ProseNumber
 * @property {string} text the number as written (with its unit: "96.65 %")
 * @property {string} digits the number alone ("96.65")
 * @property {{ value: number, decimals: number }[]} values
 * @property {string} context a few words around it
 * @property {number} start where it is in `proseText(markdown)`
 */

/**
 * A number of an output: its value, decimals and the code cell (1-based among code cells).
 * @typedef {{ value: number, decimals: number, cell: number, text: string }} OutputNumber
 */

/**
 * The result of checking one notebook.
 * @typedef {object} ProseCheck
 * @property {number} checked candidates that had to match an output
 * @property {number} matched of those, how many did
 * @property {number} exempt candidates set by the code, operands of arithmetic that holds, or allowlisted
 * @property {string[]} problems one line each: a stale number, or an allowlist entry that no longer applies
 * @property {Verdict[]} verdicts every candidate and what became of it
 */
/**
 * One candidate's fate: matched an `output`, set by the `code`, `allowlisted`, an operand of
 * typed-in `arithmetic` that holds, the result of such arithmetic whose first side's numbers are
 * all checked (`derived`), or `stale`.
 * @typedef {{ cell: string, text: string, status: "output" | "code" | "arithmetic" | "derived" | "allowlisted" | "stale", detail: string, context: string }} Verdict
 */

/** The default allowlist file. */
export const ALLOWLIST_PATH = join(REPO, "test", "stages", "prose-numbers.json");

/** How many more decimals an output number may have than a prose number of < 4 significant digits that quotes it rounded. */
export const EXTRA_DIGITS = 2;

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺";
const SUPER_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const SUBSCRIPT = "₀₁₂₃₄₅₆₇₈₉";

/**
 * Every number in `text`: digits with thousands separators ("26,625", "1 000" is two numbers),
 * decimals with a point or a comma, an exponent (`e-3`, `·10⁻⁴`, `×10^-4`), and a unit right
 * after it (`%`, `pp`, `×`). Minus signs are not part of the token (values are compared without sign).
 * @param {string} text
 * @returns {NumberToken[]}
 */
export function numberTokens(text) {
  /** @type {NumberToken[]} */
  const tokens = [];
  const re = /\d+(?:[.,]\d+)*/g;
  let m;
  while ((m = re.exec(text))) {
    let start = m.index;
    let raw = m[0];
    const groups = raw.split(/[.,]/);
    const seps = raw.replace(/\d+/g, "");
    const thousands = groups[0].length <= 3 && groups[0] !== "0";
    /** @type {{ value: number, decimals: number }[]} */
    let values;
    if (seps === "") {
      values = [{ value: Number(raw), decimals: 0 }];
    } else if (/^,+$/.test(seps) && thousands && groups.slice(1).every((g) => g.length === 3)) {
      values = [{ value: Number(groups.join("")), decimals: 0 }]; // 26,625 or 1,000,000
    } else if (/^,+\.$/.test(seps) && thousands && groups.slice(1, -1).every((g) => g.length === 3)) {
      const last = groups[groups.length - 1]; // 1,234.5
      values = [{ value: Number(`${groups.slice(0, -1).join("")}.${last}`), decimals: last.length }];
    } else if (seps === "," && (/^,[−-]?\d/.test(text.slice(m.index + raw.length)) || /\d,[−-]?$/.test(text.slice(Math.max(0, m.index - 3), m.index)))) {
      // Part of a list of integers, "[1,0,−1]": two numbers.
      tokens.push({ text: groups[0], start: m.index, end: m.index + groups[0].length, values: [plain(groups[0])], unit: "", powerOfTen: false });
      start = m.index + groups[0].length + 1;
      raw = groups[1];
      values = [plain(raw)];
    } else if (seps.length === 1) {
      values = [{ value: Number(`${groups[0]}.${groups[1]}`), decimals: groups[1].length }]; // 0.57 or 0,57
    } else {
      // A list written without spaces ("0.1,0.25", "[1,2,1]", "1.2.3"): every comma-separated
      // piece "a" or "a.b" is a number of its own; the last one goes on below (it may carry an
      // exponent or a unit).
      /** @type {{ text: string, start: number }[]} */
      const pieces = [];
      const piece = /\d+(?:\.\d+)?/g;
      let p;
      while ((p = piece.exec(raw))) pieces.push({ text: p[0], start: m.index + p.index });
      const last = /** @type {{ text: string, start: number }} */ (pieces.pop());
      for (const q of pieces) tokens.push({ text: q.text, start: q.start, end: q.start + q.text.length, values: [plain(q.text)], unit: "", powerOfTen: false });
      start = last.start;
      raw = last.text;
      values = [plain(raw)];
    }
    let end = start + raw.length;
    // Exponent: e-3 / E+05, or ·10⁻⁴ / ×10⁻⁴ / ·10^-4, or the number itself is 10 with superscripts.
    const rest = text.slice(end);
    let exponent = 0;
    let expLength = 0;
    const eMatch = /^[eE]([+\-−]?\d+)(?![\p{L}\d])/u.exec(rest);
    const timesTen = /^\s?[·×*]\s?10(?:\^\(?([+\-−]?\d+)\)?|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))/u.exec(rest);
    const superscript = /^([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)/u.exec(rest);
    const mantissa = raw;
    if (eMatch) {
      exponent = Number(eMatch[1].replace("−", "-"));
      expLength = eMatch[0].length;
    } else if (timesTen) {
      exponent = timesTen[1] !== undefined ? Number(timesTen[1].replace("−", "-")) : fromSuperscript(timesTen[2]);
      expLength = timesTen[0].length;
    } else if (raw === "10" && superscript) {
      values = [{ value: 1, decimals: 0 }];
      exponent = fromSuperscript(superscript[1]);
      expLength = superscript[0].length;
    }
    if (expLength > 0) {
      values = values.map((v) => ({ value: Number(`${v.value}e${exponent}`), decimals: v.decimals - exponent }));
      end += expLength;
      raw = text.slice(start, end);
    }
    re.lastIndex = Math.max(re.lastIndex, end);
    const unitMatch = /^(?:\s?(%|pp\b|п\.\s?п\.)|(×)(?![\p{L}\d])|\s(×)(?![\s\p{L}\d]|\s[\p{L}\d]))/u.exec(text.slice(end));
    tokens.push({
      text: raw,
      start,
      end,
      values,
      unit: unitMatch ? (unitMatch[1] ?? unitMatch[2] ?? unitMatch[3]).replace(/\s/g, "") : "",
      powerOfTen: expLength > 0 && (mantissa === "1" || mantissa === "10"),
    });
  }
  return tokens;
}

/**
 * "12" or "0.25" as a value with its decimals.
 * @param {string} s
 */
function plain(s) {
  const dot = s.indexOf(".");
  return { value: Number(s), decimals: dot < 0 ? 0 : s.length - dot - 1 };
}

/**
 * @param {string} s superscript digits with an optional sign
 * @returns {number}
 */
function fromSuperscript(s) {
  let n = 0;
  for (const ch of s) {
    const d = SUPER_DIGITS.indexOf(ch);
    if (d >= 0) n = n * 10 + d;
  }
  return s.startsWith("⁻") ? -n : n;
}

/**
 * Markdown without what is not prose: fenced and inline code, LaTeX, lecture quotes «…», link
 * targets, bare URLs and HTML tags (each replaced by a space, so that numbers on either side
 * stay apart).
 * @param {string} markdown
 * @returns {string}
 */
export function proseText(markdown) {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\\\[[\s\S]*?\\\]/g, " ")
    .replace(/(?<![\\$])\$(?!\s)[^$\n]*?[^\s\\]\$/g, " ")
    .replace(/`[^`\n]*`/g, " ")
    .replace(/«[^«»]*(?:«[^«»]*»[^«»]*)*»/g, " ")
    .replace(/\]\([^)\s]*\)/g, "] ")
    .replace(/<https?:[^>\s]*>|https?:\/\/[^\s)>\]]*/g, " ")
    .replace(/<\/?[A-Za-z][^>]*>/g, " ")
    .replace(/\*\*|__/g, "");
}

/**
 * A chain of typed-in arithmetic in prose, "0.5·(−2) + 0.7·4 = −1.0 + 2.8 = 1.8": its text, where
 * it is, the value of each side, and whether consecutive sides agree (to half a unit of the last
 * digit of a side that is a single number, "(1 − 0.3·1.8)/2.6 ≈ 0.177").
 * @typedef {{ text: string, start: number, end: number, holds: boolean, sides: { start: number, end: number, value: number, single: boolean }[] }} Chain
 */

const OPERAND = String.raw`\(*[−-]?\d+(?:[.,]\d+)*\)*`;
const OPERATOR = String.raw`[ \t]*[+\-−·×/][ \t]*`;
const SIDE = `${OPERAND}(?:${OPERATOR}${OPERAND})*`;
const CHAIN = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.,′⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉])(?<![·×/+\-−^)√][ \t]*)(?<!\b(?:ln|lg|log|exp|sin|cos|tan|tanh|th|sqrt)[ \t]*)` + `${SIDE}(?:[ \\t]*[=≈][ \\t]*${SIDE})+` + String.raw`(?![\p{L}_⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉])(?![ \t]*[·×/+\-−^(])(?![.,]?\d)`,
  "gu",
);

/**
 * Every chain of typed-in arithmetic in prose text (see `Chain`): numbers joined by + − · × / and
 * brackets, with = or ≈ between the sides. A side with a letter (a variable, a function) ends
 * the chain; a lecture's own wrong arithmetic belongs in «…» (not read).
 * @param {string} text prose (`proseText`)
 * @returns {Chain[]}
 */
export function arithmeticChains(text) {
  /** @type {Chain[]} */
  const chains = [];
  const re = new RegExp(CHAIN.source, CHAIN.flags);
  let match;
  while ((match = re.exec(text))) {
    // Brackets that open before the chain or close after it are not part of it: "(0.5 + 2.1 = 2.6)".
    let found = match[0];
    let start = match.index ?? 0;
    const count = (/** @type {string} */ s, /** @type {string} */ c) => s.split(c).length - 1;
    while (found.startsWith("(") && count(found, "(") > count(found, ")")) {
      found = found.slice(1);
      start++;
    }
    while (found.endsWith(")") && count(found, ")") > count(found, "(")) found = found.slice(0, -1);
    const m = { 0: found };
    /** @type {Chain["sides"]} */
    const sides = [];
    let offset = start;
    for (const part of m[0].split(/([=≈])/)) {
      if (part === "=" || part === "≈") {
        offset += 1;
        continue;
      }
      const lead = part.length - part.trimStart().length;
      const body = part.trim();
      const value = evaluate(body);
      sides.push({ start: offset + lead, end: offset + lead + body.length, value, single: /^\(*[−-]?\d+(?:[.,]\d+)*\)*$/.test(body) });
      offset += part.length;
    }
    // A side that does not parse ("σ′(0) = 0.5·(1 − 0.5)" seen from "0)") is not arithmetic: look
    // again from the next character ("0.5·(1 − 0.5) = 0.25" may follow).
    if (!sides.every((side) => Number.isFinite(side.value))) {
      re.lastIndex = (match.index ?? 0) + 1;
      continue;
    }
    let holds = true;
    for (let i = 1; holds && i < sides.length; i++) {
      const [a, b] = [sides[i - 1], sides[i]];
      const digits = (/** @type {typeof a} */ side) => Math.max(0, ...numberTokens(text.slice(side.start, side.end)).map((t) => t.values[0].decimals));
      const d = a.single && !b.single ? digits(a) : b.single && !a.single ? digits(b) : a.single && b.single ? Math.min(digits(a), digits(b)) : Math.max(digits(a), digits(b));
      if (Math.abs(a.value - b.value) > 0.5 * 10 ** -d * (1 + 1e-9) + 1e-12 * Math.max(1, Math.abs(a.value))) holds = false;
    }
    chains.push({ text: m[0], start, end: start + m[0].length, holds, sides });
  }
  return chains;
}

/**
 * The value of one side of a chain: numbers, + − · × /, brackets, unary minus (NaN when it does
 * not parse).
 * @param {string} expression
 * @returns {number}
 */
function evaluate(expression) {
  /** @type {(number | string)[]} */
  const tokens = [];
  const re = /\d+(?:[.,]\d+)*|[+\-−·×/()]/g;
  let m;
  while ((m = re.exec(expression))) {
    if (/\d/.test(m[0])) tokens.push(numberTokens(m[0])[0].values[0].value);
    else tokens.push(m[0] === "−" ? "-" : m[0] === "·" || m[0] === "×" ? "*" : m[0]);
  }
  let i = 0;
  /** @returns {number} */
  const sum = () => {
    let v = product();
    while (tokens[i] === "+" || tokens[i] === "-") v = tokens[i++] === "+" ? v + product() : v - product();
    return v;
  };
  /** @returns {number} */
  const product = () => {
    let v = unary();
    while (tokens[i] === "*" || tokens[i] === "/") v = tokens[i++] === "*" ? v * unary() : v / unary();
    return v;
  };
  /** @returns {number} */
  const unary = () => {
    if (tokens[i] === "-") {
      i++;
      return -unary();
    }
    if (tokens[i] === "(") {
      i++;
      const v = sum();
      if (tokens[i++] !== ")") return NaN;
      return v;
    }
    const t = tokens[i++];
    return typeof t === "number" ? t : NaN;
  };
  const value = sum();
  return i === tokens.length ? value : NaN;
}

/**
 * The numbers of a markdown cell that must come from the notebook's outputs (see the top of
 * this file), before the code literals and the allowlist are consulted.
 * @param {string} markdown
 * @returns {ProseNumber[]}
 */
export function proseNumbers(markdown) {
  const text = proseText(markdown);
  const tokens = mergeSpaceGroups(text, numberTokens(text));
  // The result of typed-in arithmetic is a result whatever its size ("8 · 10 = 80").
  const results = new Set(arithmeticChains(text).map((c) => c.sides[c.sides.length - 1]).filter((side) => side.single).map((side) => side.start + text.slice(side.start, side.end).search(/\d/)));
  /** @type {ProseNumber[]} */
  const out = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const before = text.slice(Math.max(0, t.start - 3), t.start);
    const after = text.slice(t.end, t.end + 3);
    // Glued to a letter, a subscript or a superscript: a name (x₀, E19, L2, 3D, 2x + y).
    const prev = before.slice(-1);
    if (prev !== "" && (/[\p{L}_]/u.test(prev) || SUBSCRIPT.includes(prev) || SUPERSCRIPT.includes(prev))) continue;
    if (t.unit === "" && /^[\p{L}_]/u.test(after) && !/^[eE]\d/.test(after)) continue;
    const next = after.charAt(0);
    if (next !== "" && (SUBSCRIPT.includes(next) || SUPERSCRIPT.includes(next))) continue;
    // A shape or an architecture: joined to another number by × or by hyphens/slashes.
    const prevTok = tokens[i - 1];
    const nextTok = tokens[i + 1];
    const gapBefore = prevTok ? text.slice(prevTok.end, t.start) : null;
    const gapAfter = nextTok ? text.slice(t.end, nextTok.start) : null;
    const joined = (/** @type {string | null} */ gap) => gap !== null && /^\s?[×x]\s?$|^[-‑/]$/.test(gap);
    if (joined(gapBefore) || joined(gapAfter)) continue;
    const v = t.values[0];
    if (t.powerOfTen) continue;
    const isDecimal = v.decimals > 0;
    const isScientific = t.text !== t.text.replace(/[eE·×^⁰¹²³⁴⁵⁶⁷⁸⁹].*$/s, "");
    const isYear = v.decimals === 0 && /^\d{4}$/.test(t.text) && v.value >= 1800 && v.value <= 2100 && t.unit === "";
    const bigInteger = v.decimals === 0 && v.value >= 100 && !isYear;
    if (!(isDecimal || isScientific || t.unit !== "" || bigInteger || results.has(t.start))) continue;
    const s = Math.max(0, t.start - 40);
    const context = text.slice(s, t.end + 30).replace(/\s+/g, " ").trim();
    // "≈ 3,000" or "about 55,000": rounded to its last non-zero digit.
    let values = percentAware(t);
    const zeros = /0*$/.exec(t.text.replace(/\D/g, ""))?.[0].length ?? 0;
    if (t.unit === "" && v.decimals === 0 && v.value >= 1000 && zeros > 0 && APPROXIMATELY.test(text.slice(Math.max(0, t.start - 16), t.start))) {
      values = [{ value: v.value, decimals: -zeros }];
    }
    out.push({ text: t.unit ? `${t.text} ${t.unit}` : t.text, digits: t.text, values, context, start: t.start });
  }
  return out;
}

/** A word or sign that says the next number is rounded. */
const APPROXIMATELY = /(?:≈|~|∼|\babout|\baround|\broughly|\bnearly|\bapproximately|\bпримерно|\bоколо)\s*$/u;

/**
 * Thousands separated by a space, as Russian writes them ("26 625", also with a no-break or thin
 * space): one number. Only in prose; an output's columns are separated by spaces too.
 * @param {string} text
 * @param {NumberToken[]} tokens
 * @returns {NumberToken[]}
 */
function mergeSpaceGroups(text, tokens) {
  /** @type {NumberToken[]} */
  const out = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (
      last &&
      /^\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})*$/.test(last.text) &&
      last.unit === "" &&
      /^\d{3}$/.test(t.text) &&
      /^[ \u00a0\u202f\u2009]$/.test(text.slice(last.end, t.start)) &&
      !/^\d/.test(text.slice(Math.max(0, last.start - 2), last.start).replace(/[^\d ]/g, "").trimStart().slice(-1))
    ) {
      const joined = `${last.text}${text.slice(last.end, t.start)}${t.text}`;
      out[out.length - 1] = { ...t, start: last.start, text: joined, values: [{ value: Number(joined.replace(/\D/g, "")), decimals: 0 }] };
    } else {
      out.push(t);
    }
  }
  return out;
}

/**
 * The values a prose token can match: its own, and for a percentage also the fraction
 * (96.65 % is 0.9665 printed by the code).
 * @param {NumberToken} t
 */
function percentAware(t) {
  if (t.unit !== "%" && t.unit !== "pp") return t.values;
  return [...t.values, ...t.values.map((v) => ({ value: v.value / 100, decimals: v.decimals + 2 }))];
}

/**
 * The text of one output that the check reads: streams, text/plain, text/html and
 * text/markdown (tags removed, entities decoded), and a plotly figure's titles, annotations and
 * trace names (not its data).
 * @param {Output} output
 * @returns {string}
 */
export function outputText(output) {
  /** @type {string[]} */
  const parts = [];
  if (output.output_type === "stream") parts.push(sourceText(output.text ?? ""));
  const data = output.data ?? {};
  for (const mime of ["text/plain", "text/markdown"]) if (data[mime] !== undefined) parts.push(sourceText(data[mime]));
  if (data["text/html"] !== undefined) parts.push(htmlText(sourceText(data["text/html"])));
  const fig = data[PLOTLY_MIME];
  if (fig && typeof fig === "object") parts.push(figureText(fig));
  return parts.join("\n");
}

/**
 * HTML as text: scripts and styles dropped, tags removed, common entities decoded.
 * @param {string} html
 */
function htmlText(html) {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;|&#160;/g, " ")
    .replace(/&minus;|&#8722;/g, "−")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * A plotly figure's words: layout title, axis titles, annotations; trace names and texts.
 * @param {any} fig
 */
function figureText(fig) {
  /** @type {string[]} */
  const parts = [];
  /** @param {any} t */
  const title = (t) => (typeof t === "string" ? t : t && typeof t.text === "string" ? t.text : "");
  const layout = fig.layout ?? {};
  parts.push(title(layout.title));
  for (const [key, axis] of Object.entries(layout)) {
    if (/^(x|y)axis\d*$|^scene\d*$/.test(key) && axis && typeof axis === "object") parts.push(title(/** @type {any} */ (axis).title));
  }
  for (const a of layout.annotations ?? []) if (a && typeof a.text === "string") parts.push(a.text);
  for (const trace of fig.data ?? []) {
    if (!trace || typeof trace !== "object") continue;
    if (typeof trace.name === "string") parts.push(trace.name);
    if (typeof trace.text === "string") parts.push(trace.text);
    else if (Array.isArray(trace.text)) parts.push(trace.text.flat().filter((/** @type {unknown} */ x) => typeof x === "string").join(" "));
  }
  return htmlText(parts.join("\n"));
}

/**
 * Every number of every output, with the (1-based) code cell it is in.
 * @param {Notebook} nb
 * @returns {OutputNumber[]}
 */
export function outputNumbers(nb) {
  /** @type {OutputNumber[]} */
  const numbers = [];
  let codeNumber = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    codeNumber++;
    for (const output of cell.outputs ?? []) {
      for (const t of numberTokens(outputText(output))) {
        for (const v of t.values) numbers.push({ ...withoutFloatNoise(v), cell: codeNumber, text: t.text });
        // "128,256" in an output may be a list as well as a thousands-separated number.
        if (/^\d+(,\d+)+$/.test(t.text)) {
          for (const piece of t.text.split(",")) numbers.push({ value: Number(piece), decimals: 0, cell: codeNumber, text: piece });
        }
      }
    }
  }
  return numbers;
}

/**
 * A printed float without its binary noise: 2.5999999999999996 is 2.6 with 1 decimal (the value
 * rounded to 12 significant digits).
 * @param {{ value: number, decimals: number }} v
 */
export function withoutFloatNoise(v) {
  if (v.value === 0 || !Number.isFinite(v.value)) return v;
  const clean = Number(v.value.toPrecision(12));
  const magnitude = Math.floor(Math.log10(Math.abs(clean)));
  let decimals = 11 - magnitude;
  while (decimals > -magnitude && Math.abs(Math.round(clean * 10 ** (decimals - 1)) / 10 ** (decimals - 1) - clean) <= Math.abs(clean) * 1e-13) decimals--;
  return { value: clean, decimals: Math.min(v.decimals, Math.max(decimals, 0)) };
}

/**
 * The numeric literals of the notebook's code cells, comments and strings' words included but
 * comments removed: what the code sets (epochs, sizes, rates, the lectures' inputs).
 * @param {Notebook} nb
 * @returns {number[]}
 */
export function codeLiterals(nb) {
  /** @type {number[]} */
  const values = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    const code = sourceText(cell.source)
      .replace(/\/\*[\s\S]*?\*\//g, " ")
      .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
    const re = /(?<![\p{L}\p{N}_$.])(\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![\p{L}_$])/gu;
    let m;
    while ((m = re.exec(code))) values.push(Number(m[1].replace(/_/g, "")));
  }
  return values;
}

/**
 * Whether the output number `o` written at the prose's digits is the prose value `p`: |o − p| ≤
 * half a unit of the prose's last digit (signs ignored). A prose number with fewer than 4
 * significant digits must also have at most `EXTRA_DIGITS` fewer decimals than the output
 * ("94 %" is 94.05 rounded, but "0.7" is not 0.715485: too many numbers round to it).
 * @param {{ value: number, decimals: number }} p
 * @param {{ value: number, decimals: number }} o
 */
export function roundsTo(p, o) {
  if (o.decimals < p.decimals) return false;
  const significant = p.value === 0 ? 1 : Math.floor(Math.log10(Math.abs(p.value))) + 1 + p.decimals;
  if (significant < 4 && o.decimals > Math.max(p.decimals, 0) + EXTRA_DIGITS) return false;
  const half = 0.5 * 10 ** -p.decimals;
  return Math.abs(Math.abs(o.value) - Math.abs(p.value)) <= half * (1 + 1e-9) + 1e-15;
}

/**
 * Checks one executed notebook: every candidate of every markdown cell must be allowlisted for
 * that cell, match an output number, or be a code literal (in this order). Allowlist entries
 * whose number is no longer a candidate in their cell are reported too, so that the list stays
 * small.
 * @param {Notebook} nb
 * @param {AllowEntry[]} [allow]
 * @returns {ProseCheck}
 */
export function checkProseNumbers(nb, allow = []) {
  const outputs = outputNumbers(nb);
  const literals = codeLiterals(nb);
  /** @type {string[]} */
  const problems = [];
  /** @type {Verdict[]} */
  const verdicts = [];
  const used = new Set();
  let markdownNumber = 0;
  /** @type {Map<string, Set<string>>} */
  const candidatesByCell = new Map();
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    markdownNumber++;
    const label = `markdown cell ${markdownNumber}${cell.id ? ` (id ${cell.id})` : ""}`;
    const markdown = sourceText(cell.source);
    const numbers = proseNumbers(markdown);
    const chains = arithmeticChains(proseText(markdown));
    for (const c of chains) {
      if (!c.holds) problems.push(`${label}: typed-in arithmetic does not hold: "${c.text}" (${c.sides.map((x) => (Number.isFinite(x.value) ? String(Number(x.value.toPrecision(10))) : "?")).join(" vs ")}); a lecture's own slip goes in «…»`);
    }
    candidatesByCell.set(cell.id ?? "", new Set(numbers.map((n) => n.digits)));
    const text = proseText(markdown);
    // First what each number is on its own: allowlisted, in an output, or a literal of the code.
    const base = numbers.map((n) => {
      const entry = allow.find((a) => a.number === n.digits && a.cells.includes(cell.id ?? ""));
      if (entry) {
        used.add(`${allow.indexOf(entry)} ${cell.id}`);
        return { status: /** @type {Verdict["status"]} */ ("allowlisted"), detail: entry.reason };
      }
      const hit = bestHit(n, outputs);
      if (hit) return { status: /** @type {Verdict["status"]} */ ("output"), detail: `${hit.text} in code cell ${hit.cell}` };
      if (n.values.some((p) => literals.some((l) => Math.abs(l - p.value) <= 1e-12 * Math.max(1, Math.abs(p.value))))) {
        return { status: /** @type {Verdict["status"]} */ ("code"), detail: "a literal in the code" };
      }
      return null;
    });
    // A number of the first side of a chain is checked when it is a checked candidate or a small
    // integer (a constant such as the 1 of 1 − σ).
    const inputsChecked = (/** @type {Chain} */ c) =>
      numberTokens(text.slice(c.sides[0].start, c.sides[0].end)).every((t) => {
        const k = numbers.findIndex((n) => n.start === c.sides[0].start + t.start);
        return k >= 0 ? base[k] !== null : t.values[0].decimals === 0 && t.values[0].value <= 10;
      });
    numbers.forEach((n, k) => {
      let verdict = base[k];
      if (!verdict) {
        const chain = chains.find((c) => c.holds && n.start >= c.start && n.start < c.end);
        const last = chain?.sides[chain.sides.length - 1];
        if (chain && last && n.start < last.start) verdict = { status: "arithmetic", detail: `in "${chain.text}", which holds` };
        else if (chain && inputsChecked(chain)) verdict = { status: "derived", detail: `the result of "${chain.text}", from checked numbers` };
      }
      const inFailedChain = chains.some((c) => !c.holds && n.start >= c.start && n.start < c.end);
      if (!verdict && inFailedChain) verdict = { status: "stale", detail: "in arithmetic that does not hold" };
      if (!verdict) {
        const closest = nearest(n, outputs);
        verdict = { status: "stale", detail: closest };
        problems.push(`${label}: "${n.text}" is in no output${closest ? `; closest: ${closest}` : ""} — "…${n.context}…"`);
      }
      verdicts.push({ cell: label, text: n.text, ...verdict, context: n.context });
    });
  }
  allow.forEach((a, k) => {
    for (const id of a.cells) {
      if (used.has(`${k} ${id}`)) continue;
      problems.push(
        candidatesByCell.has(id)
          ? `allowlist: cell ${id} has no checked number "${a.number}" any more: remove it from the entry (${a.reason})`
          : `allowlist: no markdown cell with id ${id} (entry "${a.number}": ${a.reason})`,
      );
    }
  });
  return {
    checked: verdicts.filter((v) => v.status === "output" || v.status === "stale").length,
    matched: verdicts.filter((v) => v.status === "output").length,
    exempt: verdicts.filter((v) => v.status !== "output" && v.status !== "stale").length,
    problems,
    verdicts,
  };
}

/**
 * The output number that matches `n` with the fewest extra digits (the exact one when there is
 * one), or undefined.
 * @param {ProseNumber} n
 * @param {OutputNumber[]} outputs
 */
function bestHit(n, outputs) {
  /** @type {OutputNumber | undefined} */
  let best;
  let extra = Infinity;
  for (const o of outputs) {
    for (const p of n.values) {
      if (o.decimals - p.decimals < extra && roundsTo(p, o)) {
        best = o;
        extra = o.decimals - p.decimals;
      }
    }
    if (extra === 0) break;
  }
  return best;
}

/**
 * "96.62 in code cell 38", or "" when no output has a number of the same magnitude.
 * @param {ProseNumber} n
 * @param {OutputNumber[]} outputs
 */
function nearest(n, outputs) {
  const p = Math.abs(n.values[0].value);
  let best = null;
  let bestRel = 0.2;
  for (const o of outputs) {
    for (const q of n.values) {
      const rel = Math.abs(Math.abs(o.value) - Math.abs(q.value)) / Math.max(Math.abs(q.value), 1e-300);
      if (rel < bestRel) {
        bestRel = rel;
        best = o;
      }
    }
  }
  return best && p !== 0 ? `${best.text} in code cell ${best.cell}` : "";
}

/**
 * The allowlist file (default test/stages/prose-numbers.json): `{ "<notebook>.ipynb":
 * [{ number, cells, reason }] }` (keys starting with "$" are comments). Throws, naming the entry,
 * when an entry lacks a field.
 * @param {string} [path]
 * @returns {Allowlist}
 */
export function readAllowlist(path = ALLOWLIST_PATH) {
  /** @type {Allowlist} */
  const list = JSON.parse(readFileSync(path, "utf8"));
  for (const [name, entries] of Object.entries(list)) {
    if (name.startsWith("$")) continue;
    if (!Array.isArray(entries)) throw new Error(`${path}: "${name}" must be a list of { number, cells, reason }`);
    for (const e of entries) {
      const bad = (/** @type {string} */ what) =>
        new Error(`${path}: ${name}: entry ${JSON.stringify(e)}: ${what} (expected { "number": "15.3", "cells": ["cell-id"], "reason": "why it is not a result" })`);
      if (typeof e.number !== "string" || !/^\d/.test(e.number)) throw bad(`"number" must be the digits as the markdown writes them`);
      if (!Array.isArray(e.cells) || e.cells.length === 0 || !e.cells.every((c) => typeof c === "string" && c !== "")) throw bad(`"cells" must be a list of cell ids`);
      if (typeof e.reason !== "string" || e.reason.trim().length < 10) throw bad(`"reason" must say why the number is not a result`);
    }
  }
  return list;
}

/**
 * The check as the notebook stage runs it, on one executed notebook: its problems (empty when
 * it passes; an unreadable notebook or allowlist is a problem too). The allowlist is looked up
 * by the file's name.
 * @param {string} executedPath
 * @param {Allowlist} [allowlist]
 * @returns {string[]}
 */
export function proseNumberCheck(executedPath, allowlist) {
  try {
    const entries = (allowlist ?? readAllowlist())[basename(executedPath)] ?? [];
    return checkProseNumbers(readNotebook(executedPath), entries).problems;
  } catch (error) {
    return [`could not check the numbers: ${errorMessage(error)}`];
  }
}

if (isMain(import.meta.url)) {
  const all = process.argv.includes("--all");
  const paths = process.argv.slice(2).filter((a) => a !== "--all");
  if (paths.length === 0) {
    console.error("usage: node scripts/lib/prose-numbers.mjs [--all] EXECUTED.ipynb … (e.g. test-output/notebooks/*.ipynb)");
    process.exit(2);
  }
  const allowlist = readAllowlist();
  let bad = 0;
  for (const path of paths) {
    const result = checkProseNumbers(readNotebook(path), allowlist[basename(path)] ?? []);
    console.log(`${result.problems.length === 0 ? "ok  " : "FAIL"} ${basename(path)}: ${result.matched}/${result.checked} numbers in outputs, ${result.exempt} set by the code, operands of arithmetic or allowlisted`);
    if (all) for (const v of result.verdicts) console.log(`    ${v.status.padEnd(11)} ${v.cell}: "${v.text}" ${v.detail ? `(${v.detail}) ` : ""}— "…${v.context}…"`);
    for (const p of result.problems) console.log(`    ${p}`);
    if (result.problems.length > 0) bad++;
  }
  process.exit(bad === 0 ? 0 : 1);
}
