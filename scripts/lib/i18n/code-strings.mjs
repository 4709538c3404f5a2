// @ts-check
// The sentences a code cell shows a student — what it prints, a figure's title, axis labels and
// legend, a printed table's column names, and the comments that explain an exercise — found with
// TypeScript's parser, and the same cell with those texts translated. The code itself is never
// copied: the Russian edition is this cell with other literals and comments.
//
// A string or template literal is a message when it holds a word and either a space or sits
// where a label goes (an argument of console.log, a `title`, `xLabel`, `titles` … property, a
// one-word branch of a printed sentence: `${up ? "grows" : "shrinks"}`). Never a message: module
// names, property keys (except the column names of a `console.table`), type literals,
// `check("04.2", …)` ids, operands of ===/!==, `case` labels, ids and file names
// ("gradient-norm-per-layer"), a figure's `name` in a builder's options, and the values of
// properties that name library things (`activation: "relu"`, `loss`, `optimizer` …).
// A template literal `a ${x} b` is the msgid "a ${0} b": the translation places ${0} where its
// words need it.
//
// A comment is a message when it has two words: a run of `//` lines at the same indent is one
// message (its lines joined by "\n"), as is a `/* … */` block. Solution markers (`// BEGIN
// SOLUTION`, `// STUB: …`) are never messages.

import { createRequire } from "node:module";
import { MARKERS } from "../notebook.mjs";

const require = createRequire(import.meta.url);
/** @type {typeof import("typescript")} */
const ts = require("typescript");

/** Properties whose string value is shown to a reader even when it is one word. */
const LABEL_PROPERTIES = new Set([
  "title", "titles", "xLabel", "yLabel", "zLabel", "label", "labels", "legend", "text", "caption", "note",
  "header", "headers", "description", "message", "hint", "task", "subtitle", "xTitle", "yTitle", "name", "names",
  "rowLabels", "columnLabels", "xLabels", "yLabels", "columns",
]);
/** Properties whose string value names something in the library or the data: never translated. */
const NAME_PROPERTIES = new Set([
  "activation", "loss", "optimizer", "kernelInitializer", "biasInitializer", "initializer", "padding",
  "key", "id", "monitor", "mode", "metrics", "metric", "dash", "color", "colour", "format", "type",
  "kind", "mime", "unit", "symbol", "colorscale", "colorScale", "fill", "shape", "font", "path", "file",
  "dataFormat", "reduction", "regularizer", "kernelRegularizer", "backend", "schedule", "source",
]);
/** Calls whose string arguments are shown: console.log("…"). */
const PRINT_CALLS = /^console\.(log|info|warn|error)$/;
/** Calls whose first argument is an id, not a sentence. */
const ID_CALLS = new Set(["check", "require", "getKernel", "getFilter", "describeExercise"]);
/** String methods whose receiver is printed as it is ("epoch".padEnd(8) in a table header). */
const PRINTED_METHODS = new Set(["padEnd", "padStart"]);
const ID_LIKE = /^[a-z0-9_]+([-_./][a-z0-9_]*)+$/;
const WORD = /\p{L}{2,}/u;

/**
 * @typedef {object} CodeMessage
 * @property {string} msgid     the text: a literal's (`${0}`, `${1}` … for a template's expressions) or a comment's
 * @property {"literal" | "comment"} kind
 * @property {number} start     where it starts in the cell's text (a literal's quote, a comment's first "//")
 * @property {number} end
 * @property {string} quote     ", ' or ` (literals)
 * @property {string[]} expressions          a template's expressions, as written
 * @property {[number, number][]} ranges     where each expression is in the cell's text
 * @property {boolean} [shorthand]  a console.table column written `{ epoch }`: the translation keeps the variable
 * @property {string} [indent]  a `//` comment run's indent (every line but the first starts with it)
 * @property {BlockComment} [block]  a `/* … *\/` comment
 * @property {boolean} [inline]  the comment text at the end of a `// STUB:` line (only the text is replaced)
 */

/**
 * A `/* … *\/` or `/** … *\/` comment: its text without the stars, and how to write it back.
 * @typedef {{ msgid: string, opener: string, multiline: boolean, indent: string }} BlockComment
 */

/**
 * @param {string} text  the comment, from its "/*" to its "*\/"
 * @param {string} indent  what precedes it on its line
 * @returns {BlockComment}
 */
