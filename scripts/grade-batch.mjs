// Batch grading: every submission in a folder, N at a time (npm run grade -- submissions/ --jobs N).
//
//   npm run grade -- <folder> [--jobs N] [--out DIR] [--as USER] [--target 0.95] [--timeout 600] [--memory 2048] [--max-params 1000000]
//
// A submission is a notebook (*.ipynb) or a configuration (*.json) directly in the folder (the
// student's name is the file name without its extension: alice.ipynb → alice), or a sub-folder
// per student holding one (bob/08-homework.ipynb → bob; 08-homework.ipynb, then config.json, then
// the only .ipynb/.json). Hidden files are skipped; anything else is graded as an invalid
// submission with the reason — one bad file never stops the others. A symbolic link (to a file or
// a folder) is never followed: it is an invalid submission, and each grader run checks again that
// the file it reads is a regular file inside <folder> (--folder). With --as USER (as root) every
// submission is read and trained as that unprivileged user (scripts/grade.mjs).
//
// Each submission is graded by the single-submission grader (scripts/grade.mjs, unchanged: its
// own training process with the memory and time limits, the grader's fixed seed), so a batch
// grade is the grade `npm run grade -- <file>` gives. Up to --jobs graders run at once, fewer when
// jobs × (--memory + 200 MB) does not fit in the available memory. Written to --out (default:
// <folder>-grades/ next to the folder, never inside it):
//   gradebook.csv   student,submission,accuracy,result,exit_code,training_seconds,reason — sorted by student
//   feedback/<student>.txt   the grader's full report for that student
//   leaderboard.csv, leaderboard.html   the class ranking by held-out accuracy, safe to publish (no
//                    configuration, no reasons): see scripts/lib/leaderboard.mjs for the ranking rule
// Exit code: 0 every submission passed; 1 all graded, at least one failed or invalid (see the
// gradebook); 2 nothing could be graded (no such folder, no submissions, bad options).
// The grades are deterministic: the same submission gets the same accuracy and result on any run
// and with any --jobs (only the times differ) — unless it runs into the wall-clock --timeout, which
// more parallel jobs on fewer cores make likelier.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, freemem } from "node:os";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { csvRow } from "./lib/csv.mjs";
import { leaderboardCsv, leaderboardHtml, parametersFromReport, rankLeaderboard, targetFromReport } from "./lib/leaderboard.mjs";

const GRADE = join(dirname(fileURLToPath(import.meta.url)), "grade.mjs");
const VALUE_FLAGS = new Set(["--target", "--timeout", "--memory", "--max-params", "--train-limit", "--jobs", "--out", "--as"]);
const OVERHEAD_MB = 200; // the grader process + the worker's code, data and buffers outside the V8 heap
const EXIT = { pass: 0, fail: 1, invalid: 2 };

/** The positional arguments of a grade command line (values of options skipped). */
function positionals(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      if (VALUE_FLAGS.has(a) || a === "--folder") i++; // --folder: the single-file grader's, given by the batch
    } else out.push(a);
  }
  return out;
}

/** True when the command line asks for batch grading (a folder, or --jobs/--out). */
export function isBatch(argv) {
  if (argv.some((a) => a === "--jobs" || a === "--out" || a.startsWith("--jobs=") || a.startsWith("--out="))) return true;
  return positionals(argv).some((p) => {
    try { return statSync(p).isDirectory(); } catch { return false; }
  });
}

function parseBatchArgs(argv) {
  const o = { jobs: 1, out: undefined, folder: undefined, pass: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--jobs") {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1) throw new Error(`--jobs ${v}: expected a whole number ≥ 1`);
      o.jobs = v;
    } else if (flag === "--out") o.out = resolve(value());
    else if (VALUE_FLAGS.has(flag)) o.pass.push(flag, value());
    else if (flag.startsWith("--")) throw new Error(`unknown option ${a}`);
    else if (o.folder === undefined) o.folder = resolve(a);
    else throw new Error(`one folder at a time (got ${o.folder} and ${a})`);
  }
  if (o.folder === undefined) throw new Error("no folder of submissions given");
  if (!existsSync(o.folder) || !statSync(o.folder).isDirectory()) throw new Error(`${o.folder} is not a folder (batch grading takes a folder of submissions; --jobs and --out are for folders only)`);
  o.out ??= join(dirname(o.folder), `${basename(o.folder)}-grades`);
  const memory = o.pass.indexOf("--memory");
  o.memory = memory >= 0 ? Number(o.pass[memory + 1]) : 2048;
  return o;
}

