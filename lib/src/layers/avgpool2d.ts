/**
 * `AveragePooling2D`: average pooling, the mean of every window of each channel (no parameters).
 *
 *   forward:  Y[i, oy, ox, ch] = mean over the window of X[i, ·, ·, ch]
 *   backward: each dY entry is shared equally by the window's positions: dX += dY / (window size)
 *
 * With padding "same" the padded positions are not counted in the mean (as in Keras).
 * See `MaxPool2D` for the options and `layers/shape.ts` for the HWC rows.
 */
import { LayerConfig } from "./layer";
import { Pool2DLayer, Pool2DLayerOptions, poolOptions } from "./maxpool2d";
import { registerLayer } from "./registry";

/** Average pooling. `new AveragePooling2D()` = 2 × 2 windows, stride 2. */
export class AveragePooling2D extends Pool2DLayer {
  readonly className = "AveragePooling2D";
  readonly mode = "average" as const;

  /**
   * @param poolSize window size, 2 or [2, 2] (default 2)
   * @param options strides (default = poolSize), padding, inputShape, name
   */
  constructor(poolSize: number | [number, number] = 2, options: Pool2DLayerOptions = {}) {
    super("average_pooling2d", poolSize, options);
  }
}

registerLayer("AveragePooling2D", (c: LayerConfig) => {
  const { poolSize, options } = poolOptions(c);
  return new AveragePooling2D(poolSize, options);
});
