#!/usr/bin/env node
// @ts-check
// Stage "workspace" of `npm test` (scripts/test.mjs), also `npm run test:workspace`: what a student
// gets from `npm start`, end to end. The real scripts/start.mjs is started (a workspace in
// test-output/workspace-e2e/, two levels below the repository, so that "up" leads to notebooks/) on
// a free port, and through the Jupyter server's own HTTP API:
//
//   1. every notebook it lists (contents API, and the raw file) has no solution marker, no
//      `// SOLUTION` cell and no line that only the solution copy of that notebook has;
//   2. paths up out of the workspace (`..`, encoded or not; contents API, /files, /notebooks,
//      /tree) do not reach notebooks/;
//   3. a notebook edited through the contents API (as Jupyter saves it) keeps the edit after the
//      server is stopped and `npm start` runs again;
//   4. `--solutions` serves notebooks/ (the solutions) and says so.
// Prints one line per check; exit 0 when all passed.

import { spawn } from "node:child_process";
import { request } from "node:http";
import { rmSync } from "node:fs";
import { basename, join } from "node:path";
import { tally } from "../../scripts/lib/checks.mjs";
import { isMain } from "../../scripts/lib/cli.mjs";
import { MARKERS, codeCells, listNotebooks, readNotebook, sourceText } from "../../scripts/lib/notebook.mjs";
import { freePort } from "../../scripts/hub.mjs";
import { releaseNotebook } from "../../scripts/release.mjs";
import { REPO } from "../../scripts/setup.mjs";

/** @typedef {import("../../scripts/lib/checks.mjs").Check} Check */

export const E2E_WORKSPACE = join(REPO, "test-output", "workspace-e2e");
const START = join(REPO, "scripts", "start.mjs");

/**
 * Lines only the solution copy of a committed notebook has (trimmed, at least 16 characters): a
 * served notebook holding one of them shows a solution.
 * @param {string} path
 */
export function solutionOnlyLines(path) {
  const { student, solution } = releaseNotebook(readNotebook(path));
  const studentLines = new Set(student.cells.flatMap((c) => sourceText(c.source).split("\n").map((l) => l.trim())));
  return [...new Set(solution.cells.flatMap((c) => sourceText(c.source).split("\n").map((l) => l.trim())))].filter((l) => l.length >= 16 && !studentLines.has(l));
}

/**
 * Why a served notebook (its JSON text) shows a solution; empty when it does not.
 * @param {string} text the .ipynb file as served
 * @param {string[]} solutionLines `solutionOnlyLines` of the committed notebook of the same name
 */
export function solutionsShown(text, solutionLines) {
  /** @type {string[]} */
  const found = [];
  for (const marker of ["BEGIN SOLUTION", "END SOLUTION", "// STUB:"]) if (text.includes(marker)) found.push(`holds "${marker}"`);
  /** @type {import("../../scripts/lib/notebook.mjs").Notebook} */
  const nb = JSON.parse(text);
  for (const { cell, number } of codeCells(nb)) {
    const first = sourceText(cell.source).split("\n").find((l) => l.trim() !== "") ?? "";
    if (MARKERS.cell.test(first)) found.push(`code cell ${number} is a // SOLUTION cell`);
  }
  const lines = new Set(nb.cells.flatMap((c) => sourceText(c.source).split("\n").map((l) => l.trim())));
  const shown = solutionLines.filter((l) => lines.has(l));
  if (shown.length > 0) found.push(`${shown.length} line(s) of the solution, e.g. ${JSON.stringify(shown[0])}`);
  return found;
}

/**
 * An HTTP request with the path sent exactly as given (no `..` folded away, as fetch would).
 * @param {number} port
 * @param {string} path
 * @param {{ token: string, method?: string, body?: string }} options
 * @returns {Promise<{ status: number, body: string }>}
 */