function blockComment(text, indent) {
  const opener = text.startsWith("/**") ? "/**" : "/*";
  const inner = text.slice(opener.length, -2);
  const lines = inner.split("\n").map((l) => l.replace(/^\s*\* ?/, "").replace(/\s+$/, ""));
  while (lines.length && lines[0].trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  return { msgid: lines.map((l) => l.replace(/^ (?=\S)/, "")).join("\n"), opener, multiline: inner.includes("\n"), indent: indent.replace(/\S.*$/, "") };
}

/**
 * A block comment written back around `text`.
 * @param {BlockComment} block
 * @param {string} text
 */
function writeBlock(block, text) {
  if (!block.multiline && !text.includes("\n")) return `${block.opener} ${text} */`;
  return `${block.opener}\n${text.split("\n").map((l) => `${block.indent} *${l ? ` ${l}` : ""}`).join("\n")}\n${block.indent} */`;
}

/** @param {import("typescript").Node} node */
function propertyName(node) {
  let holder = node.parent;
  // An element of an array that is a property's value (`titles: ["noisy", …]`) counts as the property's.
  if (holder && ts.isArrayLiteralExpression(holder)) holder = holder.parent;
  if (holder && ts.isPropertyAssignment(holder) && (holder.initializer === node || holder.initializer === node.parent)) {
    const name = holder.name;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  }
  return null;
}

/**
 * Whether the property holding `node` belongs to an object literal passed straight to a call
 * (`lineChart({ name: "loss-curve", … })`, `new Dense(4, { name })`).
 * @param {import("typescript").Node} node
 */
function isOptionsArgument(node) {
  const object = node.parent?.parent;
  const call = object?.parent;
  if (!object || !ts.isObjectLiteralExpression(object) || !call || !(ts.isCallExpression(call) || ts.isNewExpression(call))) return false;
  return (call.arguments ?? []).some((a) => a === object);
}

/**
 * Whether `node` is inside the arguments of a `console.table(…)` call.
 * @param {import("typescript").Node} node
 */
function insideConsoleTable(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isCallExpression(n) && n.expression.getText() === "console.table") return true;
    // An object passed to another call inside console.table(…) holds that call's options, not rows.
    if (ts.isObjectLiteralExpression(n) && n.parent && ts.isCallExpression(n.parent) && n.parent.expression.getText() !== "console.table" && n.parent.arguments.some((a) => a === n)) return false;
  }
  return false;
}

/**
 * Whether a literal is never a message, wherever it is: a key, a type, an import, a comparison
 * operand, a `case` label, an id given to `check(…)`.
 * @param {import("typescript").Node} node
 */
function isCodeOnly(node) {
  const parent = node.parent;
  if (!parent) return true;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return true;
  if (ts.isLiteralTypeNode(parent)) return true;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  if (ts.isCaseClause(parent)) return true;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.InKeyword) return true;
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && ID_CALLS.has(parent.expression.getText()) && (parent.arguments ?? [])[0] === node) return true;
  return false;
}

/**
 * Whether a literal is a message (see the module comment).
 * @param {import("typescript").Node} node
 * @param {string} words  the literal's text, a template's expressions left out
 * @param {boolean} printed  it sits in an expression of a printed template
 */
function isMessage(node, words, printed) {
  if (!WORD.test(words)) return false;
  const parent = /** @type {import("typescript").Node} */ (node.parent);
  if (ts.isPropertyAssignment(parent) && parent.name === node) return insideConsoleTable(node); // a printed table's column
  if (isCodeOnly(node)) return false;
  if (ts.isCallExpression(parent) && PRINT_CALLS.test(parent.expression.getText())) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node && PRINTED_METHODS.has(parent.name.text)) return true;
  const property = propertyName(node);
  if (property && NAME_PROPERTIES.has(property)) return false;
  const spaced = /\s/.test(words);
  if (property === "name" && !spaced && isOptionsArgument(node)) return false; // a figure's name: an id
  if (property && LABEL_PROPERTIES.has(property)) return true;
  if (ID_LIKE.test(words)) return false; // "gradient-norm-per-layer", "homework/experiments.jsonl"
  if (spaced) return true;
  if (printed && !ts.isCallExpression(parent)) return true; // a word of a printed sentence
  return insideConsoleTable(node) && !ts.isCallExpression(parent); // a printed table's value ("yes")
}

/**
 * Whether a template is printed: an argument of console.log or a label's value.
 * @param {import("typescript").TemplateExpression} node
 */
