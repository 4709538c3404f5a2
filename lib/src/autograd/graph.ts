/**
 * Drawing a computation graph of `Value`s, inline in the notebook as SVG.
 *
 * Every value is a box of three rows: label, data, grad; every operation is its own small oval
 * (+, ×, tanh, …); arrows go inputs → operation → result, left to right. Inputs and constants
 * (leaves) are blue, the output orange:
 *
 * ```ts
 * const e = a.add(b).withLabel("c").mul(b.add(1).withLabel("d")).withLabel("e");
 * e.backward();
 * await showGraph(e, { name: "lecture-graph" });   // top-level await works in tslab cells
 * ```
 *
 * The layout is done by Graphviz compiled to WebAssembly (the npm package `@viz-js/viz`, whose
 * `.wasm` ships inside the package: no system program, no download). Loading it is asynchronous
 * (once per process, ~100 ms), hence `drawGraph` and `showGraph` return promises; `graphToDot`
 * is synchronous and needs no Graphviz at all.
 */

import { type Value, topologicalOrder } from "./value";
import type { Viz } from "@viz-js/viz";
import { type DisplayBundle, currentSession, escapeHtml } from "../display/bundle";
import { currentTransport } from "../display/transport";
import { resolveFigureName } from "../plot/figure";
import { t } from "../core/i18n";

/** A number as the graph shows it: 4 decimals, and no "-0.0000". */
function formatNumber(x: number): string {
  const text = x.toFixed(4);
  return /^-0\.0+$/.test(text) ? text.slice(1) : text;
}

/** Escapes the characters that are special inside a DOT record label: { } | < > " \ and newlines. */
function escapeRecord(text: string): string {
  return text.replace(/[{}|<>"\\]/g, (c) => `\\${c}`).replace(/\n/g, " ");
}

/** Escapes a string for a DOT double-quoted string. */
function escapeQuoted(text: string): string {
  return text.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, " ");
}

/**
 * The computation graph behind `root` in Graphviz's DOT language (deterministic: the same graph
 * gives the same text).
 *
 * Nodes in topological order (`topologicalOrder(root)`), value k with id `v<k>` and, if it was
 * produced by an operation, that operation's node `v<k>_op`. A value's label is the record
 * `label | data 3.0000 | grad 2.0000`, whose fields Graphviz stacks as rows when the graph runs
 * left to right, which keeps the boxes narrow (no label row when the value has no label). Leaves
 * are blue, `root` orange, the other results grey. Edges are `v<input> -> v<k>_op -> v<k>`, one per operand (x·x has two edges from x).
 */
export function graphToDot(root: Value): string {
  const order = topologicalOrder(root);
  const id = new Map<Value, string>(order.map((v, k) => [v, `v${k}`]));
  const lines = [
    "digraph computation {",
    "  rankdir=LR;",
    "  ranksep=0.3;",
    "  nodesep=0.15;",
    '  bgcolor="white";',
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [color="#555555", arrowsize=0.7];',
  ];
  for (const v of order) {
    const fields = [`data ${formatNumber(v.data)}`, `grad ${formatNumber(v.grad)}`];
    if (v.label !== "") fields.unshift(escapeRecord(v.label));
    const fill = v === root ? "#FFE8CC" : v.op === "" ? "#E3F2FD" : "#F5F5F5";
    lines.push(`  ${id.get(v)} [shape=record, style=filled, fillcolor="${fill}", label="${fields.join(" | ")}"];`);
    if (v.op !== "") {
      lines.push(`  ${id.get(v)}_op [shape=ellipse, width=0.45, height=0.35, margin=0.02, style=filled, fillcolor="#FFFFFF", label="${escapeQuoted(v.op)}"];`);
      for (const input of v.inputs) lines.push(`  ${id.get(input)} -> ${id.get(v)}_op;`);
      lines.push(`  ${id.get(v)}_op -> ${id.get(v)};`);
    }
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

let vizPromise: Promise<Viz> | undefined;

/** Graphviz, loaded once per process (compiling the WebAssembly module is asynchronous). */
function loadViz(): Promise<Viz> {
  if (vizPromise === undefined) {
    // Imported on first use (compiled to `require`: the package's CommonJS build, which embeds
    // the .wasm file), so that `import "nnlib"` stays fast.
    vizPromise = import("@viz-js/viz").then((viz) => viz.instance());
    vizPromise.catch(() => (vizPromise = undefined)); // let a later call try again
  }
  return vizPromise;
}

/**
 * Renders the computation graph behind `root` to SVG text with Graphviz (WebAssembly).
 * Deterministic: the same graph gives byte-identical SVG.
 * @returns the `<svg …>…</svg>` document (with Graphviz's XML header).
 */
export async function drawGraph(root: Value): Promise<string> {
  const dot = graphToDot(root);
  const viz = await loadViz();
  return viz.renderString(dot, { format: "svg", engine: "dot" });
}

/** Options of `showGraph`. */
export interface ShowGraphOptions {
  /**
   * A stable slug naming this drawing (lowercase letters, digits, hyphens), e.g. `"lecture-graph"`;
   * it goes into the display metadata `{ nnlib: { name } }` like a figure's. Default "computation-graph".
   */
  name?: string;
}

/**
 * Shows the computation graph behind `root` inline in the notebook: one display message with
 * `image/svg+xml` (the drawing), `text/html` (the same SVG inline in a `<div>` that scrolls
 * sideways when the graph is wide) and `text/plain` (a one-line description), sent through the
 * same transport as `show(figure)`. Outside a notebook it prints the description.
 *
 * Why the HTML copy: `jupyter nbconvert --to html` 6.5.3 (Debian 12) passes `image/svg+xml`
 * through an HTML sanitizer that strips every SVG element and leaves a blank space
 * (jupyter/nbconvert#1849); front ends and nbconvert show `text/html` unchanged and prefer it.
 *
 * Call it after `backward()` to see the gradients; `await` it (top-level `await` works in tslab).
 */
export async function showGraph(root: Value, options: ShowGraphOptions = {}): Promise<void> {
  const name = resolveFigureName({ name: options.name }, "showGraph", "computation-graph");
  const svg = await drawGraph(root);
  const nodes = topologicalOrder(root);
  const ops = nodes.filter((v) => v.op !== "").length;
  const rootName = root.label !== "" ? root.label : t`the output`;
  const svgElement = svg.slice(svg.indexOf("<svg")); // without the XML header and DOCTYPE
  const bundle: DisplayBundle = {
    data: {
      "image/svg+xml": svgElement,
      "text/html": `<div class="nnlib-graph" data-nnlib-graph="${escapeHtml(name)}" style="overflow-x:auto">\n${svgElement}</div>`,
      "text/plain": `Computation graph ${name}: ${nodes.length} values, ${ops} operations; ${rootName} = ${formatNumber(
        root.data,
      )}`,
    },
    metadata: { nnlib: { name, id: currentSession().nextId(name) } },
  };
  currentTransport().display(bundle);
}
