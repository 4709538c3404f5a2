// @ts-check
// The library's messages (lib/src): every t`…` tagged template (lib/src/core/i18n.ts) and every
// exercise title (`defineExercise({ title: "…" })`, translated when it is shown), found with
// TypeScript's parser. Their catalogue is lib/locales/<lang>.po, with no msgctxt: one
// translation per English sentence, wherever it is used.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { placeholders } from "./code-strings.mjs";

const require = createRequire(import.meta.url);
/** @type {typeof import("typescript")} */
const ts = require("typescript");

/** @typedef {import("./catalog.mjs").Message} Message */

/** @param {string} dir @returns {string[]} */
function tsFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return tsFiles(path);
      return name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.endsWith(".test.ts") ? [path] : [];
    });
}

/**
 * A library translation keeps every placeholder ${n}.
 * @param {string} msgid
 * @param {string} msgstr
 */
function checkPlaceholders(msgid, msgstr) {
  const want = placeholders(msgid).filter((n, i, a) => a.indexOf(n) === i).join(",");
  const got = placeholders(msgstr).filter((n, i, a) => a.indexOf(n) === i).join(",");
  return want === got ? null : `the translation must use the placeholders ${want ? want.split(",").map((n) => `\${${n}}`).join(" ") : "(none)"}, got ${got ? got.split(",").map((n) => `\${${n}}`).join(" ") : "none"}`;
}

/**
 * The messages of every source file under `srcDir`, in file order.
 * @param {string} srcDir  lib/src
 * @param {string} root    for references
 * @returns {Message[]}
 */
export function libraryMessages(srcDir, root) {
  /** @type {Message[]} */
  const messages = [];
  for (const path of tsFiles(srcDir)) {
    const text = readFileSync(path, "utf8");
    if (!text.includes("t`") && !text.includes("defineExercise")) continue;
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const where = relative(root, path);
    /** @param {import("typescript").Node} node */
    const visit = (node) => {
      if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === "t") {
        const tpl = node.template;
        const parts = ts.isNoSubstitutionTemplateLiteral(tpl) ? [tpl.text] : [tpl.head.text, ...tpl.templateSpans.map((s) => s.literal.text)];
        const msgid = parts.reduce((id, s, k) => (k === 0 ? s : `${id}\${${k - 1}}${s}`), "");
        const expressions = ts.isNoSubstitutionTemplateLiteral(tpl) ? [] : tpl.templateSpans.map((s) => s.expression.getText(file));
        const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
        messages.push({
          context: "",
          msgid,
          comment: expressions.length ? expressions.map((e, k) => `\${${k}} = ${e}`).join("; ") : undefined,
          reference: `${where}:${line}`,
          validate: checkPlaceholders,
        });
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "defineExercise") {
        const arg = node.arguments[0];
        if (arg && ts.isObjectLiteralExpression(arg)) {
          for (const p of arg.properties) {
            if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "title" && (ts.isStringLiteral(p.initializer) || ts.isNoSubstitutionTemplateLiteral(p.initializer))) {
              const line = file.getLineAndCharacterOfPosition(p.getStart(file)).line + 1;
              messages.push({ context: "", msgid: p.initializer.text, comment: "an exercise's title", reference: `${where}:${line}`, validate: checkPlaceholders });
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return messages;
}
