import { describe, expect, it } from "vitest";
import {
  type DisplayBundle,
  type DisplayTransport,
  type FigureMimeBundle,
  LivePlot,
  PlotSession,
  ProgressPrinter,
  formatProgress,
} from "../../lib/src/plot";

interface Call {
  kind: "display" | "update";
  bundle: DisplayBundle<FigureMimeBundle>;
  id: string | undefined;
}

function recorder(): { calls: Call[]; transport: DisplayTransport } {
  const calls: Call[] = [];
  return {
    calls,
    transport: {
      // LivePlot sends figure bundles (plotly JSON + HTML + text)
      display: (bundle, id) => calls.push({ kind: "display", bundle: bundle as DisplayBundle<FigureMimeBundle>, id }),
      update: (bundle, id) => calls.push({ kind: "update", bundle: bundle as DisplayBundle<FigureMimeBundle>, id }),
    },
  };
}

/** Runs a fake `fit`: epoch k takes `msPerEpoch` on the fake clock. */
function train(plot: LivePlot, epochs: number, msPerEpoch: number, clock: { t: number }, stopAfter = epochs) {
  plot.onTrainBegin({ epochs, samples: 100, batchesPerEpoch: 4, metrics: ["loss", "accuracy", "val_loss", "val_accuracy"] });
  for (let e = 0; e < stopAfter; e++) {
    clock.t += msPerEpoch;
    plot.onEpochEnd(e, { loss: 1 / (e + 1), accuracy: e / epochs, val_loss: 1.5 / (e + 1), val_accuracy: e / (2 * epochs) });
  }
  plot.onTrainEnd({});
}