function isPrintedTemplate(node) {
  const parent = node.parent;
  if (ts.isCallExpression(parent) && PRINT_CALLS.test(parent.expression.getText())) return true;
  const property = propertyName(node);
  return property !== null && LABEL_PROPERTIES.has(property);
}

/** Two words, however they are separated ("mse", "mae" or "both"). */
const TWO_WORDS = /\p{L}{2,}[^\p{L}]+\p{L}{2,}/u;

/**
 * Every comment of a parsed cell, in order: the leading and trailing comments of every token
 * (TypeScript's own scanner, so a comment after a template literal is found like any other).
 * @param {import("typescript").SourceFile} file
 * @returns {import("typescript").CommentRange[]}
 */
function allComments(file) {
  const text = file.getFullText();
  /** @type {Map<number, import("typescript").CommentRange>} */
  const found = new Map();
  const add = (/** @type {import("typescript").CommentRange[] | undefined} */ ranges) => {
    for (const r of ranges ?? []) found.set(r.pos, r);
  };
  /** @param {import("typescript").Node} node */
  const visit = (node) => {
    add(ts.getLeadingCommentRanges(text, node.getFullStart()));
    add(ts.getTrailingCommentRanges(text, node.getEnd()));
    node.getChildren(file).forEach(visit);
  };
  visit(file);
  return [...found.values()].sort((x, y) => x.pos - y.pos);
}

/**
 * The comments of a cell that are messages: runs of `//` lines at one indent, `/* … *\/` blocks,
 * and the comment at the end of a `// STUB: <code> // comment` line (the student copy keeps it).
 * @param {import("typescript").SourceFile} file
 * @returns {CodeMessage[]}
 */
function commentMessages(file) {
  const source = file.getFullText();
  /** @type {CodeMessage[]} */
  const out = [];
  /** @type {{ start: number, end: number, indent: string, lines: string[], own: boolean } | null} */
  let run = null;
  const flush = () => {
    if (!run) return;
    const msgid = run.lines.join("\n");
    if (TWO_WORDS.test(msgid)) out.push({ msgid, kind: "comment", start: run.start, end: run.end, quote: "", expressions: [], ranges: [], indent: run.indent });
    run = null;
  };
  for (const r of allComments(file)) {
    const text = source.slice(r.pos, r.end);
    const lineStart = source.lastIndexOf("\n", r.pos - 1) + 1;
    const before = source.slice(lineStart, r.pos);
    if (r.kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      flush();
      const block = blockComment(text, before);
      if (TWO_WORDS.test(block.msgid)) out.push({ msgid: block.msgid, kind: "comment", start: r.pos, end: r.end, quote: "", expressions: [], ranges: [], block });
      continue;
    }
    const line = source.slice(lineStart, r.end);
    const stub = MARKERS.stub.exec(line);
    if (stub) {
      flush();
      // The stub's own comment: `// STUB: return 0; // replace by your number`.
      const inner = /^(.*?[;)}\]\w"'`])\s*\/\/ ?(.*)$/.exec(stub[2]);
      if (inner && TWO_WORDS.test(inner[2])) {
        const start = r.end - inner[2].length;
        out.push({ msgid: inner[2], kind: "comment", start, end: r.end, quote: "", expressions: [], ranges: [], indent: "", inline: true });
      }
      continue;
    }
    if (MARKERS.cell.test(line) || MARKERS.begin.test(line) || MARKERS.end.test(line)) {
      flush();
      continue;
    }
    const own = before.trim() === "";
    const body = text.replace(/^\/\/ ?/, "");
    if (run && own && run.own && before === run.indent && /^\r?\n$/.test(source.slice(run.end, lineStart))) {
      run.lines.push(body);
      run.end = r.end;
      continue;
    }
    flush();
    run = { start: r.pos, end: r.end, indent: before, lines: [body], own };
    if (!own) flush();
  }
  flush();
  return out;
}

/**
 * The messages of a code cell, in order of their start.
 * @param {string} source
 * @returns {CodeMessage[]}
 */
