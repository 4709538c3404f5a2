// @ts-check
// gettext catalogues (.po files, read and written by the npm package gettext-parser): what a
// translator edits in Poedit or Weblate. One entry per English text (msgid) in a context
// (msgctxt: a notebook cell's id, or a library module), its translation (msgstr), a comment
// saying where the text is, and flags.
//
// The English source is the truth. `mergeCatalog` brings a catalogue in step with the messages
// found in the source, as gettext's msgmerge does: an entry whose English is unchanged keeps its
// translation; a new English text in a context that lost an entry takes that entry's translation
// marked "fuzzy" (with the old English as `#| msgid`, so the translator sees what changed); the
// rest start untranslated, and entries whose English is gone are dropped. `catalogProblems`
// lists what stops a catalogue from being used: untranslated, fuzzy, stale (English no longer
// in the source), missing entries, and translations that lost a placeholder, a formula or a
// piece of code.

import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import gettext from "gettext-parser";

/**
 * One text of the source to translate.
 * @typedef {object} Message
 * @property {string} context    msgctxt: the notebook cell id, or the library module
 * @property {string} msgid      the English text
 * @property {string} [comment]  for the translator: where and what it is
 * @property {string} [reference] file#anchor
 * @property {(msgid: string, msgstr: string) => string | null} [validate] a problem with a translation, or null
 */

/**
 * A catalogue entry as this module keeps it.
 * @typedef {object} Entry
 * @property {string} context
 * @property {string} msgid
 * @property {string} msgstr
 * @property {boolean} fuzzy
 * @property {string} [previous]  the English the fuzzy translation was made for
 * @property {string} [comment]
 * @property {string} [reference]
 * @property {string} [translatorComment]
 */

/**
 * @typedef {object} Catalog
 * @property {Record<string, string>} headers
 * @property {Entry[]} entries
 */

const key = (/** @type {string} */ context, /** @type {string} */ msgid) => `${context}\u0004${msgid}`;

/**
 * A .po file, or an empty catalogue for `language` when the file does not exist.
 * @param {string} path
 * @param {string} [language]
 * @returns {Catalog}
 */
export function readCatalog(path, language = "ru") {
  if (!existsSync(path)) return { headers: defaultHeaders(language), entries: [] };
  const parsed = gettext.po.parse(readFileSync(path));
  /** @type {Entry[]} */
  const entries = [];
  for (const [context, byId] of Object.entries(parsed.translations)) {
    for (const [msgid, t] of Object.entries(byId)) {
      if (msgid === "" && context === "") continue;
      const flags = t.comments?.flag ?? "";
      entries.push({
        context,
        msgid,
        msgstr: t.msgstr?.[0] ?? "",
        fuzzy: /\bfuzzy\b/.test(flags),
        previous: t.comments?.previous ? unquotePrevious(t.comments.previous) : undefined,
        comment: t.comments?.extracted || undefined,
        reference: t.comments?.reference || undefined,
        translatorComment: t.comments?.translator || undefined,
      });
    }
  }
  return { headers: { ...defaultHeaders(language), ...parsed.headers }, entries };
}

/**
 * `#| msgid "…"` as gettext-parser gives it (the raw lines) → the old English.
 * @param {string} raw
 */
function unquotePrevious(raw) {
  const m = /^msgid\s+([\s\S]*)$/.exec(raw.trim());
  if (!m) return raw;
  return m[1]
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .join("");
}

/** @param {string} language */
function defaultHeaders(language) {
  return {
    "Project-Id-Version": "nn-course",
    Language: language,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": language === "ru" ? "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);" : "nplurals=2; plural=(n != 1);",
  };
}

/**
 * Writes a catalogue as a .po file (entries in the order given, long lines folded at 100).
 * @param {string} path
 * @param {Catalog} catalog
 */
