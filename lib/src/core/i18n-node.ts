/**
 * The library's messages under Node: catalogues read from `lib/locales/<lang>.po` (next to `src/`
 * and `dist/`), and the language taken from the environment variable `NNLIB_LANG` (e.g.
 * `NNLIB_LANG=ru`, set by `npm start -- --lang ru`). Imported once by the Node entry points.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setCatalogSource, setLanguage } from "./i18n";

setCatalogSource((language) => {
  try {
    return readFileSync(join(__dirname, "..", "..", "locales", `${language}.po`), "utf8");
  } catch {
    return null;
  }
});

const fromEnvironment = process.env.NNLIB_LANG;
if (fromEnvironment) setLanguage(fromEnvironment);
