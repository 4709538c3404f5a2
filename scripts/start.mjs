#!/usr/bin/env node
// @ts-check
// `npm start`: set up, then open the student's own workspace in their own Jupyter on 127.0.0.1:
// Notebook 6 or 7 (else nbclassic, else JupyterLab), found by scripts/lib/find-jupyter.mjs.
//
//   npm start                              your workspace, <repo>/workspace/ (git-ignored)
//   npm start -- --lab                     the same in JupyterLab
//   npm start -- --workspace ~/nn          a workspace elsewhere (or NNCOURSE_WORKSPACE=~/nn)
//   npm start -- --solutions               instructors: notebooks/ itself, WITH the solutions
//   npm start -- --lang ru                 the Russian edition: workspace-ru/ (--solutions: release/ru/solution/)
//   npm start -- --port=9000               other arguments go to Jupyter
//
// The workspace holds the STUDENT copies of the notebooks (solutions replaced by stubs, no
// outputs; made by scripts/release.mjs `studentCourse()`, remade only when the committed notebooks
// changed) and LECTURES.md, copied by scripts/lib/workspace.mjs — the module the hub uses too: a
// file the student has is never overwritten; a notebook the course changed since is offered in
// course-updates/; a deleted one comes back. Jupyter serves the workspace alone, so nothing above it
// (notebooks/, the solutions) can be opened. Notebook 08's experiment log goes to
// <workspace>/homework/experiments.jsonl.
//
// A second `npm start` while one runs takes the next free port. Ctrl-C stops the server.

import { spawn, spawnSync } from "node:child_process";
import { dirname, join, relative } from "node:path";
import { errorMessage, isMain, setupOrExit } from "./lib/cli.mjs";
import { NOTEBOOK_DIR, listNotebooks } from "./lib/notebook.mjs";
import { EXPERIMENT_LOG, HOMEWORK_DIR, WORKSPACE_ENV, checkWorkspaceLocation, describeSync, linkPackages, syncWorkspace, workspaceDir } from "./lib/workspace.mjs";
import { RELEASE_DIR, release, studentCourse } from "./release.mjs";
import { LANGUAGES } from "./i18n.mjs";
import { frontEnd, serverArgs } from "./lib/find-jupyter.mjs";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, REPO, jupyterEnv } from "./setup.mjs";

export const USAGE = `usage: npm start [-- [--lab] [--workspace DIR | --solutions] [--lang ru] [jupyter options]]

Opens the course in your Jupyter (Notebook, or JupyterLab with --lab): your own workspace, ${relative(process.cwd(), join(REPO, "workspace")) || "workspace"}/
(your copies of the notebooks, without the solutions; made at the first start, never
overwritten: your edits stay; a notebook the course changed later is put in course-updates/).

  --lab             open it in JupyterLab
  --workspace DIR   use DIR as the workspace instead (also: ${WORKSPACE_ENV}=DIR)
  --solutions       for instructors: serve notebooks/ itself, WITH every solution
  --lang ru         the course in Russian (курс на русском): your workspace is workspace-ru/,
                    and the library's hints and messages are Russian too
  --help            this text
  anything else     goes to Jupyter, e.g. --port=9000

Open the URL it prints; Ctrl-C stops the server. Grade your homework with \`npm run grade\`.`;

/**
 * The arguments of `npm start`: its own flags and what goes to `jupyter notebook`.
 * @param {string[]} argv
 * @returns {{ help: boolean, solutions: boolean, lab: boolean, workspace?: string, language: string, jupyterArgs: string[] }}
 */
export function parseStartArgs(argv) {
  /** @type {{ help: boolean, solutions: boolean, lab: boolean, workspace?: string, language: string, jupyterArgs: string[] }} */
  const o = { help: false, solutions: false, lab: false, workspace: undefined, language: "en", jupyterArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") o.help = true;
    else if (a === "--lang" || a.startsWith("--lang=")) {
      const value = a === "--lang" ? argv[++i] : a.slice("--lang=".length);
      if (value !== "en" && !LANGUAGES.includes(value)) throw new Error(`--lang: "${value ?? ""}" is not a language of the course; use --lang ru (Russian) or leave it out (English).`);
      o.language = value;
    }
    else if (a === "--solutions") o.solutions = true;
    else if (a === "--lab") o.lab = true;
    else if (a === "--workspace") {
      if (argv[i + 1] === undefined || argv[i + 1].startsWith("-")) throw new Error("--workspace needs a folder, e.g. --workspace ~/nn-course-work");
      o.workspace = argv[++i];
    } else if (a.startsWith("--workspace=")) o.workspace = a.slice("--workspace=".length);
    else if (/^--(NotebookApp\.)?notebook[-_]dir(=|$)/.test(a)) {
      throw new Error(`${a}: npm start serves your workspace; to put it elsewhere use --workspace DIR (instructors: --solutions serves notebooks/).`);
    } else o.jupyterArgs.push(a);
  }
  if (o.solutions && o.workspace !== undefined) throw new Error("--solutions serves notebooks/ and --workspace a student's workspace: give one of them.");
  return o;
}

