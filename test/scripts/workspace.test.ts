// Unit tests of scripts/lib/workspace.mjs (a student's workspace, for `npm start` and the hub),
// scripts/release.mjs `studentCourse()` (the student copies it is made from), the arguments of
// scripts/start.mjs and the default file of `npm run grade`. The end-to-end check (a real server
// started through scripts/start.mjs) is test/scripts/workspace-e2e.mjs, the "workspace" stage.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path, { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NOTEBOOK_DIR, readNotebook } from "../../scripts/lib/notebook.mjs";
import {
  MANIFEST,
  PACKAGE_NAME,
  UPDATES_DIR,
  checkWorkspaceLocation,
  defaultSubmission,
  describeSync,
  gradeCommand,
  isInside,
  linkPackages,
  sha256,
  syncWorkspace,
  workspaceDir,
} from "../../scripts/lib/workspace.mjs";
import { studentCourse } from "../../scripts/release.mjs";
import { changedCourseNotebooks, parseStartArgs, prepareRoot } from "../../scripts/start.mjs";
import { REPO } from "../../scripts/setup.mjs";

let root: string;
let source: string;
let ws: string;
const read = (p: string) => readFileSync(p, "utf8");

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "nn-workspace-test-"));
  source = join(root, "course");
  ws = join(root, "ws");
  mkdirSync(source);
  writeFileSync(join(source, "01-a.ipynb"), '{"cells": ["a v1"]}\n');
  writeFileSync(join(source, "02-b.ipynb"), '{"cells": ["b v1"]}\n');
  writeFileSync(join(source, "LECTURES.md"), "# lectures v1\n");
  writeFileSync(join(source, ".student-course.json"), "{}"); // the copies' stamp: not for students
  writeFileSync(join(source, "notes.txt"), "not a course file");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("syncWorkspace", () => {
  it("first start: copies every notebook and .md file, makes homework/, the manifest and package.json", () => {
    const r = syncWorkspace({ source, workspace: ws });
    expect(r.copied).toEqual(["01-a.ipynb", "02-b.ipynb", "LECTURES.md"]);
    expect(r.updated).toEqual([]);
    expect(readdirSync(ws).sort()).toEqual([MANIFEST, "01-a.ipynb", "02-b.ipynb", "LECTURES.md", "homework", "package.json"].sort());
    expect(read(join(ws, "02-b.ipynb"))).toBe('{"cells": ["b v1"]}\n');
    expect(lstatSync(join(ws, "homework")).isDirectory()).toBe(true);
    const manifest = JSON.parse(read(join(ws, MANIFEST)));
    expect(manifest).toEqual({
      "01-a.ipynb": sha256('{"cells": ["a v1"]}\n'),
      "02-b.ipynb": sha256('{"cells": ["b v1"]}\n'),
      "LECTURES.md": sha256("# lectures v1\n"),
    });
    expect(describeSync(r)).toMatch(/3 new file\(s\) copied from the course, 0 update\(s\) offered/);
  });

  it("never overwrites the student's edit, on a second start and on a course update", () => {
    syncWorkspace({ source, workspace: ws });
    writeFileSync(join(ws, "01-a.ipynb"), "my work");
    const again = syncWorkspace({ source, workspace: ws });
    expect(again.copied).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(read(join(ws, "01-a.ipynb"))).toBe("my work");
    expect(existsSync(join(ws, UPDATES_DIR))).toBe(false);
  });

  it("offers a notebook the course changed in course-updates/ with a README, until the student takes it", () => {
    syncWorkspace({ source, workspace: ws });
    writeFileSync(join(ws, "01-a.ipynb"), "my work");
    writeFileSync(join(source, "01-a.ipynb"), '{"cells": ["a v2"]}\n'); // git pull: the course changed 01
    const r = syncWorkspace({ source, workspace: ws });
    expect(r.updated).toEqual(["01-a.ipynb"]);
    expect(read(join(ws, "01-a.ipynb"))).toBe("my work");
    expect(read(join(ws, UPDATES_DIR, "01-a.ipynb"))).toBe('{"cells": ["a v2"]}\n');
    expect(read(join(ws, UPDATES_DIR, "README.txt"))).toMatch(/Your copies in \.\.\/ are\nuntouched[\s\S]*\n {2}01-a\.ipynb\n$/);
    expect(describeSync(r)).toMatch(/the course changed 01-a\.ipynb; your copies are untouched/);
    // Still offered at the next start (the manifest keeps the version the copy came from) …
    expect(syncWorkspace({ source, workspace: ws }).updated).toEqual(["01-a.ipynb"]);
    expect(JSON.parse(read(join(ws, MANIFEST)))["01-a.ipynb"]).toBe(sha256('{"cells": ["a v1"]}\n'));
    // … until the student takes the new version: then the offer, its README and the folder go.
    writeFileSync(join(ws, "01-a.ipynb"), read(join(ws, UPDATES_DIR, "01-a.ipynb")));
    expect(syncWorkspace({ source, workspace: ws }).updated).toEqual([]);
    expect(existsSync(join(ws, UPDATES_DIR))).toBe(false);
    expect(JSON.parse(read(join(ws, MANIFEST)))["01-a.ipynb"]).toBe(sha256('{"cells": ["a v2"]}\n'));
  });

  it("copies a deleted notebook again (the course's current version)", () => {
    syncWorkspace({ source, workspace: ws });
    rmSync(join(ws, "02-b.ipynb"));
    writeFileSync(join(source, "02-b.ipynb"), "b v2");
    const r = syncWorkspace({ source, workspace: ws });
    expect(r.copied).toEqual(["02-b.ipynb"]);
    expect(read(join(ws, "02-b.ipynb"))).toBe("b v2");
    expect(r.updated).toEqual([]);
  });

  it("adopts a student's file from before the manifest (the hub's old homes) without touching it", () => {
    mkdirSync(ws);
    writeFileSync(join(ws, "01-a.ipynb"), "older work");
    const r = syncWorkspace({ source, workspace: ws });
    expect(r.kept).toEqual(["01-a.ipynb"]);
    expect(read(join(ws, "01-a.ipynb"))).toBe("older work");
    expect(r.updated).toEqual([]);
  });

  it("reads the manifest hub/singleuser.py wrote (indent 1, sorted, no final newline)", () => {
    mkdirSync(ws);
    writeFileSync(join(ws, "01-a.ipynb"), "my work");
    writeFileSync(join(ws, MANIFEST), JSON.stringify({ "01-a.ipynb": "0".repeat(64) }, null, 1));
    const r = syncWorkspace({ source, workspace: ws });
    expect(r.updated).toEqual(["01-a.ipynb"]); // the course's version differs from the recorded one
    expect(read(join(ws, "01-a.ipynb"))).toBe("my work");
  });

  describe("never writes through a symbolic link", () => {
    let outside: string;
    beforeEach(() => {
      outside = join(root, "outside");
      mkdirSync(outside);
      writeFileSync(join(outside, "secret"), "untouched");
      mkdirSync(ws);
    });
    const outsideUntouched = () => {
      expect(readdirSync(outside)).toEqual(["secret"]);
      expect(read(join(outside, "secret"))).toBe("untouched");
    };

    it("a notebook that is a link (to a file or dangling) is not written", () => {
      symlinkSync(join(outside, "secret"), join(ws, "01-a.ipynb"));
      symlinkSync(join(outside, "dangling"), join(ws, "02-b.ipynb"));
      const r = syncWorkspace({ source, workspace: ws });
      expect(r.copied).toEqual(["LECTURES.md"]);
      outsideUntouched();
    });

    it("the manifest, course-updates/<file>, its README and package.json as links are replaced, not followed", () => {
      syncWorkspace({ source, workspace: ws });
      writeFileSync(join(ws, "01-a.ipynb"), "my work");
      writeFileSync(join(source, "01-a.ipynb"), "a v2");
      mkdirSync(join(ws, UPDATES_DIR));
      symlinkSync(join(outside, "secret"), join(ws, UPDATES_DIR, "01-a.ipynb"));
      symlinkSync(join(outside, "secret"), join(ws, UPDATES_DIR, "README.txt"));
      const r = syncWorkspace({ source, workspace: ws });
      expect(r.updated).toEqual(["01-a.ipynb"]);
      outsideUntouched();
      expect(lstatSync(join(ws, UPDATES_DIR, "01-a.ipynb")).isFile()).toBe(true);
      expect(read(join(ws, UPDATES_DIR, "01-a.ipynb"))).toBe("a v2");
      expect(read(join(ws, UPDATES_DIR, "README.txt"))).toMatch(/01-a\.ipynb/);
      // The manifest as a link: read as missing (the student's files are adopted), replaced by a file.
      rmSync(join(ws, MANIFEST));
      symlinkSync(join(outside, "secret"), join(ws, MANIFEST));
      expect(syncWorkspace({ source, workspace: ws }).kept).toEqual(["01-a.ipynb", "02-b.ipynb", "LECTURES.md"]);
      outsideUntouched();
      expect(lstatSync(join(ws, MANIFEST)).isFile()).toBe(true);
      expect(read(join(ws, "01-a.ipynb"))).toBe("my work");
      // package.json: a link is left alone (and said), never written through.
      rmSync(join(ws, "package.json"));
      symlinkSync(join(outside, "secret"), join(ws, "package.json"));
      const again = syncWorkspace({ source, workspace: ws });
      expect(again.problems.join(" ")).toMatch(/package\.json is not a regular file: left alone/);
      outsideUntouched();
    });

    it("a course-updates/ that is a link to another folder is left alone and said", () => {
      syncWorkspace({ source, workspace: ws });
      writeFileSync(join(ws, "01-a.ipynb"), "my work");
      writeFileSync(join(source, "01-a.ipynb"), "a v2");
      symlinkSync(outside, join(ws, UPDATES_DIR));
      const r = syncWorkspace({ source, workspace: ws });
      expect(r.updated).toEqual([]);
      expect(r.problems.join(" ")).toMatch(/course-updates is not a folder/);
      outsideUntouched();
      expect(read(join(ws, "01-a.ipynb"))).toBe("my work");
    });
  });

  it("fails clearly when the student copies are missing", () => {
    expect(() => syncWorkspace({ source: join(root, "nope"), workspace: ws })).toThrow(/the student copies of the course are not at .*nope/);
    writeFileSync(join(root, "file"), "x");
    expect(() => syncWorkspace({ source, workspace: join(root, "file") })).toThrow();
  });

  it("links a workspace outside the course to the course's packages (nnlib resolves there), and leaves other node_modules alone", () => {
    mkdirSync(ws);
    expect(linkPackages(ws, join(REPO, "node_modules"))).toBeUndefined();
    expect(readlinkSync(join(ws, "node_modules"))).toBe(join(REPO, "node_modules"));
    const resolved = spawnSync(process.execPath, ["-p", "require.resolve('nnlib')"], { cwd: ws, encoding: "utf8" });
    expect(resolved.stdout.trim()).toBe(join(REPO, "lib", "dist", "index.js"));
    expect(linkPackages(ws, join(REPO, "node_modules"))).toBeUndefined(); // again: nothing to do
    expect(linkPackages(join(REPO, "workspace"), join(REPO, "node_modules"))).toBeUndefined(); // inside the course: no link
    expect(existsSync(join(REPO, "workspace", "node_modules"))).toBe(false);
    const other = join(root, "other");
    mkdirSync(join(other, "node_modules"), { recursive: true });
    expect(linkPackages(other, join(REPO, "node_modules"))).toMatch(/exists and is not a link/);
  });

  it("leaves a package.json that is not the course's alone, and rewrites its own", () => {
    mkdirSync(ws);
    writeFileSync(join(ws, "package.json"), '{"name": "my-project"}');
    expect(syncWorkspace({ source, workspace: ws }).problems.join(" ")).toMatch(/is not the course's: left alone/);
    expect(read(join(ws, "package.json"))).toBe('{"name": "my-project"}');
    writeFileSync(join(ws, "package.json"), JSON.stringify({ name: PACKAGE_NAME, scripts: { grade: "old" } }));
    expect(syncWorkspace({ source, workspace: ws }).problems).toEqual([]);
    expect(JSON.parse(read(join(ws, "package.json"))).scripts.grade).toMatch(/^node ".*grade\.mjs"$/);
  });
});

describe("the command line (what hub/singleuser.py runs)", () => {
  const cli = join(REPO, "scripts", "lib", "workspace.mjs");
  it("copies a course and prints what it did; exit 2 without copies", () => {
    const ok = spawnSync(process.execPath, [cli, "--from", source, "--to", ws], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/3 new file\(s\) copied/);
    expect(existsSync(join(ws, "01-a.ipynb"))).toBe(true);
    const bad = spawnSync(process.execPath, [cli, "--from", join(root, "nope"), "--to", ws], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/the student copies of the course are not at/);
    const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: node scripts\/lib\/workspace\.mjs --from/);
  });
});

