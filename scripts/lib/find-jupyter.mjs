// @ts-check
// Finding the Jupyter a student already has (scripts/setup.mjs, scripts/start.mjs).
//
// Where a Python with Jupyter may be, in order (`pythonCandidates`):
//   1. the active virtual environment (VIRTUAL_ENV), 2. the active conda environment (CONDA_PREFIX),
//   3. the course's own virtual environment <repo>/.venv (what the install help suggests; found
//   without being activated), 4. `python3` / `python` on PATH, 5. the environment of the `jupyter`
//   command on PATH (pipx, Homebrew's jupyterlab, a conda environment on PATH), 6. the `py -3`
//   launcher on Windows, or Debian's /usr/bin/python3 and /usr/local/bin/python3 elsewhere.
// Each is asked once what it has (`probePython`: versions of notebook, nbclassic, jupyterlab,
// nbclient, … read from the installed packages' metadata, and its real `sys.executable`, so that a
// pyenv shim or the `py` launcher is replaced by the interpreter it chose). `choosePython` then
// picks the first that can do what is asked: serve the course (Notebook 6 or 7, nbclassic or
// JupyterLab), serve it in JupyterLab, or run the tests.
//
// Everything but `probePython` is a pure function of its arguments (platform, environment,
// file checks), so that the Windows cases are unit-tested on Linux (test/scripts/find-jupyter.test.ts).
// Plain Node ESM without npm packages: it runs before `npm ci`.

import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * One place to look for Python: run `command` with `args` first (e.g. `py` with `-3`).
 * @typedef {{ command: string, args: string[], source: string }} Candidate
 */

/**
 * What a Python has: its real executable and version, and the version of each Jupyter package
 * (null when it is not installed).
 * @typedef {object} Probe
 * @property {string} python         sys.executable
 * @property {string} [prefix]       sys.prefix: two paths to one Python (/bin/python3 and /usr/bin/python3) share it
 * @property {string} version        the Python version, e.g. "3.11.2"
 * @property {string} source         where it was found (a Candidate's source)
 * @property {string | null} notebook
 * @property {string | null} nbclassic
 * @property {string | null} jupyterlab
 * @property {string | null} jupyter_server
 * @property {string | null} jupyter_client
 * @property {string | null} nbclient
 * @property {string | null} nbconvert
 * @property {string | null} nbformat
 * @property {boolean} [pip]                 pip is installed
 * @property {boolean} [venv]                venv can make environments with pip (ensurepip is there)
 * @property {boolean} [externally_managed]  pip refuses to install outside an environment (PEP 668: Debian 12, Homebrew)
 */

/** The packages a probe reports, by import name (the distribution has the same name). */
export const PROBED = /** @type {const} */ (["notebook", "nbclassic", "jupyterlab", "jupyter_server", "jupyter_client", "nbclient", "nbconvert", "nbformat"]);

/** Fixed places tried last, on Linux and macOS: Debian's Python, then /usr/local's. */
export const SYSTEM_PYTHONS = ["/usr/bin/python3", "/usr/local/bin/python3"];

/**
 * The path functions of a platform (`path.win32` on Windows, else `path.posix`).
 * @param {string} platform a `process.platform` value
 */
export function pathFor(platform) {
  return platform === "win32" ? path.win32 : path.posix;
}

/**
 * An environment variable, by its name in any case on Windows (where `Path` is PATH).
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {string} platform
 * @returns {string | undefined}
 */
