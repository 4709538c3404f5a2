/**
 * How the library's errors show in a notebook: the message first, then the student's own lines.
 *
 * tslab (1.0.22, unmaintained; we cannot change it) runs a cell with `vm.runInThisContext` and
 * prints an uncaught error with `console.error(error)` on stderr. Two things then bury the message:
 * - Node "decorates" an error that leaves `runInThisContext` by putting the source line of the
 *   `throw` above its stack — for a library error, a line of `lib/dist/…/*.js` and a caret;
 * - the stack lists the library's frames and then about eight frames of Node and tslab.
 *
 * When the library runs inside tslab (tslab's executor sets `globalThis.__tslab__` before the first
 * cell), `installNotebookStackTraces` sets V8's `Error.prepareStackTrace` hook so that an error
 * raised while a cell runs keeps only the cells' frames (`evalmachine.<anonymous>`), and an error
 * thrown inside the library also loses Node's source excerpt (its `stack` becomes an accessor that
 * ignores the decorated copy Node writes back). What a student sees:
 *
 * ```
 * Error: matmul: shapes 1×3 and 2×2 do not fit: … Hint: A·B needs A.cols = B.rows; …
 *     at evalmachine.<anonymous>:5:31
 * ```
 *
 * The message still goes to stderr (tslab prints it there), so a notebook test still fails on it.
 * Errors that do not come from a cell (tslab's own, a timer's) are formatted as before.
 */

/** V8's call-site object (the parts used here). */
interface CallSite {
  getFileName(): string | null | undefined;
  toString(): string;
}

type PrepareStackTrace = (error: Error, frames: CallSite[]) => unknown;

/** The file name V8 gives the code of a cell run by `vm.runInThisContext` (tslab passes no file name). */
const CELL_FILE = "evalmachine.<anonymous>";

/** The folder of the library's modules (lib/dist, or lib/src under the tests), from this module's own path. */
function libraryRoot(): string | undefined {
  if (typeof __filename !== "string") return undefined; // bundled for a browser: no tslab there
  return __filename.replace(/[\\/]core[\\/][^\\/]+$/, "");
}

const isCellFrame = (f: CallSite): boolean => f.getFileName() === CELL_FILE;

/**
 * The hook: for an error raised in a cell, its header (as Node writes it) and the cells' frames only;
 * `previous` formats everything else. A library error's stack is also shielded from Node's source
 * excerpt. Exported for the tests.
 */
export function notebookStackTrace(previous: PrepareStackTrace | undefined, root: string | undefined): PrepareStackTrace {
  const fallback = (error: Error, frames: CallSite[]): unknown =>
    previous ? previous(error, frames) : [String(error), ...frames.map((f) => `    at ${f}`)].join("\n");
  return (error, frames) => {
    if (!Array.isArray(frames) || !frames.some(isCellFrame)) return fallback(error, frames);
    const header = String(fallback(error, []));
    const text = [header, ...frames.filter(isCellFrame).map((f) => `    at ${f}`)].join("\n");
    const top = frames[0]?.getFileName();
    if (root !== undefined && typeof top === "string" && top.startsWith(root)) shieldFromSourceExcerpt(error, text);
    return text;
  };
}

/**
 * Makes `error.stack` an accessor whose setter ignores Node's decorated copy (the source excerpt
 * followed by the stack), so that the message stays the first line. Any other assignment is kept.
 */
function shieldFromSourceExcerpt(error: Error, text: string): void {
  let stack = text;
  try {
    Object.defineProperty(error, "stack", {
      configurable: true,
      enumerable: false,
      get: () => stack,
      set: (v: unknown) => {
        if (typeof v === "string" && v !== stack && v.endsWith(`\n${stack}`)) return; // Node's decoration
        stack = String(v);
      },
    });
  } catch {
    // a frozen error keeps Node's default display
  }
}

let uninstall: (() => void) | undefined;

/**
 * Installs the hook (once); returns a function that removes it. Called when the library is loaded
 * inside tslab; the tests call it themselves.
 */
export function installNotebookStackTraces(): () => void {
  if (uninstall !== undefined) return uninstall;
  const E = Error as unknown as { prepareStackTrace?: PrepareStackTrace };
  const previous = E.prepareStackTrace;
  const hook = notebookStackTrace(previous, libraryRoot());
  E.prepareStackTrace = hook;
  uninstall = () => {
    if (E.prepareStackTrace === hook) E.prepareStackTrace = previous;
    uninstall = undefined;
  };
  return uninstall;
}

/** Whether this process is a tslab kernel (its executor sets `__tslab__` before running any cell). */
export function insideTslab(): boolean {
  return (globalThis as { __tslab__?: unknown }).__tslab__ !== undefined;
}

if (insideTslab()) installNotebookStackTraces();
