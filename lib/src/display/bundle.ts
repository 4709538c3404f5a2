/**
 * Building the display bundle of a figure: one Jupyter `display_data` message carrying
 *
 * - `application/vnd.plotly.v1+json` — `{ data, layout, config }`, rendered natively by VS Code
 *   and by JupyterLab with the plotly extension;
 * - `text/html` — a `<div>` plus a `<script>` calling `Plotly.newPlot`, rendered by classic
 *   Notebook, JupyterLab without the extension and `jupyter nbconvert --to html`;
 * - `text/plain` — a one-line description (terminals, text exports).
 *
 * plotly.js itself (~4.8 MB) is inlined, from `node_modules/plotly.js-dist-min` (`platform().plotlySource()`), into the HTML
 * of the first figure of a kernel session only (never from a CDN: students may be offline).
 * Every figure's script waits until `window.Plotly` exists and its `<div>` is in the page, so
 * the order in which a front end renders outputs does not matter.
 *
 * This module only builds bundles; sending them is `display.ts`'s job.
 */

import type { Figure } from "../plot/figure";
import { platform } from "../platform";

/** The MIME type the plotly renderers of JupyterLab and VS Code understand. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * The `data` of a display message: one entry per MIME type, `text/plain` always (terminals, text
 * exports). Plots add plotly JSON and HTML, tables HTML, computation graphs SVG and HTML.
 */
export interface MimeBundle {
  "text/plain": string;
  "text/html"?: string;
  "image/svg+xml"?: string;
  [PLOTLY_MIME]?: { data: Figure["data"]; layout: Figure["layout"]; config: NonNullable<Figure["config"]> };
}

/** A figure's data: plotly JSON, HTML with the script that draws it, and a line of text. */
export interface FigureMimeBundle extends MimeBundle {
  [PLOTLY_MIME]: { data: Figure["data"]; layout: Figure["layout"]; config: NonNullable<Figure["config"]> };
  "text/html": string;
}

/** What the library puts into the display message's metadata. */
export interface BundleMetadata {
  nnlib: { name: string; id: string; live?: boolean };
}

/** Content of one `display_data` / `update_display_data` message (without the transient display id). */
export interface DisplayBundle<D extends MimeBundle = MimeBundle> {
  data: D;
  metadata: BundleMetadata;
}