describe("LivePlot", () => {
  it("displays once, then updates the same display in place; the last update has every epoch", () => {
    const { calls, transport } = recorder();
    const clock = { t: 0 };
    const plot = new LivePlot({ transport, session: new PlotSession(() => "/*plotly*/"), now: () => clock.t });
    train(plot, 10, 100, clock);
    expect(calls[0]!.kind).toBe("display");
    expect(calls.slice(1).every((c) => c.kind === "update" && c.id === calls[0]!.id)).toBe(true);
    // 100 ms per epoch with a 250 ms throttle: epochs 1, 4, 7, 10 are drawn.
    expect(calls.filter((c) => c.kind === "update")).toHaveLength(4);
    const last = calls.at(-1)!.bundle;
    const fig = last.data["application/vnd.plotly.v1+json"];
    const loss = fig.data.find((t) => t.name === "loss")!;
    expect(loss.x).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(loss.y).toEqual(Array.from({ length: 10 }, (_, e) => 1 / (e + 1)));
    expect(fig.data.map((t) => `${t.name}:${t.yaxis}`)).toEqual(["loss:y", "val_loss:y", "accuracy:y2", "val_accuracy:y2"]);
    expect(last.data["text/plain"]).toBe(
      "epoch 10/10 · loss 0.1000 · val_loss 0.1500 · accuracy 0.9000 · val_accuracy 0.4500 · 1.0 s elapsed · done",
    );
    const html = last.data["text/html"];
    expect(html).toContain('data-nnlib-live="1"');
    expect(html).toContain('data-nnlib-epochs="10"');
    expect(html).toContain("epoch 10/10 · loss 0.1000");
    expect(last.metadata.nnlib.live).toBe(true);
    expect(plot.history.val_loss).toHaveLength(10);
  });

  it("draws the progress line inside the figure, so that plotly-only renderers (JupyterLab's extension, VS Code) show it", () => {
    const { calls, transport } = recorder();
    const clock = { t: 0 };
    train(new LivePlot({ transport, session: new PlotSession(() => ""), now: () => clock.t }), 3, 1000, clock);
    const texts = calls.map((c) => c.bundle.data["application/vnd.plotly.v1+json"].layout.annotations?.map((a) => a.text));
    expect(texts[0]).toEqual(["epoch 0/3 · starting"]);
    expect(texts.at(-1)).toEqual([calls.at(-1)!.bundle.data["text/plain"]]);
    expect(texts.at(-1)![0]).toMatch(/^epoch 3\/3 · loss 0\.3333 · .* · done$/);
    // Not a second time as HTML next to the plot.
    expect(calls.at(-1)!.bundle.data["text/html"]).not.toContain("nnlib-caption");
  });

  it("escapes a metric name for plotly's text (it reads <b>, <br> and entities)", () => {
    const { calls, transport } = recorder();
    const plot = new LivePlot({ transport, session: new PlotSession(() => ""), now: () => 0 });
    plot.onTrainBegin({ epochs: 1, samples: 1, batchesPerEpoch: 1, metrics: ["loss", "a<b>&c"] });
    plot.onEpochEnd(0, { loss: 1, "a<b>&c": 0.5 });
    plot.onTrainEnd({});
    const text = calls.at(-1)!.bundle.data["application/vnd.plotly.v1+json"].layout.annotations![0]!.text;
    expect(text).toContain("a&lt;b&gt;&amp;c 0.5000");
  });

  it("keeps plotly.js in its final state when it is the session's first figure", () => {
    const { calls, transport } = recorder();
    const clock = { t: 0 };
    train(new LivePlot({ transport, session: new PlotSession(() => "/*PLOTLY-SRC*/"), now: () => clock.t }), 5, 1000, clock);
    const withLib = calls.map((c) => c.bundle.data["text/html"].includes("/*PLOTLY-SRC*/"));
    expect(withLib).toEqual([true, false, false, false, false, true]);
  });

  it("draws the final state after early stopping and says so", () => {
    const { calls, transport } = recorder();
    const clock = { t: 0 };
    train(new LivePlot({ transport, session: new PlotSession(() => ""), now: () => clock.t }), 20, 10, clock, 7);
    const last = calls.at(-1)!.bundle;
    expect(last.data["text/html"]).toContain('data-nnlib-epochs="7"');
    expect(last.data["text/plain"]).toMatch(/^epoch 7\/20 · .* stopped early$/);
  });

  it("leaves a schedule's learning rate (lr) out of the panels but keeps it in the progress line", () => {
    const { calls, transport } = recorder();
    const plot = new LivePlot({ transport, session: new PlotSession(() => ""), now: () => 0 });
    plot.onTrainBegin({ epochs: 2, samples: 10, batchesPerEpoch: 1, metrics: ["loss", "mae"] });
    plot.onEpochEnd(0, { loss: 2, mae: 1, lr: 0.01 });
    plot.onEpochEnd(1, { loss: 1, mae: 0.5, lr: 0.005 });
    plot.onTrainEnd({});
    const last = calls[calls.length - 1]!.bundle;
    expect(last.data["application/vnd.plotly.v1+json"].data.map((t) => t.name)).toEqual(["loss", "mae"]);
    expect(last.data["text/plain"]).toContain("lr 0.0050");
    expect(plot.history.lr).toEqual([0.01, 0.005]);
  });

  it("shows the estimated time left", () => {
    expect(formatProgress({ epoch: 3, epochs: 10, logs: { val_loss: 0.1456, loss: 0.12344 }, elapsedSeconds: 12.3 })).toBe(
      "epoch 3/10 · loss 0.1234 · val_loss 0.1456 · 12.3 s elapsed · ~28.7 s left",
    );
  });
});

describe("ProgressPrinter", () => {
  it("prints a line per epoch", () => {
    const lines: string[] = [];
    const clock = { t: 0 };
    const p = new ProgressPrinter({ print: (l) => lines.push(l), now: () => clock.t });
    p.onTrainBegin({ epochs: 2, samples: 1, batchesPerEpoch: 1, metrics: ["loss"] });
    clock.t = 500;
    p.onEpochEnd(0, { loss: 0.5 });
    clock.t = 1000;
    p.onEpochEnd(1, { loss: 0.25 });
    expect(lines).toEqual(["epoch 1/2 · loss 0.5000 · 0.5 s elapsed · ~0.5 s left", "epoch 2/2 · loss 0.2500 · 1.0 s elapsed · done"]);
  });
});
