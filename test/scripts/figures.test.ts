// Unit tests of the slide-figure export's pure parts (scripts/figures/): collecting the figures of
// an executed notebook, the slide layout, SVG and PDF post-processing, the options. The browser
// export itself is tested by the "figures" stage of `npm test` (test/stages/figures-release-test.mjs).
import { describe, expect, it } from "vitest";
import { slugify, validateFigureName } from "../../lib/src/plot/figure";
import { collectFigures, fixPdfDates, normalizeSvg, parseArgs, pngSize, slideSpec, slug } from "../../scripts/figures.mjs";

describe("slide export", () => {
  const spec = {
    data: [{ type: "scatter", mode: "lines", x: [0, 1], y: [1, 2], line: { color: "#000000" } }],
    layout: { font: { family: "Helvetica", size: 13 }, title: { text: "t" }, xaxis: { title: { text: "x" } }, annotations: [{ text: "a", font: { size: 12 } }] },
  };

  it("sizes the figure for a slide in DejaVu Sans without touching the input", () => {
    const s = slideSpec(spec);
    expect(s.layout).toMatchObject({ width: 1600, height: 900, autosize: false, font: { family: "DejaVu Sans", size: 22 } });
    expect(s.layout.annotations[0].font).toEqual({ size: 20.3, family: "DejaVu Sans" });
    expect(s.data[0]).toMatchObject({ uid: "trace-0", line: { width: 4 } });
    expect(s.config).toMatchObject({ staticPlot: true });
    expect(spec.layout.font.size).toBe(13);
    expect(spec.data[0]).not.toHaveProperty("uid");
  });

  it("recolours black for the dark theme", () => {
    const s = slideSpec(spec, { theme: "dark" });
    expect(s.layout.paper_bgcolor).toBe("#1E1E1E");
    expect(s.data[0]!.line.color).toBe("#EEEEEE");
    expect(() => slideSpec(spec, { theme: "blue" as "dark" })).toThrow(/theme/);
  });

  it("renames SVG ids deterministically, references included", () => {
    const svg = `<svg><defs id="defs-ab12"><clipPath id="clipab12f3xyplot"></clipPath></defs><g clip-path="url(#clipab12f3xyplot)"></g><use xlink:href="#defs-ab12"/></svg>`;
    expect(normalizeSvg(svg, "fig")).toBe(`<svg><defs id="fig-1"><clipPath id="fig-2"></clipPath></defs><g clip-path="url(#fig-2)"></g><use xlink:href="#fig-1"/></svg>`);
    expect(normalizeSvg(svg.replace(/ab12/g, "cd34"), "fig")).toBe(normalizeSvg(svg, "fig"));
  });

  it("replaces the PDF dates by a fixed one of the same length", () => {
    const pdf = Buffer.from("%PDF-1.4\n/CreationDate (D:20261123022631+00'00')\n/ModDate (D:20261123022631+00'00')>>", "latin1");
    const fixed = fixPdfDates(pdf);
    expect(fixed.length).toBe(pdf.length);
    expect(fixed.toString("latin1")).toContain("/CreationDate (D:20000101000000+00'00')");
  });

  it("collects plotly and SVG figure outputs with their code cell, unique file names", () => {
    const fig = (name: string) => ({ output_type: "display_data", metadata: { nnlib: { name } }, data: { "application/vnd.plotly.v1+json": { data: [], layout: {} } } });
    const nb = {
      cells: [
        { cell_type: "markdown", source: "x" },
        { cell_type: "code", id: "a", source: "show(a)", outputs: [fig("Loss"), fig("Loss")] },
        { cell_type: "code", id: "b", source: "table", outputs: [{ metadata: { nnlib: { name: "table" } }, data: { "text/html": "<table>" } }] },
        { cell_type: "code", id: "c", source: "graph", outputs: [{ metadata: { nnlib: { name: "g" } }, data: { "image/svg+xml": "<svg/>" } }] },
      ],
    };
    expect(collectFigures(nb).map((f) => [f.file, f.cell, f.id, f.kind])).toEqual([
      ["loss", 1, "a", "plotly"],
      ["loss-2", 1, "a", "plotly"],
      ["g", 3, "c", "svg"],
    ]);
    expect(slug("Ravine η = 0.1")).toBe("ravine-0.1");
  });

  it("keeps every figure name nnlib writes as it is (slug is a file-name guard, not slugify)", () => {
    for (const title of ["Sigmoid and its derivative", "Ravine: η = 0.105", "Learning rate 1-D", "Ürün — Größe", "Loss (log scale)"]) {
      const name = validateFigureName(slugify(title));
      expect(slug(name)).toBe(name);
    }
    expect(slug("")).toBe("figure");
  });

  it("checks the options like the command line", () => {
    expect(() => parseArgs(["--width", "abc"])).toThrow("--width must be a positive number, got NaN");
    expect(() => parseArgs(["--formats", "svg,gif"])).toThrow("--formats: unknown format gif (svg, png, pdf)");
    expect(() => parseArgs(["--theme"])).toThrow("--theme needs a value");
    expect(parseArgs(["--help", "--theme", "sepia"]).help).toBe(true);
  });

  it("parses the options", () => {
    const o = parseArgs(["--notebook", "04", "--width=1920", "--height", "1080", "--scale", "2", "--theme", "dark"]);
    expect(o).toMatchObject({ notebooks: ["04"], width: 1920, height: 1080, scale: 2, theme: "dark" });
    expect(() => parseArgs(["--theme", "sepia"])).toThrow(/light or dark/);
    expect(() => parseArgs(["--bogus"])).toThrow(/unknown option/);
  });

  it("reads a PNG's size", () => {
    const header = Buffer.alloc(24);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.writeUInt32BE(1600, 16);
    header.writeUInt32BE(900, 20);
    expect(pngSize(header)).toEqual({ width: 1600, height: 900 });
    expect(pngSize(Buffer.from("nope"))).toBeUndefined();
  });
});