/** The submissions of a folder: [{ student, file | undefined, problem | undefined }], sorted by student. */
export function findSubmissions(folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      const student = entry.name.replace(/\.(ipynb|json)$/i, "");
      found.push({ student, file: path, problem: `${entry.name} is a symbolic link, not a submission: only regular files and folders are graded (collect copies of the files, e.g. with \`node scripts/hub.mjs collect\`)` });
    } else if (entry.isDirectory()) {
      const files = readdirSync(path).filter((f) => !f.startsWith(".") && /\.(ipynb|json)$/i.test(f)).sort();
      const pick = ["08-homework.ipynb", "config.json"].find((f) => files.includes(f)) ?? (files.length === 1 ? files[0] : undefined);
      found.push(pick
        ? { student: entry.name, file: join(path, pick) }
        : { student: entry.name, file: path, problem: files.length === 0 ? "the folder holds no notebook (.ipynb) or configuration (.json)" : `the folder holds several submissions (${files.join(", ")}); keep one, or name it 08-homework.ipynb or config.json` });
    } else {
      const ext = extname(entry.name).toLowerCase();
      const student = basename(entry.name, extname(entry.name));
      found.push([".ipynb", ".json"].includes(ext) ? { student, file: path } : { student, file: path, problem: `${entry.name} is not a notebook (.ipynb) or a configuration (.json)` });
    }
  }
  found.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : a.file < b.file ? -1 : 1));
  // Two files of one student (alice.json and alice.ipynb): grade both, under distinct names.
  const seen = new Map();
  for (const s of found) {
    const n = seen.get(s.student) ?? 0;
    seen.set(s.student, n + 1);
    if (n > 0) s.student = `${s.student} (${basename(s.file)})`;
  }
  return found;
}

/** MemAvailable from /proc/meminfo (MB), or os.freemem(). */
function availableMb() {
  try {
    const m = readFileSync("/proc/meminfo", "utf8").match(/^MemAvailable:\s+(\d+) kB/m);
    if (m) return Number(m[1]) / 1024;
  } catch { /* not Linux */ }
  return freemem() / 2 ** 20;
}

/** The report of one grader run → a gradebook row. */
export function parseGraderOutput(stdout, code) {
  const acc = stdout.match(/held-out accuracy\s+([\d.]+) %/);
  const time = stdout.match(/training time\s+([\d.]+) s/);
  const result = stdout.match(/^RESULT: (PASS|FAIL|INVALID SUBMISSION) \(exit code \d\)(?: — (.*))?$/m);
  let reason = result?.[2] ?? "";
  if (result?.[1] === "INVALID SUBMISSION") {
    const lines = stdout.slice(result.index).split("\n").slice(1).map((l) => l.trim()).filter(Boolean);
    reason = lines.join(" | ");
  }
  if (!result) {
    const last = stdout.trim().split("\n").slice(-3).join(" | ");
    reason = `the grader ended without a result (exit code ${code}): ${last}`;
  }
  const verdict = code === EXIT.pass ? "pass" : code === EXIT.invalid ? "invalid" : "fail";
  return { accuracy: acc ? Number(acc[1]) / 100 : undefined, result: verdict, exitCode: code, trainingSeconds: time ? Number(time[1]) : undefined, reason };
}

function gradeOne(sub, root, pass, env) {
  return new Promise((res) => {
    const t0 = Date.now();
    if (sub.problem) {
      const stdout = `Homework grader — submission ${sub.file}\nRESULT: INVALID SUBMISSION (exit code 2)\n  ${sub.problem}\n`;
      return res({ ...parseGraderOutput(stdout, EXIT.invalid), stdout, wallSeconds: 0 });
    }
    const child = spawn(process.execPath, [GRADE, sub.file, "--folder", root, ...pass], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
    child.on("error", (e) => (stderr += e.message));
    child.on("close", (code, signal) => {
      const c = code ?? EXIT.fail;
      const row = parseGraderOutput(stdout, c);
      if (signal) row.reason = `the grader was killed (${signal}) ${row.reason}`;
      res({ ...row, stdout: stdout + (stderr.trim() ? `\n(stderr)\n${stderr}` : ""), wallSeconds: (Date.now() - t0) / 1000 });
    });
  });
}

export const GRADEBOOK_COLUMNS = ["student", "submission", "accuracy", "result", "exit_code", "training_seconds", "reason"];

function safeName(student) {
  return student.replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^\.+/, "_") || "_";
}

