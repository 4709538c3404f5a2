import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";

// The grader runs on lib/dist (as `npm run grade` does); it builds the library when the homework module is missing.
const REPO = resolve(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "grade-"));

function grade(file: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, "scripts", "grade.mjs"), file, "--train-limit", "600", ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const valid = `{ hidden: [{ units: 16, activation: "relu" }], optimizer: { name: "adam", learningRate: 0.01 }, batchSize: 32, epochs: 1 }`;

describe("grade.mjs", { timeout: 180_000 }, () => {
  beforeAll(() => {
    // The grader builds lib/dist when it has no homework module (a fresh clone before `npm run build`):
    // let that happen here, outside the timed tests (a missing submission is read after the library is loaded).
    const r = spawnSync(process.execPath, [join(REPO, "scripts", "grade.mjs"), join(dir, "none.json")], { encoding: "utf8", timeout: 600_000 });
    expect(r.status).toBe(2);
  }, 600_000);

  test("a valid configuration: report, pass against a low target, submission untouched", () => {
    const f = write("ok.json", valid);
    const before = { bytes: readFileSync(f), mtime: statSync(f).mtimeMs };
    const r = grade(f, "--target", "0.5");
    expect(r.err).toBe("");
    expect(r.out).toMatch(/held-out accuracy\s+\d+\.\d %/);
    expect(r.out).toMatch(/baseline accuracy\s+\d+\.\d %/);
    expect(r.out).toMatch(/per-class accuracy\s+0: .* 9: /);
    expect(r.out).toMatch(/training time\s+\d/);
    expect(r.out).toMatch(/RESULT: PASS/);
    expect(r.code).toBe(0);
    expect(readFileSync(f).equals(before.bytes)).toBe(true);
    expect(statSync(f).mtimeMs).toBe(before.mtime);
    const high = grade(f, "--target", "0.999");
    expect(high.out).toMatch(/RESULT: FAIL .*below the target/);
    expect(high.code).toBe(1);
  });

  test("invalid submissions: exit 2 with the reason", () => {
    const bad = grade(write("bad.json", `{ hidden: [{ units: 16, activation: "relu" }], optimizer: { name: "adam", learningRate: -1 }, batchSize: 32, epochs: 1 }`));
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/INVALID SUBMISSION[\s\S]*optimizer.learningRate: must be a number in \(0, 1000\], got -1/);
    const syntax = grade(write("syntax.json", `{ hidden: [ }`));
    expect(syntax.code).toBe(2);
    expect(syntax.out).toMatch(/syntax.json, line 1, column/);
    const big = grade(write("big.json", `{ hidden: [{ units: 2048, activation: "relu" }, { units: 2048, activation: "relu" }], optimizer: { name: "adam", learningRate: 0.001 }, batchSize: 32, epochs: 1 }`));
    expect(big.code).toBe(2);
    expect(big.out).toMatch(/too large: the network has 5,824,522 parameters, the limit is 1,000,000/);
    const missing = grade(join(dir, "nope.json"));
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/cannot read the submission \(ENOENT\)/);
  });

  test("a configuration that diverges (learning rate 1e3): fail with a clear message", () => {
    const r = grade(write("nan.json", `{ hidden: [{ units: 32, activation: "linear" }, { units: 32, activation: "linear" }], optimizer: { name: "sgd", learningRate: 1e3, momentum: 0.9 }, batchSize: 32, epochs: 3 }`));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/RESULT: FAIL .*training diverged .*NaN\/Infinity.*smaller learning rate/);
  });

  test("a configuration that diverges without a NaN (ReLU, SGD at 50): the FAIL says why", () => {
    const r = grade(write("relu50.json", `{ hidden: [{ units: 32, activation: "relu" }], initializer: "he_normal", optimizer: { name: "sgd", learningRate: 50 }, batchSize: 32, epochs: 3 }`));
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    expect(r.out).toMatch(
      /RESULT: FAIL \(exit code 1\) — \d+\.\d % is below the target 95\.0 %\. The network predicts class \d for \d+(\.\d)? % of the held-out digits, and the training loss grew from \d+\.\d+ before training to [\d.e+]+ in epoch \d: the learning rate is probably too high\./,
    );
  });

  test("too slow: the training process is killed at the time limit", () => {
    const t0 = Date.now();
    const r = grade(write("slow.json", `{ hidden: [{ units: 512, activation: "relu" }], optimizer: { name: "adam", learningRate: 0.001 }, batchSize: 1, epochs: 100 }`), "--timeout", "1");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/RESULT: FAIL .*too slow: training did not finish within 1 s/);
    expect(Date.now() - t0).toBeLessThan(60_000);
  });

  test("out of memory: the training process hits the memory limit, a clear message and exit 1", () => {
    const r = grade(write("big.json", `{ hidden: [{ units: 256, activation: "relu" }, { units: 128, activation: "relu" }], optimizer: { name: "adam", learningRate: 0.001 }, batchSize: 32, epochs: 2 }`), "--memory", "8");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/RESULT: FAIL .*out of memory: training needed more than 8 MB\. Use smaller layers or batches\./);
  });

  test("a notebook submission: the config cell is read, not run", () => {
    const nb = JSON.stringify({
      nbformat: 4, nbformat_minor: 5, metadata: {},
      cells: [
        { id: "boom", cell_type: "code", source: ["require('fs').writeFileSync('/tmp/should-not-exist', 'x');"], outputs: [], execution_count: null, metadata: {} },
        { id: "config", cell_type: "code", source: [`const config: HomeworkConfig = ${valid};\n`], outputs: [], execution_count: null, metadata: {} },
      ],
    });
    const f = write("student.ipynb", nb);
    const r = grade(f, "--target", "0.5");
    expect(r.out).toMatch(/read from\s+the notebook's cell "config" \(parsed, not run\)/);
    expect(r.code).toBe(0);
    const real = grade(join(REPO, "notebooks", "08-homework.ipynb"), "--target", "0.01");
    expect(real.out).toMatch(/parsed, not run/);
    expect(real.code).toBe(0);
  });
});
