/**
 * Watching training: `LivePlot` draws the loss curves in one notebook output that is updated in
 * place after every epoch, and `ProgressPrinter` prints a text line per epoch.
 * Both are callbacks for `fit`: `model.fit(x, y, { epochs: 50, callbacks: [new LivePlot()] })`.
 */

import { type DisplayBundle, type PlotSession, buildBundle, currentSession } from "../display/bundle";
import type { Callback, Logs, TrainBeginInfo } from "../training/callbacks";
import { type DisplayTransport, currentTransport } from "../display/transport";
import { type Figure, type Trace, validateFigureName } from "./figure";
import { axis, baseConfig, baseLayout, paletteColor } from "./style";
import { t } from "../core/i18n";

/** Formats a logged number: 4 decimals, or 4 significant digits when very small or large. */
export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3);
  return v.toFixed(4);
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** What `formatProgress` needs to know. */
export interface ProgressState {
  /** Epochs finished so far (1-based count). */
  epoch: number;
  /** Planned number of epochs. */
  epochs: number;
  /** Logs of the last finished epoch. */
  logs: Logs;
  /** Seconds since training began. */
  elapsedSeconds: number;
  /** Training ended before `epochs` (early stopping). */
  stoppedEarly?: boolean;
}

/** Orders metric names: `loss`, `val_loss`, then the rest in logged order (each followed by its `val_`). */
export function orderMetrics(names: Iterable<string>): string[] {
  const all = [...new Set(names)];
  const base = all.filter((n) => !n.startsWith("val_") || !all.includes(n.slice(4)));
  base.sort((a, b) => (a === "loss" ? -1 : b === "loss" ? 1 : 0));
  const out: string[] = [];
  for (const n of base) {
    out.push(n);
    if (all.includes(`val_${n}`) && !n.startsWith("val_")) out.push(`val_${n}`);
  }
  return out;
}

/**
 * The progress line, e.g.
 * `epoch 3/10 · loss 0.1234 · val_loss 0.1456 · 12.3 s elapsed · ~4.1 s left`.
 */
export function formatProgress(state: ProgressState): string {
  const parts = [`epoch ${state.epoch}/${state.epochs}`];
  for (const name of orderMetrics(Object.keys(state.logs))) parts.push(`${name} ${formatMetric(state.logs[name]!)}`);
  parts.push(`${formatSeconds(state.elapsedSeconds)} elapsed`);
  if (state.stoppedEarly === true) parts.push(t`stopped early`);
  else if (state.epoch < state.epochs && state.epoch > 0) {
    parts.push(`~${formatSeconds((state.elapsedSeconds / state.epoch) * (state.epochs - state.epoch))} left`);
  } else if (state.epoch >= state.epochs) parts.push("done");
  return parts.join(" · ");
}

/** Options of `LivePlot`. */
export interface LivePlotOptions {
  /** Figure name (default `"training"`); give distinct names to several live plots in one notebook. */
  name?: string;
  /** Title (default "Training"). */
  title?: string;
  /** Minimum time between two updates in milliseconds (default 250); the last epoch is always drawn. */
  throttleMs?: number;
  /** Logarithmic loss axis. */
  logLoss?: boolean;
  /** Height in pixels (default 380). */
  height?: number;
  /** Where to send the display (default: the notebook, or the console outside one). */
  transport?: DisplayTransport;
  /** Session for ids and plotly inlining (default: the process-wide one). */
  session?: PlotSession;
  /** Clock in milliseconds (default `Date.now`); tests pass a fake one. */
  now?: () => number;
}

const isLoss = (name: string) => /loss$/.test(name);

/** Text for a plotly label, which reads a little HTML: `&`, `<` and `>` as entities. */
function escapePlotlyText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A Keras-style callback that plots the training curves live in ONE notebook output:
 * `onTrainBegin` displays it, every `onEpochEnd` updates it in place (at most every
 * `throttleMs`, and always for the last epoch), with the losses (`loss`, `val_loss`, ...) in the
 * left panel, other metrics (e.g. `accuracy`) in a right panel, and a progress line below.
 *
 * The progress line is part of the figure (a line of text above the plot area), not HTML around
 * it: the plotly renderers of JupyterLab and VS Code draw only the figure JSON.
 *
 * Markers for browser tests: the plot `<div>` has `data-nnlib-live="1"` and
 * `data-nnlib-epochs="<epochs drawn>"`; the progress line is also the output's `text/plain`.
 */
