// The front end of the JupyterLab 4 rendering test (test/stages/lab-test.mjs), bundled by esbuild
// into test-output/lab/lab-render.js for headless Chromium. It renders a notebook's saved outputs
// with JupyterLab 4's own output code — an OutputArea per code cell (@jupyterlab/outputarea) on a
// RenderMimeRegistry with the standard renderers (@jupyterlab/rendermime) — and, when asked, with
// jupyterlab-plotly's mime renderer registered as JupyterLab registers a mime extension
// (`addFactory(rendererFactory, rank)`). Notebook 7 renders outputs with the same packages.
//
// window.labRender:
//   loadPlotly(url)            loads a plotly.js file for the extension (kept off window.Plotly,
//                              as in JupyterLab, where the extension's plotly.js is a module)
//   loadScript(url)            loads a script, e.g. a notebook as `window.__labNotebook = {...}`
//                              (read from disk by the page: megabytes of JSON need not cross the
//                              DevTools protocol)
//   render(notebook, options)  renders every code cell's outputs into document.body;
//                              options: { plotlyExtension: boolean, trusted: boolean }
//   clear()                    disposes what render made (the page then takes another notebook)

import { OutputArea, OutputAreaModel } from "@jupyterlab/outputarea";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { Widget } from "@lumino/widgets";
import plotlyExtensions from "jupyterlab-plotly/lib/plotly-renderer.js";
import "@jupyterlab/outputarea/style/index.css";
import "./page.css";

/** Loads a script by a <script> tag. */
function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve(undefined);
    script.onerror = () => reject(new Error(`lab-render: could not load ${url}`));
    document.head.appendChild(script);
  });
}

/** Loads a plotly.js file by a <script> tag and keeps it as the extension's plotly.js only. */
function loadPlotly(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => {
      window.__labPlotly = window.Plotly;
      delete window.Plotly;
      resolve(window.__labPlotly.version);
    };
    script.onerror = () => reject(new Error(`lab-render: could not load ${url}`));
    document.head.appendChild(script);
  });
}

/** The registry JupyterLab's notebook uses: the standard factories, plus the extension's. */
function registry(plotlyExtension) {
  const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  if (plotlyExtension) {
    for (const extension of plotlyExtensions) rendermime.addFactory(extension.rendererFactory, extension.rank);
  }
  return rendermime;
}

/**
 * Renders the outputs of every code cell of `notebook` (nbformat 4 JSON) into the page, one
 * OutputArea per cell in a `<section class="lab-cell" data-cell="N">` (N counts code cells from 1).
 * Returns, per output, the MIME type JupyterLab chose for it.
 */
/** The output areas `render` attached, for `clear`. */
const attached = [];

function render(notebook, { plotlyExtension = false, trusted = true } = {}) {
  const rendermime = registry(plotlyExtension);
  const chosen = [];
  let number = 0;
  for (const cell of notebook.cells ?? []) {
    if (cell.cell_type !== "code") continue;
    number += 1;
    const outputs = cell.outputs ?? [];
    if (outputs.length === 0) continue;
    const section = document.createElement("section");
    section.className = "lab-cell";
    section.dataset.cell = String(number);
    if (typeof cell.id === "string") section.dataset.id = cell.id;
    document.body.appendChild(section);
    const model = new OutputAreaModel({ values: outputs, trusted });
    const area = new OutputArea({ model, rendermime });
    Widget.attach(area, section);
    attached.push({ area, section });
    outputs.forEach((output, index) => {
      const data = output.data ?? {};
      chosen.push({
        cell: number,
        index,
        type: output.output_type,
        mimeType: output.output_type === "stream" ? "stream" : (rendermime.preferredMimeType(data, trusted ? "any" : "ensure") ?? null),
      });
    });
  }
  return chosen;
}

/** Disposes every output area `render` made and removes its section. */
function clear() {
  for (const { area, section } of attached.splice(0)) {
    area.dispose();
    section.remove();
  }
  delete window.__labNotebook;
}

window.labRender = { clear, loadPlotly, loadScript, render };
