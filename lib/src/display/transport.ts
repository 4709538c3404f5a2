/**
 * Sending bundles to the notebook: `show(figure)` and the transports behind it.
 *
 * Inside a kernel the transport is the platform's: tslab's own display writer on Node
 * (`tslabTransport` in `../platform/node`), the page in the browser edition.
 *
 * Outside a kernel (plain Node, vitest) the transport prints the `text/plain` line.
 */

import { type DisplayBundle, currentSession } from "./bundle";
import type { Figure } from "../plot/figure";
import { platform } from "../platform";

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

let override: DisplayTransport | undefined;

/** Routes all displays to `transport` (e.g. a recorder in tests); `undefined` restores the default. */
export function setTransport(transport: DisplayTransport | undefined): void {
  override = transport;
}

/** The transport in use: the one set with `setTransport`, else the kernel's (tslab's on Node), else the console. */
export function currentTransport(): DisplayTransport {
  return override ?? platform().displayTransport() ?? consoleTransport;
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
