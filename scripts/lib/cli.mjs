// @ts-check
// What every command-line script of the course does the same way: know whether it was run or
// imported, name an error in one line, and run the set-up first.

import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setup } from "../setup.mjs";

/**
 * Whether the module with this `import.meta.url` is the script node was started with (and not
 * imported by another script or a test).
 * @param {string} moduleUrl
 * @returns {boolean}
 */
export function isMain(moduleUrl) {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

/**
 * The message of anything thrown.
 * @param {unknown} error
 * @returns {string}
 */
export function errorMessage(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the set-up (scripts/setup.mjs; `{ browser: true }` adds Chromium, `{ need: "serve" }` asks
 * for any Jupyter front end, as `npm start` does) and returns the Python it found (`{ python,
 * notebookVersion, nbclientVersion, … }`), or prints `setup: FAILED: …` and exits with 1.
 * @param {Parameters<typeof setup>[0]} [options]
 */
export function setupOrExit(options = {}) {
  try {
    return setup(options);
  } catch (error) {
    console.error(`setup: FAILED: ${errorMessage(error)}`);
    process.exit(1);
  }
}
