/**
 * The messages between the kernel (page, `kernel.ts`) and its Web Worker (`worker.ts`).
 * One `execute` at a time: the page waits for its `reply` before sending the next.
 */

/** What the worker needs to know, sent once before any cell. */
export interface InitMessage {
  type: "init";
  /** Absolute URL of the site's `nnlib/` folder (data, MNIST, kernels.wasm, plotly.min.js). */
  assetsUrl: string;
  /** The notebook's folder in the file browser, e.g. `"/"` (relative paths in cells start here). */
  workingDir: string;
}

/** Run one cell. */
export interface ExecuteMessage {
  type: "execute";
  id: number;
  code: string;
}

/** Complete a name at `cursor` in `code`. */
export interface CompleteMessage {
  type: "complete";
  id: number;
  code: string;
  cursor: number;
}

export type ToWorker = InitMessage | ExecuteMessage | CompleteMessage;

/** A MIME bundle with its metadata, as in `display_data`. */
export interface Bundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** How a cell ended. */
export type ExecuteOutcome =
  | { status: "ok"; result?: Bundle }
  | { status: "error"; ename: string; evalue: string; traceback: string[] };

export type FromWorker =
  | { type: "ready"; typescriptVersion: string; nnlibVersion: string; backend: string }
  | { type: "stream"; name: "stdout" | "stderr"; text: string }
  | { type: "display"; bundle: Bundle; displayId?: string; update: boolean }
  | { type: "reply"; id: number; outcome: ExecuteOutcome }
  | { type: "completions"; id: number; matches: string[]; start: number; end: number };
