#!/usr/bin/env node
// Set-up of the course on a fresh clone. Plain Node ESM with no npm dependencies: it runs
// before `npm install`. Idempotent and fast when everything is done already; prints one line
// per step ("ok" or what it did).
//
//   node scripts/setup.mjs            # what `npm start` needs (a Jupyter the student has: see
//                                     # scripts/lib/find-jupyter.mjs; as root on Debian, installs one)
//   node scripts/setup.mjs --lab      # what `npm start -- --lab` needs (JupyterLab)
//   node scripts/setup.mjs --browser  # also Chromium + fonts and classic Notebook 6, for the browser test
//   node scripts/setup.mjs --hub      # also JupyterHub + configurable-http-proxy (`npm run hub`)
//
// Other scripts import it: `setup()`, `jupyterEnv()`, `findPython()`, `REPO`.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { choosePython, findOnPath, pathFor, probePython, pythonCandidates, satisfies } from "./lib/find-jupyter.mjs";
import { installHelp } from "./lib/install-jupyter.mjs";

/** Absolute path of the repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the project's Jupyter files live (kernelspec, config, runtime, data): never in ~. */
export const JUPYTER_DIR = join(REPO, "jupyter");
export const KERNEL_NAME = "tslab";
export const KERNEL_DISPLAY_NAME = "TypeScript (course)";
export const CHROMIUM = "/usr/bin/chromium";

const APT_JUPYTER = ["jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "python3-ipykernel"];
const APT_BROWSER = ["chromium", "fonts-dejavu-core"];
// JupyterHub 3.0 and configurable-http-proxy (Debian's node-configurable-http-proxy), only for
// `npm run hub`: `npm start` and `npm test` never need them.
const APT_HUB = ["jupyterhub", "node-configurable-http-proxy"];
export const JUPYTERHUB = "/usr/bin/jupyterhub";
export const CHP = "/usr/bin/configurable-http-proxy";
const DEJAVU_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/**
 * The environment for every Jupyter process of the project: the kernelspec is found in
 * `<repo>/jupyter/kernels`, and config, runtime and data files stay inside `<repo>/jupyter/`.
 */
export function jupyterEnv(base = process.env) {
  const env = { ...base };
  env.JUPYTER_PATH = JUPYTER_DIR;
  env.JUPYTER_CONFIG_DIR = join(JUPYTER_DIR, "config");
  env.JUPYTER_RUNTIME_DIR = join(JUPYTER_DIR, "runtime");
  env.JUPYTER_DATA_DIR = join(JUPYTER_DIR, "data");
  env.IPYTHONDIR = join(JUPYTER_DIR, "ipython");
  env.JUPYTER_PLATFORM_DIRS = "1";
  env.PYTHONDONTWRITEBYTECODE = "1";
  // pyenv's variables would make a shim pick another interpreter for a subprocess.
  delete env.PYENV_VERSION;
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  return env;
}

function log(step, message) {
  console.log(`setup: ${step.padEnd(10)} ${message}`);
}

function run(cmd, args, options = {}) {
  // Windows: npm is npm.cmd, which Node (since 20.12.2) starts only through a shell; the
  // arguments here are plain words, so nothing needs quoting.
  const shell = process.platform === "win32" && /\.(cmd|bat)$/i.test(cmd);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: REPO, shell, ...options });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status ?? r.signal}`);
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Newest modification time of any file below `dir` (-1 when there is none). */
function newestMtime(dir) {
  let newest = -1;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : mtime(path));
  }
  return newest;
}

function npmCommand() {
  return process.platform === "win32" ? "npm.cmd" : "npm";
}

/**
 * Step 1: `dir`/node_modules, installed from `dir`/package-lock.json (`npm ci`; `npm install`
 * when there is no lock file), when it is missing, lacks the package `probe`, or is older than the
 * lock file. The repository's own (default), or a test front end's (test/lab). Returns nothing;
 * prints one line per step, labelled `step`.
 * @param {string} [dir]
 * @param {string} [probe] a package that must be installed
 * @param {string} [step]
 */
export function ensureNodeModules(dir = REPO, probe = "tslab", step = "npm") {
  const lock = join(dir, "package-lock.json");
  const marker = join(dir, "node_modules", ".package-lock.json"); // written by every npm install
  const hasLock = existsSync(lock);
  const missing = !existsSync(marker) || !existsSync(join(dir, "node_modules", probe));
  const stale = !missing && hasLock && mtime(marker) < mtime(lock);
  const where = dir === REPO ? "node_modules" : `${relative(REPO, dir)}/node_modules`;
  if (!missing && !stale) return log(step, `ok (${where} up to date)`);
  const args = hasLock ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
  log(step, `${missing ? `${where} missing` : `${where} older than its package-lock.json`}: npm ${args[0]}`);
  run(npmCommand(), args, { cwd: dir });
  log(step, "installed");
}

/** Step 2: the library build in lib/dist (stamp written only after a successful build). */
function ensureLibraryBuild() {
  const stamp = join(REPO, "lib", "dist", ".build-stamp");
  const inputs = Math.max(
    newestMtime(join(REPO, "lib", "src")),
    mtime(join(REPO, "lib", "tsconfig.json")),
    mtime(join(REPO, "tsconfig.base.json")),
    mtime(join(REPO, "lib", "package.json")),
  );
  if (existsSync(stamp) && mtime(stamp) >= inputs) return log("build", "ok (lib/dist up to date)");
  log("build", existsSync(stamp) ? "lib/src changed: npm run build" : "lib/dist missing: npm run build");
  run(npmCommand(), ["run", "build"]);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  log("build", "built lib/dist");
}

/**
 * Every Python that may have Jupyter, asked what it has (scripts/lib/find-jupyter.mjs), in the
 * order `pythonCandidates` gives; stops early once one can do `need` (for `run`, once one has
 * classic Notebook 6). Probes are cached for the process.
 * @param {import("./lib/find-jupyter.mjs").Need} need
 * @returns {{ probes: import("./lib/find-jupyter.mjs").Probe[], candidates: import("./lib/find-jupyter.mjs").Candidate[] }}
 */
function probePythons(need) {
  const candidates = pythonCandidates({ platform: process.platform, env: process.env, repo: REPO, exists: existsSync, head: scriptHead });
  const probes = [];
  for (const candidate of candidates) {
    const key = [candidate.command, ...candidate.args].join("\0");
    if (!probeCache.has(key)) probeCache.set(key, probePython(candidate, jupyterEnv()));
    const probe = probeCache.get(key);
    // The same Python by another path (/bin/python3 is /usr/bin/python3 on merged-/usr systems).
    if (probe === undefined || probes.some((p) => p.python === probe.python || (p.prefix === probe.prefix && p.version === probe.version))) continue;
    probes.push(probe);
    const chosen = choosePython(probes, need);
    if (chosen !== undefined && (need !== "run" || Number.parseInt(chosen.notebook ?? "", 10) === 6)) break;
  }
  return { probes, candidates };
}
const probeCache = new Map();

/** The first lines of a script (for its `#!` line), or undefined. */
function scriptHead(file) {
  try {
    return readFileSync(file, "latin1").slice(0, 1024);
  } catch {
    return undefined;
  }
}

