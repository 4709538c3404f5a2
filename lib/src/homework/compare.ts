/**
 * Comparing homework runs from the experiment log: validation curves overlaid, final accuracies
 * as bars, a table sorted by accuracy, and what each run changed with respect to the baseline.
 *
 * ```ts
 * const { runs } = readExperiments(LOG);
 * const chosen = latestRuns(runs, ["baseline", "relu", "adam"]);
 * show(validationCurves(chosen));
 * show(accuracyBars(chosen));
 * showTable(runsFrame(chosen, chosen[0]), { rows: Infinity });
 * diffConfigs(chosen[0].config, chosen[2].config);   // [{ field: "optimizer.name", baseline: "sgd", value: "adam" }, …]
 * ```
 */
import { barChart, lineChart } from "../plot/charts";
import { Figure } from "../plot/figure";
import { danfo, DataFrame } from "../data/tables";
import { countConfigParams, describeArchitecture, HomeworkConfig, ResolvedConfig, resolveConfig } from "./config";
import { describeLayer } from "./layers";
import { ExperimentRecord } from "./log";

/** One field that differs between two configurations. */
export interface ConfigChange {
  /** A path such as `optimizer.learningRate`; `hidden` stands for the whole list of hidden layers. */
  field: string;
  baseline: string | number | boolean;
  value: string | number | boolean;
}

/**
 * The configuration as flat `field → value` pairs: the hidden layers as one text ("16 sigmoid,
 * 8 relu"), or — for a configuration that lists its `layers` — the layers as one text
 * ("conv2d 8 × 3×3 relu, maxpool2d 2×2, dense 64 relu").
 */
export function flattenConfig(cfg: HomeworkConfig | ResolvedConfig): Record<string, string | number | boolean> {
  const r = resolveConfig(cfg);
  const network: Record<string, string> =
    r.layers !== undefined
      ? { layers: r.layers.length === 0 ? "none" : r.layers.map(describeLayer).join(", ") }
      : { hidden: r.hidden.length === 0 ? "none" : r.hidden.map((h) => `${h.units} ${h.activation}`).join(", ") };
  const out: Record<string, string | number | boolean> = {
    ...network,
    initializer: r.initializer,
    "optimizer.name": r.optimizer.name,
    "optimizer.learningRate": r.optimizer.learningRate,
    "optimizer.momentum": r.optimizer.momentum,
    "optimizer.nesterov": r.optimizer.nesterov,
    "schedule.kind": r.schedule.kind,
  };
  if (r.schedule.kind === "step") Object.assign(out, { "schedule.every": r.schedule.every, "schedule.factor": r.schedule.factor });
  if (r.schedule.kind === "exponential") out["schedule.alpha"] = r.schedule.alpha;
  Object.assign(out, {
    batchSize: r.batchSize, epochs: r.epochs, l1: r.l1, l2: r.l2, dropout: r.dropout, batchNorm: r.batchNorm,
    "augment.shift": r.augment.shift, "augment.rotation": r.augment.rotation, "augment.noise": r.augment.noise, seed: r.seed,
  });
  return out;
}

