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
      /RESULT: FAIL \(exit code 1\) — \d+\.\d % is below the target 95\.0 %\. Training collapsed to one class: the network answers \d for \d+\.\d % of the held-out digits, whatever the digit, and the training loss grew from \d+\.\d+ before training to [\d.e+]+ in epoch \d: the learning rate is probably too high\./,
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
    // A network small enough for the estimate (0.6 MB of arrays), in a heap too small for the digits.
    const r = grade(write("small.json", `{ hidden: [{ units: 16, activation: "relu" }], optimizer: { name: "adam", learningRate: 0.001 }, batchSize: 32, epochs: 2 }`), "--memory", "8");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/RESULT: FAIL .*out of memory: training needed more than 8 MB\. Use smaller layers or batches\./);
  });

  test("a convolutional configuration: network, parameters and estimate before training; accuracy and time after", () => {
    const f = write("cnn.json", `{
      // notebook 06's CNN
      layers: [
        { type: "conv2d", filters: 8, kernelSize: 3, activation: "relu" },
        { type: "maxpool2d", poolSize: 2 },
        { type: "conv2d", filters: 16, kernelSize: 3, activation: "relu" },
        { type: "maxpool2d" },
      ],
      initializer: "he_normal",
      optimizer: { name: "adam", learningRate: 0.003 },
      batchSize: 32,
      epochs: 1,
    }`);
    const r = grade(f, "--target", "0.3");
    expect(r.err).toBe("");
    expect(r.out).toContain("network              28×28 → conv2d 8 × 3×3 relu → maxpool2d 2×2 → conv2d 16 × 3×3 relu → maxpool2d 2×2 → 10, 5,258 parameters (limit 1,000,000)");
    expect(r.out).toMatch(/estimate\s+about \d+\.\d s of training \(0\.20 million multiply-adds per digit and pass\); memory about \d+ MB for the network, \d+ MB in all \(limits 600 s, 2,048 MB\)/);
    expect(r.out).toMatch(/changes vs baseline  hidden: 16 sigmoid → —; layers: — → conv2d 8 × 3×3 relu, maxpool2d 2×2, conv2d 16 × 3×3 relu, maxpool2d 2×2; initializer/);
    expect(r.out).toMatch(/training time\s+\d+\.\d s/);
    expect(r.out).toMatch(/held-out accuracy\s+\d+\.\d % on 1000 digits/);
    expect(r.out).toMatch(/RESULT: PASS/);
    expect(r.code).toBe(0);
  });

  test("invalid convolutional configurations: exit 2 with the field named, before any training", () => {
    const conv = (k: number) => `{ type: "conv2d", filters: 4, kernelSize: ${k}, activation: "relu" }`;
    const cfg = (layers: string) => `{ layers: [${layers}], optimizer: { name: "adam", learningRate: 0.001 }, batchSize: 32, epochs: 1 }`;
    const kernel = grade(write("kernel.json", cfg(`${conv(3)}, { type: "maxpool2d" }, ${conv(3)}, { type: "maxpool2d" }, ${conv(7)}`)));
    expect(kernel.code).toBe(2);
    expect(kernel.out).toMatch(/INVALID SUBMISSION[\s\S]*layers\[4\]\.kernelSize: 7 is larger than the 5 × 5 input of this layer \(4 channels\)/);
    expect(kernel.out).not.toMatch(/baseline accuracy/); // nothing was trained
    const pools = grade(write("pools.json", cfg(Array.from({ length: 5 }, () => `{ type: "maxpool2d" }`).join(", "))));
    expect(pools.code).toBe(2);
    expect(pools.out).toMatch(/layers\[4\]\.poolSize: 2 is larger than the 1 × 1 input of this layer \(1 channel\): pooling would leave nothing/);
    const unknown = grade(write("unknown.json", cfg(`${conv(3)}, { type: "lstm", units: 8 }`)));
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/layers\[1\]\.type: must be one of "conv2d", "maxpool2d", "avgpool2d", "flatten", "dense", "dropout", got "lstm"/);
    const memory = grade(write("memory.json", `{ layers: [{ type: "conv2d", filters: 64, kernelSize: 5, padding: "same", activation: "relu" }, { type: "conv2d", filters: 64, kernelSize: 5, padding: "same", activation: "relu" }, { type: "maxpool2d", poolSize: 4 }], optimizer: { name: "adam", learningRate: 0.001 }, batchSize: 1024, epochs: 1 }`));
    expect(memory.code).toBe(2);
    expect(memory.out).toMatch(/too much memory: the network's weights and activations would need about [\d,]+ MB, the limit is 2,048 MB/);
  });

  test("a network that collapses to one class: the FAIL says so", () => {
    // the notebook's lr-1000 experiment: sigmoid units saturate, the network answers the same digit for every input
    const r = grade(write("collapse.json", `{ hidden: [{ units: 16, activation: "sigmoid" }], optimizer: { name: "sgd", learningRate: 1000 }, batchSize: 32, epochs: 3 }`));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/RESULT: FAIL .*is below the target 95\.0 %\. Training collapsed to one class: the network answers \d for \d+\.\d % of the held-out digits/);
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
