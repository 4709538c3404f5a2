/**
 * Tables: the few things the course does with danfojs (a pandas-like DataFrame library), behind
 * small tested helpers, because danfojs itself is no longer developed.
 *
 * - `readCsvFrame(path)`: a CSV file as a `DataFrame` (numbers become numbers, empty fields
 *   become `null`), read synchronously;
 * - `frameToMatrix(df, columns)` / `matrixToFrame(m, columns)`: between a `DataFrame` and the
 *   course's `Matrix`, columns selected by name, with errors that name the column and row of a
 *   missing or non-numeric value;
 * - `showTable(df, { rows, digits })`: a `DataFrame` as an HTML table in the notebook, e.g.
 *   `showTable(df, { rows: 5 })` for the head or `showTable(df.describe())` for a summary.
 *
 * danfojs-node is loaded on first use, not when `nnlib` is imported (loading it takes about
 * 1.5 s, most of it TensorFlow.js). `danfo()` gives the whole library for anything else.
 */
import type { DataFrame } from "danfojs-node";
import { splitRecords } from "./csv";
import { Matrix, shapeOf } from "../core/matrix";
import { type DisplayBundle, currentSession, escapeHtml } from "../display/bundle";
import { currentTransport } from "../display/transport";
import { platform } from "../platform";

export type { DataFrame } from "danfojs-node";

/** The danfojs-node module (`DataFrame`, `Series`, `concat`, …) as `danfo()` returns it. */
export type Danfo = typeof import("danfojs-node");

/**
 * The danfojs-node library, loaded on the first call (about 1.5 s) and cached.
 *
 * ```ts
 * const dfd = danfo();
 * const df = new dfd.DataFrame({ a: [1, 2], b: [3, 4] });
 * ```
 */
export function danfo(): Danfo {
  return platform().loadDanfo();
}

/** A cell of a table read by `readCsvFrame`: a number, a text, or `null` for an empty field. */
export type CellValue = number | string | null;

/**
 * Reads a CSV file (first line = header, comma-separated, fields may be "quoted") into a
 * `DataFrame`. A field that is a number becomes a number, an empty field becomes `null`
 * (missing), anything else stays text. Synchronous, unlike danfojs' own `readCSV`.
 *
 * @param file path of the file (for the course's data: `path.join(dataDir(), "x.csv")`).
 */
export function readCsvFrame(file: string): DataFrame {
  const files = platform().files;
  if (!files.exists(file)) {
    throw new Error(`readCsvFrame: file not found: ${file}. Hint: give an absolute path, or one relative to ${files.resolve(".")}.`);
  }
  const { header, records } = parseRecords(files.readText(file), file);
  const rows = records.map((fields) => fields.map(toCell));
  return new (danfo().DataFrame)(rows, { columns: header });
}

/** Header and data records of CSV text, every record checked against the header's length. */
function parseRecords(text: string, source: string): { header: string[]; records: string[][] } {
  const records = splitRecords(text.replace(/^\uFEFF/, ""));
  if (records.length === 0) throw new Error(`${source}: the file is empty; expected a header line.`);
  const header = records[0];
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new Error(`${source}: the header names column "${name}" twice; column names must be unique.`);
    seen.add(name);
  }
  const data = records.slice(1);
  data.forEach((fields, k) => {
    if (fields.length !== header.length) {
      throw new Error(
        `${source}: record ${k + 2} has ${fields.length} fields but the header has ${header.length} (${header.join(", ")}).`,
      );
    }
  });
  return { header, records: data };
}

/** A CSV field as a cell: number, `null` when empty, else the text. */
function toCell(field: string): CellValue {
  const trimmed = field.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : field;
}

/** Row `i` of a frame as text for error messages: position and, when it differs, index label. */
function rowName(df: DataFrame, i: number): string {
  const label = df.index[i];
  return String(label) === String(i) ? `row ${i}` : `row ${i} (index label "${String(label)}")`;
}

/** A value as error messages show it. */
function showValue(v: unknown): string {
  if (typeof v === "string") return `the text "${v}"`;
  if (v === null || v === undefined) return String(v);
  return `${typeof v} ${String(v)}`;
}

