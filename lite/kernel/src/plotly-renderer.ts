/**
 * Renders `application/vnd.plotly.v1+json` (what nnlib's `show` and `LivePlot` send) with
 * plotly.js, the same package nnlib inlines in Node. A small own renderer instead of
 * `jupyterlab-plotly`, which drags in Lumino 1 and ipywidgets.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";

const MIME = "application/vnd.plotly.v1+json";

interface PlotlyJson {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

interface PlotlyModule {
  react(node: HTMLElement, data: unknown[], layout?: object, config?: object): Promise<unknown>;
  Plots: { resize(node: HTMLElement): void };
  purge(node: HTMLElement): void;
}

let plotly: Promise<PlotlyModule> | undefined;

/** plotly.js, loaded (a separate chunk) when the first figure is drawn. */
function loadPlotly(): Promise<PlotlyModule> {
  plotly ??= import("plotly.js-dist-min").then((m) => ((m as { default?: PlotlyModule }).default ?? m) as PlotlyModule);
  return plotly;
}

class PlotlyRenderer extends Widget implements IRenderMime.IRenderer {
  constructor() {
    super();
    this.addClass("nnlib-plotly");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const figure = model.data[MIME] as unknown as PlotlyJson;
    const Plotly = await loadPlotly();
    await Plotly.react(this.node, figure.data, figure.layout ?? {}, { ...(figure.config ?? {}) });
  }

  protected override onResize(): void {
    if (this.node.classList.contains("js-plotly-plot")) void loadPlotly().then((p) => p.Plots.resize(this.node));
  }

  override dispose(): void {
    if (this.node.classList.contains("js-plotly-plot")) void loadPlotly().then((p) => p.purge(this.node));
    super.dispose();
  }
}

const extension: IRenderMime.IExtension = {
  id: "@nn-course/jupyterlite-tslab:plotly",
  description: "Draws plotly figures (nnlib's show).",
  rendererFactory: { safe: true, mimeTypes: [MIME], defaultRank: 0, createRenderer: () => new PlotlyRenderer() },
  rank: 0,
  dataType: "json",
};

export default extension;
