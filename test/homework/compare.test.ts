import { describe, expect, test } from "vitest";
import {
  accuracyBars, BASELINE_CONFIG, diffConfigs, formatDiff, makeRecord, resolveConfig, runsFrame, summarizeRuns, validationCurves,
} from "../../lib/src/homework";
import type { HomeworkConfig } from "../../lib/src/homework";

const rec = (name: string, cfg: HomeworkConfig, acc: number, status: "ok" | "diverged" = "ok") =>
  makeRecord({
    name, status, config: resolveConfig(cfg), history: { loss: [1, 0.5], accuracy: [0.5, acc + 0.05], val_accuracy: [0.5, acc] },
    valAccuracy: status === "ok" ? acc : undefined, trainAccuracy: acc + 0.05, seconds: 2, trainSamples: 80, validationSamples: 20,
  });

const base = rec("baseline", BASELINE_CONFIG, 0.6);
const relu = rec("relu", { ...BASELINE_CONFIG, hidden: [{ units: 16, activation: "relu" }] }, 0.8);
const adam = rec("adam", { ...BASELINE_CONFIG, optimizer: { name: "adam", learningRate: 0.001 }, dropout: 0.2 }, 0.9);
const bad = rec("too-fast", { ...BASELINE_CONFIG, optimizer: { name: "sgd", learningRate: 1000 } }, 0, "diverged");

describe("comparison", () => {
  test("diffConfigs lists exactly the changed fields, defaults filled in", () => {
    expect(diffConfigs(BASELINE_CONFIG, BASELINE_CONFIG)).toEqual([]);
    expect(diffConfigs(base.config, adam.config)).toEqual([
      { field: "optimizer.name", baseline: "sgd", value: "adam" },
      { field: "optimizer.learningRate", baseline: 0.01, value: 0.001 },
      { field: "dropout", baseline: 0, value: 0.2 },
    ]);
    expect(formatDiff(diffConfigs(base.config, relu.config))).toBe("hidden: 16 sigmoid → 16 relu");
    const sched = diffConfigs(BASELINE_CONFIG, { ...BASELINE_CONFIG, schedule: { kind: "step", every: 5, factor: 0.5 } });
    expect(sched.map((c) => c.field)).toEqual(["schedule.kind", "schedule.every", "schedule.factor"]);
  });

  // runsFrame loads danfojs (with TensorFlow.js): seconds on a busy machine, not a speed test.
  test("summary sorted by validation accuracy, diverged last, with Δ and gap", { timeout: 60_000 }, () => {
    const rows = summarizeRuns([base, bad, relu, adam], base);
    expect(rows.map((r) => r.run)).toEqual(["adam", "relu", "baseline", "too-fast"]);
    expect(rows[0]["Δ vs baseline (pp)"]).toBe(30);
    expect(rows[0]["gap (pp)"]).toBe(5);
    expect(rows[2]["changes vs baseline"]).toBe("(baseline)");
    expect(rows.map((r) => r.params)).toEqual([784 * 16 + 16 + 16 * 10 + 10, 12730, 12730, 12730]); // the network's parameters, from the logged config
    const df = runsFrame([base, relu, adam], base);
    expect(df.shape).toEqual([3, 11]);
    expect(df.columns[0]).toBe("run");
    expect(df.columns.slice(6, 9)).toEqual(["epochs", "params", "seconds"]);
  });

  test("figures: one curve per run, one bar per run", () => {
    const fig = validationCurves([base, relu, adam]);
    expect(fig.data).toHaveLength(3);
    expect(fig.data[2].y).toEqual([50, 90]);
    expect(accuracyBars([base, bad]).data[0].y).toEqual([60, 0]);
    expect(() => validationCurves([base], { metric: "val_mae" })).toThrow(/has no "val_mae" curve/);
  });
});
