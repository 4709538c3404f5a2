/**
 * The kernel's Web Worker: compiles each cell with `typescript` (`compile.ts`), runs it in this
 * worker's global scope, and posts its output to the page (`kernel.ts`): `console.log` and
 * `console.error` as stdout/stderr streams, nnlib's `show`/`LivePlot` as display messages (the
 * same MIME bundles as in Node: plotly JSON, HTML, text), the last expression's value as the
 * result, an exception as a Jupyter error.
 *
 * `import … from "nnlib"` (and its subpaths) is answered from the nnlib bundled here
 * (lib/src/browser.ts picks the browser platform: data fetched from the site).
 */
// First: installs nnlib's browser platform before any nnlib module is evaluated.
import { host, post } from "./host";
import ts from "typescript";
import { NNLIB_MODULES, NNLIB_VERSION } from "nnlib-modules";
import { CellSyntaxError, compileCell } from "./compile";
import { formatArgs, inspect } from "./inspect";
import { os, path } from "./node-shims";
import type { ExecuteOutcome, FromWorker, ToWorker } from "./protocol";

const BUILTIN_MODULES: Record<string, unknown> = { path, os, "node:path": path, "node:os": os };

/** The module a cell imports. */
function importModule(specifier: string): unknown {
  const found = NNLIB_MODULES[specifier] ?? BUILTIN_MODULES[specifier];
  if (found !== undefined) return found;
  const known = [...Object.keys(NNLIB_MODULES), "path", "os"].map((name) => `"${name}"`).join(", ");
  throw new Error(`Cannot find module "${specifier}": in the browser a cell can import ${known}.`);
}

const globals = globalThis as unknown as Record<string, unknown>;
globals.__tslab_import = importModule;
globals.__tslab_default = (m: unknown) => (m !== null && typeof m === "object" && "default" in m ? (m as { default: unknown }).default : m);

const stream = (name: "stdout" | "stderr") => (...args: unknown[]) => post({ type: "stream", name, text: `${formatArgs(args)}\n` });
console.log = stream("stdout");
console.info = stream("stdout");
console.debug = stream("stdout");
console.warn = stream("stderr");
console.error = stream("stderr");

function init(assetsUrl: string, workingDir: string): void {
  host.assetsUrl = assetsUrl;
  host.workingDir = workingDir;
  host.version = NNLIB_VERSION;
}

/** The error's first line, then the frames in the cell's own code (`cell:line:column` of the compiled cell). */
function traceback(error: unknown): string[] {
  if (!(error instanceof Error)) return [`Uncaught ${inspect(error)}`];
  const lines = (error.stack ?? "").split("\n");
  const frames = lines
    .filter((l) => /^\s+at /.test(l) && l.includes("<anonymous>"))
    .map((l) => l.replace(/\(eval at [^)]*\), <anonymous>:/, "(cell:").replace(/eval at [^)]*\), <anonymous>:/, "cell:"));
  return [`${error.name}: ${error.message}`, ...frames];
}

async function execute(code: string): Promise<ExecuteOutcome> {
  let compiled;
  try {
    compiled = compileCell(ts, code);
  } catch (e) {
    if (!(e instanceof CellSyntaxError)) throw e;
    const evalue = `${e.message} (line ${e.line}, column ${e.column})`;
    return { status: "error", ename: "SyntaxError", evalue, traceback: [`SyntaxError: ${evalue}`] };
  }
  try {
    if (compiled.names.length > 0) (0, eval)(`var ${compiled.names.join(", ")};`);
    const value: unknown = await (0, eval)(compiled.code);
    if (!compiled.hasResult || value === undefined) return { status: "ok" };
    return { status: "ok", result: { data: { "text/plain": inspect(value) }, metadata: {} } };
  } catch (e) {
    const ename = e instanceof Error ? e.name : "Error";
    const evalue = e instanceof Error ? e.message : inspect(e);
    return { status: "error", ename, evalue, traceback: traceback(e) };
  }
}

/** Names of the worker's globals (what the cells declared and imported) that start with the word at the cursor. */
function complete(code: string, cursor: number): FromWorker {
  const before = code.slice(0, cursor);
  const word = /[A-Za-z_$][\w$]*$/.exec(before)?.[0] ?? "";
  const names = Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith(word) && !n.startsWith("__tslab"));
  return { type: "completions", id: 0, matches: names.sort(), start: cursor - word.length, end: cursor };
}

let queue: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "init") {
    init(message.assetsUrl, message.workingDir);
    // Which kernels nnlib runs on here ("wasm" unless WebAssembly SIMD is missing): in the banner.
    const kernels = NNLIB_MODULES["nnlib/kernels"] as { getBackend?: () => string } | undefined; // setBackend/getBackend: nnlib/kernels
    let backend: string;
    try {
      backend = kernels?.getBackend?.() ?? "unknown";
    } catch (e) {
      backend = `unknown (${e instanceof Error ? e.message : String(e)})`;
    }
    post({ type: "ready", typescriptVersion: ts.version, nnlibVersion: NNLIB_VERSION, backend });
  } else if (message.type === "execute") {
    // Cells run one after the other, even if the page sent the next before this one ended.
    queue = queue.then(async () => post({ type: "reply", id: message.id, outcome: await execute(message.code) }));
  } else if (message.type === "complete") {
    post({ ...complete(message.code, message.cursor), id: message.id } as FromWorker);
  }
};
