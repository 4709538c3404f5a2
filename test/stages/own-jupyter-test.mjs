// @ts-check
// The set-up on a student's machine: not root, with the Jupyter they have, or with none.
//
//   node test/stages/own-jupyter-test.mjs
//
// As root (CI), a throwaway user (useradd, removed at the end) gets a copy of the course in a home
// of its own (the repository's files and lib/dist; node_modules linked, as the image check does)
// and runs, with runuser and an environment of its own (env -i):
//   1. `node scripts/setup.mjs` with a virtual environment made from Debian's Python
//      (`python3 -m venv --system-site-packages`) first on PATH and not activated: the set-up must
//      pick that venv's Python (not /usr/bin/python3) and write the kernelspec of the copy;
//   2. `npm start` (scripts/start.mjs) the same way: the course must open — the URL printed, the
//      server answering with the course's kernel as its default and the notebooks listed — and
//      Ctrl-C (SIGINT) must stop it, leaving none of the user's processes behind;
//   3. `npm start` with no Jupyter at all (Debian's Python packages hidden in a mount namespace,
//      unshare -m): it must stop with exit code 1 and print the commands that install one for
//      this system (Debian, not root), and install nothing.
// Not as root: 1 and 2 as the current user; 3 needs root (reported as not run).

import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isMain } from "../../scripts/lib/cli.mjs";
import { tally } from "../../scripts/lib/checks.mjs";
import { REPO } from "../../scripts/setup.mjs";

/** @typedef {import("../../scripts/lib/checks.mjs").Check} Check */
/** @typedef {import("../../scripts/lib/checks.mjs").StageResult} StageResult */

const isRoot = process.getuid?.() === 0;
/** Debian's Python packages (Jupyter among them), hidden for the "no Jupyter" case. */
const DEBIAN_PACKAGES = "/usr/lib/python3/dist-packages";

/** A free TCP port on 127.0.0.1. @returns {Promise<number>} */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The course's files as a student's clone has them: every file git knows or would add (not the
 * ignored ones), lib/dist (built), and node_modules as a link to this clone's. Timestamps kept,
 * so that the copy's library build counts as up to date.
 * @param {string} dest
 */
function copyCourse(dest) {
  const list = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" });
  if (list.status !== 0) throw new Error(`git ls-files failed: ${list.stderr}`);
  for (const file of list.stdout.split("\0").filter((f) => f !== "" && existsSync(join(REPO, f)))) {
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    cpSync(join(REPO, file), join(dest, file), { preserveTimestamps: true });
  }
  cpSync(join(REPO, "lib", "dist"), join(dest, "lib", "dist"), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(REPO, "node_modules"), join(dest, "node_modules"));
}

/**
 * Runs a command as `user` (runuser) with only `env` (env -i), or as this user when `user` is
 * undefined; `wrap` goes before it (e.g. unshare). Resolves to its exit status and output.
 * @param {{ user?: string, env: Record<string, string>, cwd: string, command: string[], wrap?: string[], timeoutMs?: number }} options
 * @returns {{ status: number | null, output: string }}
 */
