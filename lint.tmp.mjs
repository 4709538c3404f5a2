import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
const files = (d) => readdirSync(d).flatMap((n) => { const p = join(d, n); return statSync(p).isDirectory() ? files(p) : n.endsWith(".ts") ? [p] : []; });
const by = {};
for (const p of files("lib/src")) {
  const src = readFileSync(p, "utf8");
  const f = ts.createSourceFile(p, src, 99, true);
  const visit = (n) => {
    if (ts.isTaggedTemplateExpression(n)) return;
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n))) {
      const w = ts.isTemplateExpression(n) ? [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(" ") : n.text;
      if (/\p{L}{2,}[^\p{L}]+\p{L}{2,}/u.test(w) && !/^[<.#@]/.test(w.trim()) && !ts.isImportDeclaration(n.parent) && !ts.isLiteralTypeNode(n.parent)) {
        const rel = relative("lib/src", p);
        (by[rel] ??= []).push(`${f.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${w.slice(0, 90)}`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(f);
}
for (const [k, v] of Object.entries(by)) console.log(k, v.length);
if (process.argv[2]) for (const l of by[process.argv[2]] ?? []) console.log("  ", l);
