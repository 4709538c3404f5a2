// @ts-check
// A student's workspace: their own copy of the course, the folder `npm start` serves
// (`<repo>/workspace/`, git-ignored) and the hub serves (`~/course`, through hub/singleuser.py).
// The one implementation of "copy the course to a student" for both.
//
//   node scripts/lib/workspace.mjs --from <student copies> --to <workspace>
//
// `--from` is a folder of student copies (solutions replaced by stubs, no outputs; made by
// scripts/release.mjs `studentCourse()`): every `*.ipynb` and `*.md` file in it is offered to the
// workspace:
//
//   * a file the workspace does not have is copied (the first start copies the whole course;
//     a notebook the student deleted comes back fresh at the next start);
//   * an existing file is NEVER overwritten, so a course update (`git pull`) keeps the student's
//     edits. When the course's version of a file changed since the student's copy was made, the
//     new version is put in `course-updates/` (that folder alone is rewritten) and listed in
//     `course-updates/README.txt`;
//   * `.course-manifest.json` remembers, per file, the SHA-256 of the course version the student's
//     copy came from (the same file and format hub/singleuser.py kept before this module);
//   * `homework/` is made for notebook 08's experiment log, and a small `package.json` whose
//     `npm run grade` grades the workspace's 08-homework.ipynb from inside the workspace.
//
// Nothing is ever written through a symbolic link: new files are created with O_EXCL (which fails
// on an existing file or link), files the module rewrites (the manifest, the README, package.json)
// are written to a new file and renamed over the old name (which replaces a link, not its target),
// and a `course-updates/` or `homework/` that is not a real folder is left alone.
//
// Plain Node (no import from the rest of the course), so that a served tree needs this one file.

import { createHash } from "node:crypto";
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, readlinkSync, renameSync, rmdirSync, statSync, symlinkSync, unlinkSync, writeSync } from "node:fs";
import nodePath from "node:path";
import { fileURLToPath } from "node:url";

/** The manifest: `{ "<file>": "<sha256 of the course version the student's copy came from>" }`. */
export const MANIFEST = ".course-manifest.json";
/** Where changed course files are offered, beside (never over) the student's copies. */
export const UPDATES_DIR = "course-updates";
export const UPDATES_README = "README.txt";
/** Notebook 08's experiment log goes to `<workspace>/homework/experiments.jsonl`. */
export const HOMEWORK_DIR = "homework";
export const EXPERIMENT_LOG = "experiments.jsonl";
/** The notebook `npm run grade` grades when it is given no file. */
export const HOMEWORK_NOTEBOOK = "08-homework.ipynb";
/** The environment variable that puts the workspace somewhere else than `<repo>/workspace`. */
export const WORKSPACE_ENV = "NNCOURSE_WORKSPACE";
/** The `name` of the package.json this module writes (so that it knows the file is its own). */
export const PACKAGE_NAME = "nn-course-workspace";
/** The files of a course folder that go to the workspace. */
export const COURSE_SUFFIXES = [".ipynb", ".md"];

const HERE = nodePath.dirname(fileURLToPath(import.meta.url));
/** scripts/grade.mjs, next to this module's folder. */
export const GRADE_SCRIPT = nodePath.resolve(HERE, "..", "grade.mjs");

/** An error of the workspace's own making (bad location, missing copies): its message is for the user. */
export class WorkspaceError extends Error {}

/** @typedef {typeof nodePath.posix} PathModule */

/**
 * The workspace folder: `override` (the `--workspace` flag) if given, else `$NNCOURSE_WORKSPACE`,
 * else `<repo>/workspace`; relative paths are taken from `cwd`.
 * @param {string} repo
 * @param {{ override?: string, env?: Record<string, string | undefined>, cwd?: string, path?: PathModule }} [options]
 */
export function workspaceDir(repo, { override, env = process.env, cwd = process.cwd(), path = nodePath } = {}) {
  const chosen = override ?? (env[WORKSPACE_ENV]?.trim() ? env[WORKSPACE_ENV] : undefined);
  return chosen !== undefined ? path.resolve(cwd, chosen) : path.join(repo, "workspace");
}

