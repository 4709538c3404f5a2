// @ts-check
// CSV cells that a spreadsheet opens as text, never as a formula (OWASP "CSV injection"):
//
//   csvCell("=HYPERLINK(…)")   → '=HYPERLINK(…)     (a leading =, +, -, @, tab or CR gets a ' in front)
//   csvCell('say "hi", bob')   → "say ""hi"", bob"  (RFC 4180 quoting when needed)
//   csvCell(-1.5)              → -1.5               (a finite number is a number, not text)
//   csvRow(["alice", 0.978])   → alice,0.978
//
// Used for every CSV the grader writes from names and texts a student controls (the file name is the
// student's name). Plain JavaScript (scripts run without a build), checked by `npm run typecheck`.

/** Characters that make a spreadsheet read a text cell as a formula (or a DDE command) when they come first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: "" for undefined and null; a finite number as it is; any other value as text, with
 * a ' in front when it starts like a formula, quoted (RFC 4180) when it holds a quote, a comma or a
 * line break.
 * @param {unknown} value
 * @returns {string}
 */
export function csvCell(value) {
  if (value === undefined || value === null) return "";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV line (without the line break): the cells of `values`, separated by commas.
 * @param {readonly unknown[]} values
 * @returns {string}
 */
export function csvRow(values) {
  return values.map(csvCell).join(",");
}
