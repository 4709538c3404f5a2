/**
 * The course's explicit plot style: colours, fonts and axis defaults.
 *
 * Nothing relies on a plotly template or on plotly's own defaults for colours, so a figure looks
 * the same in JupyterLab, classic Notebook, VS Code, exported HTML and exported SVG.
 */

import type { FigureOptions, Layout, PlotConfig } from "./figure";

/** Colour-blind-safe palette (Okabe–Ito), used in order for series and groups. */
export const PALETTE: readonly string[] = [
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // green
  "#CC79A7", // purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#F0E442", // yellow
  "#000000", // black
];

/** Colour number `i` of the palette (wraps around). */
export function paletteColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** Diverging blue–white–red scale for signed values (weights, gradients). */
export const DIVERGING_SCALE: [number, string][] = [
  [0, "#2166AC"],
  [0.5, "#F7F7F7"],
  [1, "#B2182B"],
];

/** Sequential white-to-blue scale for counts (confusion matrices). */
export const SEQUENTIAL_SCALE: [number, string][] = [
  [0, "#F7FBFF"],
  [1, "#08306B"],
];

/** Perceptual scale for surfaces and contours (viridis, explicit stops). */
export const SURFACE_SCALE: [number, string][] = [
  [0, "#440154"],
  [0.25, "#3B528B"],
  [0.5, "#21908C"],
  [0.75, "#5DC963"],
  [1, "#FDE725"],
];

/** Black (0) to white (1) for greyscale images. */
export const GREY_SCALE: [number, string][] = [
  [0, "#000000"],
  [1, "#FFFFFF"],
];

const FONT = { family: "Helvetica, Arial, sans-serif", size: 13, color: "#222222" };

/** Axis settings shared by the 2-D charts. */
export function axis(title?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...(title !== undefined ? { title: { text: title } } : {}),
    showgrid: true,
    gridcolor: "#E5E5E5",
    zeroline: true,
    zerolinecolor: "#999999",
    linecolor: "#444444",
    showline: true,
    ticks: "outside",
    automargin: true,
    ...extra,
  };
}

/** The layout every figure starts from: white background, explicit font and colours. */
export function baseLayout(options: FigureOptions, defaultHeight: number): Layout {
  const layout: Layout = {
    height: options.height ?? defaultHeight,
    paper_bgcolor: "#FFFFFF",
    plot_bgcolor: "#FFFFFF",
    font: { ...FONT },
    colorway: [...PALETTE],
    margin: { l: 60, r: 30, t: options.title !== undefined ? 50 : 20, b: 50 },
    legend: { bgcolor: "rgba(255,255,255,0.8)" },
  };
  if (options.width !== undefined) layout.width = options.width;
  if (options.title !== undefined) layout.title = { text: options.title, x: 0.5, xanchor: "center" };
  return layout;
}

/** Default plotly config: fills the width, no plotly logo, PNG download at 2x. */
export function baseConfig(): PlotConfig {
  return { responsive: true, displaylogo: false, toImageButtonOptions: { format: "png", scale: 2 } };
}
