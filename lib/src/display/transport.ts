/**
 * Sending bundles to the notebook: `show(figure)` and the transports behind it.
 *
 * Inside a tslab kernel the transport is tslab's own display writer: tslab's public
 * `display` API sends only one MIME type per message, so we call the function it uses,
 * `lastWriteDisplayData(content, update)` exported by `tslab/dist/jupyter.js` (set for every
 * executed cell). It accepts a whole `display_data` content — `{ data, metadata, transient:
 * { display_id } }` — and sends `update_display_data` instead when `update` is true.
 *
 * Outside a kernel (plain Node, vitest) the transport prints the `text/plain` line.
 */

import { type DisplayBundle, currentSession } from "./bundle";
import type { Figure } from "../plot/figure";

/** Where bundles go. Tests use a fake one that records the calls. */
export interface DisplayTransport {
  /** Shows a new output; with `displayId` it can later be updated in place. */
  display(bundle: DisplayBundle, displayId?: string): void;
  /** Replaces every output shown with `displayId`. */
  update(bundle: DisplayBundle, displayId: string): void;
}

/** Prints the `text/plain` line of every bundle (used outside a notebook). */
export const consoleTransport: DisplayTransport = {
  display(bundle) {
    console.log(bundle.data["text/plain"]);
  },
  update(bundle) {
    console.log(bundle.data["text/plain"]);
  },
};

type TslabWriter = (content: object, update: boolean) => void;

/** tslab's current display writer, if this process is a tslab kernel that has run a cell. */
function findTslabWriter(): TslabWriter | undefined {
  const cache = typeof require === "function" ? require.cache : undefined;
  if (cache === undefined) return undefined;
  for (const [path, mod] of Object.entries(cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(path)) continue;
    const writer = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof writer === "function") return writer as TslabWriter;
  }
  return undefined;
}

/** A transport over tslab's writer, or `undefined` outside a tslab kernel. */
export function tslabTransport(): DisplayTransport | undefined {
  if (findTslabWriter() === undefined) return undefined;
  // Look the writer up on every call: tslab installs a new one for each executed cell.
  const send = (bundle: DisplayBundle, displayId: string | undefined, update: boolean) => {
    const writer = findTslabWriter();
    if (writer === undefined) return consoleTransport.display(bundle);
    writer(
      { data: bundle.data, metadata: bundle.metadata, transient: displayId === undefined ? {} : { display_id: displayId } },
      update,
    );
  };
  return {
    display: (bundle, displayId) => send(bundle, displayId, false),
    update: (bundle, displayId) => send(bundle, displayId, true),
  };
}

let override: DisplayTransport | undefined;

/** Routes all displays to `transport` (e.g. a recorder in tests); `undefined` restores the default. */
export function setTransport(transport: DisplayTransport | undefined): void {
  override = transport;
}

/** The transport in use: the one set with `setTransport`, else tslab's, else the console. */
export function currentTransport(): DisplayTransport {
  return override ?? tslabTransport() ?? consoleTransport;
}

/** Options of `show`. */
export interface ShowOptions {
  /** Inline plotly.js into this figure even if an earlier figure already did. */
  includePlotly?: boolean;
}

/**
 * Shows a figure inline in the notebook (one display message with plotly JSON, HTML and text).
 * Outside a notebook it prints the figure's one-line description.
 *
 * If the first figure's output (which carries plotly.js) gets cleared, re-run the notebook from
 * the top, or show a figure with `{ includePlotly: true }`.
 */
export function show(figure: Figure, options: ShowOptions = {}): void {
  if (figure === null || typeof figure !== "object" || !Array.isArray(figure.data) || typeof figure.name !== "string") {
    throw new Error(`show: expected a figure from a builder such as lineChart(...), got ${String(figure)}.`);
  }
  currentTransport().display(currentSession().bundle(figure, options.includePlotly === true));
}