/**
 * The selected columns of a `DataFrame` as a `Matrix` (one row per frame row, columns in the
 * order given). Without `columns`, all of them.
 *
 * Every value must be a finite number: a missing value (`null`, `undefined`, `NaN`, empty text)
 * or a non-numeric one (text, boolean, ±Infinity) is an error that names the column and row.
 *
 * ```ts
 * const x = frameToMatrix(df, ["RM", "LSTAT"]);  // n × 2
 * ```
 */
export function frameToMatrix(df: DataFrame, columns?: readonly string[]): Matrix {
  const all = df.columns;
  const selected = columns === undefined ? all : [...columns];
  if (selected.length === 0) {
    throw new Error(`frameToMatrix: no columns selected. Hint: pass column names from ${JSON.stringify(all)}, or omit them for all.`);
  }
  const positions = selected.map((name) => {
    const j = all.indexOf(name);
    if (j < 0) {
      throw new Error(
        `frameToMatrix: the frame has no column "${name}"; its columns are ${JSON.stringify(all)}. Hint: names are case-sensitive.`,
      );
    }
    return j;
  });
  const [rows] = df.shape;
  const values = df.values as unknown[][];
  const out = new Matrix(rows, selected.length);
  for (let i = 0; i < rows; i++) {
    const row = values[i];
    positions.forEach((j, c) => {
      const v = row[j];
      if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) || v === "") {
        throw new Error(
          `frameToMatrix: column "${selected[c]}", ${rowName(df, i)} is missing (${v === "" ? "empty text" : String(v)}). ` +
            `Expected a finite number in every selected row. Hint: drop such rows (df.dropNa()) or fill them (df.fillNa(value)) first.`,
        );
      }
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(
          `frameToMatrix: column "${selected[c]}", ${rowName(df, i)} holds ${showValue(v)}, which is not a finite number. ` +
            `Hint: leave the column out (columns: [...]) or encode it as numbers first (e.g. one-hot).`,
        );
      }
      out.data[i * out.cols + c] = v;
    });
  }
  return out;
}

/**
 * A `Matrix` as a `DataFrame`, one column per matrix column. Without `columns` the columns are
 * named "0", "1", … as danfojs does.
 */
export function matrixToFrame(m: Matrix, columns?: readonly string[]): DataFrame {
  if (!(m instanceof Matrix)) throw new Error(`matrixToFrame: expected a Matrix, got ${showValue(m)}.`);
  const names = columns === undefined ? Array.from({ length: m.cols }, (_, j) => String(j)) : [...columns];
  if (names.length !== m.cols) {
    throw new Error(
      `matrixToFrame: the matrix is ${shapeOf(m)} (${m.cols} columns) but ${names.length} column names were given (${JSON.stringify(names)}). Hint: give one name per column.`,
    );
  }
  if (new Set(names).size !== names.length) {
    throw new Error(`matrixToFrame: column names must be unique, got ${JSON.stringify(names)}.`);
  }
  return new (danfo().DataFrame)(m.toArray(), { columns: names });
}

/** Options of `showTable` and `tableHtml`. */
export interface TableOptions {
  /** Show only the first `rows` rows (the head); default 10. `Infinity` shows all. */
  rows?: number;
  /** Decimals of numbers that are not whole; default 3. Columns of whole numbers show none. */
  digits?: number;
  /** A caption above the table. */
  caption?: string;
}

/** Rows shown and decimals after checking the options. */
function tableSettings(df: DataFrame, options: TableOptions, what: string): { shown: number; digits: number } {
  const rows = options.rows ?? 10;
  const digits = options.digits ?? 3;
  if (!(rows >= 0) || (Number.isFinite(rows) && !Number.isInteger(rows))) {
    throw new Error(`${what}: rows must be a whole number ≥ 0 (or Infinity), got ${rows}.`);
  }
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) {
    throw new Error(`${what}: digits must be a whole number from 0 to 15, got ${digits}.`);
  }
  return { shown: Math.min(rows, df.shape[0]), digits };
}

/** The shown cells as text, numbers formatted per column. */
function formatCells(df: DataFrame, shown: number, digits: number): string[][] {
  const values = (df.values as unknown[][]).slice(0, shown);
  const cols = df.columns.length;
  const cells: string[][] = values.map(() => new Array<string>(cols));
  for (let j = 0; j < cols; j++) {
    const column = values.map((row) => row[j]);
    const whole = column.every((v) => typeof v !== "number" || Number.isInteger(v) || !Number.isFinite(v));
    column.forEach((v, i) => {
      if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) cells[i][j] = "NaN";
      else if (typeof v === "number") cells[i][j] = whole || !Number.isFinite(v) ? String(v) : v.toFixed(digits);
      else cells[i][j] = String(v);
    });
  }
  return cells;
}

