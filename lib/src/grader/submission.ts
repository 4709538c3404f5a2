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

/**
 * Largest submission read, in bytes (checked on the file's size before anything is read). A
 * notebook 08 with all its outputs is well below 1 MB.
 */
export const MAX_SUBMISSION_BYTES = 16 * 2 ** 20;

/** Most characters of a submission's text a message quotes (a name, a word, a value). */
export const MAX_QUOTED = 20;

/**
 * `text` in double quotes for a message, cut to MAX_QUOTED characters ("…" marks the cut): a
 * message names the field it is about and never copies more of a file than that.
 */
export function quote(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/**
 * A message with every double-quoted text in it longer than MAX_QUOTED characters cut (see
 * `quote`), and at most `max` characters in all: for messages built elsewhere (e.g. the
 * configuration's validation) that quote a submitted value.
 */
export function capQuoted(message: string, max = 400): string {
  const capped = message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole: string, inner: string) => {
    if (inner.length <= MAX_QUOTED) return whole;
    return `"${inner.slice(0, MAX_QUOTED)}…"`;
  });
  return capped.length > max ? `${capped.slice(0, max)}…` : capped;
}

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
    if (word !== undefined) this.fail(`${quote(word)} is not a plain value: only numbers, strings, true/false/null, { … } and [ … ] are read (no variables or function calls)`);
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
      if (key === "__proto__" || key === "constructor" || key === "prototype") this.fail(`field name ${quote(key)} is not allowed`);
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`field ${quote(key)} is given twice`);
      this.skip();
      if (this.s[this.i] !== ":") this.fail(`expected ":" after field ${quote(key)}`);
      this.i++;
      out[key] = this.value(depth + 1);
      this.skip();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "}") this.fail(`expected "," or "}" after the value of ${quote(key)}`);
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
    if (/^[\w$]/.test(this.s[this.i] ?? "")) this.fail(`bad number ${quote(text + this.s[this.i])}`);
    const after = this.s.slice(this.i).replace(/^[ \t]+/, "");
    if (/^[-+*/%]/.test(after) && !after.startsWith("//") && !after.startsWith("/*")) {
      this.fail(`arithmetic is not read (write the result, e.g. 0.05 instead of 0.1 / 2)`);
    }
    const v = Number(text.replace(/_/g, ""));
    if (!Number.isFinite(v)) this.fail(`number ${quote(text)} is not finite`);
    return v;
  }
}

/** Parses one JSON5-like value from the start of `text` (see the module comment); returns it and where it ended. */
export function parseLiteral(text: string, where = "config", lineOffset = 0): { value: unknown; end: number } {
  const p = new Parser(text, where, lineOffset);
  const value = p.value();
  return { value, end: p.i };
}

/**
 * The value of a whole configuration file: one `{ … }` object (JSON5-like, see the module
 * comment) and nothing else but comments. A text that does not start with "{" is not a
 * configuration, and nothing of it is quoted.
 */