/** The fields whose values differ between `baseline` and `other` (defaults filled in on both sides). */
export function diffConfigs(baseline: HomeworkConfig | ResolvedConfig, other: HomeworkConfig | ResolvedConfig): ConfigChange[] {
  const a = flattenConfig(baseline);
  const b = flattenConfig(other);
  const network = ["hidden", "layers"].filter((f) => f in a || f in b); // the network first, then the other fields in order
  const fields = [...new Set([...network, ...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((f) => a[f] !== b[f])
    .map((f) => ({ field: f, baseline: a[f] ?? "—", value: b[f] ?? "—" }));
}

/** The changes as one line: `optimizer.name: sgd → adam; hidden: 16 sigmoid → 128 relu`. */
export function formatDiff(changes: readonly ConfigChange[]): string {
  if (changes.length === 0) return "same as the baseline";
  return changes.map((c) => `${c.field}: ${c.baseline} → ${c.value}`).join("; ");
}

function percent(v: number | null | undefined): number {
  return typeof v === "number" && Number.isFinite(v) ? Math.round(v * 10000) / 100 : NaN;
}

/** Options of the comparison figures. */
export interface CompareFigureOptions {
  /** Figure name (for export); default per figure. */
  name?: string;
  title?: string;
  /** The logged quantity to draw; default "val_accuracy". */
  metric?: string;
  height?: number;
}

/** The chosen runs' per-epoch curves of `metric` (default validation accuracy, in %) in one chart. */
export function validationCurves(runs: readonly ExperimentRecord[], options: CompareFigureOptions = {}): Figure {
  if (runs.length === 0) throw new Error(`validationCurves: no runs given. Hint: latestRuns(readExperiments(file).runs, ["baseline", …]).`);
  const metric = options.metric ?? "val_accuracy";
  const isAcc = metric.endsWith("accuracy");
  const series = runs.map((r) => {
    const y = r.history[metric];
    if (y === undefined) {
      throw new Error(`validationCurves: run ${JSON.stringify(r.name)} has no ${JSON.stringify(metric)} curve (it has ${Object.keys(r.history).join(", ") || "none"}). Hint: train with validation (the default 0.2).`);
    }
    return { name: r.name, x: y.map((_, i) => i + 1), y: y.map((v) => (v === null ? NaN : isAcc ? 100 * v : v)), markers: y.length <= 20 };
  });
  return lineChart({
    name: options.name ?? "homework-curves",
    title: options.title ?? (metric === "val_accuracy" ? "Validation accuracy per epoch" : `${metric} per epoch`),
    series,
    xLabel: "epoch",
    yLabel: isAcc ? `${metric} (%)` : metric,
    height: options.height ?? 380,
  });
}

/** The chosen runs' final validation accuracies as bars (a diverged run shows as 0). */
export function accuracyBars(runs: readonly ExperimentRecord[], options: CompareFigureOptions = {}): Figure {
  if (runs.length === 0) throw new Error(`accuracyBars: no runs given.`);
  return barChart({
    name: options.name ?? "homework-accuracies",
    title: options.title ?? "Final validation accuracy",
    categories: runs.map((r) => r.name),
    values: runs.map((r) => (r.status === "ok" ? percent(r.valAccuracy) || 0 : 0)),
    yLabel: "validation accuracy (%)",
    height: options.height ?? 340,
  });
}

/** One row per run, for tables: name, accuracy and what changed. */
export interface RunSummary {
  run: string;
  status: string;
  "val acc %": number;
  "Δ vs baseline (pp)": number;
  "train acc %": number;
  "gap (pp)": number;
  epochs: number;
  params: number;
  seconds: number;
  network: string;
  "changes vs baseline": string;
}

/**
 * The runs sorted by validation accuracy (best first; diverged runs last), with their difference
 * to the baseline in percentage points, the train − validation gap (over-fitting shows as a large
 * gap), the network's parameters, the training time and the changed fields.
 */
export function summarizeRuns(runs: readonly ExperimentRecord[], baseline?: ExperimentRecord): RunSummary[] {
  const base = baseline ?? runs[0];
  const baseAcc = base ? percent(base.valAccuracy) : NaN;
  const rows = runs.map((r) => {
    const acc = r.status === "ok" ? percent(r.valAccuracy) : NaN;
    const tr = r.status === "ok" ? percent(r.trainAccuracy) : NaN;
    return {
      run: r.name,
      status: r.status,
      "val acc %": acc,
      "Δ vs baseline (pp)": Math.round((acc - baseAcc) * 100) / 100,
      "train acc %": tr,
      "gap (pp)": Math.round((tr - acc) * 100) / 100,
      epochs: r.history.loss?.length ?? 0,
      params: countConfigParams(r.config),
      seconds: Math.round(r.seconds * 10) / 10,
      network: describeArchitecture(r.config),
      "changes vs baseline": base === undefined || r === base ? "(baseline)" : formatDiff(diffConfigs(base.config, r.config)),
    };
  });
  return rows.sort((a, b) => (Number.isNaN(a["val acc %"]) ? -Infinity : a["val acc %"]) > (Number.isNaN(b["val acc %"]) ? -Infinity : b["val acc %"]) ? -1 : 1);
}

/** `summarizeRuns` as a danfojs DataFrame, for `showTable(runsFrame(runs, baseline), { rows: Infinity })`. */
export function runsFrame(runs: readonly ExperimentRecord[], baseline?: ExperimentRecord): DataFrame {
  const rows = summarizeRuns(runs, baseline);
  if (rows.length === 0) throw new Error(`runsFrame: no runs given.`);
  const columns = Object.keys(rows[0]) as (keyof RunSummary)[];
  return new (danfo().DataFrame)(rows.map((r) => columns.map((c) => r[c])), { columns });
}