/** Grades a folder; returns the exit code. */
export async function gradeBatch(argv) {
  let o;
  try {
    o = parseBatchArgs(argv);
  } catch (e) {
    console.log(`grade: ${e.message}\nusage: npm run grade -- <folder> [--jobs N] [--out DIR] [--target 0.95] [--timeout 600] [--memory 2048] [--max-params 1000000]`);
    return 2;
  }
  const subs = findSubmissions(o.folder);
  if (subs.length === 0) {
    console.log(`grade: no submissions in ${o.folder} (expected *.ipynb, *.json or one folder per student)`);
    return 2;
  }
  const avail = availableMb();
  const fit = Math.max(1, Math.floor(avail / (o.memory + OVERHEAD_MB)));
  const jobs = Math.min(o.jobs, fit, subs.length);
  console.log(`Batch grading — ${subs.length} submission(s) in ${relative(process.cwd(), o.folder) || o.folder}, ${jobs} at a time`);
  if (o.jobs > fit) console.log(`  --jobs ${o.jobs} lowered to ${fit}: ${o.jobs} × (${o.memory} MB limit + ${OVERHEAD_MB} MB) > ${Math.round(avail)} MB available`);
  if (jobs > cpus().length) console.log(`  note: ${jobs} jobs on ${cpus().length} CPU cores: each training is slower (the --timeout is wall-clock time)`);
  // One thread per training when several run at once (nnlib's products are bit-identical for any thread count).
  const env = { ...process.env, NNGRADE_BATCH: "1", ...(jobs > 1 ? { NNLIB_THREADS: "1" } : {}) };
  if (o.pass.includes("--as")) console.log(`  graded as ${o.pass[o.pass.indexOf("--as") + 1]}, not root: each submission is read and trained by that user`);
  else if (process.getuid?.() === 0) console.log("  note: grading as root; grade a class as an unprivileged user with --as nngrader (docs/instructors.md)");
  const rows = new Array(subs.length);
  let next = 0;
  let done = 0;
  const t0 = Date.now();
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (next < subs.length) {
      const i = next++;
      const r = await gradeOne(subs[i], o.folder, o.pass, env);
      rows[i] = { ...subs[i], ...r };
      done++;
      const acc = r.accuracy === undefined ? "" : ` ${(100 * r.accuracy).toFixed(1)} %`;
      console.log(`  [${done}/${subs.length}] ${subs[i].student}: ${r.result.toUpperCase()}${acc} (${r.wallSeconds.toFixed(1)} s)${r.result === "pass" ? "" : ` — ${r.reason.slice(0, 160)}`}`);
    }
  }));
  mkdirSync(o.out, { recursive: true });
  const feedback = join(o.out, "feedback");
  rmSync(feedback, { recursive: true, force: true });
  mkdirSync(feedback, { recursive: true });
  const lines = [csvRow(GRADEBOOK_COLUMNS)];
  for (const r of rows) {
    lines.push(csvRow([r.student, relative(o.folder, r.file) || basename(r.file), r.accuracy === undefined ? "" : r.accuracy.toFixed(4), r.result, r.exitCode, r.trainingSeconds ?? "", r.reason]));
    writeFileSync(join(feedback, `${safeName(r.student)}.txt`), `Student: ${r.student}\nSubmission: ${relative(o.folder, r.file) || basename(r.file)}\nResult: ${r.result}${r.accuracy === undefined ? "" : ` (held-out accuracy ${(100 * r.accuracy).toFixed(1)} %)`}\n${r.reason ? `Reason: ${r.reason}\n` : ""}\n${r.stdout}`);
  }
  writeFileSync(join(o.out, "gradebook.csv"), `${lines.join("\n")}\n`);
  // The publishable leaderboard: names, accuracy, parameters, time, pass/fail — no configuration, no reasons.
  const board = rankLeaderboard(rows.map((r) => ({
    name: r.student, accuracy: r.accuracy, params: parametersFromReport(r.stdout), seconds: r.trainingSeconds, result: r.result, reason: r.reason,
  })));
  const target = rows.map((r) => targetFromReport(r.stdout)).find((t) => t !== undefined);
  writeFileSync(join(o.out, "leaderboard.csv"), leaderboardCsv(board));
  writeFileSync(join(o.out, "leaderboard.html"), leaderboardHtml(board, { target }));
  const count = (k) => rows.filter((r) => r.result === k).length;
  console.log(`Gradebook: ${relative(process.cwd(), join(o.out, "gradebook.csv"))} (feedback in ${relative(process.cwd(), feedback)}/) — ${count("pass")} pass, ${count("fail")} fail, ${count("invalid")} invalid, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`Leaderboard: ${relative(process.cwd(), join(o.out, "leaderboard.html"))} and leaderboard.csv — ${board.ranked.length} ranked, ${board.unranked.length} without an accuracy, ${board.invalid.length} invalid (names, accuracy, parameters, time and pass/fail only: safe to publish)`);
  return count("pass") === rows.length ? 0 : 1;
}
