// @ts-check
// The sentences a code cell shows a student — what it prints, a figure's title, axis labels and
// legend — found in its string and template literals with TypeScript's parser, and the same cell
// with those literals translated. The code itself is never copied: the Russian edition is this
// cell with other literals.
//
// A literal is a message when it holds a word and either a space or sits where a label goes
// (an argument of console.log, a `title`, `xLabel`, `name` … property). Never a message: module
// names, property keys, type literals, `check("04.2", …)` ids, operands of ===/!==, `case`
// labels, and the values of properties that name library things (`activation: "relu"`,
// `loss`, `optimizer`, `padding` …). A template literal `a ${x} b` is the msgid "a ${0} b":
// the translation places ${0} where its words need it.

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** @type {typeof import("typescript")} */
const ts = require("typescript");

/** Properties whose string value is shown to a reader even when it is one word. */
const LABEL_PROPERTIES = new Set([
  "title", "xLabel", "yLabel", "zLabel", "label", "labels", "legend", "text", "caption", "note",
  "header", "headers", "description", "message", "hint", "task", "subtitle", "xTitle", "yTitle", "name",
]);
/** Properties whose string value names something in the library or the data: never translated. */
const NAME_PROPERTIES = new Set([
  "activation", "loss", "optimizer", "kernelInitializer", "biasInitializer", "initializer", "padding",
  "key", "id", "monitor", "mode", "metrics", "metric", "dash", "color", "colour", "format", "type",
  "kind", "mime", "unit", "symbol", "colorscale", "colorScale", "fill", "shape", "font", "path", "file",
  "dataFormat", "reduction", "regularizer", "kernelRegularizer", "backend", "schedule",
]);
/** Calls whose string arguments are shown: console.log("…"). */
const PRINT_CALLS = /^console\.(log|info|warn|error)$/;
/** Calls whose first argument is an id, not a sentence. */
const ID_CALLS = new Set(["check", "require", "getKernel", "getFilter", "describeExercise"]);

/**
 * @typedef {object} CodeMessage
 * @property {string} msgid    the literal's text, `${0}`, `${1}` … for a template's expressions
 * @property {number} start    where the literal starts in the cell's text (with its quote)
 * @property {number} end
 * @property {string} quote    ", ' or `
 * @property {string[]} expressions  the template's expressions, as written
 */

/** @param {import("typescript").Node} node */
function propertyName(node) {
  const parent = node.parent;
  if (parent && ts.isPropertyAssignment(parent) && parent.initializer === node) {
    const name = parent.name;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  }
  return null;
}

/** @param {import("typescript").CallExpression} call */
function calleeName(call) {
  return call.expression.getText();
}

/**
 * Whether a literal at `node` is a message (see the module comment).
 * @param {import("typescript").Node} node
 * @param {string} words  the literal's text without its template expressions
 */
function isMessage(node, words) {
  if (!/\p{L}{2,}/u.test(words)) return false;
  if (/^[a-z0-9_]+([-_./][a-z0-9_]*)+$/.test(words)) return false; // an id or file name: "gradient-norm-per-layer", "homework/experiments.jsonl"
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return false;
  if (ts.isLiteralTypeNode(parent)) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return false;
  if (ts.isCaseClause(parent)) return false;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.InKeyword) return false;
  }
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression.getText();
    const args = parent.arguments ?? ts.factory.createNodeArray();
    if (ID_CALLS.has(callee) && args[0] === node) return false;
    if (ts.isCallExpression(parent) && PRINT_CALLS.test(calleeName(parent))) return true;
  }
  const property = propertyName(node);
  if (property && NAME_PROPERTIES.has(property)) return false;
  if (property === "name" && isOptionsArgument(node)) return false; // a figure's or layer's name: an id (a series' name in an array is a label)
  if (/\s/.test(words)) return true;
  return property !== null && LABEL_PROPERTIES.has(property);
}

/**
 * Whether the property holding `node` belongs to an object literal passed straight to a call
 * (`lineChart({ name: "loss-curve", … })`, `new Dense(4, { name })`).
 * @param {import("typescript").Node} node
 */
function isOptionsArgument(node) {
  const object = node.parent?.parent;
  const call = object?.parent;
  return !!object && ts.isObjectLiteralExpression(object) && !!call && (ts.isCallExpression(call) || ts.isNewExpression(call)) && (call.arguments ?? []).includes(/** @type {any} */ (object));
}

