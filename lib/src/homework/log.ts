/**
 * The experiment log of the homework: every run appended to a JSON Lines file — one JSON object
 * per line (settings, per-epoch curves, validation accuracy, duration, library version, time).
 *
 * - Appending is ONE `appendFileSync` of one line per run, so a crash or an interrupted kernel
 *   can at worst leave the last line incomplete; earlier runs are never rewritten.
 * - Reading skips lines that do not parse and returns a warning for each (line number and
 *   why) — a torn last line is the expected case after an interrupted write.
 *
 * ```ts
 * appendExperiment("homework/experiments.jsonl", run.record);
 * const { runs, warnings } = readExperiments("homework/experiments.jsonl");
 * ```
 */
import { platform } from "../platform";
import { libraryVersion } from "../training/serialization";
import { ResolvedConfig } from "./config";

/** One run in the log. Numbers that were NaN or ±Infinity are stored as null (JSON has no NaN). */
export interface ExperimentRecord {
  /** Unique per run: time and a random suffix. */
  id: string;
  name: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  libraryVersion: string;
  status: "ok" | "diverged";
  error?: string;
  config: ResolvedConfig;
  /** Per logged quantity (loss, accuracy, val_loss, val_accuracy, lr) one number per finished epoch. */
  history: Record<string, (number | null)[]>;
  valAccuracy: number | null;
  trainAccuracy: number | null;
  seconds: number;
  trainSamples: number;
  validationSamples: number;
  note?: string;
}

/** What `readExperiments` found: the runs in file order and a warning per skipped line. */
export interface ExperimentLog {
  runs: ExperimentRecord[];
  warnings: string[];
}

/** The log notebook 08 writes when nothing else is asked for: next to the notebook. */
export const DEFAULT_EXPERIMENT_LOG = "homework/experiments.jsonl";

/**
 * Where the homework's experiment log lives: the file named by the environment variable
 * `NNLIB_EXPERIMENT_LOG` when it is set, else `homework/experiments.jsonl` relative to the
 * notebook. The course's own tests set the variable, so that running `npm test` never adds
 * runs to a student's log.
 */
export function experimentLogPath(env: Record<string, string | undefined> = { NNLIB_EXPERIMENT_LOG: platform().env("NNLIB_EXPERIMENT_LOG") }): string {
  const fromEnv = env.NNLIB_EXPERIMENT_LOG;
  return fromEnv !== undefined && fromEnv.trim() !== "" ? fromEnv : DEFAULT_EXPERIMENT_LOG;
}

const finite = (v: number | undefined | null): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A log record for a finished (or diverged) run, stamped with the time and the library version. */
export function makeRecord(r: {
  name: string;
  status: "ok" | "diverged";
  error?: string;
  config: ResolvedConfig;
  history: Record<string, number[]>;
  valAccuracy?: number;
  trainAccuracy?: number;
  seconds: number;
  trainSamples: number;
  validationSamples: number;
  note?: string;
}): ExperimentRecord {
  const now = new Date();
  const history: Record<string, (number | null)[]> = {};
  for (const [k, v] of Object.entries(r.history)) history[k] = v.map((x) => finite(x));
  return {
    id: `${now.toISOString().replace(/[-:.TZ]/g, "").slice(0, 17)}-${Math.random().toString(36).slice(2, 8)}`,
    name: r.name,
    timestamp: now.toISOString(),
    libraryVersion: libraryVersion(),
    status: r.status,
    ...(r.error !== undefined ? { error: r.error } : {}),
    config: r.config,
    history,
    valAccuracy: finite(r.valAccuracy),
    trainAccuracy: finite(r.trainAccuracy),
    seconds: Math.round(r.seconds * 1000) / 1000,
    trainSamples: r.trainSamples,
    validationSamples: r.validationSamples,
    ...(r.note !== undefined ? { note: r.note } : {}),
  };
}

/**
 * Appends one run as one line, with a single `appendFileSync` (the folder is created if needed).
 * If the file ends in a torn line (an earlier write was interrupted), the new line starts on a
 * line of its own, so the torn line never swallows it.
 */
export function appendExperiment(file: string, record: ExperimentRecord): void {
  const line = JSON.stringify(record);
  if (line.includes("\n")) throw new Error(`appendExperiment: a record must serialise to one line.`); // JSON.stringify escapes newlines; a guard anyway
  platform().files.appendLine(file, line);
}

function looksLikeRecord(v: unknown): v is ExperimentRecord {
  const o = v as Record<string, unknown> | null;
  return o !== null && typeof o === "object" && typeof o.name === "string" && typeof o.config === "object" && o.config !== null && typeof o.history === "object";
}

/** Parses log text (see `readExperiments`). */
export function parseExperiments(text: string, source = "the log"): ExperimentLog {
  const runs: ExperimentRecord[] = [];
  const warnings: string[] = [];
  const lines = text.split("\n");
  const lastIndex = text.endsWith("\n") ? lines.length - 2 : lines.length - 1; // the final "" after a trailing newline is no line
  for (let i = 0; i <= lastIndex; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      const torn = i === lastIndex && !text.endsWith("\n");
      warnings.push(
        torn
          ? `${source}, line ${i + 1}: incomplete last line (a run was interrupted while it was written) — skipped.`
          : `${source}, line ${i + 1}: not valid JSON (${(e as Error).message}) — skipped; the other runs are read.`,
      );
      continue;
    }
    if (!looksLikeRecord(value)) {
      warnings.push(`${source}, line ${i + 1}: valid JSON but not a run record (needs name, config, history) — skipped.`);
      continue;
    }
    runs.push(value);
  }
  return { runs, warnings };
}

/**
 * Every run in the log, in the order they were appended, plus a warning per line that was
 * skipped (incomplete or garbled), naming its line number. A missing file is an empty log.
 * The warnings are returned, not printed: print them with `console.log` (`printWarnings`).
 */
export function readExperiments(file: string): ExperimentLog {
  const files = platform().files;
  if (!files.exists(file)) return { runs: [], warnings: [] };
  return parseExperiments(files.readText(file), files.basename(file));
}

/** Prints the warnings to stdout (one line each); returns how many there were. */
export function printWarnings(log: ExperimentLog): number {
  for (const w of log.warnings) console.log(`warning: ${w}`);
  return log.warnings.length;
}

/**
 * The most recent run of each name (in the order of `names`, or of first appearance). The log
 * keeps every run ever made; comparisons usually want the latest attempt of each.
 */
export function latestRuns(runs: readonly ExperimentRecord[], names?: readonly string[]): ExperimentRecord[] {
  const latest = new Map<string, ExperimentRecord>();
  for (const r of runs) latest.set(r.name, r);
  const order = names ?? [...new Set(runs.map((r) => r.name))];
  const out: ExperimentRecord[] = [];
  for (const n of order) {
    const r = latest.get(n);
    if (r === undefined) throw new Error(`latestRuns: no run named ${JSON.stringify(n)} in the log. Names in the log: ${[...latest.keys()].map((k) => JSON.stringify(k)).join(", ") || "none"}.`);
    out.push(r);
  }
  return out;
}