export class LivePlot implements Callback {
  /** Every logged value per metric, one entry per finished epoch (NaN kept as NaN). */
  readonly history: Record<string, number[]> = {};
  private readonly name: string;
  private readonly options: LivePlotOptions;
  private readonly now: () => number;
  private transport: DisplayTransport | undefined;
  private displayId = "";
  private htmlId = "";
  private plotlySource: string | undefined;
  private epochs = 0;
  private epochsDone = 0;
  private epochsDrawn = 0;
  private startedAt = 0;
  private lastSentAt = -Infinity;
  private lastLogs: Logs = {};
  private metricNames: string[] = [];
  private stoppedEarly = false;

  constructor(options: LivePlotOptions = {}) {
    this.options = options;
    this.name = validateFigureName(options.name ?? "training", "LivePlot");
    this.now = options.now ?? Date.now;
  }

  /** Starts a fresh plot: creates the display that later epochs update. */
  onTrainBegin(info: TrainBeginInfo): void {
    const session = this.options.session ?? currentSession();
    this.transport = this.options.transport ?? currentTransport();
    this.epochs = info.epochs;
    this.epochsDone = 0;
    this.epochsDrawn = 0;
    this.lastLogs = {};
    this.stoppedEarly = false;
    this.metricNames = orderMetrics(info.metrics);
    for (const key of Object.keys(this.history)) delete this.history[key];
    for (const m of this.metricNames) this.history[m] = [];
    this.startedAt = this.now();
    this.lastSentAt = -Infinity;
    this.htmlId = session.nextId(this.name);
    // A random display id: it is not saved in the notebook, and must not collide with outputs
    // left in the page by an earlier kernel session.
    this.displayId = `${this.htmlId}-${Math.random().toString(36).slice(2, 10)}`;
    // If this plot is the first figure of the session it carries plotly.js; it then must keep it
    // in its final state so that the saved notebook still has the library.
    this.plotlySource = session.claimPlotly();
    this.transport.display(this.bundle(true), this.displayId);
  }

  /** Records the epoch's logs and redraws (throttled). */
  onEpochEnd(epoch: number, logs: Logs): void {
    if (this.transport === undefined) return; // fit did not call onTrainBegin
    this.epochsDone = epoch + 1;
    this.lastLogs = { ...logs };
    const names = orderMetrics([...this.metricNames, ...Object.keys(logs)]);
    for (const m of names) {
      if (this.history[m] === undefined) this.history[m] = new Array<number>(epoch).fill(NaN);
      const series = this.history[m]!;
      while (series.length < epoch) series.push(NaN);
      series[epoch] = typeof logs[m] === "number" ? logs[m]! : NaN;
    }
    this.metricNames = names;
    const last = this.epochsDone >= this.epochs;
    const t = this.now();
    if (last || t - this.lastSentAt >= (this.options.throttleMs ?? 250)) this.send(last, t);
  }

  /** Draws the final state if the last update was skipped (throttling, early stopping). */
  onTrainEnd(_logs?: Logs): void {
    if (this.transport === undefined) return;
    this.stoppedEarly = this.epochsDone > 0 && this.epochsDone < this.epochs;
    if (this.epochsDrawn < this.epochsDone || this.stoppedEarly) this.send(true, this.now());
  }

