// The grader reads only regular files inside the folder it was given, checks the size first, and
// never quotes a file that is not a submission (the attacks 4.7–4.12 of
// /work/shared/reviews/hub-security-2026-12-06.md, as crafted files in a scratch folder).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { capQuoted, extractConfigFromNotebook, jsonErrorOffset, MAX_SUBMISSION_BYTES, parseConfigText, readSubmission, SubmissionError } from "../../lib/src/grader";

const root = mkdtempSync(join(tmpdir(), "submission-files-"));
const subs = join(root, "subs");
mkdirSync(subs);
// What a student must never get into a message: a token like the hub's admin token (64 hex
// digits, starting with a letter as 6 in 16 do) and a line like /etc/shadow's.
const TOKEN = "c0ffee5e" + "7a1b".repeat(14);
const SHADOW = "root:*:20210:0:99999:7:::\n";
writeFileSync(join(root, "admin-token"), `${TOKEN}\n`);
writeFileSync(join(root, "shadow"), SHADOW);
const valid = `{ hidden: [{ units: 16, activation: "relu" }], optimizer: { name: "adam", learningRate: 0.01 }, batchSize: 32, epochs: 1 }`;
writeFileSync(join(subs, "alice.json"), valid);

/** The message readSubmission throws for `file` (fails the test when it reads the file). */
function refusal(file: string, folder = subs): string {
  try {
    readSubmission(file, { folder });
  } catch (e) {
    expect(e).toBeInstanceOf(SubmissionError);
    return (e as Error).message;
  }
  throw new Error(`${file} was read`);
}

function neverQuotes(message: string) {
  expect(message).not.toContain(TOKEN.slice(0, 8));
  expect(message).not.toContain("root:");
  expect(message).not.toContain("20210");
}

describe("readSubmission: only regular files inside the folder", () => {
  test("a regular file in the folder is read", () => {
    expect(readSubmission(join(subs, "alice.json"), { folder: subs })).toMatchObject({ kind: "json", config: { epochs: 1 } });
  });

  test("a symbolic link is refused without reading its target (4.8: x.json → admin-token, x.ipynb → shadow)", () => {
    symlinkSync(join(root, "admin-token"), join(subs, "mallory.json"));
    symlinkSync(join(root, "shadow"), join(subs, "eve.ipynb"));
    symlinkSync(join(subs, "alice.json"), join(subs, "copycat.json")); // even to a good file inside the folder
    for (const f of ["mallory.json", "eve.ipynb", "copycat.json"]) {
      const m = refusal(join(subs, f));
      expect(m).toMatch(/is a symbolic link, not the submission itself: only regular files are graded/);
      neverQuotes(m);
    }
  });

  test("a file reached through a linked folder is refused: its real path is outside the folder (4.9)", () => {
    mkdirSync(join(root, "elsewhere"));
    writeFileSync(join(root, "elsewhere", "08-homework.ipynb"), SHADOW);
    symlinkSync(join(root, "elsewhere"), join(subs, "bob"));
    const m = refusal(join(subs, "bob", "08-homework.ipynb"));
    expect(m).toMatch(/is not inside the folder of submissions .* \(a linked folder leads out of it\)/);
    neverQuotes(m);
  });

  test("a FIFO, a folder and a device are refused without blocking", () => {
    const fifo = join(subs, "pipe.json");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(refusal(fifo)).toMatch(/is a FIFO: only regular files are graded/);
    mkdirSync(join(subs, "folder.json"));
    expect(refusal(join(subs, "folder.json"))).toMatch(/is a folder/);
    expect(refusal("/dev/zero", "/dev")).toMatch(/is a device/);
  });

  test("the size is checked before reading: a sparse 600 MB file is refused at once (4.7)", () => {
    const big = join(subs, "big.ipynb");
    writeFileSync(big, "");
    truncateSync(big, 600 * 2 ** 20);
    const t0 = Date.now();
    expect(refusal(big)).toMatch(/too large for a submission \(600\.0 MB; at most 16 MB\)/);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(MAX_SUBMISSION_BYTES).toBe(16 * 2 ** 20);
  });

  test("bytes that are not UTF-8 are named as such (4.10)", () => {
    const f = join(subs, "latin1.json");
    writeFileSync(f, Buffer.from('{ hidden: [{ units: 16, activation: "relu\xe9\xff" }] }', "latin1"));
    expect(refusal(f)).toMatch(/is not UTF-8 text/);
  });
});

describe("messages quote no file content beyond the field they name", () => {
  test("a regular file holding a secret, handed in as .json or .ipynb: refused, nothing quoted", () => {
    writeFileSync(join(subs, "tok.json"), `${TOKEN}\n`);
    writeFileSync(join(subs, "shadow.ipynb"), SHADOW);
    writeFileSync(join(subs, "shadow.json"), SHADOW);
    const json = refusal(join(subs, "tok.json"));
    expect(json).toMatch(/tok\.json, line 1, column 1: not a configuration: a configuration file holds one object that starts with "\{"/);
    neverQuotes(json);
    const nb = refusal(join(subs, "shadow.ipynb"));
    expect(nb).toMatch(/shadow\.ipynb: not a notebook \(invalid JSON at line 1, column 1; a notebook is a JSON object that starts with "\{"\)/);
    neverQuotes(nb);
    neverQuotes(refusal(join(subs, "shadow.json")));
  });

  test("JSON errors give the line and column, never V8's excerpt of the text", () => {
    expect(() => extractConfigFromNotebook('{\n  "cells": [\n    secret-value-here\n  ]\n}', "x.ipynb")).toThrow(/^x\.ipynb: not a notebook \(invalid JSON at line 3, column 5;/);
    expect(() => extractConfigFromNotebook('{ "cells": [', "x.ipynb")).toThrow(/not a notebook \(it ends too early;/);
    for (const bad of ['{"a":1,}', "[1 2]", '{"a":"\\x"}', "01", '"\t"', "{} x", "tru"]) {
      expect(() => JSON.parse(bad)).toThrow();
      expect(jsonErrorOffset(bad)).toBeGreaterThanOrEqual(0);
    }
    expect(jsonErrorOffset('{"a":[1,2,{"b":null}],"c":"\\u00e9"}')).toBe(-1);
    expect(jsonErrorOffset('{"a":1,}')).toBe(7);
  });

  test("cells that are not objects: 'not a notebook', not a raw TypeError (4.12)", () => {
    expect(() => extractConfigFromNotebook('{"cells": [null, 5, "x"]}', "n.ipynb")).toThrow(/^n\.ipynb: not a notebook \(cell 1 is not an object\)\.$/);
    expect(() => extractConfigFromNotebook('{"cells": [{"cell_type": "code", "source": 7}]}', "n.ipynb")).toThrow(/the source of cell 1 is not text/);
    expect(() => extractConfigFromNotebook("[1, 2]", "n.ipynb")).toThrow(/not a notebook/);
  });

  test("a long word, key or value is quoted cut to 20 characters", () => {
    const word = "x".repeat(64);
    expect(() => parseConfigText(`{ epochs: ${word} }`, "c.json")).toThrow(new RegExp(`"${"x".repeat(20)}…" is not a plain value`));
    expect(() => parseConfigText(`{ ${word}: 1, ${word}: 2 }`, "c.json")).toThrow(/field "x{20}…" is given twice/);
    expect(capQuoted(`activation: must be one of "relu", "tanh", got "${word}".`)).toBe(`activation: must be one of "relu", "tanh", got "${"x".repeat(20)}…".`);
    expect(capQuoted("y".repeat(1000), 400)).toHaveLength(401);
  });
});