function runAs({ user, env, cwd, command, wrap = [] }) {
  const envArgs = ["env", "-i", ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
  const argv = [...wrap, ...(user ? ["runuser", "-u", user, "--"] : []), ...envArgs, ...command];
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: "utf8", timeout: 120000 });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? r.error.message : ""}` };
}

/**
 * `npm start` as `user` until the course's URL is printed; then checks the server through its API
 * and stops it with SIGINT, as Ctrl-C does.
 * @param {{ user?: string, env: Record<string, string>, cwd: string }} options
 * @returns {Promise<Check[]>}
 */
async function startAndStop({ user, env, cwd }) {
  /** @type {Check[]} */
  const checks = [];
  const port = await freePort();
  const envArgs = ["env", "-i", ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
  const argv = [...(user ? ["runuser", "-u", user, "--"] : []), ...envArgs, "node", "scripts/start.mjs", `--port=${port}`];
  // A process group of its own, as a terminal's foreground job: Ctrl-C is SIGINT to the group.
  const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exited = new Promise((resolveExit) => child.on("exit", (code, signal) => resolveExit(code ?? signal)));
  /** @type {RegExpMatchArray | null} */
  let url = null;
  for (const deadline = Date.now() + 90000; Date.now() < deadline && url === null && child.exitCode === null; ) {
    await new Promise((r) => setTimeout(r, 200));
    url = output.match(/The course is running\. Open this URL in your browser:\s+(http:\/\/127\.0\.0\.1:\d+\/\S*\?token=([0-9a-f]+))/);
  }
  checks.push({ name: "npm start prints the course's URL", ok: url !== null, detail: output.slice(-1500) });
  if (url) {
    const base = `http://127.0.0.1:${port}`;
    const token = url[2];
    try {
      const specs = await (await fetch(`${base}/api/kernelspecs?token=${token}`)).json();
      const argv1 = specs?.kernelspecs?.tslab?.spec?.argv?.[1];
      checks.push({
        name: "the server's default kernel is the course's, from this copy",
        ok: specs?.default === "tslab" && argv1 === join(cwd, "node_modules", "tslab", "bin", "tslab"),
        detail: `default ${specs?.default}, tslab argv[1] ${argv1}`,
      });
      const root = await (await fetch(`${base}/api/contents?token=${token}`)).json();
      const notebooks = (root?.content ?? []).filter((/** @type {{ name: string }} */ f) => f.name.endsWith(".ipynb"));
      checks.push({ name: "the server lists the course's notebooks", ok: notebooks.length > 0, detail: JSON.stringify(root).slice(0, 300) });
    } catch (error) {
      checks.push({ name: "the server answers", ok: false, detail: String(error) });
    }
  }
  // Ctrl-C: SIGINT to the job's process group (runuser and start.mjs); start.mjs stops the server
  // and its kernels.
  const signalGroup = (/** @type {NodeJS.Signals} */ signal) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      /* gone */
    }
  };
  if (child.exitCode === null) signalGroup("SIGINT");
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 30000))]);
  if (code === "timeout") signalGroup("SIGKILL");
  checks.push({ name: "Ctrl-C stops the server", ok: code !== "timeout" && /notebook server stopped/.test(output), detail: `exit ${code}; ${output.slice(-600)}` });
  if (user) {
    await new Promise((r) => setTimeout(r, 500));
    const left = spawnSync("pgrep", ["-u", user, "-a"], { encoding: "utf8" }).stdout.trim();
    checks.push({ name: "no process of the student left running", ok: left === "", detail: left });
  }
  return checks;
}

/**
 * The stage: the three cases above. Returns `{ passed, failed, failures, note }`.
 * @param {{ quiet?: boolean }} [options]
 * @returns {Promise<StageResult>}
 */
