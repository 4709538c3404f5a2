import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

// Batch grading (scripts/grade-batch.mjs through `npm run grade -- <folder>`): a folder of mixed
// good, failing and invalid submissions, graded with --jobs 2 and --jobs 1.
const REPO = resolve(__dirname, "..", "..");
const root = mkdtempSync(join(tmpdir(), "grade-batch-"));

function grade(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, "scripts", "grade.mjs"), ...args, "--train-limit", "600", "--target", "0.5"], { encoding: "utf8", timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const good = `{ hidden: [{ units: 16, activation: "relu" }], optimizer: { name: "adam", learningRate: 0.01 }, batchSize: 32, epochs: 1 }`;
const weak = `{ hidden: [{ units: 4, activation: "sigmoid" }], optimizer: { name: "sgd", learningRate: 0.0001 }, batchSize: 64, epochs: 1 }`;

function notebook(config: string): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: {},
    cells: [{ id: "config", cell_type: "code", source: [`const config: HomeworkConfig = ${config};\n`], outputs: [], execution_count: null, metadata: {} }],
  });
}

/** The gradebook without the training-time column, which is the only thing allowed to differ. */
function gradebook(dir: string): string[][] {
  const lines = readFileSync(join(dir, "gradebook.csv"), "utf8").trim().split("\n");
  return lines.map((l) => {
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i];
      if (quoted) {
        if (ch === '"' && l[i + 1] === '"') (cell += '"'), i++;
        else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ",") cells.push(cell), (cell = "");
      else cell += ch;
    }
    cells.push(cell);
    cells.splice(5, 1); // training_seconds
    return cells;
  });
}

/** The leaderboard without the training-time column (plain cells: these names need no quoting). */
function leaderboard(dir: string): string[][] {
  return readFileSync(join(dir, "leaderboard.csv"), "utf8").trim().split("\n").map((l) => {
    const cells = l.split(",");
    cells.splice(5, 1); // training_seconds
    return cells;
  });
}

