#!/usr/bin/env node
// Set-up of the course on a fresh clone. Plain Node ESM with no npm dependencies: it runs
// before `npm install`. Idempotent and fast when everything is done already; prints one line
// per step ("ok" or what it did).
//
//   node scripts/setup.mjs            # what `npm start` needs
//   node scripts/setup.mjs --browser  # also Chromium + fonts, for the browser test
//   node scripts/setup.mjs --hub      # also JupyterHub + configurable-http-proxy (`npm run hub`)
//
// Other scripts import it: `setup()`, `jupyterEnv()`, `findPython()`, `REPO`.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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
// Interpreters to try, in order. Never the pyenv shim that may come first on PATH.
const PYTHON_CANDIDATES = ["/usr/bin/python3", "/usr/local/bin/python3"];

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
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: REPO, ...options });
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

/** Step 1: node_modules, installed from package-lock.json. */
function ensureNodeModules() {
  const lock = join(REPO, "package-lock.json");
  const marker = join(REPO, "node_modules", ".package-lock.json"); // written by every npm install
  const hasLock = existsSync(lock);
  const missing = !existsSync(marker) || !existsSync(join(REPO, "node_modules", "tslab"));
  const stale = !missing && hasLock && mtime(marker) < mtime(lock);
  if (!missing && !stale) return log("npm", "ok (node_modules up to date)");
  const args = hasLock ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
  log("npm", `${missing ? "node_modules missing" : "node_modules older than package-lock.json"}: npm ${args[0]}`);
  run(npmCommand(), args);
  log("npm", "installed");
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

/** Python modules the project's Jupyter needs. */
const PY_CHECK =
  "import notebook, nbclient, nbconvert, nbformat, jupyter_client; print(notebook.__version__, nbclient.__version__)";

/** The python that has Jupyter Notebook + nbclient, or undefined. */
export function findPython() {
  for (const python of PYTHON_CANDIDATES) {
    if (!existsSync(python)) continue;
    const r = spawnSync(python, ["-c", PY_CHECK], { encoding: "utf8", env: jupyterEnv() });
    if (r.status === 0) {
      const [notebookVersion, nbclientVersion] = r.stdout.trim().split(/\s+/);
      return { python, notebookVersion, nbclientVersion };
    }
  }
  return undefined;
}

function isDebianLike() {
  return existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
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
      : `    install Jupyter Notebook 6 (or nbclassic), nbconvert, nbclient${packages.includes("chromium") ? ", Chromium at /usr/bin/chromium" : ""}\n    so that /usr/bin/python3 can import notebook and nbclient`;
    const error = new Error(`${why}. Run:\n${help}\nthen run this command again.`);
    error.userMessage = true;
    throw error;
  }
  log("apt", `${why}: apt-get update && apt-get install ${packages.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const lockWait = ["-o", "DPkg::Lock::Timeout=600"];
  run("apt-get", [...lockWait, "update", "-q"], { env });
  run("apt-get", [...lockWait, "install", "-y", "-q", "--no-install-recommends", ...packages], { env });
}

/** Step 3: Jupyter Notebook, nbconvert, nbclient (and Chromium + fonts with `browser`). */
function ensureSystemPackages(browser) {
  const missing = [];
  let py = findPython();
  if (py === undefined) missing.push(...APT_JUPYTER);
  if (browser) {
    if (!existsSync(CHROMIUM)) missing.push("chromium");
    if (!existsSync(DEJAVU_FONT)) missing.push("fonts-dejavu-core");
  }
  if (missing.length > 0) {
    aptInstall(missing, `missing ${missing.join(", ")}`);
    py = findPython();
    if (py === undefined) {
      const error = new Error(`Jupyter is still not importable by ${PYTHON_CANDIDATES.join(" or ")} after the install`);
      error.userMessage = true;
      throw error;
    }
  }
  const major = Number(py.notebookVersion.split(".")[0]);
  log(
    "jupyter",
    `ok (${py.python}: notebook ${py.notebookVersion}, nbclient ${py.nbclientVersion}${browser ? `; ${CHROMIUM}` : ""})`,
  );
  if (major !== 6) {
    log("jupyter", `note: notebook ${py.notebookVersion} is not classic Notebook 6; the browser test needs Notebook 6`);
  }
  return py;
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

/** The kernelspec of the course's tslab kernel (absolute paths: it is git-ignored). */
export function kernelSpec() {
  return {
    argv: [process.execPath, join(REPO, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    metadata: { generated_by: "scripts/setup.mjs", repo: REPO },
  };
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
 * Runs every step. Options: `browser` (Chromium + fonts too), `build` (default true), `hub`
 * (JupyterHub + configurable-http-proxy too).
 * Returns `{ python, notebookVersion, nbclientVersion }`. Throws on failure.
 */
export function setup({ browser = false, build = true, hub = false } = {}) {
  ensureNodeModules();
  if (build) ensureLibraryBuild();
  const py = ensureSystemPackages(browser);
  if (hub) ensureHubPackages();
  ensureKernelSpec();
  return py;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log("usage: npm run setup  (node scripts/setup.mjs [--browser] [--hub])\n\nInstalls what the course needs when it is missing: npm packages, the library build, Jupyter,\nthe kernel \"TypeScript (course)\"; --browser adds Chromium, --hub JupyterHub. `npm start` runs it.");
    process.exit(0);
  }
  try {
    setup({ browser: process.argv.includes("--browser"), hub: process.argv.includes("--hub") });
    console.log("setup: done");
  } catch (error) {
    console.error(`setup: FAILED: ${error.message}`);
    process.exit(1);
  }
}
