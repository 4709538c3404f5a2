#!/usr/bin/env node
// `npm start`: set up, then open the course in the student's own Jupyter on 127.0.0.1: Notebook 6
// or 7 (else nbclassic, else JupyterLab), found by scripts/lib/find-jupyter.mjs; `npm start -- --lab`
// opens JupyterLab. Other arguments go to Jupyter (e.g. `npm start -- --port=9000`).
// A second `npm start` while one runs takes the next free port. Ctrl-C stops the server.

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { setupOrExit } from "./lib/cli.mjs";
import { NOTEBOOK_DIR } from "./lib/notebook.mjs";
import { frontEnd, serverArgs } from "./lib/find-jupyter.mjs";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, REPO, jupyterEnv } from "./setup.mjs";

const lab = process.argv.includes("--lab");
const py = setupOrExit({ need: lab ? "lab" : "serve" });
const app = frontEnd(py, { lab });

mkdirSync(NOTEBOOK_DIR, { recursive: true });
const extra = process.argv.slice(2).filter((a) => a !== "--lab");
const args = serverArgs(app, { dir: NOTEBOOK_DIR, kernel: KERNEL_NAME, root: process.getuid?.() === 0, extra });

console.log(`start: ${app.name} ${app.version} (${py.python}), kernel "${KERNEL_DISPLAY_NAME}"`);
// Linux and macOS: own process group, so that Ctrl-C reaches only this script, which stops the
// server and its kernels with SIGTERM (Notebook 6 would otherwise ask "Shutdown this notebook
// server (y/[n])?"). Windows has no process groups to signal (and a detached child would get a
// console window of its own): there the server's process tree is ended with taskkill.
const windows = process.platform === "win32";
const child = spawn(py.python, args, { cwd: REPO, env: jupyterEnv(), stdio: ["ignore", "pipe", "pipe"], detached: !windows, windowsHide: true });

/** Sends the server (and its kernels) SIGTERM, or SIGKILL; on Windows, ends its process tree. */
function signalServer(/** @type {"SIGTERM" | "SIGKILL"} */ signal) {
  if (windows) {
    spawnSync("taskkill", ["/pid", String(child.pid), "/T", "/F"], { stdio: "ignore", windowsHide: true });
    return;
  }
  try { process.kill(-child.pid, signal); } catch { /* gone */ }
}

let announced = false;
let buffer = "";
function scan(chunk) {
  buffer += chunk;
  if (announced) return;
  const match = buffer.match(/https?:\/\/127\.0\.0\.1:\d+\/\S*\?token=[0-9a-f]+/);
  if (!match) return;
  announced = true;
  const line = "=".repeat(Math.max(60, match[0].length + 4));
  process.stdout.write(
    `\n${line}\n  The course is running. Open this URL in your browser:\n\n  ${match[0]}\n\n  Press Ctrl-C here to stop the server.\n${line}\n\n`,
  );
}
child.stdout.on("data", (c) => {
  process.stdout.write(c);
  scan(String(c));
});
child.stderr.on("data", (c) => {
  process.stderr.write(c);
  scan(String(c));
});

let stopping = false;
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