/** Extra pieces for `buildBundle`. */
export interface BundleOptions {
  /** The `id` of the plot `<div>` (unique within the page). */
  id: string;
  /** plotly.js source to inline before the figure's script (only the first figure of a session). */
  plotlySource?: string;
  /** Extra `data-*` attributes of the plot `<div>`, e.g. `{ "nnlib-live": "1" }`. */
  dataAttributes?: Record<string, string>;
  /** Replaces the default `text/plain` line. */
  plainText?: string;
  /** Marks the metadata as a live (updating) display. */
  live?: boolean;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON that is safe inside a `<script>` element (no `</script>`, `<!--`). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The one-line `text/plain` description of a figure. */
export function describeFigure(figure: Figure): string {
  const counts = new Map<string, number>();
  for (const t of figure.data) counts.set(t.type, (counts.get(t.type) ?? 0) + 1);
  const kinds = [...counts].map(([type, n]) => (n > 1 ? `${n} ${type}` : type)).join(", ");
  const title = figure.layout.title?.text;
  return `Figure ${figure.name}${title !== undefined ? ` "${title}"` : ""}: ${figure.data.length} trace${
    figure.data.length === 1 ? "" : "s"
  } (${kinds})`;
}

/**
 * The script that draws the figure: it polls until `window.Plotly` is defined and an undrawn
 * `<div>` with this id is attached to the page (classic Notebook runs output scripts before the
 * output is attached), then calls `Plotly.newPlot` and sets `data-nnlib-drawn="1"` on the div.
 */
function drawScript(id: string, figure: Figure): string {
  const spec = { data: figure.data, layout: figure.layout, config: figure.config ?? {} };
  return `<script>
(function () {
  var id = ${JSON.stringify(id)};
  var spec = ${scriptSafeJson(spec)};
  var started = Date.now();
  function target() {
    var all = document.querySelectorAll('div[id="' + id + '"]');
    for (var i = 0; i < all.length; i++) {
      if (all[i].isConnected && !all[i].hasAttribute("data-nnlib-drawn")) return all[i];
    }
    return null;
  }
  function draw() {
    var el = target();
    var waited = Date.now() - started;
    if (!el || !window.Plotly) {
      if (el && waited > 5000 && !el.hasAttribute("data-nnlib-waiting")) {
        el.setAttribute("data-nnlib-waiting", "1");
        el.textContent = "Waiting for plotly.js: it is embedded in the first figure of this notebook. " +
          "If that output was cleared, run the notebook again from the top.";
      }
      if (waited < 600000) setTimeout(draw, waited < 5000 ? 50 : 500);
      return;
    }
    el.textContent = "";
    el.setAttribute("data-nnlib-drawn", "1");
    el.removeAttribute("data-nnlib-waiting");
    window.Plotly.newPlot(el, spec.data, spec.layout, spec.config).then(function () {
      el.setAttribute("data-nnlib-rendered", "1");
    }, function (err) {
      el.textContent = "nnlib: plotly could not draw this figure: " + err;
    });
  }
  draw();
})();
</script>`;
}

/**
 * Builds the display bundle of `figure` (pure: same inputs, same output).
 *
 * HTML markers a browser test can rely on: the plot `<div>` has `id`, `class="nnlib-figure"`,
 * `data-nnlib-figure="<name>"` and any `dataAttributes`; the script adds `data-nnlib-drawn="1"`
 * when it calls `Plotly.newPlot` and `data-nnlib-rendered="1"` when plotly has finished.
 */
export function buildBundle(figure: Figure, options: BundleOptions): DisplayBundle<FigureMimeBundle> {
  const height = typeof figure.layout.height === "number" ? figure.layout.height : 450;
  const attributes: Record<string, string> = {
    id: options.id,
    class: "nnlib-figure",
    "data-nnlib-figure": figure.name,
  };
  for (const [key, value] of Object.entries(options.dataAttributes ?? {})) attributes[`data-${key}`] = value;
  const attrText = Object.entries(attributes)
    .map(([k, v]) => `${k}="${escapeHtml(v)}"`)
    .join(" ");
  const parts = [`<div ${attrText} style="width:100%;min-height:${height}px"></div>`];
  if (options.plotlySource !== undefined) {
    parts.push(`<script data-nnlib-plotly="1">\n${options.plotlySource.replace(/<\/script/gi, "<\\/script")}\n</script>`);
  }
  parts.push(drawScript(options.id, figure));
  const metadata: BundleMetadata = { nnlib: { name: figure.name, id: options.id } };
  if (options.live === true) metadata.nnlib.live = true;
  return {
    data: {
      [PLOTLY_MIME]: { data: figure.data, layout: figure.layout, config: figure.config ?? {} },
      "text/html": parts.join("\n"),
      "text/plain": options.plainText ?? describeFigure(figure),
    },
    metadata,
  };
}

/** plotly.js: on Node from the installed `plotly.js-dist-min` package, in the browser from the site. */
export function readPlotlySource(): string {
  return platform().plotlySource();
}

/**
 * The state of one kernel session: a counter for deterministic `<div>` ids and whether
 * plotly.js has already been inlined. `show` and `LivePlot` share the process-wide
 * `currentSession()`; tests create their own.
 */
export class PlotSession {
  private counter = 0;
  private plotlySent = false;

  /** @param loadPlotly returns the plotly.js source (default: read it from node_modules). */
  constructor(private readonly loadPlotly: () => string = readPlotlySource) {}

  /** A new id `nnlib-<name>-<n>`, n = 1, 2, ... within this session. */
  nextId(name: string): string {
    this.counter += 1;
    return `nnlib-${name}-${this.counter}`;
  }

  /** The plotly.js source the first time it is asked for (or when `force`), else `undefined`. */
  claimPlotly(force = false): string | undefined {
    if (this.plotlySent && !force) return undefined;
    this.plotlySent = true;
    return this.loadPlotly();
  }

  /** Whether plotly.js has been inlined in this session. */
  get plotlyIncluded(): boolean {
    return this.plotlySent;
  }

  /**
   * The bundle of the next figure shown in this session: a fresh id, and plotly.js inlined
   * if this is the session's first figure (or `includePlotly` is set).
   */
  bundle(figure: Figure, includePlotly = false): DisplayBundle<FigureMimeBundle> {
    const id = this.nextId(figure.name);
    const plotlySource = this.claimPlotly(includePlotly);
    return buildBundle(figure, plotlySource === undefined ? { id } : { id, plotlySource });
  }
}

const SESSION_KEY = Symbol.for("nnlib.plot.session");

/**
 * The process-wide session (stored on `globalThis`, so two copies of the library loaded in one
 * kernel still inline plotly.js only once).
 */
export function currentSession(): PlotSession {
  const g = globalThis as unknown as Record<symbol, PlotSession | undefined>;
  let session = g[SESSION_KEY];
  if (session === undefined) {
    session = new PlotSession();
    g[SESSION_KEY] = session;
  }
  return session;
}

/** Starts a new session: ids count from 1 again and plotly.js is inlined again. */
export function resetSession(): void {
  (globalThis as unknown as Record<symbol, PlotSession | undefined>)[SESSION_KEY] = new PlotSession();
}
