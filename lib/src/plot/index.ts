/**
 * Plots for the course: figure builders, inline display in the notebook, live training plot.
 *
 * Build a figure with a builder (`lineChart`, `scatterPlot`, `barChart`, `histogram`,
 * `surfacePlot`, `contourPlot`, `heatmap`, `image`, `imageGrid`), then `show(figure)`.
 * Pass `new LivePlot()` in `fit`'s callbacks to watch the loss while training.
 */

export * from "./figure";
export * from "./input";
export * from "./style";
export * from "./charts";
export * from "./surfaces";
export * from "./images";
export * from "./combine";
export * from "../display/bundle";
export * from "../display/transport";
export * from "./live";