export async function ownJupyterTest({ quiet = false } = {}) {
  /** @type {Check[]} */
  const checks = [];
  const say = (/** @type {string} */ line) => {
    if (!quiet) console.log(line);
  };
  const user = isRoot ? `nnown${randomBytes(3).toString("hex")}` : undefined;
  const home = mkdtempSync(join(tmpdir(), "nn-own-jupyter-"));
  const cwd = join(home, "nn-course");
  let note = "";
  try {
    copyCourse(cwd);
    if (user) {
      const add = spawnSync("useradd", ["--home-dir", home, "--no-create-home", "--user-group", "--shell", "/bin/sh", user], { encoding: "utf8" });
      if (add.status !== 0) throw new Error(`useradd ${user} failed: ${add.stderr}`);
      spawnSync("chown", ["-R", `${user}:${user}`, home]);
      chmodSync(home, 0o700);
    }
    say(`  ${user ? `user ${user}` : "this user"}, the course copied to ${cwd}`);
    // A venv of Debian's Python that sees Debian's Jupyter, on PATH but not activated.
    const venv = join(home, "venv");
    const made = runAs({ user, env: { HOME: home, PATH: "/usr/bin:/bin" }, cwd: home, command: ["/usr/bin/python3", "-m", "venv", "--system-site-packages", "--without-pip", venv] });
    if (made.status !== 0) throw new Error(`python3 -m venv failed: ${made.output}`);
    const env = { HOME: home, PATH: `${venv}/bin:/usr/local/bin:/usr/bin:/bin`, LANG: "C.UTF-8" };

    const setupRun = runAs({ user, env, cwd, command: ["node", "scripts/setup.mjs"] });
    const line = setupRun.output.split("\n").find((l) => l.startsWith("setup: jupyter")) ?? "(no jupyter line)";
    say(`  1. ${line.trim()}`);
    checks.push({ name: "setup succeeds as a student", ok: setupRun.status === 0, detail: setupRun.output.slice(-1500) });
    checks.push({ name: "setup picks the venv's Python on PATH", ok: line.includes(`ok (${venv}/bin/python`), detail: line });
    const kernel = join(cwd, "jupyter", "kernels", "tslab", "kernel.json");
    const spec = existsSync(kernel) ? JSON.parse(readFileSync(kernel, "utf8")) : undefined;
    checks.push({ name: "the copy's kernelspec", ok: spec?.argv?.[1] === join(cwd, "node_modules", "tslab", "bin", "tslab"), detail: JSON.stringify(spec) });

    const started = await startAndStop({ user, env, cwd });
    say(`  2. npm start: ${started.filter((c) => c.ok).length}/${started.length} checks`);
    checks.push(...started);

    if (user) {
      // No Jupyter anywhere: Debian's Python packages hidden for this one command.
      const empty = join(home, "empty");
      mkdirSync(empty);
      const none = runAs({
        user,
        env: { HOME: home, PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8" },
        cwd,
        wrap: ["unshare", "--mount", "--propagation", "private", "sh", "-c", `mount --bind "$0" ${DEBIAN_PACKAGES} && exec "$@"`, empty],
        command: ["node", "scripts/start.mjs"],
      });
      say(`  3. no Jupyter: exit ${none.status}`);
      const out = none.output;
      checks.push({ name: "npm start without Jupyter stops with exit code 1", ok: none.status === 1 && /setup: FAILED:/.test(out), detail: out.slice(-1500) });
      checks.push({
        name: "it prints this system's install commands",
        ok:
          /No Python 3 with Jupyter Notebook was found|Jupyter Notebook is not installed for any Python found/.test(out) &&
          out.includes(`    cd ${cwd}\n`) &&
          /\n {4}(\.venv\/bin\/python|python3) -m pip install (--user )?notebook\n/.test(out) &&
          out.includes("    sudo apt-get install -y --no-install-recommends jupyter-notebook") &&
          !/setup: apt/.test(out),
        detail: out.slice(-2000),
      });
    } else {
      note = "the no-Jupyter case needs root (useradd, unshare): not run";
    }
  } finally {
    if (user) {
      const left = spawnSync("pgrep", ["-u", user], { encoding: "utf8" }).stdout.trim().split("\n").filter((p) => p !== "");
      for (const pid of left) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          /* gone */
        }
      }
      spawnSync("userdel", [user], { encoding: "utf8" });
      spawnSync("groupdel", [user], { encoding: "utf8" });
    }
    rmSync(home, { recursive: true, force: true });
  }
  return { ...tally(checks), note: note || (user ? `as a throwaway user (${user}, removed)` : "as this user") };
}

if (isMain(import.meta.url)) {
  const { passed, failed, failures, note } = await ownJupyterTest();
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`${passed} passed, ${failed} failed${note ? ` (${note})` : ""}`);
  process.exit(failed === 0 ? 0 : 1);
}