/**
 * The notebooks of notebooks/ that `git status --porcelain` (its output) shows as changed: work a
 * student did there before `npm start` served a workspace.
 * @param {string} porcelain
 */
export function changedCourseNotebooks(porcelain) {
  return porcelain
    .split("\n")
    .filter((line) => line.length > 3) // "XY path" or "XY old -> new"
    .map((line) => (line.slice(3).split(" -> ").pop() ?? "").replace(/^"|"$/g, ""))
    .filter((path) => path.startsWith("notebooks/") && path.endsWith(".ipynb"));
}

/**
 * What `npm start` serves, made ready: the student's workspace (student copies made if the course
 * changed, then copied into the workspace without overwriting anything), or notebooks/ with
 * `solutions`. Returns the folder, the environment additions for Jupyter and lines to print.
 * @param {{ solutions: boolean, workspace?: string, language?: string, env?: Record<string, string | undefined> }} options
 * @returns {{ root: string, env: Record<string, string>, lines: string[] }}
 */
export function prepareRoot({ solutions, workspace, language = "en", env = process.env }) {
  /** The library speaks the edition's language (lib/src/core/i18n-node.ts reads it). */
  /** @type {Record<string, string>} */
  const lang = language === "en" ? {} : { NNLIB_LANG: language };
  if (solutions && language !== "en") {
    const { written, failures } = release(listNotebooks(), RELEASE_DIR, { language });
    if (failures.length) throw new Error(`the ${language} solution copies could not be made:\n  ${failures.join("\n  ")}`);
    return {
      root: dirname(written[0].solution),
      env: lang,
      lines: [
        "!".repeat(78),
        `!!  --solutions --lang ${language}: serving the ${language} SOLUTION copies, WITH EVERY SOLUTION (for instructors).`,
        "!!  Students: stop this (Ctrl-C) and run `npm start` without --solutions.",
        "!".repeat(78),
      ],
    };
  }
  if (solutions) {
    return {
      root: NOTEBOOK_DIR,
      env: {},
      lines: [
        "!".repeat(78),
        "!!  --solutions: serving notebooks/ itself, WITH EVERY SOLUTION (for instructors).",
        "!!  Students: stop this (Ctrl-C) and run `npm start` without --solutions.",
        "!".repeat(78),
      ],
    };
  }
  const dir = workspaceDir(REPO, { override: workspace, env, language });
  checkWorkspaceLocation(dir, [
    { name: "notebooks/", dir: NOTEBOOK_DIR },
    { name: "release/", dir: RELEASE_DIR },
  ]);
  const t0 = performance.now();
  const course = studentCourse({ language });
  const sync = syncWorkspace({ source: course.dir, workspace: dir });
  const linked = linkPackages(dir, join(REPO, "node_modules"));
  if (linked) sync.problems.push(linked);
  const ms = performance.now() - t0;
  if (sync.copied.length > 0) {
    // Work done in notebooks/ before npm start served a workspace: say where it is.
    const git = spawnSync("git", ["status", "--porcelain", "--", "notebooks"], { cwd: REPO, encoding: "utf8" });
    const changed = git.status === 0 ? changedCourseNotebooks(git.stdout) : [];
    if (changed.length > 0) {
      sync.problems.push(`you have changed ${changed.join(", ")} in the course's notebooks/ (before npm start opened a workspace). Your workspace has fresh copies; copy your work over from there if you want it.`);
    }
  }
  /** @type {Record<string, string>} */
  const extra = { ...lang };
  // The homework's log in the workspace, whichever folder a notebook is opened from (as the hub does).
  if (!env.NNLIB_EXPERIMENT_LOG?.trim()) extra.NNLIB_EXPERIMENT_LOG = join(dir, HOMEWORK_DIR, EXPERIMENT_LOG);
  return {
    root: dir,
    env: extra,
    lines: [
      `start: student copies ${course.remade ? "made" : "up to date"} (${relative(REPO, course.dir)}/, ${course.files.length} files); workspace ready in ${ms.toFixed(0)} ms`,
      describeSync(sync),
    ],
  };
}

