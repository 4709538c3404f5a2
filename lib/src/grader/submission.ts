/**
 * Reading a homework submission WITHOUT running it: a JSON configuration file, or the student's
 * notebook, whose cell with id `config` holds `const config: HomeworkConfig = { … };`.
 *
 * The object literal is read by a tiny parser of a JSON5-like subset — objects, arrays, strings
 * ('…' or "…"), numbers (1e-3, .5, -2, 1_000), true/false/null, unquoted keys, trailing commas,
 * // and /* *\/ comments — not by evaluating TypeScript. Why not `vm` with no globals and a
 * timeout: that still RUNS the student's code (Node's `vm` is not a security boundary —
 * `this.constructor.constructor("return process")()` escapes it), while a parser can only
 * produce plain data, and it reports the exact line and column of a mistake. The price: the
 * literal may not use expressions (`0.1 / 2`, variables, spreads); the error says so.
 */
import * as fs from "fs";
import * as path from "path";

/** A submission that cannot be read (the grader's exit code 2). */
export class SubmissionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SubmissionError";
  }
}

/** The cell id of the configuration cell in notebook 08. */
export const CONFIG_CELL_ID = "config";

class Parser {
  i = 0;
  constructor(readonly s: string, readonly where: string, readonly lineOffset = 0) {}

  pos(at = this.i): string {
    const before = this.s.slice(0, at);
    const line = before.split("\n").length + this.lineOffset;
    const col = at - before.lastIndexOf("\n");
    return `${this.where}, line ${line}, column ${col}`;
  }

  fail(msg: string, at = this.i): never {
    throw new SubmissionError(`${this.pos(at)}: ${msg}`);
  }

  skip(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF") this.i++;
      else if (this.s.startsWith("//", this.i)) {
        const e = this.s.indexOf("\n", this.i);
        this.i = e < 0 ? this.s.length : e + 1;
      } else if (this.s.startsWith("/*", this.i)) {
        const e = this.s.indexOf("*/", this.i + 2);
        if (e < 0) this.fail("unclosed /* comment");
        this.i = e + 2;
      } else return;
    }
  }

  value(depth = 0): unknown {
    if (depth > 20) this.fail("nested too deeply");
    this.skip();
    const c = this.s[this.i];
    if (c === undefined) this.fail("unexpected end: a value is missing");
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"' || c === "'") return this.string();
    if (c === "`") this.fail("template strings are not allowed; use \"…\"");
    if (/[-+.0-9]/.test(c)) return this.number();
    const word = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i))?.[0];
    if (word === "true" || word === "false" || word === "null") {
      this.i += word.length;
      return word === "true" ? true : word === "false" ? false : null;
    }
    if (word !== undefined) this.fail(`"${word}" is not a plain value: only numbers, strings, true/false/null, { … } and [ … ] are read (no variables or function calls)`);
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    this.i++; // {
    for (;;) {
      this.skip();
      if (this.s[this.i] === "}") {
        this.i++;
        return { ...out };
      }
      if (this.s.startsWith("...", this.i)) this.fail("spread (...) is not allowed; write every field out");
      let key: string;
      const c = this.s[this.i];
      if (c === '"' || c === "'") key = this.string();
      else {
        const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i));
        if (!m) this.fail(`expected a field name or "}"`);
        key = m[0];
        this.i += key.length;
      }
      if (key === "__proto__" || key === "constructor" || key === "prototype") this.fail(`field name "${key}" is not allowed`);
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`field "${key}" is given twice`);
      this.skip();
      if (this.s[this.i] !== ":") this.fail(`expected ":" after field "${key}"`);
      this.i++;
      out[key] = this.value(depth + 1);
      this.skip();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "}") this.fail(`expected "," or "}" after the value of "${key}"`);
    }
  }

  array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++; // [
    for (;;) {
      this.skip();
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      if (out.length >= 10000) this.fail("array too long");
      out.push(this.value(depth + 1));
      this.skip();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "]") this.fail(`expected "," or "]"`);
    }
  }

  string(): string {
    const q = this.s[this.i];
    const start = this.i;
    let out = "";
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || c === "\n") this.fail("unterminated string", start);
      this.i++;
      if (c === q) return out;
      if (c === "\\") {
        const e = this.s[this.i++];
        const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "0": "\0", "\\": "\\", "'": "'", '"': '"', "/": "/" };
        if (e === "u") {
          const hex = this.s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("bad \\u escape");
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 4;
        } else if (e !== undefined && map[e] !== undefined) out += map[e];
        else this.fail(`unknown escape \\${e ?? ""}`);
      } else out += c;
    }
  }

  number(): number {
    const m = /^[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.fail("bad number");
    const text = m[0];
    this.i += text.length;
    if (/^[\w$]/.test(this.s[this.i] ?? "")) this.fail(`bad number "${text}${this.s[this.i]}"`);
    const after = this.s.slice(this.i).replace(/^[ \t]+/, "");
    if (/^[-+*/%]/.test(after) && !after.startsWith("//") && !after.startsWith("/*")) {
      this.fail(`arithmetic is not read (write the result, e.g. 0.05 instead of 0.1 / 2)`);
    }
    const v = Number(text.replace(/_/g, ""));
    if (!Number.isFinite(v)) this.fail(`number ${text} is not finite`);
    return v;
  }
}