export function envValue(env, name, platform) {
  if (platform !== "win32") return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/**
 * The directories of PATH, in order, empty entries dropped.
 * @param {Record<string, string | undefined>} env
 * @param {string} platform
 * @returns {string[]}
 */
export function pathDirs(env, platform) {
  const value = envValue(env, "PATH", platform) ?? "";
  return value
    .split(platform === "win32" ? ";" : ":")
    .map((d) => d.trim().replace(/^"(.*)"$/, "$1"))
    .filter((d) => d !== "");
}

/**
 * Every file called `name` on PATH, in PATH order (on Windows with each PATHEXT extension, e.g.
 * `jupyter.exe`). `exists` tells whether a file exists.
 * @param {string} name
 * @param {{ env: Record<string, string | undefined>, platform: string, exists: (file: string) => boolean }} options
 * @returns {string[]}
 */
export function findOnPath(name, { env, platform, exists }) {
  const p = pathFor(platform);
  const names =
    platform === "win32"
      ? (envValue(env, "PATHEXT", platform) ?? ".COM;.EXE;.BAT;.CMD")
          .split(";")
          .filter((e) => e !== "")
          .map((ext) => `${name}${ext.toLowerCase()}`)
      : [name];
  /** @type {string[]} */
  const found = [];
  for (const dir of pathDirs(env, platform)) {
    for (const n of names) {
      const file = p.join(dir, n);
      if (exists(file) && !found.includes(file)) found.push(file);
    }
  }
  return found;
}

/**
 * The Python of a virtual environment or conda environment at `prefix`: `bin/python` on Linux and
 * macOS; on Windows `Scripts\python.exe` for a venv and `python.exe` at the top for conda.
 * @param {string} prefix
 * @param {"venv" | "conda"} kind
 * @param {string} platform
 */
export function environmentPython(prefix, kind, platform) {
  const p = pathFor(platform);
  if (platform === "win32") return kind === "venv" ? p.join(prefix, "Scripts", "python.exe") : p.join(prefix, "python.exe");
  return p.join(prefix, "bin", "python");
}

/**
 * The Python that a `jupyter` command on PATH runs with. On Windows, `jupyter.exe` sits in
 * `<env>\Scripts\` and the environment's `python.exe` is in `<env>\` (conda, python.org) or next to
 * it (a venv's `Scripts\`): both are returned, the caller keeps those that exist. On Linux and macOS
 * it is the interpreter the script starts: its `#!/path/to/python` line, or, for an environment
 * whose path has spaces, the line `'''exec' '/path/to/python' "$0" "$@"` of pip's `#!/bin/sh`
 * launcher. `#!/usr/bin/env python3` names no particular Python: nothing is returned.
 * @param {string} jupyter the path of the command
 * @param {string} platform
 * @param {string | undefined} head the script's first lines (Linux and macOS)
 * @returns {string[]}
 */
export function pythonsOfJupyter(jupyter, platform, head) {
  const p = pathFor(platform);
  if (platform === "win32") {
    const dir = p.dirname(jupyter);
    return [p.join(dir, "python.exe"), p.join(p.dirname(dir), "python.exe")];
  }
  const [first = "", second = ""] = (head ?? "").split(/\r?\n/);
  const isPython = (/** @type {string} */ file) => /^python[0-9.]*$/.test(p.basename(file));
  const direct = first.match(/^#!\s*(\S+)/)?.[1];
  if (direct !== undefined && isPython(direct)) return [direct];
  const launcher = second.match(/^'''exec' (['"])(.+?)\1/)?.[2];
  if (/^#!\s*\/bin\/sh\b/.test(first) && launcher !== undefined && isPython(launcher)) return [launcher];
  return [];
}

/**
 * Where to look for a Python with Jupyter, in order, without duplicates.
 * @param {{ platform: string, env: Record<string, string | undefined>, repo: string, exists: (file: string) => boolean, head: (file: string) => string | undefined }} options
 * @returns {Candidate[]}
 */
export function pythonCandidates({ platform, env, repo, exists, head }) {
  /** @type {Candidate[]} */
  const candidates = [];
  const add = (/** @type {string} */ command, /** @type {string} */ source, /** @type {string[]} */ args = []) => {
    if (!candidates.some((c) => c.command === command && c.args.join(" ") === args.join(" "))) candidates.push({ command, args, source });
  };
  const venv = envValue(env, "VIRTUAL_ENV", platform);
  if (venv) {
    const python = environmentPython(venv, "venv", platform);
    if (exists(python)) add(python, `the active virtual environment (VIRTUAL_ENV=${venv})`);
  }
  const conda = envValue(env, "CONDA_PREFIX", platform);
  if (conda) {
    const python = environmentPython(conda, "conda", platform);
    if (exists(python)) add(python, `the active conda environment (CONDA_PREFIX=${conda})`);
  }
  const own = environmentPython(pathFor(platform).join(repo, ".venv"), "venv", platform);
  if (exists(own)) add(own, `the course's virtual environment (${own})`);
  const names = platform === "win32" ? ["python", "python3"] : ["python3", "python"];
  for (const name of names) {
    for (const python of findOnPath(name, { env, platform, exists })) {
      // Windows' "App execution alias" python.exe opens the Microsoft Store instead of a Python.
      if (platform === "win32" && /\\WindowsApps\\/i.test(python)) continue;
      add(python, `${name} on PATH (${python})`);
    }
  }
  for (const jupyter of findOnPath("jupyter", { env, platform, exists })) {
    for (const python of pythonsOfJupyter(jupyter, platform, platform === "win32" ? undefined : head(jupyter))) {
      if (exists(python)) add(python, `the environment of ${jupyter}`);
    }
  }
  if (platform === "win32") {
    const py = findOnPath("py", { env, platform, exists })[0];
    if (py !== undefined) add(py, `the Python launcher (${py} -3)`, ["-3"]);
  } else {
    for (const python of SYSTEM_PYTHONS) if (exists(python)) add(python, python);
  }
  return candidates;
}

/**
 * The Python program a probe runs: prints a JSON object with sys.executable, the version, each
 * PROBED package's installed version (from its metadata: nothing is imported, so it is fast),
 * whether pip and venv are there, and whether pip refuses to install outside an environment.
 */
export const PROBE_PROGRAM = [
  "import json, os, sys, sysconfig",
  "from importlib import metadata, util",
  "def version(name):",
  "    try:",
  "        return metadata.version(name) if util.find_spec(name) is not None else None",
  "    except Exception:",
  "        return None",
  "managed = os.path.exists(os.path.join(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')) and sys.prefix == sys.base_prefix",
  `found = {name: version(name) for name in ${JSON.stringify(PROBED)}}`,
  "print(json.dumps(dict(found, python=sys.executable, prefix=sys.prefix, version='%d.%d.%d' % sys.version_info[:3], pip=util.find_spec('pip') is not None, venv=util.find_spec('ensurepip') is not None, externally_managed=managed)))",
].join("\n");

/**
 * Asks one candidate what it has (starts it once). Undefined when it does not run, is older than
 * Python 3.8, or prints something else.
 * @param {Candidate} candidate
 * @param {Record<string, string | undefined>} env
 * @returns {Probe | undefined}
 */
export function probePython(candidate, env) {
  // From the temporary directory: a folder in the working directory must not pass for a package.
  const r = spawnSync(candidate.command, [...candidate.args, "-c", PROBE_PROGRAM], { encoding: "utf8", env, cwd: tmpdir(), timeout: 30000, windowsHide: true });
  if (r.error || r.status !== 0) return undefined;
  try {
    const json = JSON.parse(r.stdout.trim().split(/\r?\n/).pop() ?? "");
    if (typeof json?.python !== "string" || json.python === "") return undefined;
    return { ...json, source: candidate.source };
  } catch {
    return undefined;
  }
}

/**
 * What a Python must have:
 *   serve    a front end for `npm start`: Notebook 6 or 7, nbclassic or JupyterLab, and jupyter_client;
 *   lab      JupyterLab (`npm start -- --lab`);
 *   run      what the test stages use to run and export notebooks: nbclient, nbconvert, nbformat,
 *            jupyter_client and Notebook (the default of every other script);
 *   browser  `run`, with classic Notebook 6 (the browser stage drives its page).
 * @typedef {"serve" | "lab" | "run" | "browser"} Need
 */

/**
 * The major version of a version string ("6.4.12" → 6), NaN for null.
 * @param {string | null | undefined} version
 */
export function major(version) {
  return version == null ? NaN : Number.parseInt(version, 10);
}

/**
 * Whether a probed Python can do what `need` asks.
 * @param {Probe} probe
 * @param {Need} need
 * @returns {boolean}
 */
export function satisfies(probe, need) {
  switch (need) {
    case "serve":
      return probe.jupyter_client !== null && (probe.notebook !== null || probe.nbclassic !== null || probe.jupyterlab !== null);
    case "lab":
      return probe.jupyter_client !== null && probe.jupyterlab !== null;
    case "run":
      return probe.notebook !== null && probe.nbclient !== null && probe.nbconvert !== null && probe.nbformat !== null && probe.jupyter_client !== null;
    case "browser":
      return satisfies(probe, "run") && major(probe.notebook) === 6;
    default:
      throw new Error(`unknown need ${JSON.stringify(need)}: expected serve, lab, run or browser`);
  }
}

/**
 * The first probed Python that can do what `need` asks. For `run`, one with classic Notebook 6 is
 * preferred (the browser stage needs it, and the test stages share one Python); for `serve` and
 * `lab`, the student's own order is kept (their active environment first).
 * @param {Probe[]} probes in candidate order
 * @param {Need} need
 * @returns {Probe | undefined}
 */
export function choosePython(probes, need) {
  const able = probes.filter((p) => satisfies(p, need));
  if (need === "run") return able.find((p) => major(p.notebook) === 6) ?? able[0];
  return able[0];
}

/**
 * The Jupyter application `npm start` runs with a Python: `lab` asks for JupyterLab; otherwise
 * Notebook (6 or 7), else nbclassic, else JupyterLab. `module` is what `python -m` runs.
 * @param {Probe} probe
 * @param {{ lab?: boolean }} [options]
 * @returns {{ module: "notebook" | "nbclassic" | "jupyterlab", name: string, version: string } | undefined}
 */
export function frontEnd(probe, { lab = false } = {}) {
  if (lab) return probe.jupyterlab !== null ? { module: "jupyterlab", name: "JupyterLab", version: probe.jupyterlab } : undefined;
  if (probe.notebook !== null) return { module: "notebook", name: major(probe.notebook) >= 7 ? "Jupyter Notebook" : "classic Jupyter Notebook", version: probe.notebook };
  if (probe.nbclassic !== null) return { module: "nbclassic", name: "nbclassic (classic Notebook)", version: probe.nbclassic };
  if (probe.jupyterlab !== null) return { module: "jupyterlab", name: "JupyterLab", version: probe.jupyterlab };
  return undefined;
}

/**
 * The arguments of `python` that serve `dir` on 127.0.0.1 with the course's kernel as the default
 * for new notebooks. The same options work for Notebook 6, Notebook 7 / JupyterLab 4 (jupyter_server
 * reads `--notebook-dir` as ServerApp.root_dir) and nbclassic.
 * @param {{ module: string }} app from `frontEnd`
 * @param {{ dir: string, kernel: string, root: boolean, extra?: string[] }} options
 * @returns {string[]}
 */
export function serverArgs(app, { dir, kernel, root, extra = [] }) {
  return [
    "-m",
    app.module,
    `--notebook-dir=${dir}`,
    "--no-browser",
    "--ip=127.0.0.1",
    `--MappingKernelManager.default_kernel_name=${kernel}`, // File > New notebook: TypeScript
    ...(root ? ["--allow-root"] : []),
    ...extra,
  ];
}
