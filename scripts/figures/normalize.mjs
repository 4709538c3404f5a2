// @ts-check
// The bytes of the exported files made reproducible and checkable: SVG ids renamed in order, the
// computation graph's SVG in the export font, fixed PDF dates, and a PNG's size.

import { FONT_FAMILY } from "./slide.mjs";

/**
 * Makes an SVG reproducible: every `id="…"` is renamed `<prefix>-<k>` in order of first
 * appearance and every reference (`url(#…)`, `href="#…"`) follows. Random ids (plotly's
 * `clip<uid>…`) are thereby gone even if the page's randomness were not seeded.
 * @param {string} svg
 * @param {string} prefix
 * @returns {string}
 */
export function normalizeSvg(svg, prefix) {
  const ids = [];
  const seen = new Set();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!seen.has(m[1])) {
      seen.add(m[1]);
      ids.push(m[1]);
    }
  }
  const map = new Map(ids.map((id, k) => [id, `${prefix}-${k + 1}`]));
  const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (map.size === 0) return svg;
  const alternatives = ids.slice().sort((a, b) => b.length - a.length).map(escape).join("|");
  return svg
    .replace(new RegExp(`(\\sid=")(${alternatives})(")`, "g"), (_, a, id, b) => `${a}${map.get(id)}${b}`)
    .replace(new RegExp(`(url\\(['"]?#)(${alternatives})(['"]?\\))`, "g"), (_, a, id, b) => `${a}${map.get(id)}${b}`)
    .replace(new RegExp(`((?:xlink:)?href="#)(${alternatives})(")`, "g"), (_, a, id, b) => `${a}${map.get(id)}${b}`);
}

/**
 * The computation graph's SVG (Graphviz) with the export font, as a standalone SVG file.
 * @param {string} svg
 * @returns {string}
 */
export function graphSvg(svg) {
  const start = svg.indexOf("<svg");
  const body = start >= 0 ? svg.slice(start) : svg;
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${body.replace(/font-family="[^"]*"/g, `font-family="${FONT_FAMILY}"`).trim()}\n`;
}

/**
 * Chromium writes the time into a PDF's /CreationDate and /ModDate: replaced by a fixed date of
 * the same length, so the xref offsets stay valid and a second run gives the same bytes.
 * @param {Buffer} buffer
 * @returns {Buffer}
 */
export function fixPdfDates(buffer) {
  const text = buffer.toString("latin1").replace(/\/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)/g, (_, key, digits, zone) => `/${key} (D:20000101000000${zone.replace(/\d/g, "0")})`);
  return Buffer.from(text, "latin1");
}

/**
 * PNG width and height from its IHDR chunk (undefined if not a PNG).
 * @param {Buffer} buffer
 * @returns {{ width: number, height: number } | undefined}
 */
export function pngSize(buffer) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buffer.length < 24 || !buffer.subarray(0, 8).equals(signature)) return undefined;
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}