/** Parses one JSON5-like value from the start of `text` (see the module comment); returns it and where it ended. */
export function parseLiteral(text: string, where = "config", lineOffset = 0): { value: unknown; end: number } {
  const p = new Parser(text, where, lineOffset);
  const value = p.value();
  return { value, end: p.i };
}

/** The value of a whole text holding one JSON5-like value (nothing else but comments). */
export function parseConfigText(text: string, where = "config"): unknown {
  const p = new Parser(text, where);
  const value = p.value();
  p.skip();
  if (p.i < text.length) p.fail("unexpected text after the configuration");
  return value;
}

/**
 * The configuration object literal in a code cell: the value after `const config` (with or
 * without a type annotation) and `=`. Nothing of the cell is run.
 */
export function extractConfigFromSource(source: string, where = `cell "${CONFIG_CELL_ID}"`): unknown {
  const m = /\b(?:const|let|var)\s+config\b\s*(?::\s*[A-Za-z_$][\w$.<>]*\s*)?=\s*/.exec(source);
  if (!m) throw new SubmissionError(`${where}: no "const config: HomeworkConfig = { … }" found. Keep the cell's first statement as it was and edit only the values.`);
  const start = m.index + m[0].length;
  const lineOffset = source.slice(0, start).split("\n").length - 1;
  const { value } = parseLiteral(source.slice(start), where, lineOffset);
  return value;
}

/** The configuration in notebook JSON text: the cell with id `config` (or, failing that, the one cell declaring `const config`). */
export function extractConfigFromNotebook(notebookText: string, file = "notebook"): unknown {
  let nb: { cells?: { id?: string; cell_type?: string; source?: string | string[] }[] };
  try {
    nb = JSON.parse(notebookText) as typeof nb;
  } catch (e) {
    throw new SubmissionError(`${file}: not a notebook (invalid JSON: ${(e as Error).message}).`);
  }
  if (!nb || !Array.isArray(nb.cells)) throw new SubmissionError(`${file}: not a notebook (no "cells" list).`);
  const src = (c: { source?: string | string[] }) => (Array.isArray(c.source) ? c.source.join("") : (c.source ?? ""));
  const code = nb.cells.filter((c) => c.cell_type === "code");
  let cell = code.find((c) => c.id === CONFIG_CELL_ID);
  if (cell === undefined) {
    const declaring = code.filter((c) => /\b(?:const|let|var)\s+config\b/.test(src(c)));
    if (declaring.length !== 1) {
      throw new SubmissionError(
        `${file}: no code cell with id "${CONFIG_CELL_ID}"` +
          (declaring.length > 1 ? ` and ${declaring.length} cells declare "config" — keep the original configuration cell.` : ` and no cell declares "const config".`),
      );
    }
    cell = declaring[0];
  }
  return extractConfigFromSource(src(cell), `${file}, cell "${cell.id ?? "?"}"`);
}

/** Reads a submission file (`.json` configuration or `.ipynb` notebook) without changing or running it. */
export function readSubmission(file: string): { config: unknown; kind: "json" | "notebook" } {
  let text: string;
  try {
    if (!fs.statSync(file).isFile()) throw new Error("not a file");
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new SubmissionError(`${file}: cannot read the submission (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  if (text.length > 5_000_000) throw new SubmissionError(`${file}: too large for a submission (${text.length} characters).`);
  const name = path.basename(file);
  if (file.endsWith(".ipynb")) return { config: extractConfigFromNotebook(text, name), kind: "notebook" };
  return { config: parseConfigText(text, name), kind: "json" };
}
