#!/usr/bin/env node
// `npm start`: set up, then open the course in classic Jupyter Notebook on 127.0.0.1.
// Extra arguments go to `jupyter notebook` (e.g. `npm start -- --port=9000`).
// A second `npm start` while one runs takes the next free port. Ctrl-C stops the server.

import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { setupOrExit } from "./lib/cli.mjs";
import { NOTEBOOK_DIR } from "./lib/notebook.mjs";
import { REPO, jupyterEnv } from "./setup.mjs";

const py = setupOrExit();

mkdirSync(NOTEBOOK_DIR, { recursive: true });
const args = [
  "-m", "notebook",
  `--notebook-dir=${NOTEBOOK_DIR}`,
  "--no-browser",
  "--ip=127.0.0.1",
  "--MappingKernelManager.default_kernel_name=tslab", // File > New notebook: TypeScript
  ...process.argv.slice(2),
];
if (process.getuid?.() === 0) args.push("--allow-root");

console.log(`start: jupyter notebook ${py.notebookVersion} (${py.python}), kernel "TypeScript (course)"`);
// Own process group: Ctrl-C reaches only this script, which stops the server with SIGTERM
// (Notebook 6 would otherwise ask "Shutdown this notebook server (y/[n])?").
const child = spawn(py.python, args, { cwd: REPO, env: jupyterEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true });

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
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
    return;
  }
  stopping = true;
  console.log(`\nstart: ${signal}: stopping the notebook server (and its kernels) ...`);
  try { process.kill(-child.pid, "SIGTERM"); } catch { /* gone */ }
  setTimeout(() => {
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
  }, 15000).unref();
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
// If this script dies anyway, do not leave the server behind.
process.on("exit", () => {
  try { process.kill(-child.pid, "SIGTERM"); } catch { /* gone */ }
});

child.on("exit", (code, signal) => {
  console.log(`start: notebook server stopped${signal ? ` (${signal})` : code ? ` (exit ${code})` : ""}`);
  process.exit(stopping ? 0 : code ?? 1);
});