export function codeMessages(source) {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  /** @type {CodeMessage[]} */
  const found = [];
  /**
   * @param {import("typescript").Node} node
   * @param {boolean} printed  inside an expression of a printed template
   */
  const visit = (node, printed) => {
    // A plain key of an object printed by console.table is its column's name: `{ epoch: e }` → `{ "эпоха": e }`.
    if (ts.isIdentifier(node) && ts.isPropertyAssignment(node.parent) && node.parent.name === node && WORD.test(node.text) && insideConsoleTable(node)) {
      found.push({ msgid: node.text, kind: "literal", start: node.getStart(file), end: node.getEnd(), quote: '"', expressions: [], ranges: [] });
      return;
    }
    // … and so is a shorthand one: `{ epoch }` → `{ "эпоха": epoch }`.
    if (ts.isIdentifier(node) && ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node && WORD.test(node.text) && insideConsoleTable(node)) {
      found.push({ msgid: node.text, kind: "literal", start: node.getStart(file), end: node.getEnd(), quote: '"', expressions: [], ranges: [], shorthand: true });
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (isMessage(node, node.text, printed)) {
        const start = node.getStart(file);
        found.push({ msgid: node.text, kind: "literal", start, end: node.getEnd(), quote: source[start], expressions: [], ranges: [] });
      }
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const texts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      const message = isMessage(node, texts.join("0"), printed);
      if (message) {
        let msgid = node.head.text;
        node.templateSpans.forEach((span, k) => {
          msgid += `\${${k}}${span.literal.text}`;
        });
        found.push({
          msgid,
          kind: "literal",
          start: node.getStart(file),
          end: node.getEnd(),
          quote: "`",
          expressions: node.templateSpans.map((s) => s.expression.getText(file)),
          ranges: node.templateSpans.map((s) => [s.expression.getStart(file), s.expression.getEnd()]),
        });
      }
      // A word in an expression of a printed sentence is part of it (`${up ? "grows" : "shrinks"}`).
      const inner = message || printed || isPrintedTemplate(node);
      node.templateSpans.forEach((s) => visit(s.expression, inner));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, printed && !ts.isFunctionLike(node)));
  };
  visit(file, false);
  return [...found, ...commentMessages(file)].sort((a, b) => a.start - b.start);
}

/**
 * The placeholders ${0}, ${1} … of a msgid or translation, sorted.
 * @param {string} text
 */
export function placeholders(text) {
  return [...text.matchAll(/\$\{(\d+)\}/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

/**
 * The cell with its messages translated by `translate(msgid)` (which returns the translation, or
 * null to keep the English). A template's expressions are written back with the messages inside
 * them translated too. Throws when a translation's placeholders differ from its msgid's.
 * @param {string} source
 * @param {(msgid: string) => string | null} translate
 */
export function translateCode(source, translate) {
  const messages = codeMessages(source);
  /**
   * `source[start, end)` with every message inside it (not inside another one) translated.
   * @param {number} start
   * @param {number} end
   */
  const rewrite = (start, end) => {
    let out = "";
    let at = start;
    for (const m of messages) {
      if (m.start < at || m.end > end || m.start < start) continue;
      const written = write(m);
      if (written === null) continue;
      out += source.slice(at, m.start) + written;
      at = m.end;
    }
    return out + source.slice(at, end);
  };
  /** @param {CodeMessage} m @returns {string | null} null: keep the source (and look inside it) */
  const write = (m) => {
    const translation = translate(m.msgid);
    if (translation === null || translation === m.msgid) return null; // kept as written
    if (m.kind === "comment") {
      if (m.block) return writeBlock(m.block, translation);
      if (m.inline) return translation.replace(/\n/g, " "); // the text after a STUB line's "//"
      return translation.split("\n").map((line, i) => `${i === 0 ? "" : m.indent}//${line ? ` ${line}` : ""}`).join("\n");
    }
    const want = placeholders(m.msgid).join(",");
    if (placeholders(translation).join(",") !== want) {
      throw new Error(`the translation of ${JSON.stringify(m.msgid)} must use the placeholders ${want || "(none)"} exactly once each, got ${JSON.stringify(translation)}`);
    }
    if (m.quote !== "`") {
      const q = m.quote;
      const escaped = translation.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
      const literal = q + escaped.split(q).join(`\\${q}`) + q;
      return m.shorthand ? `${literal}: ${m.msgid}` : literal;
    }
    // A template: escape what a template treats specially, then put the expressions back, with
    // the messages inside them translated as well.
    const parts = translation.split(/\$\{(\d+)\}/);
    let out = "`";
    parts.forEach((part, k) => {
      if (k % 2 === 1) {
        const [s, e] = m.ranges[Number(part)];
        out += `\${${rewrite(s, e)}}`;
      } else out += part.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
    });
    return `${out}\``;
  };
  return rewrite(0, source.length);
}
