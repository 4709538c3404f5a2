/**
 * A small CSV reader for the course's own data files (comma-separated, first line = header,
 * fields may be "quoted", a quote inside quotes is written twice).
 */
import { platform } from "../platform";

/** One row: column name → text of the field. */
export type CsvRow = Record<string, string>;

/** Parses CSV text into rows keyed by the header's column names. */
export function parseCsv(text: string, source = "CSV"): CsvRow[] {
  const lines = splitRecords(text.replace(/^\uFEFF/, ""));
  if (lines.length === 0) throw new Error(`${source}: the file is empty; expected a header line.`);
  const header = lines[0];
  return lines.slice(1).map((fields, k) => {
    if (fields.length !== header.length) {
      throw new Error(
        `${source}: line ${k + 2} has ${fields.length} fields but the header has ${header.length} (${header.join(", ")}).`,
      );
    }
    const row: CsvRow = {};
    header.forEach((name, j) => (row[name] = fields[j]));
    return row;
  });
}

/** Splits CSV text into records (arrays of fields), honouring quotes; blank lines are skipped. */
export function splitRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') {
        field += '"';
        k++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[k + 1] === "\n") k++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== "") records.push(fields);
      fields = [];
      field = "";
    } else {
      field += ch;
    }
  }
  fields.push(field);
  if (fields.length > 1 || fields[0] !== "") records.push(fields);
  return records;
}

/** A number from a CSV field; a field that is not a finite number is a clear error. */
export function csvNumber(row: CsvRow, column: string, source: string): number {
  const text = row[column];
  const value = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isFinite(value)) {
    throw new Error(`${source}: column "${column}" holds "${text}", which is not a number.`);
  }
  return value;
}

/** The repository's `data/` folder (on Node; in the browser the site's copy of it). */
export function dataDir(): string {
  return platform().dataFileLocation(".");
}

/**
 * The course's data file `data/<file>` (bytes); a missing file is an error naming where it was
 * looked for (`missing` words it).
 */
export function readDataFile(
  file: string,
  missing: (where: string) => string = (where) => `Data file not found: ${where}. Hint: run the course from a full clone of the repository.`,
): Uint8Array {
  const bytes = platform().readDataFile(file);
  if (bytes === undefined) throw new Error(missing(platform().dataFileLocation(file)));
  return bytes;
}

/** The text (UTF-8) of the course's data file `data/<file>`; a missing file names the path it looked at. */
export function readDataText(file: string): string {
  return new TextDecoder().decode(readDataFile(file));
}

/** Reads and parses `data/<file>`; a missing file names the path it looked at. */
export function readDataCsv(file: string): CsvRow[] {
  return parseCsv(readDataText(file), file);
}
