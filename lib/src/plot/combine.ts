/**
 * Combining figures: draw the traces of one figure over another (e.g. data points over the
 * contour of a classifier's output, which shows its decision boundary).
 */

import { type Figure, type Trace } from "./figure";

/**
 * A new figure with the traces of `extra` (figures or single traces) drawn over `base`.
 * Keeps `base`'s layout, and its name unless `name` is given. The inputs are not modified.
 *
 * @example
 * show(overlay(contourPlot({ name: "and-boundary", z: (x, y) => neuron(x, y), ... }),
 *              scatterPlot({ name: "and-points", x, y, labels })))
 */
export function overlay(base: Figure, ...extra: Array<Figure | Trace>): Figure {
  const data: Trace[] = structuredClone(base.data);
  for (const item of extra) {
    if ("layout" in item && Array.isArray((item as Figure).data)) {
      data.push(...structuredClone((item as Figure).data));
    } else {
      data.push(structuredClone(item as Trace));
    }
  }
  const figure: Figure = { name: base.name, data, layout: structuredClone(base.layout) };
  if (base.config !== undefined) figure.config = structuredClone(base.config);
  return figure;
}