describe("hub/singleuser.py (the hub's start of a student's server) copies through the module", () => {
  const run = (home: string, course: string) =>
    spawnSync("python3", ["-c", "import sys; sys.path.insert(0, 'hub'); import singleuser; singleuser.sync_course()"], {
      cwd: REPO,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: home, NNHUB_REPO: REPO, NNHUB_COURSE: course, PYTHONDONTWRITEBYTECODE: "1" },
    });
  it("copies into ~/course, keeps an edit, offers a change; a missing course is an error", () => {
    const home = join(root, "home");
    mkdirSync(home);
    const first = run(home, source);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`workspace: ${join(home, "course")}: 3 new file(s) copied`);
    expect(read(join(home, "course", "01-a.ipynb"))).toBe('{"cells": ["a v1"]}\n');
    expect(JSON.parse(read(join(home, "course", "package.json"))).scripts.grade).toBe(`node "${join(REPO, "scripts", "grade.mjs")}"`);
    writeFileSync(join(home, "course", "01-a.ipynb"), "my work");
    writeFileSync(join(source, "01-a.ipynb"), "a v2");
    expect(run(home, source).status).toBe(0);
    expect(read(join(home, "course", "01-a.ipynb"))).toBe("my work");
    expect(read(join(home, "course", UPDATES_DIR, "01-a.ipynb"))).toBe("a v2");
    const missing = run(home, join(root, "nope"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope does not exist: the student copies are made by/);
  });
});