if (isMain(import.meta.url)) {
  let opts;
  try {
    opts = parseStartArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`start: ${errorMessage(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const py = setupOrExit({ need: opts.lab ? "lab" : "serve" });
  if (!py) process.exit(1);
  let prepared;
  try {
    prepared = prepareRoot(opts);
  } catch (error) {
    console.error(`start: ${errorMessage(error)}`);
    process.exit(1);
  }
  for (const line of prepared.lines) console.log(line);
  serve(py, prepared, opts);
}

/**
 * Runs the student's Jupyter (Notebook, or JupyterLab with `--lab`) on `prepared.root` until Ctrl-C.
 * @param {import("./lib/find-jupyter.mjs").Probe} py the Python setup found
 * @param {{ root: string, env: Record<string, string> }} prepared
 * @param {{ solutions: boolean, lab: boolean, jupyterArgs: string[] }} opts
 */
function serve(py, prepared, opts) {
  const app = /** @type {NonNullable<ReturnType<typeof frontEnd>>} */ (frontEnd(py, { lab: opts.lab }));
  const args = serverArgs(app, { dir: prepared.root, kernel: KERNEL_NAME, root: process.getuid?.() === 0, extra: opts.jupyterArgs });

  console.log(`start: ${app.name} ${app.version} (${py.python}), kernel "${KERNEL_DISPLAY_NAME}"`);
  // Linux and macOS: own process group, so that Ctrl-C reaches only this script, which stops the
  // server and its kernels with SIGTERM (Notebook 6 would otherwise ask "Shutdown this notebook
  // server (y/[n])?"). Windows has no process groups to signal (and a detached child would get a
  // console window of its own): there the server's process tree is ended with taskkill.
  const windows = process.platform === "win32";
  const child = spawn(py.python, args, { cwd: prepared.root, env: { ...jupyterEnv(), ...prepared.env }, stdio: ["ignore", "pipe", "pipe"], detached: !windows, windowsHide: true });
  const pid = /** @type {number} */ (child.pid);
  /** Sends the server (and its kernels) SIGTERM or SIGKILL; on Windows, ends its process tree. */
  const signalServer = (/** @type {"SIGTERM" | "SIGKILL"} */ signal) => {
    if (windows) {
      spawnSync("taskkill", ["/pid", String(pid), "/T", "/F"], { stdio: "ignore", windowsHide: true });
      return;
    }
    try { process.kill(-pid, signal); } catch { /* gone */ }
  };

  const what = opts.solutions
    ? `  SOLUTIONS (instructors): ${prepared.root}\n  Students: run \`npm start\` without --solutions.`
    : `  Your workspace: ${prepared.root}\n  Start with 01-neuron.ipynb. Your edits stay there; \`npm run grade\` grades your 08-homework.ipynb.`;
  let announced = false;
  let buffer = "";
  /** @param {string} chunk */
  function scan(chunk) {
    if (announced) return;
    buffer += chunk;
    const match = buffer.match(/https?:\/\/127\.0\.0\.1:\d+\/\S*\?token=[0-9a-f]+/);
    if (!match) return;
    announced = true;
    const line = (opts.solutions ? "!" : "=").repeat(Math.max(60, match[0].length + 4));
    process.stdout.write(
      `\n${line}\n  The course is running. Open this URL in your browser:\n\n  ${match[0]}\n\n${what}\n  Press Ctrl-C here to stop the server.\n${line}\n\n`,
    );
  }
  child.stdout?.on("data", (c) => {
    process.stdout.write(c);
    scan(String(c));
  });
  child.stderr?.on("data", (c) => {
    process.stderr.write(c);
    scan(String(c));
  });

  let stopping = false;
  /** @param {string} signal */
  function stop(signal) {
    if (stopping) {
      // Second Ctrl-C: do not wait any longer.
      signalServer("SIGKILL");
      return;
    }
    stopping = true;
    console.log(`\nstart: ${signal}: stopping the notebook server (and its kernels) ...`);
    signalServer("SIGTERM");
    setTimeout(() => signalServer("SIGKILL"), 15000).unref();
  }
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
  // If this script dies anyway, do not leave the server behind.
  process.on("exit", () => {
    if (child.exitCode === null && child.signalCode === null) signalServer("SIGTERM");
  });

  child.on("exit", (code, signal) => {
    console.log(`start: notebook server stopped${signal ? ` (${signal})` : code ? ` (exit ${code})` : ""}`);
    process.exit(stopping ? 0 : code ?? 1);
  });
}