function http(port, path, { token, method = "GET", body }) {
  return new Promise((resolveRequest, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method, headers: { Authorization: `token ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) } },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (data += c));
        res.on("end", () => resolveRequest({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on("error", reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
    req.end(body);
  });
}

/**
 * Runs `node scripts/start.mjs ...args` until it prints its URL; `stop()` ends it as Ctrl-C would.
 * @param {string[]} args
 */
async function startCourse(args) {
  const port = await freePort();
  const child = spawn(process.execPath, [START, ...args, `--port=${port}`, "--port-retries=0"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise((res) => child.on("exit", (code) => res(code)));
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`npm start printed no URL in 120 s:\n${output.slice(-2000)}`)), 120_000);
    const scan = (/** @type {Buffer} */ c) => {
      output += c;
      const m = /The course is running\. Open this URL in your browser:\s+(http:\/\/127\.0\.0\.1:(\d+)\/\S*\?token=([0-9a-f]+))/.exec(output);
      if (m) {
        clearTimeout(timer);
        res({ port: Number(m[2]), token: m[3] });
      }
    };
    child.stdout.on("data", scan);
    child.stderr.on("data", scan);
    exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`npm start exited (${code}) before printing a URL:\n${output.slice(-2000)}`));
    });
  });
  return {
    ...url,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}

/**
 * The stage: checks as listed at the top of this file.
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function workspaceTest({ log = console.log } = {}) {
  /** @type {Check[]} */
  const checks = [];
  const check = (/** @type {string} */ name, /** @type {boolean} */ ok, detail = "") => {
    checks.push({ name, ok, detail });
    log(`${ok ? "ok  " : "FAIL"} ${name}${!ok && detail ? ` — ${detail}` : ""}`);
  };
  const started = Date.now();
  rmSync(E2E_WORKSPACE, { recursive: true, force: true });
  /** @type {Awaited<ReturnType<typeof startCourse>> | undefined} */
  let server;
  /** @type {Awaited<ReturnType<typeof startCourse>>[]} */
  const servers = [];
  const marker = `edited by the workspace test ${Date.now()}`;
  try {
    // 1. The first start: the workspace is made; everything Jupyter lists is free of solutions.
    server = await startCourse(["--workspace", E2E_WORKSPACE]);
    const { port, token } = server;
    const servesWorkspace = server.output().includes(`Your workspace: ${E2E_WORKSPACE}`);
    check("npm start serves the workspace and says where it is", servesWorkspace, server.output().slice(-500));
    const rootListing = await http(port, "/api/contents?content=1", { token });
    /** @type {{ name: string, type: string }[]} */
    const entries = rootListing.status === 200 ? JSON.parse(rootListing.body).content : [];
    const listed = entries.filter((e) => e.type === "notebook").map((e) => e.name).sort();
    const committed = listNotebooks().map((p) => basename(p));
    check(`Jupyter lists the course's ${committed.length} notebooks in the workspace`, JSON.stringify(listed) === JSON.stringify(committed), `listed ${listed.join(", ")} (HTTP ${rootListing.status})`);
    check("the workspace lists no notebooks/ folder and no hidden file", !entries.some((e) => e.name === "notebooks" || e.name.startsWith(".")), entries.map((e) => e.name).join(", "));
    for (const name of listed) {
      const lines = solutionOnlyLines(join(REPO, "notebooks", name));
      const viaApi = await http(port, `/api/contents/${encodeURIComponent(name)}?content=1`, { token });
      const raw = await http(port, `/files/${encodeURIComponent(name)}`, { token });
      const shown = viaApi.status === 200 && raw.status === 200 ? [...solutionsShown(JSON.stringify(JSON.parse(viaApi.body).content), lines), ...solutionsShown(raw.body, lines)] : [`HTTP ${viaApi.status} / ${raw.status}`];
      check(`${name}: no solution (markers, // SOLUTION cells, ${lines.length} solution-only lines)`, shown.length === 0, shown.join("; "));
    }

    // 2. Nothing above the workspace: paths with .. are refused, encoded or not.
    const up = [
      "/api/contents/..",
      "/api/contents/../../notebooks",
      "/api/contents/../../notebooks/04-backprop.ipynb",
      "/api/contents/%2E%2E%2F%2E%2E%2Fnotebooks%2F04-backprop.ipynb",
      "/files/../../notebooks/04-backprop.ipynb",
      "/files/%2E%2E/%2E%2E/notebooks/04-backprop.ipynb",
      "/notebooks/../../notebooks/04-backprop.ipynb",
      "/tree/../../notebooks",
    ];
    for (const path of up) {
      const r = await http(port, path, { token });
      const reached = r.status === 200 && /BEGIN SOLUTION|04-backprop|"name": ?"notebooks"/.test(r.body);
      log(`     ${path}: HTTP ${r.status}`);
      check(`${path} does not reach notebooks/`, !reached, `HTTP ${r.status}: ${r.body.slice(0, 200)}`);
    }

    // 3. An edit, saved as Jupyter saves it, survives a second `npm start`.
    // (Never through a server that serves something else, e.g. notebooks/: the edit would land there.)
    if (!servesWorkspace) throw new Error("not editing: the server does not say it serves the test's workspace");
    const target = "03-gradients.ipynb";
    const model = JSON.parse((await http(port, `/api/contents/${target}?content=1`, { token })).body);
    model.content.cells.unshift({ cell_type: "markdown", id: "workspace-e2e-edit", metadata: {}, source: marker });
    const saved = await http(port, `/api/contents/${target}`, { token, method: "PUT", body: JSON.stringify({ type: "notebook", format: "json", content: model.content }) });
    check(`an edit of ${target} is saved through Jupyter`, saved.status === 200, `HTTP ${saved.status}: ${saved.body.slice(0, 200)}`);
    const code = await server.stop();
    server = undefined;
    check("Ctrl-C (SIGTERM) stops npm start cleanly", code === 0, `exit ${code}`);

    // The second start, and an instructor's --solutions server beside it (both at once: quicker).
    const settled = await Promise.allSettled([startCourse(["--workspace", E2E_WORKSPACE]), startCourse(["--solutions"])]);
    for (const s of settled) if (s.status === "fulfilled") servers.push(s.value);
    for (const s of settled) if (s.status === "rejected") throw s.reason;
    const [second, solutions] = servers;
    const again = await http(second.port, `/api/contents/${target}?content=1`, { token: second.token });
    check(`the second npm start keeps the edit of ${target}`, again.status === 200 && JSON.stringify(JSON.parse(again.body).content).includes(marker), `HTTP ${again.status}`);
    check("the second npm start copies nothing new", /0 new file\(s\) copied from the course, 0 update\(s\) offered/.test(second.output()), second.output().slice(0, 800));

    // 4. Instructors: --solutions serves notebooks/ and says so.
    const sol = await http(solutions.port, "/api/contents/04-backprop.ipynb?content=1", { token: solutions.token });
    check("--solutions serves notebooks/ with the solutions", sol.status === 200 && sol.body.includes("BEGIN SOLUTION"), `HTTP ${sol.status}`);
    check("--solutions says so loudly", /WITH EVERY SOLUTION/.test(solutions.output()) && /SOLUTIONS \(instructors\)/.test(solutions.output()), solutions.output().slice(0, 800));
  } catch (error) {
    check("the workspace test ran", false, error instanceof Error ? error.stack ?? error.message : String(error));
  } finally {
    await Promise.all([server, ...servers].filter((x) => x !== undefined).map((x) => x.stop()));
    rmSync(E2E_WORKSPACE, { recursive: true, force: true });
  }
  const result = tally(checks, "workspace: ");
  return { ...result, note: `3 starts of npm start, 2 at once, ${((Date.now() - started) / 1000).toFixed(1)} s` };
}

if (isMain(import.meta.url)) {
  const r = await workspaceTest();
  console.log(`${r.passed} passed, ${r.failed} failed (${r.note})`);
  process.exit(r.failed === 0 ? 0 : 1);
}
