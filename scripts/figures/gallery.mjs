// @ts-check
// The gallery: `<out>/index.html` shows every figure of every notebook folder in `<out>` that has
// a manifest.json (written by render.mjs), with links to its SVG, PNG and PDF.

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** @typedef {import("./render.mjs").Manifest} Manifest */

/**
 * @param {unknown} text
 * @returns {string} the text with `& < > "` escaped for HTML
 */
function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Writes `<outDir>/index.html`: every notebook folder with a manifest.json. Returns its path.
 * @param {string} outDir
 * @returns {string}
 */
export function writeGallery(outDir) {
  const sections = [];
  let total = 0;
  const dirs = existsSync(outDir) ? readdirSync(outDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  for (const stem of dirs) {
    const manifestPath = join(outDir, stem, "manifest.json");
    if (!existsSync(manifestPath)) continue;
    /** @type {Manifest} */
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    total += manifest.figures.length;
    const o = manifest.options;
    const cards = manifest.figures.map((f) => {
      const preview = f.formats.includes("png") ? "png" : f.formats[0];
      const links = f.formats.map((ext) => `<a href="${escapeHtml(`${stem}/${f.file}.${ext}`)}">${ext.toUpperCase()}</a>`).join(" · ");
      return `<figure><a href="${escapeHtml(`${stem}/${f.file}.${preview}`)}"><img loading="lazy" src="${escapeHtml(`${stem}/${f.file}.${preview}`)}" alt="${escapeHtml(f.name)}"></a><figcaption><b>${escapeHtml(f.file)}</b>${f.title ? ` — ${escapeHtml(f.title)}` : ""}<br>code cell ${f.cell}${f.id ? ` (id ${escapeHtml(f.id)})` : ""} · ${links}</figcaption></figure>`;
    });
    sections.push(`<section><h2>${escapeHtml(manifest.notebook)}</h2><p class="meta">${manifest.figures.length} figure${manifest.figures.length === 1 ? "" : "s"} · ${o.width}×${o.height} px, scale ${o.scale}, ${o.theme} theme</p>\n<div class="grid">\n${cards.join("\n")}\n</div></section>`);
  }
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Slide figures</title>
<style>
body{font-family:"DejaVu Sans",sans-serif;margin:24px;background:#f4f4f4;color:#222}
h1{margin:0 0 4px}.meta{color:#666;margin:0 0 12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:16px}
figure{margin:0;background:#fff;border:1px solid #ddd;padding:8px}
figure img{width:100%;aspect-ratio:16/9;object-fit:contain;background:#fff;display:block}
figcaption{font-size:13px;margin-top:6px;line-height:1.4}
</style></head><body>
<h1>Slide figures</h1><p class="meta">${total} figures, written by <code>npm run figures</code></p>
${sections.join("\n")}
</body></html>
`;
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, "index.html");
  writeFileSync(path, html);
  return path;
}