  /** The figure in its current state (all epochs recorded so far). */
  figure(): Figure {
    const lossNames = this.metricNames.filter(isLoss);
    // The learning rate a schedule logs (`lr`) is a setting, not a metric: on the metric axis it
    // would draw a flat line near 0. It stays in the progress line.
    const otherNames = this.metricNames.filter((m) => !isLoss(m) && m !== "lr");
    const twoPanels = otherNames.length > 0;
    const data: Trace[] = [];
    const trace = (metric: string, panel: "" | "2", colorIndex: number): Trace => {
      const values = this.history[metric] ?? [];
      return {
        type: "scatter",
        mode: values.length <= 30 ? "lines+markers" : "lines",
        name: metric,
        x: values.map((_, i) => i + 1),
        y: values.map((v) => (Number.isFinite(v) ? v : null)),
        line: { color: paletteColor(colorIndex), width: 2, dash: metric.startsWith("val_") ? "dash" : "solid" },
        marker: { color: paletteColor(colorIndex), size: 5 },
        xaxis: `x${panel}`,
        yaxis: `y${panel}`,
      };
    };
    const colorOf = (m: string, list: string[]) => {
      const base = m.startsWith("val_") ? m.slice(4) : m;
      const bases = [...new Set(list.map((n) => (n.startsWith("val_") ? n.slice(4) : n)))];
      return Math.max(0, bases.indexOf(base));
    };
    for (const m of lossNames) data.push(trace(m, "", colorOf(m, lossNames)));
    for (const m of otherNames) data.push(trace(m, "2", colorOf(m, otherNames) + 2));
    const layout = baseLayout({ title: this.options.title ?? t`Training`, height: this.options.height }, 380);
    const xRange = [0.5, Math.max(1, this.epochs) + 0.5];
    layout.xaxis = axis("epoch", { domain: twoPanels ? [0, 0.45] : [0, 1], range: xRange, anchor: "y" });
    layout.yaxis = axis("loss", { anchor: "x", ...(this.options.logLoss === true ? { type: "log" } : {}) });
    if (twoPanels) {
      layout.xaxis2 = axis("epoch", { domain: [0.55, 1], range: xRange, anchor: "y2" });
      layout.yaxis2 = axis(otherNames.length === 1 || otherNames.every((n) => n.endsWith(otherNames[0]!)) ? otherNames[0] : "metric", {
        anchor: "x2",
      });
    }
    // Legend below the x-axis titles.
    layout.legend = { orientation: "h", x: 0, y: -0.28, yanchor: "top", bgcolor: "rgba(255,255,255,0.8)" };
    layout.margin = { l: 60, r: 30, t: 75, b: 100 };
    // The progress line, left-aligned just above the plot area (pixels, whatever the height).
    layout.annotations = [
      {
        text: escapePlotlyText(this.caption()),
        x: 0,
        y: 1,
        xref: "paper",
        yref: "paper",
        xanchor: "left",
        yanchor: "bottom",
        yshift: 6,
        showarrow: false,
        align: "left",
        font: { family: "monospace", size: 12, color: "#222222" },
      },
    ];
    return { name: this.name, data, layout, config: baseConfig() };
  }

  /** The progress line shown with the plot: "epoch 0/N · starting" before the first epoch ends. */
  private caption(): string {
    return this.epochsDone === 0 ? `epoch 0/${this.epochs} · starting` : this.progress();
  }

  /** The current progress line. */
  progress(): string {
    return formatProgress({
      epoch: this.epochsDone,
      epochs: this.epochs,
      logs: this.lastLogs,
      elapsedSeconds: (this.now() - this.startedAt) / 1000,
      stoppedEarly: this.stoppedEarly,
    });
  }

  private send(final: boolean, t: number): void {
    this.epochsDrawn = this.epochsDone;
    this.lastSentAt = t;
    this.transport!.update(this.bundle(final), this.displayId);
  }

  private bundle(withPlotly: boolean): DisplayBundle {
    return buildBundle(this.figure(), {
      id: this.htmlId,
      ...(withPlotly && this.plotlySource !== undefined ? { plotlySource: this.plotlySource } : {}),
      dataAttributes: { "nnlib-live": "1", "nnlib-epochs": String(this.epochsDrawn), "nnlib-epochs-total": String(this.epochs) },
      plainText: this.caption(),
      live: true,
    });
  }
}

/** Options of `ProgressPrinter`. */
export interface ProgressPrinterOptions {
  /** Minimum time between two printed lines in milliseconds (default 0: every epoch). The last epoch is always printed. */
  throttleMs?: number;
  /** Where lines go (default `console.log`). */
  print?: (line: string) => void;
  /** Clock in milliseconds (default `Date.now`). */
  now?: () => number;
}

/**
 * A callback that prints one progress line per epoch (for `verbose` training), e.g.
 * `epoch 3/10 · loss 0.1234 · val_loss 0.1456 · 0.8 s elapsed · ~1.9 s left`.
 */
export class ProgressPrinter implements Callback {
  private epochs = 0;
  private startedAt = 0;
  private lastAt = -Infinity;
  private readonly print: (line: string) => void;
  private readonly now: () => number;

  constructor(private readonly options: ProgressPrinterOptions = {}) {
    this.print = options.print ?? ((line) => console.log(line));
    this.now = options.now ?? Date.now;
  }

  onTrainBegin(info: TrainBeginInfo): void {
    this.epochs = info.epochs;
    this.startedAt = this.now();
    this.lastAt = -Infinity;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const t = this.now();
    if (epoch + 1 < this.epochs && t - this.lastAt < (this.options.throttleMs ?? 0)) return;
    this.lastAt = t;
    this.print(formatProgress({ epoch: epoch + 1, epochs: this.epochs, logs, elapsedSeconds: (t - this.startedAt) / 1000 }));
  }
}