/**
 * Whether `inner` is `outer` or a path inside it (lexically; case-insensitive on Windows paths).
 * @param {string} inner
 * @param {string} outer
 * @param {PathModule} [path]
 */
export function isInside(inner, outer, path = nodePath) {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

/** The real path of `p`, or `p` itself when it does not exist yet (realpath of its nearest existing parent + the rest). */
function realish(/** @type {string} */ p) {
  const rest = [];
  let current = nodePath.resolve(p);
  for (;;) {
    try {
      return nodePath.join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = nodePath.dirname(current);
      if (parent === current) return p;
      rest.push(nodePath.basename(current));
      current = parent;
    }
  }
}

/**
 * Refuses a workspace from which a student could reach the solutions: the workspace must not be
 * inside a folder that holds them (`notebooks/`, the copies' folder) nor hold one of them (a
 * workspace at the repository's root would let Jupyter browse into `notebooks/`). Symbolic links
 * are followed on this machine's paths; `path` = `path.win32` checks Windows paths (tests).
 * @param {string} workspace
 * @param {{ name: string, dir: string }[]} protectedDirs e.g. `[{ name: "notebooks/", dir }]`
 * @param {PathModule} [path]
 */
export function checkWorkspaceLocation(workspace, protectedDirs, path = nodePath) {
  const real = path === nodePath ? realish : (/** @type {string} */ p) => p;
  const ws = real(path.resolve(workspace));
  for (const { name, dir } of protectedDirs) {
    const d = real(path.resolve(dir));
    if (isInside(ws, d, path)) {
      throw new WorkspaceError(`the workspace ${workspace} is inside ${name} (${dir}), which holds what students must not see. Choose a folder outside it, e.g. the default <repo>/workspace.`);
    }
    if (isInside(d, ws, path)) {
      throw new WorkspaceError(`the workspace ${workspace} contains ${name} (${dir}): Jupyter would let a student open it. Choose a folder that does not contain it, e.g. the default <repo>/workspace.`);
    }
  }
}

/** @param {Buffer | string} data */
export function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

/** lstat, or undefined when nothing is there. */
function lstatOrNothing(/** @type {string} */ p) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Writes `data` to `dst` only if nothing (no file, no link, not even a dangling one) is there:
 * O_CREAT | O_EXCL. Returns whether it wrote.
 * @param {string} dst
 * @param {Buffer | string} data
 */
export function writeNew(dst, data) {
  let fd;
  try {
    fd = openSync(dst, "wx");
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === "EEXIST") return false;
    throw error;
  }
  try {
    const buffer = typeof data === "string" ? Buffer.from(data) : data;
    for (let off = 0; off < buffer.length; ) off += writeSync(fd, buffer, off);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Replaces `dst` by a file holding `data`: written to a new file beside it, then renamed over it
 * (a link at `dst` is replaced, its target is never written).
 * @param {string} dst
 * @param {Buffer | string} data
 */
export function replaceFile(dst, data) {
  const tmp = `${dst}.${process.pid}.${Date.now()}.tmp`;
  if (!writeNew(tmp, data)) throw new Error(`${tmp} exists`);
  try {
    renameSync(tmp, dst);
  } catch (error) {
    try { unlinkSync(tmp); } catch { /* gone */ }
    throw error;
  }
}

/** Removes a file or a link (never what a link points to); nothing if nothing is there. */
function removeEntry(/** @type {string} */ p) {
  const st = lstatOrNothing(p);
  if (st && !st.isDirectory()) unlinkSync(p);
}

/**
 * A real folder at `dir` (made if missing). False when something else is there (a file, or a link
 * the student made): the caller then leaves it alone.
 * @param {string} dir
 */
function ensureRealDir(dir) {
  const st = lstatOrNothing(dir);
  if (st === undefined) {
    mkdirSync(dir);
    return true;
  }
  return st.isDirectory();
}

/** @param {string} file */
function readManifest(file) {
  const st = lstatOrNothing(file);
  if (!st?.isFile()) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    /** @type {Record<string, string>} */
    const manifest = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === "string") manifest[k] = v;
    return manifest;
  } catch {
    return {};
  }
}