/**
 * Whether a one-word literal is part of a printed sentence: it sits in an expression of a template
 * that is itself a message (`${wider ? "wider" : "narrower"}`), or it is a quoted key with a space
 * of an object printed as a table (`{ "true price": … }`).
 * @param {import("typescript").Node} node
 * @param {boolean} insideMessage
 */
function isPartOfMessage(node, insideMessage) {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return /\s/.test(/** @type {any} */ (node).text) && /\p{L}{2,}/u.test(/** @type {any} */ (node).text);
  if (!insideMessage) return false;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind !== ts.SyntaxKind.PlusToken && parent.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken && parent.operatorToken.kind !== ts.SyntaxKind.BarBarToken) return false;
  if (ts.isCallExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCaseClause(parent)) return false;
  return /\p{L}{2,}/u.test(/** @type {any} */ (node).text) && !/^[a-z0-9_]+([-_./][a-z0-9_]*)+$/.test(/** @type {any} */ (node).text);
}

/**
 * The messages of a code cell, in order.
 * @param {string} source
 * @returns {CodeMessage[]}
 */
export function codeMessages(source) {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  /** @type {CodeMessage[]} */
  const found = [];
  /**
   * @param {import("typescript").Node} node
   * @param {boolean} [insideMessage]  inside an expression of a message template
   */
  const visit = (node, insideMessage = false) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (isMessage(node, node.text) || isPartOfMessage(node, insideMessage)) {
        const start = node.getStart(file);
        found.push({ msgid: node.text, start, end: node.getEnd(), quote: source[start], expressions: [] });
      }
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const texts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      const message = isMessage(node, texts.join("0"));
      if (message) {
        const start = node.getStart(file);
        let msgid = node.head.text;
        node.templateSpans.forEach((span, k) => {
          msgid += `\${${k}}${span.literal.text}`;
        });
        found.push({ msgid, start, end: node.getEnd(), quote: "`", expressions: node.templateSpans.map((s) => s.expression.getText(file)) });
      }
      // Expressions inside the template may hold messages of their own (a one-word branch of a
      // printed sentence is one).
      node.templateSpans.forEach((s) => visit(s.expression, message || insideMessage));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, insideMessage && !ts.isFunctionLike(node)));
  };
  visit(file);
  return found;
}

/**
 * The placeholders ${0}, ${1} … of a msgid or translation, sorted.
 * @param {string} text
 */
export function placeholders(text) {
  return [...text.matchAll(/\$\{(\d+)\}/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

/**
 * A literal written back with translated text, in the literal's own quotes.
 * @param {CodeMessage} message
 * @param {string} translation
 * @param {(msgid: string) => string | null} translate  for messages inside the template's expressions
 */
function literal(message, translation, translate) {
  if (message.quote !== "`") {
    const q = message.quote;
    const escaped = translation.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
    return q + escaped.split(q).join(`\\${q}`) + q;
  }
  // A template: escape what a template treats specially, then put the expressions back.
  const parts = translation.split(/\$\{(\d+)\}/);
  let out = "`";
  parts.forEach((part, k) => {
    if (k % 2 === 1) out += `\${${translateCode(message.expressions[Number(part)], translate)}}`;
    else out += part.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
  });
  return `${out}\``;
}

/**
 * The cell with its messages translated by `translate(msgid)` (which returns the translation, or
 * null to keep the English). Throws when a translation's placeholders differ from its msgid's.
 * @param {string} source
 * @param {(msgid: string) => string | null} translate
 */
export function translateCode(source, translate) {
  const messages = codeMessages(source);
  let out = "";
  let at = 0;
  for (const m of messages) {
    if (m.start < at) continue; // inside a template already written (its expressions were translated with it)
    const translation = translate(m.msgid);
    if (translation === null || translation === m.msgid) continue; // kept as written
    const want = placeholders(m.msgid).join(",");
    if (placeholders(translation).join(",") !== want) {
      throw new Error(`the translation of ${JSON.stringify(m.msgid)} must use the placeholders ${want || "(none)"} exactly once each, got ${JSON.stringify(translation)}`);
    }
    out += source.slice(at, m.start) + literal(m, translation, translate);
    at = m.end;
  }
  return out + source.slice(at);
}