export function writeCatalog(path, catalog) {
  /** @type {Record<string, Record<string, any>>} */
  const translations = { "": { "": { msgid: "", msgstr: [""] } } };
  for (const e of catalog.entries) {
    translations[e.context] ??= {};
    /** @type {Record<string, string>} */
    const comments = {};
    if (e.translatorComment) comments.translator = e.translatorComment;
    if (e.comment) comments.extracted = e.comment;
    if (e.reference) comments.reference = e.reference;
    if (e.fuzzy) comments.flag = "fuzzy";
    if (e.fuzzy && e.previous !== undefined) comments.previous = `msgid ${JSON.stringify(e.previous)}`;
    translations[e.context][e.msgid] = { msgctxt: e.context || undefined, msgid: e.msgid, msgstr: [e.msgstr], comments };
  }
  const text = gettext.po.compile({ charset: "utf-8", headers: catalog.headers, translations }, { foldLength: 100, sort: false });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * Similarity of two texts in [0, 1] (Dice coefficient of their word pairs): how a changed
 * English text finds the entry it came from.
 * @param {string} a
 * @param {string} b
 */
export function similarity(a, b) {
  const pairs = (/** @type {string} */ s) => {
    const w = s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const out = new Map();
    for (let i = 0; i < w.length; i++) {
      const p = i + 1 < w.length ? `${w[i]} ${w[i + 1]}` : w[i];
      out.set(p, (out.get(p) ?? 0) + 1);
    }
    return out;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  let common = 0;
  let total = 0;
  for (const [p, n] of pa) {
    common += Math.min(n, pb.get(p) ?? 0);
    total += n;
  }
  for (const n of pb.values()) total += n;
  return total === 0 ? (a === b ? 1 : 0) : (2 * common) / total;
}

/**
 * The catalogue in step with `messages` (see the module comment). Entries come out in the
 * order of `messages`; a repeated (context, msgid) appears once.
 * @param {Catalog} catalog
 * @param {Message[]} messages
 * @returns {{ catalog: Catalog, added: number, fuzzy: number, dropped: number }}
 */
export function mergeCatalog(catalog, messages) {
  const old = new Map(catalog.entries.map((e) => [key(e.context, e.msgid), e]));
  const wanted = new Set(messages.map((m) => key(m.context, m.msgid)));
  /** Entries whose English is gone, by context: candidates for a changed text. */
  const orphans = new Map();
  for (const e of catalog.entries) {
    if (wanted.has(key(e.context, e.msgid)) || !e.msgstr) continue;
    if (!orphans.has(e.context)) orphans.set(e.context, []);
    orphans.get(e.context).push(e);
  }
  /** @type {Entry[]} */
  const entries = [];
  const seen = new Set();
  let added = 0;
  let fuzzy = 0;
  /** @type {Map<string, Entry>} */
  const made = new Map();
  for (const m of messages) {
    const k = key(m.context, m.msgid);
    if (seen.has(k)) {
      const e = made.get(k);
      if (e && m.reference && !(e.reference ?? "").split("\n").includes(m.reference)) e.reference = e.reference ? `${e.reference}\n${m.reference}` : m.reference;
      continue;
    }
    seen.add(k);
    const kept = old.get(k);
    if (kept) {
      entries.push({ ...kept, comment: m.comment, reference: m.reference });
      made.set(k, entries[entries.length - 1]);
      continue;
    }
    const candidates = orphans.get(m.context) ?? [];
    let best = null;
    let bestScore = 0.4;
    for (const c of candidates) {
      const s = similarity(c.msgid, m.msgid);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    if (best) {
      candidates.splice(candidates.indexOf(best), 1);
      entries.push({ context: m.context, msgid: m.msgid, msgstr: best.msgstr, fuzzy: true, previous: best.msgid, comment: m.comment, reference: m.reference, translatorComment: best.translatorComment });
      fuzzy++;
    } else {
      entries.push({ context: m.context, msgid: m.msgid, msgstr: "", fuzzy: false, comment: m.comment, reference: m.reference });
      added++;
    }
    made.set(k, entries[entries.length - 1]);
  }
  const dropped = catalog.entries.filter((e) => !seen.has(key(e.context, e.msgid))).length;
  return { catalog: { headers: catalog.headers, entries }, added, fuzzy, dropped };
}

/**
 * What stops `catalog` from translating `messages`, one line each, naming the context (a cell
 * id) and the start of the English: missing, untranslated, fuzzy, stale entries, and problems
 * the messages' own `validate` finds (a lost placeholder, formula or piece of code).
 * @param {Catalog} catalog
 * @param {Message[]} messages
 * @param {string} where  the catalogue's name in the lines
 * @returns {string[]}
 */
export function catalogProblems(catalog, messages, where) {
  const short = (/** @type {string} */ s) => JSON.stringify(s.length > 70 ? `${s.slice(0, 67)}…` : s);
  const byKey = new Map(catalog.entries.map((e) => [key(e.context, e.msgid), e]));
  const wanted = new Set();
  /** @type {string[]} */
  const problems = [];
  for (const m of messages) {
    const k = key(m.context, m.msgid);
    if (wanted.has(k)) continue;
    wanted.add(k);
    const e = byKey.get(k);
    const at = `${where} [${m.context}] ${short(m.msgid)}`;
    if (!e) problems.push(`${at}: no entry (the English is new or changed; run \`npm run i18n -- update\` and translate it)`);
    else if (!e.msgstr.trim()) problems.push(`${at}: not translated`);
    else if (e.fuzzy) problems.push(`${at}: fuzzy — the English changed${e.previous !== undefined ? ` (was ${short(e.previous)})` : ""}; check the translation and remove the fuzzy flag`);
    else {
      const problem = m.validate?.(e.msgid, e.msgstr);
      if (problem) problems.push(`${at}: ${problem}`);
    }
  }
  for (const e of catalog.entries) {
    if (!wanted.has(key(e.context, e.msgid))) problems.push(`${where} [${e.context}] ${short(e.msgid)}: stale — this English is no longer in the source; run \`npm run i18n -- update\``);
  }
  return problems;
}

/**
 * A lookup `(context, msgid) → translation` over the usable entries (translated, not fuzzy).
 * @param {Catalog} catalog
 * @returns {(context: string, msgid: string) => string | null}
 */
export function translator(catalog) {
  const map = new Map();
  for (const e of catalog.entries) if (e.msgstr && !e.fuzzy) map.set(key(e.context, e.msgid), e.msgstr);
  return (context, msgid) => map.get(key(context, msgid)) ?? null;
}