describe("where the workspace is", () => {
  it("defaults to <repo>/workspace; a flag or NNCOURSE_WORKSPACE puts it elsewhere", () => {
    expect(workspaceDir("/r", { env: {} })).toBe("/r/workspace");
    expect(workspaceDir("/r", { env: { NNCOURSE_WORKSPACE: "/home/a/nn" } })).toBe("/home/a/nn");
    expect(workspaceDir("/r", { env: { NNCOURSE_WORKSPACE: "nn" }, cwd: "/home/a" })).toBe("/home/a/nn");
    expect(workspaceDir("/r", { override: "/x", env: { NNCOURSE_WORKSPACE: "/home/a/nn" } })).toBe("/x");
    expect(workspaceDir("C:\\Users\\Anna\\nn-course", { env: {}, path: path.win32 })).toBe("C:\\Users\\Anna\\nn-course\\workspace");
    expect(workspaceDir("C:\\r", { env: { NNCOURSE_WORKSPACE: "D:\\work" }, path: path.win32 })).toBe("D:\\work");
  });

  it("refuses a workspace from which the solutions could be opened (POSIX and Windows paths)", () => {
    const guard = [{ name: "notebooks/", dir: "/r/notebooks" }];
    expect(() => checkWorkspaceLocation("/r/workspace", guard, path.posix)).not.toThrow();
    expect(() => checkWorkspaceLocation("/r/notebooks-work", guard, path.posix)).not.toThrow();
    expect(() => checkWorkspaceLocation("/r", guard, path.posix)).toThrow(/contains notebooks\/.*Jupyter would let a student open it/);
    expect(() => checkWorkspaceLocation("/r/notebooks/mine", guard, path.posix)).toThrow(/is inside notebooks\//);
    const win = [{ name: "notebooks/", dir: "C:\\Users\\Anna\\nn-course\\notebooks" }];
    expect(() => checkWorkspaceLocation("C:\\Users\\Anna\\nn-course\\workspace", win, path.win32)).not.toThrow();
    expect(() => checkWorkspaceLocation("c:\\users\\anna\\NN-COURSE", win, path.win32)).toThrow(/contains notebooks\//);
    expect(() => checkWorkspaceLocation("C:\\Users\\Anna\\nn-course\\Notebooks\\x", win, path.win32)).toThrow(/is inside notebooks\//);
    expect(isInside("D:\\nn\\notebooks", "C:\\nn", path.win32)).toBe(false);
    expect(isInside("/a/..b", "/a", path.posix)).toBe(true); // a folder named "..b" is inside
  });

  it("refuses, on this machine, the repository's root and a link into notebooks/", () => {
    const guard = [{ name: "notebooks/", dir: NOTEBOOK_DIR }];
    expect(() => checkWorkspaceLocation(REPO, guard)).toThrow(/contains notebooks\//);
    symlinkSync(NOTEBOOK_DIR, join(root, "link"));
    expect(() => checkWorkspaceLocation(join(root, "link"), guard)).toThrow(/is inside notebooks\//);
    expect(() => checkWorkspaceLocation(join(root, "link", "new", "deeper"), guard)).toThrow(/is inside notebooks\//);
  });

  it("the grade command of package.json: relative beside the course, absolute elsewhere, quoted, forward slashes", () => {
    expect(gradeCommand("/r/workspace", "/r/scripts/grade.mjs", path.posix)).toBe('node "../scripts/grade.mjs"');
    expect(gradeCommand("/home/a/course", "/srv/course/scripts/grade.mjs", path.posix)).toBe('node "/srv/course/scripts/grade.mjs"');
    expect(gradeCommand("C:\\Users\\Anna Ivanova\\nn course\\workspace", "C:\\Users\\Anna Ivanova\\nn course\\scripts\\grade.mjs", path.win32)).toBe('node "../scripts/grade.mjs"');
    expect(gradeCommand("D:\\work", "C:\\nn\\scripts\\grade.mjs", path.win32)).toBe('node "C:/nn/scripts/grade.mjs"');
    expect(gradeCommand("/home/a/course", '/srv/we"ird/grade.mjs', path.posix)).toBeUndefined();
    expect(gradeCommand("/home/a/course", "/srv/$HOME/grade.mjs", path.posix)).toBeUndefined();
  });
});

describe("npm run grade without a file", () => {
  it("picks the workspace it runs in (the hub's ~/course), else NNCOURSE_WORKSPACE, else <repo>/workspace; never notebooks/", () => {
    syncWorkspace({ source, workspace: ws });
    writeFileSync(join(ws, "08-homework.ipynb"), "mine");
    expect(defaultSubmission("/r", { cwd: ws, env: {} })).toMatchObject({ file: join(ws, "08-homework.ipynb"), exists: true, unchanged: false });
    expect(defaultSubmission("/r", { cwd: root, env: { NNCOURSE_WORKSPACE: ws } })).toMatchObject({ file: join(ws, "08-homework.ipynb"), exists: true });
    const none = defaultSubmission(REPO, { cwd: root, env: {} });
    expect(none.file).toBe(join(REPO, "workspace", "08-homework.ipynb"));
    expect(none.file).not.toBe(join(NOTEBOOK_DIR, "08-homework.ipynb"));
  });

  it("says when the copy is still the course's baseline", () => {
    writeFileSync(join(source, "08-homework.ipynb"), "baseline");
    syncWorkspace({ source, workspace: ws });
    expect(defaultSubmission("/r", { cwd: ws, env: {} })).toMatchObject({ exists: true, unchanged: true });
  });

  it("`npm run grade` from a workspace (the hub's ~/course) grades its own 08-homework.ipynb and names it", () => {
    // A workspace outside the repository, as in the hub; a submission the grader rejects before any training.
    const homework = readNotebook(join(NOTEBOOK_DIR, "08-homework.ipynb"));
    const config = homework.cells.find((c) => c.id === "config");
    expect(config).toBeDefined();
    config!.source = ["const config: HomeworkConfig = { epoch: 3 };\n"];
    writeFileSync(join(source, "08-homework.ipynb"), JSON.stringify(homework));
    syncWorkspace({ source, workspace: ws });
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const r = spawnSync(npm, ["run", "--silent", "grade"], { cwd: ws, encoding: "utf8", env: { ...process.env, NNCOURSE_WORKSPACE: "" } });
    expect(r.stdout).toContain(`grading your workspace copy ${join(ws, "08-homework.ipynb")}`);
    expect(r.stdout).toMatch(/RESULT: INVALID SUBMISSION \(exit code 2\)/);
    expect(r.stdout).toMatch(/epoch/);
    expect(r.status).toBe(2);
  });

  it("without a workspace copy it says how to make one (exit 2), and does not grade notebooks/08-homework.ipynb", () => {
    const r = spawnSync(process.execPath, [join(REPO, "scripts", "grade.mjs")], { cwd: root, encoding: "utf8", env: { ...process.env, NNCOURSE_WORKSPACE: ws } });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain(`your workspace has no 08-homework.ipynb (looked for ${join(ws, "08-homework.ipynb")})`);
    expect(r.stdout).toMatch(/Run `npm start` once/);
    expect(r.stdout).not.toMatch(/Homework grader — submission/);
  });
});

describe("studentCourse (the copies a workspace is made from)", () => {
  let notebooks: string;
  let out: string;
  beforeEach(() => {
    notebooks = join(root, "notebooks");
    out = join(root, "release", "student");
    mkdirSync(notebooks);
    writeFileSync(join(notebooks, "01-x.ipynb"), readFileSync(join(REPO, "test", "stages", "fixtures", "solutions", "exercise.ipynb")));
    writeFileSync(join(notebooks, "LECTURES.md"), "# map\n");
  });

  it("makes student copies (no marker, no solution) and the .md files, then reuses them while nothing changed", () => {
    const first = studentCourse({ dir: out, notebooksDir: notebooks });
    expect(first).toMatchObject({ remade: true, files: ["01-x.ipynb", "LECTURES.md"] });
    const text = read(join(out, "01-x.ipynb"));
    expect(text).not.toMatch(/SOLUTION|STUB:/);
    expect(text).toContain("// TODO: your code here");
    expect(read(join(out, "LECTURES.md"))).toBe("# map\n");
    expect(studentCourse({ dir: out, notebooksDir: notebooks }).remade).toBe(false);
    // A changed notebook, or a tampered copy, remakes them.
    writeFileSync(join(notebooks, "LECTURES.md"), "# map v2\n");
    expect(studentCourse({ dir: out, notebooksDir: notebooks }).remade).toBe(true);
    expect(read(join(out, "LECTURES.md"))).toBe("# map v2\n");
    writeFileSync(join(out, "01-x.ipynb"), "tampered");
    expect(studentCourse({ dir: out, notebooksDir: notebooks }).remade).toBe(true);
    expect(read(join(out, "01-x.ipynb"))).toBe(text);
    // A notebook removed from the course leaves the copies too.
    rmSync(join(notebooks, "LECTURES.md"));
    expect(studentCourse({ dir: out, notebooksDir: notebooks }).files).toEqual(["01-x.ipynb"]);
    expect(existsSync(join(out, "LECTURES.md"))).toBe(false);
  });

  it("fails on unbalanced markers and leaves the old copies in place", () => {
    studentCourse({ dir: out, notebooksDir: notebooks });
    writeFileSync(join(notebooks, "02-bad.ipynb"), JSON.stringify({ cells: [{ cell_type: "code", id: "c", source: "// BEGIN SOLUTION\nx", outputs: [] }] }));
    expect(() => studentCourse({ dir: out, notebooksDir: notebooks })).toThrow(/02-bad\.ipynb: code cell 1 \(id c\): line 1: BEGIN SOLUTION without END SOLUTION/);
    expect(readdirSync(out).sort()).toEqual([".student-course.json", "01-x.ipynb", "LECTURES.md"]);
  });

  it("the course's own notebooks: every student copy free of markers", () => {
    const r = studentCourse({ dir: out });
    expect(r.files.filter((f) => f.endsWith(".ipynb")).length).toBeGreaterThanOrEqual(10);
    for (const f of r.files) expect(read(join(out, f)), f).not.toMatch(/BEGIN SOLUTION|END SOLUTION|^\s*"\/\/ SOLUTION/m);
  });
});

describe("npm start's arguments", () => {
  it("takes --solutions, --workspace and passes the rest to jupyter", () => {
    expect(parseStartArgs([])).toEqual({ help: false, solutions: false, lab: false, workspace: undefined, language: "en", jupyterArgs: [] });
    expect(parseStartArgs(["--workspace", "/x", "--port=9000"])).toEqual({ help: false, solutions: false, lab: false, workspace: "/x", language: "en", jupyterArgs: ["--port=9000"] });
    expect(parseStartArgs(["--lab", "--port=9000"])).toMatchObject({ lab: true, jupyterArgs: ["--port=9000"] });
    expect(parseStartArgs(["--lang", "ru"]).language).toBe("ru");
    expect(parseStartArgs(["--lang=ru"]).language).toBe("ru");
    expect(() => parseStartArgs(["--lang", "de"])).toThrow(/--lang: "de" is not a language of the course; use --lang ru/);
    expect(parseStartArgs(["--workspace=/y"]).workspace).toBe("/y");
    expect(parseStartArgs(["--solutions"]).solutions).toBe(true);
    expect(parseStartArgs(["-h"]).help).toBe(true);
    expect(() => parseStartArgs(["--workspace"])).toThrow(/--workspace needs a folder/);
    expect(() => parseStartArgs(["--notebook-dir=notebooks"])).toThrow(/serves your workspace; to put it elsewhere use --workspace/);
    expect(() => parseStartArgs(["--solutions", "--workspace", "/x"])).toThrow(/give one of them/);
  });

  it("finds work a student did in notebooks/ before the workspace (git status --porcelain)", () => {
    expect(changedCourseNotebooks(" M notebooks/03-gradients.ipynb\n?? notebooks/mine.ipynb\n M README.md\n M notebooks/LECTURES.md\nR  notebooks/a.ipynb -> notebooks/b.ipynb\n")).toEqual([
      "notebooks/03-gradients.ipynb",
      "notebooks/mine.ipynb",
      "notebooks/b.ipynb",
    ]);
    expect(changedCourseNotebooks("")).toEqual([]);
  });

  it("serves the workspace with the experiment log in it; --solutions serves notebooks/ and says so loudly", () => {
    const p = prepareRoot({ solutions: false, workspace: ws, env: {} });
    expect(p.root).toBe(ws);
    expect(p.env.NNLIB_EXPERIMENT_LOG).toBe(join(ws, "homework", "experiments.jsonl"));
    expect(existsSync(join(ws, "08-homework.ipynb"))).toBe(true);
    expect(read(join(ws, "04-backprop.ipynb"))).not.toMatch(/BEGIN SOLUTION/);
    expect(prepareRoot({ solutions: false, workspace: ws, env: { NNLIB_EXPERIMENT_LOG: "/mine.jsonl" } }).env).toEqual({});
    const s = prepareRoot({ solutions: true });
    expect(s.root).toBe(NOTEBOOK_DIR);
    expect(s.lines.join("\n")).toMatch(/WITH EVERY SOLUTION/);
    expect(() => prepareRoot({ solutions: false, workspace: REPO })).toThrow(/contains notebooks\//);
  });
});
