// Numbers that notebook 08's prose quotes from the grader (which the notebook cannot compute: the held-out digits
// are the grader's alone) are re-graded here exactly as scripts/grade-worker.mjs does — same seed, all 7,000
// training digits, no validation split — so a change to the library or the data cannot leave them stale.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDigits } from "../../lib/src/data/mnist";
import { loadHeldOutDigits } from "../../lib/src/grader/heldout";
import { trainFromConfig } from "../../lib/src/homework/build";
import { BASELINE_CONFIG, HomeworkConfig } from "../../lib/src/homework/config";
import { extractConfigFromSource } from "../../lib/src/grader/submission";
import { accuracy } from "../../lib/src/functions/metrics";

const ROOT = join(__dirname, "..", "..");
const nb = JSON.parse(readFileSync(join(ROOT, "notebooks", "08-homework.ipynb"), "utf8")) as { cells: { id: string; source: string[] }[] };
const cell = (id: string) => {
  const c = nb.cells.find((x) => x.id === id);
  if (!c) throw new Error(`notebook 08 has no cell "${id}"`);
  return c.source.join("");
};
const seedMatch = /GRADER_SEED\s*=\s*(\d+)/.exec(readFileSync(join(ROOT, "scripts", "grade.mjs"), "utf8"));
const GRADER_SEED = Number(seedMatch?.[1]);

function heldOutPercent(cfg: HomeworkConfig): string {
  const train = loadDigits("train");
  const heldOut = loadHeldOutDigits();
  const run = trainFromConfig({ ...cfg, seed: GRADER_SEED }, train, { validation: 0 });
  expect(run.status).toBe("ok");
  return `${(100 * accuracy(run.model.predict(heldOut.x), heldOut.y)).toFixed(1)} %`;
}
const bold = (text: string) => [...text.matchAll(/\*\*(\d+\.\d) %\*\*/g)].map((m) => `${m[1]} %`);

describe("notebook 08 quotes the grader's numbers as the grader computes them", { timeout: 300_000 }, () => {
  it("reads the grader's seed", () => {
    expect(Number.isInteger(GRADER_SEED)).toBe(true);
  });
  it("the baseline's held-out accuracy (cells baseline-result and combined-result)", () => {
    const base = heldOutPercent({ ...BASELINE_CONFIG });
    expect(bold(cell("baseline-result"))).toEqual([base]);
    expect(cell("combined-result")).toContain(`baseline's ${base}`);
  });
  it("the improved configuration's held-out accuracy (cell combined-result)", () => {
    const improved = extractConfigFromSource(cell("combined").replace(/const improved\b/, "const config"), "cell combined") as HomeworkConfig;
    const percent = heldOutPercent(improved);
    expect(bold(cell("combined-result"))).toEqual([percent]);
    expect(bold(cell("cnn-result"))[1]).toBe(percent);
  });
  it("the convolutional configuration's held-out accuracy (cell cnn-result)", () => {
    const cnn = extractConfigFromSource(cell("cnn-config").replace(/const cnnConfig\b/, "const config"), "cell cnn-config") as HomeworkConfig;
    expect(cnn.layers?.map((l) => l.type)).toEqual(["conv2d", "maxpool2d", "conv2d", "maxpool2d"]);
    expect(bold(cell("cnn-result"))[0]).toBe(heldOutPercent(cnn));
  });
});
