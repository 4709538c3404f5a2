import * as fs from "fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { appendExperiment, BASELINE_CONFIG, makeRecord, resolveConfig } from "../../lib/src/homework";

vi.mock("fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("fs")>();
  return { ...actual, appendFileSync: vi.fn(actual.appendFileSync), writeFileSync: vi.fn(actual.writeFileSync) };
});

test("a run is appended with ONE appendFileSync of one line, nothing rewritten", () => {
  const file = join(mkdtempSync(join(tmpdir(), "hwlog1-")), "experiments.jsonl");
  const rec = makeRecord({
    name: "a", status: "ok", config: resolveConfig(BASELINE_CONFIG), history: { loss: [1] }, valAccuracy: 0.5, trainAccuracy: 0.5,
    seconds: 1, trainSamples: 8, validationSamples: 2,
  });
  appendExperiment(file, rec);
  appendExperiment(file, rec);
  const append = vi.mocked(fs.appendFileSync);
  expect(append).toHaveBeenCalledTimes(2);
  for (const call of append.mock.calls) expect(String(call[1]).match(/\n/g)).toHaveLength(1);
  expect(vi.mocked(fs.writeFileSync)).not.toHaveBeenCalled();
});
