#!/usr/bin/env node
// @ts-check
// `npm run i18n`: the course's translations (gettext catalogues in locales/<lang>/).
//
//   npm run i18n -- update [--lang ru]   bring every catalogue in step with the English source
//                                         (new texts added untranslated, changed ones marked fuzzy)
//   npm run i18n -- check  [--lang ru]   list every missing, untranslated, fuzzy or stale entry
//                                         and every translation that lost a formula or placeholder;
//                                         exit 1 if there is one (npm test runs this check)
//   npm run i18n -- stats  [--lang ru]   how much is translated, per catalogue
//
// The catalogues: locales/<lang>/notebooks/<notebook>.po (the notebook's markdown and what its
// code prints or draws, in the context of each cell id) and lib/locales/<lang>.po (the
// library's messages: hints, verdicts, errors, figure labels). Edit them with Poedit, Weblate or
// any text editor; docs/translating.md says how.

import { join } from "node:path";
import { errorMessage, isMain } from "./lib/cli.mjs";
import { catalogProblems, mergeCatalog, readCatalog, writeCatalog } from "./lib/i18n/catalog.mjs";
import { notebookMessages } from "./lib/i18n/notebook.mjs";
import { libraryMessages } from "./lib/i18n/library-messages.mjs";
import { listNotebooks, readNotebook, NOTEBOOK_DIR } from "./lib/notebook.mjs";
import { REPO } from "./setup.mjs";
import { basename } from "node:path";

/** The languages the course is translated into (English is the source). */
export const LANGUAGES = ["ru"];
export const LOCALES_DIR = join(REPO, "locales");

/** @typedef {import("./lib/i18n/catalog.mjs").Message} Message */

/**
 * One catalogue and the messages it translates.
 * @typedef {object} Source
 * @property {string} name      how reports name it
 * @property {string} path      the .po file
 * @property {() => Message[]} messages
 */

/**
 * Every catalogue of `language` with its source.
 * @param {string} language
 * @param {string} [notebookDir]
 * @returns {Source[]}
 */
export function sources(language, notebookDir = NOTEBOOK_DIR) {
  /** @type {Source} */
  const library = {
    name: "lib",
    path: libraryCatalogPath(language),
    messages: () => libraryMessages(join(REPO, "lib", "src"), REPO),
  };
  return [library, ...listNotebooks(notebookDir).map((path) => {
    const file = basename(path);
    return {
      name: `notebooks/${file}`,
      path: notebookCatalogPath(language, file),
      messages: () => notebookMessages(readNotebook(path), file),
    };
  })];
}

/**
 * The library's catalogue (read at run time by lib/src/core/i18n.ts).
 * @param {string} language
 */
export function libraryCatalogPath(language) {
  return join(REPO, "lib", "locales", `${language}.po`);
}

/**
 * The catalogue of one notebook.
 * @param {string} language
 * @param {string} file  e.g. 01-neuron.ipynb
 */
export function notebookCatalogPath(language, file) {
  return join(LOCALES_DIR, language, "notebooks", file.replace(/\.ipynb$/, ".po"));
}

/**
 * @param {string} language
 * @returns {string[]} problems, one line each
 */
export function checkLanguage(language) {
  return sources(language).flatMap((s) => catalogProblems(readCatalog(s.path, language), s.messages(), s.name));
}

function usage() {
  return "usage: npm run i18n -- update|check|stats [--lang ru]";
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h") || args.length === 0) {
    console.log(usage());
    console.log("\nTranslations of the course (gettext .po files in locales/<lang>/ and lib/locales/); see docs/translating.md.");
    return 0;
  }
  const command = args[0];
  const langAt = args.indexOf("--lang");
  const languages = langAt >= 0 ? [args[langAt + 1]] : LANGUAGES;
  for (const language of languages) {
    if (!LANGUAGES.includes(language)) throw new Error(`--lang: "${language}" is not a language of the course; known: ${LANGUAGES.join(", ")}`);
  }
  if (command === "update") {
    for (const language of languages) {
      for (const s of sources(language)) {
        const { catalog, added, fuzzy, dropped } = mergeCatalog(readCatalog(s.path, language), s.messages());
        writeCatalog(s.path, catalog);
        if (added || fuzzy || dropped) console.log(`${language} ${s.name}: ${added} new, ${fuzzy} fuzzy, ${dropped} dropped`);
      }
    }
    console.log("i18n: catalogues updated; `npm run i18n -- check` lists what is left to translate");
    return 0;
  }
  if (command === "check") {
    let count = 0;
    for (const language of languages) {
      const problems = checkLanguage(language);
      count += problems.length;
      for (const p of problems) console.log(`${language}: ${p}`);
    }
    console.log(count ? `i18n: ${count} problem(s)` : "i18n: every catalogue is complete and up to date");
    return count ? 1 : 0;
  }
  if (command === "stats") {
    for (const language of languages) {
      for (const s of sources(language)) {
        const catalog = readCatalog(s.path, language);
        const messages = s.messages();
        const done = catalogProblems(catalog, messages, s.name).length;
        console.log(`${language} ${s.name}: ${messages.length - done} of ${messages.length} usable`);
      }
    }
    return 0;
  }
  throw new Error(`unknown command "${command}"\n${usage()}`);
}

if (isMain(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (error) {
    console.error(`i18n: ${errorMessage(error)}`);
    process.exitCode = 2;
  }
}
