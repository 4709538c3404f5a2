import { afterEach, describe, expect, it } from "vitest";
import { drawGraph, graphToDot, showGraph } from "../../lib/src/autograd/graph";
import { Value } from "../../lib/src/autograd/value";
import type { DisplayBundle } from "../../lib/src/display/bundle";
import { setTransport } from "../../lib/src/display/transport";
import { lectureGraph } from "../helpers/lecture-graph";

/** The lecture's graph (001) after backward: e = (a + b)(b + 1). */
function lectureGraphAfterBackward(): Value {
  const { e } = lectureGraph();
  e.backward();
  return e;
}

describe("graphToDot", () => {
  it("has every value with label, data and grad, every operation, and the edges input → op → output", () => {
    const dot = graphToDot(lectureGraphAfterBackward());
    // Topological order: a, b, c, the constant 1, d, e.
    expect(dot).toContain('v0 [shape=record, style=filled, fillcolor="#E3F2FD", label="a | data 2.0000 | grad 2.0000"];');
    expect(dot).toContain('label="b | data 1.0000 | grad 5.0000"');
    expect(dot).toContain('v2 [shape=record, style=filled, fillcolor="#F5F5F5", label="c | data 3.0000 | grad 2.0000"];');
    expect(dot).toContain('v3 [shape=record, style=filled, fillcolor="#E3F2FD", label="data 1.0000 | grad 3.0000"];');
    expect(dot).toContain('label="d | data 2.0000 | grad 3.0000"');
    expect(dot).toContain('v5 [shape=record, style=filled, fillcolor="#FFE8CC", label="e | data 6.0000 | grad 1.0000"];');
    expect(dot).toContain('v2_op [shape=ellipse, width=0.45, height=0.35, margin=0.02, style=filled, fillcolor="#FFFFFF", label="+"];');
    expect(dot).toContain('v5_op [shape=ellipse, width=0.45, height=0.35, margin=0.02, style=filled, fillcolor="#FFFFFF", label="×"];');
    const edges = dot.split("\n").filter((l) => l.includes("->")).map((l) => l.trim());
    expect(edges).toEqual([
      "v0 -> v2_op;", "v1 -> v2_op;", "v2_op -> v2;", // c = a + b
      "v1 -> v4_op;", "v3 -> v4_op;", "v4_op -> v4;", // d = b + 1
      "v2 -> v5_op;", "v4 -> v5_op;", "v5_op -> v5;", // e = c × d
    ]);
    expect(dot).toContain("rankdir=LR;");
  });

  it("is deterministic and escapes special characters in labels", () => {
    expect(graphToDot(lectureGraphAfterBackward())).toBe(graphToDot(lectureGraphAfterBackward()));
    const x = new Value(-0.00001, { label: 'a{b}|"c"' });
    const dot = graphToDot(x.tanh());
    expect(dot).toContain('label="a\\{b\\}\\|\\"c\\" | data 0.0000 | grad 0.0000"');
    expect(dot).toContain('label="tanh"');
  });
});

describe("drawGraph (Graphviz in WebAssembly)", () => {
  it("gives an SVG with one <g class=\"node\"> per value and per operation, and the numbers", async () => {
    const svg = await drawGraph(lectureGraphAfterBackward());
    expect(svg).toContain("<svg");
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    const nodes = svg.match(/<g id="[^"]*" class="node">/g) ?? [];
    expect(nodes).toHaveLength(6 + 3); // 6 values (a, b, c, 1, d, e) + 3 operations
    expect((svg.match(/<g id="[^"]*" class="edge">/g) ?? []).length).toBe(9);
    for (const text of ["data 6.0000", "grad 5.0000", ">+<", ">×<", ">e<"]) expect(svg).toContain(text);
  });

  it("two renders are byte-identical", async () => {
    const first = await drawGraph(lectureGraphAfterBackward());
    const second = await drawGraph(lectureGraphAfterBackward());
    expect(second).toBe(first);
  });
});

describe("showGraph", () => {
  afterEach(() => setTransport(undefined));

  it("sends one display with image/svg+xml and text/plain, named in the metadata", async () => {
    const shown: unknown[] = [];
    setTransport({ display: (bundle: DisplayBundle) => shown.push(bundle), update: () => {} });
    await showGraph(lectureGraphAfterBackward(), { name: "lecture-graph" });
    expect(shown).toHaveLength(1);
    const bundle = shown[0] as { data: Record<string, string>; metadata: { nnlib: { name: string; id: string } } };
    expect(Object.keys(bundle.data).sort()).toEqual(["image/svg+xml", "text/html", "text/plain"]);
    expect(bundle.data["text/html"]).toBe(
      `<div class="nnlib-graph" data-nnlib-graph="lecture-graph" style="overflow-x:auto">\n${bundle.data["image/svg+xml"]}</div>`,
    );
    expect(bundle.data["image/svg+xml"].startsWith("<svg")).toBe(true);
    expect(bundle.data["text/plain"]).toBe("Computation graph lecture-graph: 6 values, 3 operations; e = 6.0000");
    expect(bundle.metadata.nnlib.name).toBe("lecture-graph");
    expect(bundle.metadata.nnlib.id).toMatch(/^nnlib-lecture-graph-\d+$/);
  });

  it("rejects a bad name with a hint", async () => {
    await expect(showGraph(lectureGraphAfterBackward(), { name: "Bad Name" })).rejects.toThrow(/showGraph: invalid figure name "Bad Name"/);
  });
});
