/**
 * The library's messages in the student's language: hints, verdicts, errors, figure labels.
 *
 * English is the source. Every sentence a student may see is written as a tagged template,
 *
 * ```ts
 * throw new Error(t`matmul: shapes ${a} and ${b} do not fit.`);
 * ```
 *
 * whose msgid is the English with its expressions numbered — "matmul: shapes ${0} and ${1} do
 * not fit." — and whose translation comes from the gettext catalogue `lib/locales/<lang>.po`
 * (`npm run i18n -- update` collects the msgids from lib/src; a translator fills in msgstr with
 * Poedit or any editor, keeping every ${n}). Untranslated or fuzzy entries fall back to English.
 *
 * The language is English unless the environment says `NNLIB_LANG=ru` or a notebook calls
 * `setLanguage("ru")`.
 */

import { platform } from "../platform";

/** The languages the library speaks. */
export const LANGUAGES = ["en", "ru"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language in use; `undefined` until the first message asks (then NNLIB_LANG, or English). */
let current: Language | undefined;
const catalogs = new Map<Language, Map<string, string>>();
let loadCatalogText: (language: Language) => string | undefined = (language) => platform().localeCatalog(language);

/**
 * Where catalogues come from: by default the platform's `localeCatalog` (Node reads
 * `lib/locales/<language>.po`, the browser fetches it from the site). Tests give their own text.
 */
export function setCatalogSource(source: (language: Language) => string | undefined): void {
  loadCatalogText = source;
  catalogs.clear();
}

function checkLanguage(language: string, where: string): Language {
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    throw new Error(`${where}: unknown language ${JSON.stringify(language)}. Hint: use one of ${LANGUAGES.map((l) => `"${l}"`).join(", ")}.`);
  }
  return language as Language;
}

/** Switches the library's messages to `language` ("en" or "ru"). */
export function setLanguage(language: Language | string): void {
  current = checkLanguage(language, "setLanguage");
}

/** The language of the library's messages: set by `setLanguage`, else the environment's `NNLIB_LANG`, else English. */
export function getLanguage(): Language {
  if (current === undefined) {
    const fromEnvironment = platform().env("NNLIB_LANG")?.trim();
    current = fromEnvironment ? checkLanguage(fromEnvironment, "NNLIB_LANG") : "en";
  }
  return current;
}

/** A message's msgid: the template's strings joined by ${0}, ${1} … */
export function msgidOf(strings: readonly string[]): string {
  return strings.reduce((id, s, k) => (k === 0 ? s : `${id}\${${k - 1}}${s}`), "");
}

function catalog(language: Language): Map<string, string> {
  let c = catalogs.get(language);
  if (!c) {
    const text = loadCatalogText(language);
    c = text ? parsePo(text) : new Map<string, string>();
    catalogs.set(language, c);
  }
  return c;
}

/** Fills ${0}, ${1} … of `pattern` with `values`. */
function fill(pattern: string, values: readonly unknown[]): string {
  return pattern.replace(/\$\{(\d+)\}/g, (_m, k: string) => String(values[Number(k)]));
}

/**
 * A sentence in the current language (see the module comment): `t\`got ${x}, expected ${y}.\``.
 */
export function t(strings: TemplateStringsArray, ...values: unknown[]): string {
  const language = getLanguage();
  if (language !== "en") {
    const translated = catalog(language).get(msgidOf(strings));
    if (translated) return fill(translated, values);
  }
  return fill(msgidOf(strings), values);
}

/** The same as `t` for a msgid known only at run time (e.g. an exercise's title): its translation, or itself. */
export function translate(msgid: string): string {
  const language = getLanguage();
  return language === "en" ? msgid : catalog(language).get(msgid) || msgid;
}

/** One quoted .po string ("…" with C escapes) as text. */
function unquote(s: string): string {
  return JSON.parse(s.replace(/\\([abfv?'])/g, (_m, c: string) => ({ a: "\\u0007", b: "\\b", f: "\\f", v: "\\u000b", "?": "?", "'": "'" })[c] ?? c));
}

/**
 * The usable entries of a .po text (translated, not fuzzy, no context), msgid → msgstr. A reader
 * of the few parts the library's catalogue uses; `test/core/i18n.test.ts` proves it reads every
 * catalogue as the npm package gettext-parser does.
 */
export function parsePo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let entry: { fuzzy: boolean; context?: string; msgid?: string; msgstr?: string } = { fuzzy: false };
  let field: "context" | "msgid" | "msgstr" | null = null;
  const finish = () => {
    if (entry.msgid && entry.msgstr && !entry.fuzzy && entry.context === undefined) out.set(entry.msgid, entry.msgstr);
    entry = { fuzzy: false };
    field = null;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") {
      finish();
      continue;
    }
    if (line.startsWith("#,")) {
      if (field) finish();
      if (/\bfuzzy\b/.test(line)) entry.fuzzy = true;
      continue;
    }
    if (line.startsWith("#")) {
      if (field === "msgstr") finish();
      continue;
    }
    if (/^(msgid_plural|msgstr\[[1-9]\])\s/.test(line)) {
      field = null; // plural forms: the library's messages have none
      continue;
    }
    const m = /^(msgctxt|msgid|msgstr(?:\[0\])?)\s+(".*")$/.exec(line);
    if (m) {
      const name = m[1] === "msgctxt" ? "context" : m[1] === "msgid" ? "msgid" : "msgstr";
      if (name !== "msgstr" && field === "msgstr") finish();
      field = name;
      entry[name] = unquote(m[2]);
      continue;
    }
    if (line.startsWith('"') && field) entry[field] = (entry[field] ?? "") + unquote(line);
  }
  finish();
  return out;
}