describe("batch grading", { timeout: 600_000 }, () => {
  test("a folder of good, failing and invalid submissions: every one graded, gradebook, feedback, exit 1; --jobs 1 and 2 agree", () => {
    const subs = join(root, "submissions");
    mkdirSync(join(subs, "carol"), { recursive: true });
    writeFileSync(join(subs, "alice.json"), good);
    writeFileSync(join(subs, "bob.json"), weak);
    writeFileSync(join(subs, "carol", "08-homework.ipynb"), notebook(good));
    writeFileSync(join(subs, "dave.json"), good.replace("learningRate: 0.01", "learningRate: -1"));
    writeFileSync(join(subs, "eve.json"), "{ hidden: [ }");
    writeFileSync(join(subs, "frank.txt"), "my homework is in the notebook");
    writeFileSync(join(subs, ".DS_Store"), "");

    const two = grade(subs, "--jobs", "2", "--out", join(root, "jobs2"));
    expect(two.err).toBe("");
    expect(two.code).toBe(1);
    expect(two.out).toMatch(/6 submission\(s\) in .*, 2 at a time/);
    expect(two.out).toMatch(/2 pass, 1 fail, 3 invalid/);
    const rows = gradebook(join(root, "jobs2"));
    expect(rows[0]).toEqual(["student", "submission", "accuracy", "result", "exit_code", "reason"]);
    const by = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    expect(rows.slice(1).map((r) => r[0])).toEqual(["alice", "bob", "carol", "dave", "eve", "frank"]);
    expect(by.alice.slice(1, 5)).toEqual(["alice.json", by.alice[2], "pass", "0"]);
    expect(Number(by.alice[2])).toBeGreaterThan(0.5);
    expect(by.bob.slice(3, 5)).toEqual(["fail", "1"]);
    expect(Number(by.bob[2])).toBeLessThan(0.5);
    expect(by.bob[5]).toMatch(/below the target 50\.0 %/);
    // the notebook in a student's folder holds the same configuration as alice.json: the same grade
    expect(by.carol.slice(1, 5)).toEqual(["carol/08-homework.ipynb", by.alice[2], "pass", "0"]);
    expect(by.dave.slice(2, 5)).toEqual(["", "invalid", "2"]);
    expect(by.dave[5]).toMatch(/optimizer\.learningRate: must be a number in \(0, 1000\], got -1/);
    expect(by.eve.slice(3, 5)).toEqual(["invalid", "2"]);
    expect(by.eve[5]).toMatch(/eve\.json, line 1, column/);
    expect(by.frank.slice(3, 6)).toEqual(["invalid", "2", "frank.txt is not a notebook (.ipynb) or a configuration (.json)"]);
    expect(readdirSync(join(root, "jobs2", "feedback")).sort()).toEqual(["alice.txt", "bob.txt", "carol.txt", "dave.txt", "eve.txt", "frank.txt"]);
    const fb = readFileSync(join(root, "jobs2", "feedback", "bob.txt"), "utf8");
    expect(fb).toMatch(/^Student: bob\nSubmission: bob\.json\nResult: fail/);
    expect(fb).toMatch(/per-class accuracy/);
    expect(readdirSync(subs).sort()).toEqual([".DS_Store", "alice.json", "bob.json", "carol", "dave.json", "eve.json", "frank.txt"]); // nothing written into the folder

    // The leaderboard: alice and carol hold the same configuration, so the same accuracy: a tie (same rank, name order);
    // bob below them; the invalid submissions apart, by name; nothing of any configuration or reason.
    expect(two.out).toMatch(/Leaderboard: .*leaderboard\.html and leaderboard\.csv — 3 ranked, 0 without an accuracy, 3 invalid/);
    const board = leaderboard(join(root, "jobs2"));
    const pct = (v: string) => (100 * Number(v)).toFixed(1);
    expect(board).toEqual([
      ["rank", "tied", "name", "accuracy_percent", "parameters", "result", "note"],
      ["1", "yes", "alice", pct(by.alice[2]), "12730", "pass", ""],
      ["1", "yes", "carol", pct(by.alice[2]), "12730", "pass", ""],
      ["3", "no", "bob", pct(by.bob[2]), "3190", "fail", ""],
      ["", "", "dave", "", "", "invalid", ""],
      ["", "", "eve", "", "", "invalid", ""],
      ["", "", "frank", "", "", "invalid", ""],
    ]);
    const html = readFileSync(join(root, "jobs2", "leaderboard.html"), "utf8");
    expect(html).toMatch(/<td class="num">1=<\/td><td>alice<\/td>[\s\S]*<td class="num">1=<\/td><td>carol<\/td>[\s\S]*<td class="num">3<\/td><td>bob<\/td>/);
    expect(html).toMatch(/<h2>Invalid submissions<\/h2>[\s\S]*<li>dave<\/li>\n<li>eve<\/li>\n<li>frank<\/li>/);
    expect(html).not.toMatch(/learningRate|hidden|line 1, column|not a notebook/);

    const one = grade(subs, "--jobs", "1", "--out", join(root, "jobs1"));
    expect(one.code).toBe(1);
    expect(gradebook(join(root, "jobs1"))).toEqual(rows);
    expect(leaderboard(join(root, "jobs1"))).toEqual(board);
  });

  test("exit 0 when every submission passes; exit 2 when nothing can be graded", () => {
    const ok = join(root, "all-good");
    mkdirSync(ok);
    writeFileSync(join(ok, "alice.json"), good);
    const r = grade(ok, "--jobs", "4");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 submission\(s\) in .*, 1 at a time/);
    expect(readFileSync(join(root, "all-good-grades", "gradebook.csv"), "utf8")).toMatch(/^student,.*\nalice,alice\.json,0\.\d+,pass,0,/);
    const empty = join(root, "empty");
    mkdirSync(empty);
    expect(grade(empty, "--jobs", "2").code).toBe(2);
    const missing = grade(join(root, "no-such-folder"), "--jobs", "2");
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/is not a folder/);
    expect(grade(ok, "--jobs", "0").code).toBe(2);
  });

  test("--jobs is lowered when jobs × --memory does not fit in the available memory", () => {
    const r = grade(join(root, "all-good"), "--jobs", "3", "--memory", "10000000", "--out", join(root, "mem"));
    expect(r.out).toMatch(/--jobs 3 lowered to 1: 3 × \(10000000 MB limit \+ 200 MB\) > \d+ MB available/);
    expect(r.code).toBe(0);
  });

  test("the report's crafted folder (4.8, 4.9, 4.12, 4.16): links refused, nothing of their targets in the console, gradebook or feedback, no formula", () => {
    // Secrets outside the folder, as the hub's admin token and /etc/shadow would be.
    const token = "c0ffee5e" + "7a1b".repeat(14);
    const secrets = join(root, "secrets");
    mkdirSync(secrets);
    writeFileSync(join(secrets, "admin-token"), `${token}\n`);
    writeFileSync(join(secrets, "shadow"), "root:*:20210:0:99999:7:::\n");
    writeFileSync(join(secrets, "08-homework.ipynb"), "root:x:0:0:root:/root:/bin/bash\n");
    const subs = join(root, "crafted");
    mkdirSync(join(subs, "bob"), { recursive: true });
    symlinkSync(join(secrets, "admin-token"), join(subs, "mallory.json"));
    symlinkSync(join(secrets, "shadow"), join(subs, "eve.ipynb"));
    symlinkSync("../../secrets/shadow", join(subs, "bob", "08-homework.ipynb"));
    symlinkSync(secrets, join(subs, "trudy")); // a linked folder
    writeFileSync(join(subs, "nulls.ipynb"), '{"cells": [null, 5, "x"]}');
    writeFileSync(join(subs, '=HYPERLINK("http:__x";"ok").json'), good);
    const r = grade(subs, "--jobs", "2", "--out", join(root, "crafted-grades"));
    expect(r.code).toBe(1);
    const rows = gradebook(join(root, "crafted-grades"));
    const by = Object.fromEntries(rows.slice(1).map((x) => [x[0], x]));
    expect(rows.slice(1).map((x) => x[0])).toEqual(["'=HYPERLINK(\"http:__x\";\"ok\")", "bob", "eve", "mallory", "nulls", "trudy"]);
    expect(by.mallory.slice(3, 6)).toEqual(["invalid", "2", "mallory.json is a symbolic link, not a submission: only regular files and folders are graded (collect copies of the files, e.g. with `node scripts/hub.mjs collect`)"]);
    expect(by.eve[5]).toMatch(/eve\.ipynb is a symbolic link/);
    expect(by.trudy[5]).toMatch(/trudy is a symbolic link/);
    expect(by.bob[5]).toMatch(/08-homework\.ipynb: is a symbolic link, not the submission itself/);
    expect(by.nulls[5]).toMatch(/nulls\.ipynb: not a notebook \(cell 1 is not an object\)/);
    expect(by["'=HYPERLINK(\"http:__x\";\"ok\")"].slice(3, 5)).toEqual(["pass", "0"]);
    const csv = readFileSync(join(root, "crafted-grades", "gradebook.csv"), "utf8");
    expect(csv).toMatch(/^"'=HYPERLINK\(""http:__x"";""ok""\)",/m);
    const everything = [r.out, csv, ...readdirSync(join(root, "crafted-grades", "feedback")).map((f) => readFileSync(join(root, "crafted-grades", "feedback", f), "utf8"))].join("\n");
    for (const secret of [token.slice(0, 8), "root:", "20210", "/bin/bash"]) expect(everything).not.toContain(secret);
  });
});
