import { readFileSync } from "fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  PLOTLY_MIME,
  PlotSession,
  type DisplayBundle,
  type DisplayTransport,
  heatmap,
  lineChart,
  readPlotlySource,
  setTransport,
  show,
  surfacePlot,
} from "../../lib/src/plot";

const figures = () => [
  lineChart({ name: "sigmoid", title: "Sigmoid", series: { y: [0.1, 0.5, 0.9] } }),
  surfacePlot({ name: "bowl", z: (x, y) => x * x + y * y, steps: 5 }),
  heatmap({ name: "confusion", z: [[3, 1], [0, 4]] }),
];

const FAKE_PLOTLY = "/* fake plotly */ window.Plotly = {};";

describe("bundle", () => {
  it("has the three MIME types with consistent content", () => {
    const fig = figures()[0]!;
    const b = new PlotSession(() => FAKE_PLOTLY).bundle(fig);
    expect(Object.keys(b.data).sort()).toEqual([PLOTLY_MIME, "text/html", "text/plain"].sort());
    expect(b.data[PLOTLY_MIME]).toEqual({ data: fig.data, layout: fig.layout, config: fig.config });
    expect(b.data["text/plain"]).toBe('Figure sigmoid "Sigmoid": 1 trace (scatter)');
    expect(b.data["text/html"]).toContain('<div id="nnlib-sigmoid-1" class="nnlib-figure" data-nnlib-figure="sigmoid"');
    expect(b.data["text/html"]).toContain("Plotly.newPlot");
    expect(b.metadata).toEqual({ nnlib: { name: "sigmoid", id: "nnlib-sigmoid-1" } });
  });

  it("inlines the real plotly.js in the first bundle of a session only, and never a remote script", () => {
    const source = readPlotlySource();
    expect(source.length).toBeGreaterThan(1_000_000);
    expect(source).toContain("window.Plotly = Plotly");
    const session = new PlotSession();
    const [first, ...rest] = figures().map((f) => session.bundle(f));
    expect(first!.data["text/html"]).toContain(source.slice(0, 2000));
    expect(first!.data["text/html"].length).toBeGreaterThan(source.length);
    for (const b of rest) {
      expect(b.data["text/html"]).not.toContain("data-nnlib-plotly");
      expect(b.data["text/html"].length).toBeLessThan(20_000);
    }
    for (const b of [first!, ...rest]) {
      expect(b.data["text/html"]).not.toMatch(/<script[^>]*\bsrc\s*=/i);
      // Only one </script> per <script>: the inlined library cannot close its element early.
      const opens = b.data["text/html"].match(/<script\b/gi)!.length;
      expect(b.data["text/html"].match(/<\/script>/gi)!.length).toBe(opens);
    }
    expect(session.bundle(figures()[0]!, true).data["text/html"]).toContain("data-nnlib-plotly");
  });

  it("is deterministic: two sessions showing the same figures give identical HTML", () => {
    const run = () => {
      const s = new PlotSession(() => FAKE_PLOTLY);
      return figures().map((f) => s.bundle(f).data["text/html"]);
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(a.map((h) => /id="([^"]+)"/.exec(h)![1])).toEqual(["nnlib-sigmoid-1", "nnlib-bowl-2", "nnlib-confusion-3"]);
  });

  it("keeps figure text from breaking out of the script", () => {
    const fig = lineChart({ name: "evil", title: "</script><script>alert(1)</script>", series: { y: [1] } });
    const html = new PlotSession(() => FAKE_PLOTLY).bundle(fig).data["text/html"];
    expect(html).not.toContain("</script><script>alert");
  });
});

describe("show", () => {
  afterEach(() => setTransport(undefined));

  it("sends one display_data bundle through the transport", () => {
    const sent: DisplayBundle[] = [];
    const fake: DisplayTransport = { display: (b) => sent.push(b), update: () => expect.fail("no update expected") };
    setTransport(fake);
    show(figures()[2]!);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data["text/html"]).toContain('data-nnlib-figure="confusion"');
  });

  it("prints the text line outside a kernel instead of crashing", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    show(figures()[0]!);
    expect(log).toHaveBeenCalledWith('Figure sigmoid "Sigmoid": 1 trace (scatter)');
    log.mockRestore();
  });

  it("rejects non-figures with a clear message", () => {
    expect(() => show({} as never)).toThrow(/show: expected a figure/);
  });
});

describe("generated HTML", () => {
  it("draws once plotly and the div exist (run in a fake DOM)", async () => {
    const html = new PlotSession(() => FAKE_PLOTLY).bundle(figures()[0]!).data["text/html"];
    const script = /<script>\n([\s\S]*?)<\/script>/.exec(html)![1]!;
    const attrs: Record<string, string> = {};
    const el = {
      isConnected: true,
      textContent: "",
      hasAttribute: (k: string) => k in attrs,
      setAttribute: (k: string, v: string) => (attrs[k] = v),
      removeAttribute: (k: string) => delete attrs[k],
    };
    const calls: unknown[][] = [];
    const win: { Plotly?: unknown } = {};
    const doc = { querySelectorAll: (sel: string) => (sel.includes("nnlib-sigmoid-1") ? [el] : []) };
    new Function("window", "document", "setTimeout", script)(win, doc, (fn: () => void) => setTimeout(fn, 1));
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(0); // still waiting for Plotly
    win.Plotly = { newPlot: (...args: unknown[]) => (calls.push(args), Promise.resolve()) };
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe(el);
    expect(attrs["data-nnlib-drawn"]).toBe("1");
    expect(attrs["data-nnlib-rendered"]).toBe("1");
  });
});
