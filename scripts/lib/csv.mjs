// @ts-check
// CSV cells and rows that a spreadsheet opens as plain data (the gradebook, the class leaderboard),
// and `parseCsv`, the reader of the course's own CSV files (locales/glossary.csv).
//
//   csvCell("=HYPERLINK(\"http://x\";\"ok\")")   → "'=HYPERLINK(""http://x"";""ok"")"
//   csvRow(["alice", 0.978, "pass"])              → alice,0.978,pass
//
// Quoting follows RFC 4180: a cell holding a comma, a double quote, a line break or a leading or
// trailing space is put in double quotes, its double quotes doubled. A TEXT cell starting with
// "=", "+", "-", "@", a tab or a carriage return would be run as a formula by Excel, LibreOffice
// and Google Sheets ("CSV injection"): it gets a leading apostrophe, which spreadsheets show as
// text and do not run. Numbers are written as they are (a negative number is not a formula), so
// pass numbers as numbers and names as strings. undefined and null are empty cells.

/** Characters that make a spreadsheet read a text cell as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: `value` as text, neutralised when it could be read as a formula and quoted when
 * needed. Numbers (finite or not), booleans and bigints are written as they are.
 * @param {unknown} value
 * @returns {string}
 */
export function csvCell(value) {
  if (value === undefined || value === null) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One line of cells joined by commas, without the line ending (join rows with "\n").
 * @param {readonly unknown[]} values
 * @returns {string}
 */
export function csvRow(values) {
  return values.map(csvCell).join(",");
}

/**
 * The fields of CSV text (RFC 4180: quotes around fields holding commas, quotes or line breaks;
 * "" is a quote).
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}