export function parseConfigText(text: string, where = "config"): unknown {
  const p = new Parser(text, where);
  p.skip();
  if (p.s[p.i] !== "{") p.fail(`not a configuration: a configuration file holds one object that starts with "{"`);
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

/**
 * Where strict JSON `text` first goes wrong, as an offset (text.length when it ends too early).
 * V8's JSON.parse messages quote the text around the mistake, which a message about a submission
 * must not do; this small validator gives the position alone.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  function fail(): never {
    throw i;
  }
  const literal = (word: string) => {
    if (!text.startsWith(word, i)) fail();
    i += word.length;
  };
  const string = () => {
    i++; // "
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail();
        }
      } else i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m[0].length;
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : -1;
  } catch (at) {
    if (typeof at !== "number") throw at;
    return at;
  }
}

/** "line L, column C" of an offset in `text` (both from 1). */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split("\n").length}, column ${offset - before.lastIndexOf("\n")}`;
}

type NotebookCell = { id?: unknown; cell_type?: unknown; source?: unknown };

/** The configuration in notebook JSON text: the cell with id `config` (or, failing that, the one cell declaring `const config`). */
export function extractConfigFromNotebook(notebookText: string, file = "notebook"): unknown {
  const notANotebook = (why: string) => new SubmissionError(`${file}: not a notebook (${why}).`);
  let nb: unknown;
  try {
    nb = JSON.parse(notebookText);
  } catch {
    const at = jsonErrorOffset(notebookText);
    const where = at >= notebookText.length ? "it ends too early" : `invalid JSON at ${lineColumn(notebookText, Math.max(0, at))}`;
    throw notANotebook(`${where}; a notebook is a JSON object that starts with "{"`);
  }
  if (nb === null || typeof nb !== "object" || Array.isArray(nb)) throw notANotebook(`a notebook is a JSON object that starts with "{"`);
  const cells = (nb as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) throw notANotebook(`no "cells" list`);
  cells.forEach((c: unknown, k) => {
    if (c === null || typeof c !== "object" || Array.isArray(c)) throw notANotebook(`cell ${k + 1} is not an object`);
    const { source } = c as NotebookCell;
    if (source !== undefined && typeof source !== "string" && !(Array.isArray(source) && source.every((l) => typeof l === "string"))) {
      throw notANotebook(`the source of cell ${k + 1} is not text`);
    }
  });
  const src = (c: NotebookCell) => (Array.isArray(c.source) ? c.source.join("") : typeof c.source === "string" ? c.source : "");
  const code = (cells as NotebookCell[]).filter((c) => c.cell_type === "code");
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
  const id = typeof cell.id === "string" ? quote(cell.id) : '"?"';
  return extractConfigFromSource(src(cell), `${file}, cell ${id}`);
}

/** Options of `readSubmission`. */
export interface ReadSubmissionOptions {
  /**
   * The folder the submission was handed in: its real path (links resolved) must be inside it.
   * Default: the folder holding the file.
   */
  folder?: string;
}

/** What kind of file system object `st` is, for a message. */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  return "not a regular file";
}

/**
 * Reads a submission file (`.json` configuration or `.ipynb` notebook) without changing or
 * running it. Only a regular file is read — never a symbolic link (checked with lstat, then
 * opened with O_NOFOLLOW and checked again on the open file), a device, a FIFO or a socket — and
 * only when its real path is inside `options.folder` (a linked folder on the way cannot lead
 * out of it), and its size is checked before anything is read. Nothing of a file that is not a
 * submission appears in the messages.
 */
export function readSubmission(file: string, options: ReadSubmissionOptions = {}): { config: unknown; kind: "json" | "notebook" } {
  const refuse = (why: string) => new SubmissionError(`${file}: ${why}`);
  const cannot = (e: unknown) => refuse(`cannot read the submission (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (e) {
    throw cannot(e);
  }
  const notRegular = (s: fs.Stats) =>
    s.isSymbolicLink()
      ? refuse("is a symbolic link, not the submission itself: only regular files are graded (collect copies of the files, e.g. with `node scripts/hub.mjs collect`).")
      : refuse(`is ${kindOf(s)}: only regular files are graded.`);
  if (!st.isFile()) throw notRegular(st);
  const tooLarge = (size: number) => refuse(`too large for a submission (${(size / 2 ** 20).toFixed(1)} MB; at most ${MAX_SUBMISSION_BYTES / 2 ** 20} MB).`);
  if (st.size > MAX_SUBMISSION_BYTES) throw tooLarge(st.size);
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);
  let fd: number;
  try {
    fd = fs.openSync(file, flags);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOOP") throw notRegular(fs.lstatSync(file));
    throw cannot(e);
  }
  let bytes: Buffer;
  try {
    const open = fs.fstatSync(fd);
    if (!open.isFile()) throw refuse(`is ${kindOf(open)}: only regular files are graded.`);
    if (open.ino !== st.ino || open.dev !== st.dev) throw refuse("changed while it was being read; grade it again.");
    if (open.size > MAX_SUBMISSION_BYTES) throw tooLarge(open.size);
    // Where the open file really is (/proc/self/fd on Linux): inside the folder it was handed in?
    const folder = fs.realpathSync(options.folder ?? path.dirname(file));
    let real: string;
    try {
      real = fs.realpathSync(`/proc/self/fd/${fd}`);
    } catch {
      real = fs.realpathSync(file);
    }
    if (!real.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)) {
      throw refuse(`is not inside the folder of submissions ${options.folder ?? path.dirname(file)} (a linked folder leads out of it): only files inside it are graded.`);
    }
    // One byte more than fstat said: a file that grows meanwhile is noticed, never read past the limit.
    bytes = Buffer.alloc(open.size + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < bytes.length; n += got) got = fs.readSync(fd, bytes, n, bytes.length - n, null);
    if (n > open.size) throw refuse("changed while it was being read; grade it again.");
    bytes = bytes.subarray(0, n);
  } catch (e) {
    if (e instanceof SubmissionError) throw e;
    throw cannot(e);
  } finally {
    fs.closeSync(fd);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw refuse("is not UTF-8 text: save the notebook or the configuration as UTF-8.");
  }
  const name = path.basename(file);
  if (file.endsWith(".ipynb")) return { config: extractConfigFromNotebook(text, name), kind: "notebook" };
  return { config: parseConfigText(text, name), kind: "json" };
}