/** The HTML table that `showTable` sends (index labels in the first column, header in bold). */
export function tableHtml(df: DataFrame, options: TableOptions = {}): string {
  const { shown, digits } = tableSettings(df, options, "tableHtml");
  const cells = formatCells(df, shown, digits);
  const index = df.index.slice(0, shown);
  const numeric = df.columns.map((_, j) => cells.every((row) => /^-?[\d.]+(e[+-]?\d+)?$|^NaN$|^-?Infinity$/.test(row[j])));
  const pad = "padding:2px 8px;border-bottom:1px solid #ddd";
  const th = (text: string, align = "right") => `<th style="text-align:${align};${pad}">${escapeHtml(text)}</th>`;
  const lines = ['<table class="nnlib-table" style="border-collapse:collapse;border:1px solid #bbb;font-family:monospace;font-size:13px">'];
  if (options.caption !== undefined) lines.push(`<caption style="text-align:left">${escapeHtml(options.caption)}</caption>`);
  lines.push(`<thead><tr>${th("")}${df.columns.map((c, j) => th(c, numeric[j] ? "right" : "left")).join("")}</tr></thead>`, "<tbody>");
  cells.forEach((row, i) => {
    const tds = row.map((text, j) => `<td style="text-align:${numeric[j] ? "right" : "left"};${pad}">${escapeHtml(text)}</td>`);
    lines.push(`<tr>${th(String(index[i]))}${tds.join("")}</tr>`);
  });
  lines.push("</tbody>", "</table>");
  const [rows, cols] = df.shape;
  const hidden = rows - shown;
  lines.push(
    `<p style="font-family:monospace;font-size:12px;color:#555">${rows} rows × ${cols} columns${hidden > 0 ? ` (first ${shown} shown)` : ""}</p>`,
  );
  return lines.join("\n");
}

/** The table as aligned plain text (the `text/plain` part of `showTable`'s output). */
export function tableText(df: DataFrame, options: TableOptions = {}): string {
  const { shown, digits } = tableSettings(df, options, "tableText");
  const cells = formatCells(df, shown, digits);
  const grid = [["", ...df.columns], ...cells.map((row, i) => [String(df.index[i]), ...row])];
  const widths = grid[0].map((_, j) => Math.max(...grid.map((row) => row[j].length)));
  const lines = grid.map((row) => row.map((text, j) => text.padStart(widths[j])).join("  "));
  if (options.caption !== undefined) lines.unshift(options.caption);
  const [rows, cols] = df.shape;
  lines.push(`[${rows} rows × ${cols} columns${rows > shown ? `, first ${shown} shown` : ""}]`);
  return lines.join("\n");
}

/**
 * Shows a `DataFrame` in the notebook as an HTML table (with a plain-text copy), through the
 * same display transport as `show(figure)`; outside a notebook it prints the text table.
 *
 * ```ts
 * showTable(df, { rows: 5, digits: 3 });   // the first 5 rows
 * showTable(df.describe());                 // count, mean, std, min, median, max, variance
 * ```
 *
 * Note: danfojs' `describe()` reports the SAMPLE standard deviation (divides by n − 1), as
 * pandas does; `Standardizer` uses the population one (n), as numpy's `std` and Keras do.
 */
export function showTable(df: DataFrame, options: TableOptions = {}): void {
  if (df === null || typeof df !== "object" || !Array.isArray(df.columns) || !Array.isArray(df.shape)) {
    throw new Error(`showTable: expected a DataFrame, got ${showValue(df)}. Hint: make one with readCsvFrame(...) or matrixToFrame(...).`);
  }
  const html = tableHtml(df, options);
  const text = tableText(df, options);
  const name = "table";
  const bundle: DisplayBundle = {
    data: { "text/html": html, "text/plain": text },
    metadata: { nnlib: { name, id: currentSession().nextId(name) } },
  };
  currentTransport().display(bundle);
}