/**
 * The Python whose Jupyter can do `need` (see find-jupyter.mjs: `serve` for `npm start`, `lab` for
 * `npm start -- --lab`, `run` for the test stages and scripts, `browser` for the browser stage),
 * or undefined. The result is a probe (`python`, `version`, the Jupyter packages' versions) with
 * `notebookVersion` and `nbclientVersion` as before.
 * @param {import("./lib/find-jupyter.mjs").Need} [need]
 */
export function findPython(need = "run") {
  const chosen = choosePython(probePythons(need).probes, need);
  return chosen === undefined ? undefined : { ...chosen, notebookVersion: chosen.notebook, nbclientVersion: chosen.nbclient };
}

function isDebianLike() {
  return existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** An error whose message is for the user as it is (no stack trace). */
function userError(message) {
  const error = new Error(message);
  error.userMessage = true;
  return error;
}

/** Installs Debian packages as root, or explains how and throws. */
function aptInstall(packages, why) {
  const commands = [
    "apt-get update",
    `apt-get install -y --no-install-recommends ${packages.join(" ")}`,
  ];
  if (!isDebianLike() || !isRoot()) {
    const prefix = isRoot() ? "" : "sudo ";
    const help = isDebianLike()
      ? commands.map((c) => `    ${prefix}${c}`).join("\n")
      : `    install ${packages.join(", ")} with your system's package manager`;
    throw userError(`${why}. Run:\n${help}\nthen run this command again.`);
  }
  log("apt", `${why}: apt-get update && apt-get install ${packages.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const lockWait = ["-o", "DPkg::Lock::Timeout=600"];
  run("apt-get", [...lockWait, "update", "-q"], { env });
  run("apt-get", [...lockWait, "install", "-y", "-q", "--no-install-recommends", ...packages], { env });
}

/** What a Python found has, in one line: `notebook 6.4.12, nbclient 0.7.2`. */
function describeJupyter(py) {
  return ["notebook", "nbclassic", "jupyterlab", "nbclient"]
    .filter((name) => py[name] !== null && py[name] !== undefined)
    .map((name) => `${name} ${py[name]}`)
    .join(", ");
}

/**
 * Step 3: a Python whose Jupyter can do `need`. Found where the student has one (find-jupyter.mjs);
 * as root on Debian, installed from Debian's packages when there is none (CI relies on this);
 * otherwise the commands that install one, for this system, are the error's message.
 * `alsoMissing`: Debian packages to install in the same apt-get run (Chromium and its font).
 * @param {import("./lib/find-jupyter.mjs").Need} need
 * @param {string[]} [alsoMissing]
 */
function ensureJupyter(need, alsoMissing = []) {
  let py = findPython(need);
  if (py === undefined && isDebianLike() && isRoot() && need !== "lab") {
    aptInstall([...APT_JUPYTER, ...alsoMissing], `no Python with Jupyter Notebook, nbclient and nbconvert${alsoMissing.length > 0 ? `; missing ${alsoMissing.join(", ")}` : ""}`);
    probeCache.clear();
    py = findPython(need);
    if (py === undefined) throw userError("Jupyter is still not importable by /usr/bin/python3 after the install");
  }
  if (py === undefined) {
    const { probes, candidates } = probePythons(need);
    if (need === "browser" && probes.some((p) => satisfies(p, "run"))) {
      throw userError(
        "The browser test drives classic Jupyter Notebook 6, and no Python found has it. Install Debian's package (sudo apt-get install jupyter-notebook) or, in a virtual environment: python3 -m pip install \"notebook<7\"",
      );
    }
    const others = need === "run" ? probes.find((p) => satisfies(p, "serve")) : undefined;
    if (others !== undefined) {
      throw userError(
        `The tests need nbclient and nbconvert next to Jupyter, and ${others.python} has ${describeJupyter(others)} only. Install them with: ${others.python} -m pip install nbclient nbconvert`,
      );
    }
    const facts = {
      platform: process.platform,
      repo: REPO,
      root: isRoot(),
      debian: isDebianLike(),
      brew: findOnPath("brew", { env: process.env, platform: process.platform, exists: existsSync }).length > 0,
      conda: findOnPath("conda", { env: process.env, platform: process.platform, exists: existsSync }).length > 0 || Boolean(process.env.CONDA_PREFIX),
      python: probes.find((p) => p.pip) ?? probes[0],
      looked: probes.length > 0 ? probes.map((p) => p.python) : candidates.map((c) => [c.command, ...c.args].join(" ")),
      lab: need === "lab",
    };
    throw userError(installHelp(facts));
  }
  log("jupyter", `ok (${py.python}: ${describeJupyter(py)}; ${py.source})`);
  return py;
}

/** The Debian packages the browser tests need that are missing: Chromium and a font. */
function missingBrowserPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push("chromium");
  if (!existsSync(DEJAVU_FONT)) missing.push("fonts-dejavu-core");
  return missing;
}

/** Step 3a (only with `browser`): Chromium and a font for the browser tests (Debian's packages). */
function ensureBrowserPackages() {
  const missing = missingBrowserPackages();
  if (missing.length > 0) aptInstall(missing, `missing ${missing.join(", ")}`);
  log("browser", `ok (${CHROMIUM})`);
}

/** Step 3b (only with `hub`): JupyterHub and configurable-http-proxy from Debian's packages. */
function ensureHubPackages() {
  const hubImport = () =>
    spawnSync("/usr/bin/python3", ["-c", "import jupyterhub, pamela; print(jupyterhub.__version__)"], { encoding: "utf8", env: jupyterEnv() });
  let r = hubImport();
  const missing = [];
  if (r.status !== 0 || !existsSync(JUPYTERHUB)) missing.push("jupyterhub");
  if (!existsSync(CHP)) missing.push("node-configurable-http-proxy");
  if (missing.length > 0) {
    aptInstall(APT_HUB, `missing ${missing.join(", ")}`);
    r = hubImport();
    if (r.status !== 0 || !existsSync(CHP)) {
      const error = new Error("JupyterHub or configurable-http-proxy is still missing after the install");
      error.userMessage = true;
      throw error;
    }
  }
  // Debian's package enables a jupyterhub.service of its own (/etc/jupyterhub, port 8000): on a
  // systemd machine it would hold the port `npm run hub` wants. Stop it when the install was ours.
  if (existsSync("/run/systemd/system")) {
    const active = spawnSync("systemctl", ["is-active", "--quiet", "jupyterhub.service"]).status === 0;
    if (missing.length > 0 && active) {
      spawnSync("systemctl", ["disable", "--now", "jupyterhub.service"], { stdio: "ignore" });
      log("hub", "stopped and disabled Debian's jupyterhub.service (npm run hub serves the course)");
    } else if (active) {
      log("hub", "note: Debian's jupyterhub.service is running (port 8000?): systemctl disable --now jupyterhub");
    }
  }
  log("hub", `ok (jupyterhub ${r.stdout.trim()}, ${CHP})`);
}

/**
 * The kernelspec of the course's tslab kernel for a Node executable, a repository and a platform:
 * absolute paths in that platform's form (it is git-ignored and rewritten when either moves), and
 * no shell: Jupyter starts `node` (`node.exe` on Windows) with tslab's script as its argument.
 * @param {{ execPath: string, repo: string, platform: string }} where
 */
export function kernelSpecFor({ execPath, repo, platform }) {
  const p = pathFor(platform);
  return {
    argv: [execPath, p.join(repo, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    metadata: { generated_by: "scripts/setup.mjs", repo },
  };
}

/** The kernelspec of the course's tslab kernel on this machine (this Node, this clone). */
export function kernelSpec() {
  return kernelSpecFor({ execPath: process.execPath, repo: REPO, platform: process.platform });
}

/** Step 4: <repo>/jupyter/kernels/tslab/kernel.json, rewritten when the repo or node moved. */
function ensureKernelSpec() {
  const dir = join(JUPYTER_DIR, "kernels", KERNEL_NAME);
  const file = join(dir, "kernel.json");
  const wanted = `${JSON.stringify(kernelSpec(), null, 2)}\n`;
  for (const sub of ["config", "runtime", "data", "ipython"]) mkdirSync(join(JUPYTER_DIR, sub), { recursive: true });
  let current;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = undefined;
  }
  if (current === wanted) return log("kernel", `ok (${KERNEL_NAME} in jupyter/kernels)`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, wanted);
  for (const logo of ["logo-32x32.png", "logo-64x64.png"]) {
    const source = join(REPO, "node_modules", "tslab", "python", "tslab", logo);
    if (existsSync(source)) writeFileSync(join(dir, logo), readFileSync(source));
  }
  log("kernel", `${current === undefined ? "wrote" : "updated (repo or node moved)"} jupyter/kernels/${KERNEL_NAME}/kernel.json`);
}

/**
 * Runs every step. Options: `browser` (Chromium + fonts too, and classic Notebook 6 for the browser
 * stage), `build` (default true), `hub` (JupyterHub + configurable-http-proxy too), `need` (what the
 * Jupyter found must do: `serve` or `lab` for `npm start`; default `run`, or `browser` with
 * `browser`; see scripts/lib/find-jupyter.mjs).
 * Returns the Python found: `{ python, version, source, notebook, nbclassic, jupyterlab, nbclient, …,
 * notebookVersion, nbclientVersion }`. Throws on failure (`error.userMessage`: print the message as it is).
 * @param {{ browser?: boolean, build?: boolean, hub?: boolean, need?: import("./lib/find-jupyter.mjs").Need }} [options]
 */
export function setup({ browser = false, build = true, hub = false, need = browser ? "browser" : "run" } = {}) {
  ensureNodeModules();
  if (build) ensureLibraryBuild();
  const py = ensureJupyter(need, browser ? missingBrowserPackages() : []);
  if (browser) ensureBrowserPackages();
  if (hub) ensureHubPackages();
  ensureKernelSpec();
  return py;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log("usage: npm run setup  (node scripts/setup.mjs [--lab] [--browser] [--hub])\n\nInstalls what the course needs when it is missing: npm packages, the library build, the kernel\n\"TypeScript (course)\", and finds your Jupyter (an active venv or conda environment, the course's\n.venv, python3/python or jupyter on PATH; as root on Debian it installs Debian's), or prints the\ncommands that install one. --lab needs JupyterLab; --browser adds Chromium and classic Notebook 6\nfor the tests, --hub JupyterHub. `npm start` runs it.");
    process.exit(0);
  }
  try {
    const browser = process.argv.includes("--browser");
    const need = browser ? "browser" : process.argv.includes("--lab") ? "lab" : "serve";
    setup({ browser, hub: process.argv.includes("--hub"), need });
    console.log("setup: done");
  } catch (error) {
    console.error(`setup: FAILED: ${error.message}`);
    process.exit(1);
  }
}