/**
 * The files of a course folder that go to a workspace, sorted.
 * @param {string} source
 */
export function courseFiles(source) {
  return readdirSync(source)
    .filter((name) => !name.startsWith(".") && COURSE_SUFFIXES.some((s) => name.endsWith(s)))
    .filter((name) => lstatOrNothing(nodePath.join(source, name))?.isFile())
    .sort();
}

/**
 * The npm command of the workspace's package.json that grades its 08-homework.ipynb: node with
 * `gradeScript`, relative to the workspace when the script sits in the workspace's parent (the
 * usual `<repo>/workspace` → `../scripts/grade.mjs`), absolute otherwise; forward slashes (Node
 * takes them on Windows too), in double quotes (a path with spaces works in sh and cmd.exe).
 * Undefined for a path that cannot be quoted safely in both shells.
 * @param {string} workspace
 * @param {string} gradeScript
 * @param {PathModule} [path]
 */
export function gradeCommand(workspace, gradeScript, path = nodePath) {
  const parent = path.dirname(path.resolve(workspace));
  const script = path.resolve(gradeScript);
  const shown = isInside(script, parent, path) ? path.relative(path.resolve(workspace), script) : script;
  const forward = shown.split(path.sep).join("/");
  if (/["$`%!\\\n\r]/.test(forward)) return undefined;
  return `node "${forward}"`;
}

/**
 * The workspace's package.json: `npm run grade` from the workspace grades its own notebook.
 * @param {string} command
 */
function packageJson(command) {
  return `${JSON.stringify(
    {
      name: PACKAGE_NAME,
      private: true,
      description: "Your own copy of the neural-network course (made by the course; your notebooks are yours). `npm run grade` grades your 08-homework.ipynb.",
      scripts: { grade: command },
    },
    null,
    2,
  )}\n`;
}

/**
 * Writes the workspace's package.json when it is missing or is this module's own (an older
 * version of it); leaves any other package.json (and a link) alone. Returns a problem or undefined.
 * @param {string} workspace
 * @param {string} gradeScript
 */
function ensurePackageJson(workspace, gradeScript) {
  const file = nodePath.join(workspace, "package.json");
  const command = gradeCommand(workspace, gradeScript);
  if (command === undefined) return `package.json not written: the path of the grader (${gradeScript}) has characters a shell command cannot hold; run the grader from the course folder instead.`;
  const text = packageJson(command);
  const st = lstatOrNothing(file);
  if (st === undefined) {
    writeNew(file, text);
    return undefined;
  }
  if (!st.isFile()) return `${file} is not a regular file: left alone (npm run grade from the workspace may not work).`;
  const current = readFileSync(file, "utf8");
  if (current === text) return undefined;
  let ours = false;
  try {
    ours = JSON.parse(current).name === PACKAGE_NAME;
  } catch { /* not JSON: not ours */ }
  if (!ours) return `${file} is not the course's: left alone (npm run grade from the workspace may not work).`;
  replaceFile(file, text);
  return undefined;
}

const README_TEXT = (/** @type {string[]} */ names) =>
  "The course changed these notebooks after you made your copy. Your copies in ../ are\n" +
  "untouched; the new versions are here. To switch to one, rename your copy and move the\n" +
  "new one up (or delete your copy: the next server start copies the new version).\n\n" +
  names.map((n) => `  ${n}\n`).join("");

/**
 * @typedef {object} SyncResult
 * @property {string} workspace the folder
 * @property {string[]} copied files copied because the workspace did not have them
 * @property {string[]} updated files whose new course version is offered in course-updates/
 * @property {string[]} kept files the student has, from before the manifest (adopted as they are)
 * @property {string[]} problems things left alone (links where a folder or file was expected)
 */

/**
 * Brings a workspace up to date with the course's student copies (see the top of this file).
 * Throws WorkspaceError when `source` is not a folder or `workspace` is not one.
 * @param {{ source: string, workspace: string, gradeScript?: string }} options
 * @returns {SyncResult}
 */
export function syncWorkspace({ source, workspace, gradeScript = GRADE_SCRIPT }) {
  if (!isDirectory(source)) {
    throw new WorkspaceError(`the student copies of the course are not at ${source}.`);
  }
  mkdirSync(workspace, { recursive: true });
  if (!isDirectory(workspace)) throw new WorkspaceError(`${workspace} is not a folder: the workspace must be one.`);
  /** @type {SyncResult} */
  const result = { workspace, copied: [], updated: [], kept: [], problems: [] };

  const homework = nodePath.join(workspace, HOMEWORK_DIR);
  if (!ensureRealDir(homework)) result.problems.push(`${homework} is not a folder: left alone (the experiment log goes there).`);

  const manifestFile = nodePath.join(workspace, MANIFEST);
  const manifest = readManifest(manifestFile);
  const updates = nodePath.join(workspace, UPDATES_DIR);
  const updatesSt = lstatOrNothing(updates);
  const updatesUsable = updatesSt === undefined || updatesSt.isDirectory();
  if (!updatesUsable) result.problems.push(`${updates} is not a folder: course updates cannot be offered there. Remove it; the next start makes it again.`);

  for (const name of courseFiles(source)) {
    const data = readFileSync(nodePath.join(source, name));
    const digest = sha256(data);
    const dst = nodePath.join(workspace, name);
    const offered = nodePath.join(updates, name);
    if (writeNew(dst, data)) {
      result.copied.push(name);
      manifest[name] = digest;
      continue;
    }
    const recorded = manifest[name];
    if (recorded === undefined) {
      // A file of the student's from before the manifest (or of their own making): keep it.
      manifest[name] = digest;
      result.kept.push(name);
      continue;
    }
    const dstSt = lstatOrNothing(dst);
    const same = recorded === digest || (dstSt?.isFile() === true && sha256(readFileSync(dst)) === digest);
    if (same) {
      // Up to date, or the student took the new version: nothing to offer (any more).
      manifest[name] = digest;
      if (updatesUsable && updatesSt !== undefined) removeEntry(offered);
      continue;
    }
    // The course changed this file after the student's copy was made.
    if (!updatesUsable) continue;
    if (lstatOrNothing(updates) === undefined) mkdirSync(updates);
    removeEntry(offered);
    writeNew(offered, data);
    result.updated.push(name);
  }

  /** @type {Record<string, string>} */
  const sorted = {};
  for (const k of Object.keys(manifest).sort()) sorted[k] = manifest[k];
  replaceFile(manifestFile, `${JSON.stringify(sorted, null, 1)}\n`);

  if (updatesUsable && lstatOrNothing(updates) !== undefined) {
    const readme = nodePath.join(updates, UPDATES_README);
    if (result.updated.length > 0) replaceFile(readme, README_TEXT(result.updated));
    else {
      removeEntry(readme); // nothing is offered any more
      try { rmdirSync(updates); } catch { /* not empty: the student keeps what is in it */ }
    }
  }

  const problem = ensurePackageJson(workspace, gradeScript);
  if (problem) result.problems.push(problem);
  return result;
}

/** Whether `p` is a folder (or a link to one: the workspace itself may be where the student wants it). */
function isDirectory(/** @type {string} */ p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * One line on what a sync did, for the log of `npm start` and of the hub.
 * @param {SyncResult} r
 */
export function describeSync(r) {
  const lines = [
    `workspace: ${r.workspace}: ${r.copied.length} new file(s) copied from the course, ${r.updated.length} update(s) offered in ${UPDATES_DIR}/.`,
  ];
  if (r.updated.length > 0) lines.push(`workspace: the course changed ${r.updated.join(", ")}; your copies are untouched, the new versions are in ${UPDATES_DIR}/ (see its ${UPDATES_README}).`);
  for (const p of r.problems) lines.push(`workspace: ${p}`);
  return lines.join("\n");
}

/**
 * Lets a workspace outside the course's folder import the course's packages (`import … from
 * "nnlib"`: Node and TypeScript look for node_modules in the notebook's folder and its parents):
 * `<workspace>/node_modules` becomes a link to `nodeModules` (a junction on Windows, which needs
 * no special rights). Nothing is done for a workspace inside the course's folder (the parents
 * already hold node_modules), and an existing `node_modules` that is not that link is left alone.
 * Returns a problem or undefined.
 * @param {string} workspace
 * @param {string} nodeModules the course's node_modules
 */
export function linkPackages(workspace, nodeModules) {
  if (isInside(workspace, nodePath.dirname(nodeModules))) return undefined;
  const link = nodePath.join(workspace, "node_modules");
  const st = lstatOrNothing(link);
  if (st?.isSymbolicLink() && nodePath.resolve(workspace, readlinkSync(link)) === nodePath.resolve(nodeModules)) return undefined;
  if (st?.isSymbolicLink()) unlinkSync(link); // the course moved: point the link at its new place
  else if (st !== undefined) return `${link} exists and is not a link to ${nodeModules}: \`import … from "nnlib"\` may not work in the notebooks.`;
  symlinkSync(nodeModules, link, "junction");
  return undefined;
}

/**
 * Whether `dir` is a workspace this module made (it holds the manifest).
 * @param {string} dir
 */
export function isWorkspace(dir) {
  return lstatOrNothing(nodePath.join(dir, MANIFEST))?.isFile() === true;
}

/**
 * The homework notebook `npm run grade` grades when given no file: `08-homework.ipynb` of the
 * workspace the command runs in (`cwd`, as in the hub's `~/course` or `npm run grade` from inside
 * the workspace), else of `workspaceDir(repo)`. `exists` says whether it is there; `unchanged`
 * whether it is still the course's version (the manifest's hash).
 * @param {string} repo
 * @param {{ cwd?: string, env?: Record<string, string | undefined> }} [options]
 */
export function defaultSubmission(repo, { cwd = process.cwd(), env = process.env } = {}) {
  const workspace = isWorkspace(cwd) ? nodePath.resolve(cwd) : workspaceDir(repo, { env, cwd });
  const file = nodePath.join(workspace, HOMEWORK_NOTEBOOK);
  const st = lstatOrNothing(file);
  const exists = st?.isFile() === true;
  const recorded = readManifest(nodePath.join(workspace, MANIFEST))[HOMEWORK_NOTEBOOK];
  const unchanged = exists && recorded !== undefined && sha256(readFileSync(file)) === recorded;
  return { workspace, file, exists, unchanged };
}

function usage() {
  return [
    "usage: node scripts/lib/workspace.mjs --from <folder of student copies> --to <workspace>",
    "",
    "Copies the course's student copies (*.ipynb, *.md) into a student's workspace: new files are",
    "copied, the student's files are never overwritten, a file the course changed since is offered",
    `in <workspace>/${UPDATES_DIR}/. Used by \`npm start\` (scripts/start.mjs) and by the hub (hub/singleuser.py).`,
    "Exit code 0 done, 2 bad arguments or no student copies.",
  ].join("\n");
}

if (process.argv[1] !== undefined && nodePath.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  /** @type {Record<string, string | undefined>} */
  const o = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--help" || a === "-h") {
      console.log(usage());
      process.exit(0);
    }
    const m = /^--(from|to)(?:=(.*))?$/.exec(a);
    if (!m) {
      console.error(`workspace: unknown argument ${a}\n${usage()}`);
      process.exit(2);
    }
    o[m[1]] = m[2] ?? args[++i];
  }
  if (!o.from || !o.to) {
    console.error(`workspace: --from and --to are both needed\n${usage()}`);
    process.exit(2);
  }
  try {
    console.log(describeSync(syncWorkspace({ source: nodePath.resolve(o.from), workspace: nodePath.resolve(o.to) })));
  } catch (error) {
    console.error(`workspace: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
