/**
 * `MaxPool2D` (Keras: `MaxPooling2D`): max pooling over windows of each channel, no parameters.
 *
 * Every pool × pool window (default 2 × 2, stride = pool size, so windows do not overlap) of each
 * channel is replaced by its largest number: a 26 × 26 × 8 input becomes 13 × 13 × 8. The image
 * gets smaller, the strongest responses of the filters survive, and a feature shifted by a pixel
 * often gives the same output. Output size per axis: ⌊(n − k)/s⌋ + 1 ("valid"), ⌈n/s⌉ ("same").
 *
 *   forward:  Y[i, oy, ox, ch] = max over the window of X[i, ·, ·, ch]   (the position of the max is kept)
 *   backward: dX = dY routed to the position of each window's max; 0 elsewhere
 *
 * Rows of X and Y are HWC images (see `layers/shape.ts`).
 */
import { checkPadding, convGeometry, ConvGeometry, ImageShape, pair, PoolMode, shapeText } from "../kernels/conv";
import { PoolCache, poolingBackward, poolingForward } from "../kernels/convolution";
import { Matrix } from "../core/matrix";
import { Random } from "../core/random";
import { checkPositiveInt, LayerConfig, Param } from "./layer";
import { configIntList, configString } from "../core/registry";
import { registerLayer } from "./registry";
import { ImageLayer } from "./shape";

/** Options of the pooling layers (Keras names). */
export interface Pool2DLayerOptions {
  /** Step of the window; default: the pool size (no overlap). */
  strides?: number | [number, number];
  /** `"valid"` (default: a last incomplete window is dropped) or `"same"` (kept; output ⌈n/s⌉). */
  padding?: "valid" | "same";
  /** [height, width, channels] of one input image; only needed when this is the first layer. */
  inputShape?: [number, number, number];
  /** Layer name; default `"max_pooling2d"` / `"average_pooling2d"`, then `_1`, `_2`, … */
  name?: string;
}

/** Shared code of `MaxPool2D` and `AveragePooling2D`. */
export abstract class Pool2DLayer extends ImageLayer {
  /** [height, width] of the window. */
  readonly poolSize: [number, number];
  /** [down, across]. */
  readonly strides: [number, number];
  /** "valid" or "same". */
  readonly padding: "valid" | "same";
  /** "max" or "average". */
  abstract readonly mode: PoolMode;
  private geometry: ConvGeometry | undefined;
  /** What the forward kernel keeps for the backward one (max pooling: the argmax of every window). */
  private readonly cache = new PoolCache();
  private Y: Matrix | undefined;

  constructor(prefix: string, poolSize: number | [number, number], options: Pool2DLayerOptions) {
    super(prefix, options);
    this.poolSize = pair(this.name, "poolSize", poolSize);
    this.strides = pair(this.name, "strides", options.strides ?? this.poolSize);
    const padding = checkPadding(this.name, options.padding ?? "valid");
    if (padding !== "valid" && padding !== "same") {
      throw new Error(`${this.name}: padding of a pooling layer must be "valid" or "same", got ${JSON.stringify(padding)}.`);
    }
    this.padding = padding;
  }

  /** [outH, outW, channels] for an input image of shape [h, w, c]. */
  protected outputShapeFor(shape: ImageShape): number[] {
    const g = this.geometryFor(shape);
    return [g.outH, g.outW, g.inC];
  }

  private geometryFor(shape: readonly number[]): ConvGeometry {
    return convGeometry(`${this.name} (${this.className})`, shape, this.poolSize, this.strides, this.padding);
  }

  protected override isBuilt(): boolean {
    return this.geometry !== undefined;
  }

  /** Works out the output shape for inputs of width `inputDim` = h·w·c (no parameters to create). */
  build(inputDim: number, _rng: Random): void {
    checkPositiveInt(`${this.name}: inputDim`, inputDim);
    if (this.geometry !== undefined) {
      if (inputDim !== this._inputDim) {
        throw new Error(`${this.name} was built for ${shapeText(this._inputShape as number[])} images and cannot take ${inputDim} numbers per sample.`);
      }
      return;
    }
    const shape = this.resolveInputShape(inputDim);
    this.geometry = this.geometryFor(shape);
    this._inputDim = inputDim;
  }

  /** Y = the max (or mean) of every window, channel by channel. */
  forward(X: Matrix, _training = false): Matrix {
    this.checkInput(X);
    this.Y = poolingForward(X, this.geometry as ConvGeometry, this.mode, this.cache);
    return this.Y;
  }

  /** dX: max pooling routes dY to each window's max; average pooling shares it evenly. */
  backward(dY: Matrix): Matrix {
    this.checkGradShape(dY, this.Y);
    return poolingBackward(dY, this.geometry as ConvGeometry, this.mode, this.cache);
  }

  /** No parameters. */
  params(): Param[] {
    return [];
  }

  getConfig(): LayerConfig {
    const c: LayerConfig = {
      className: this.className,
      name: this.name,
      poolSize: [...this.poolSize],
      strides: [...this.strides],
      padding: this.padding,
    };
    if (this._inputShape !== undefined) c.inputShape = [...this._inputShape];
    return c;
  }
}

/**
 * Max pooling. `new MaxPool2D()` = 2 × 2 windows, stride 2.
 *
 * ```ts
 * new MaxPool2D(2);                          // 26×26×8 → 13×13×8
 * new MaxPool2D(3, { strides: 2 });          // overlapping windows
 * ```
 */
export class MaxPool2D extends Pool2DLayer {
  readonly className: string = "MaxPool2D";
  readonly mode = "max" as const;

  /**
   * @param poolSize window size, 2 or [2, 2] (default 2)
   * @param options strides (default = poolSize), padding, inputShape, name
   */
  constructor(poolSize: number | [number, number] = 2, options: Pool2DLayerOptions = {}) {
    super("max_pooling2d", poolSize, options);
  }
}

/** Keras' name for `MaxPool2D`. */
export class MaxPooling2D extends MaxPool2D {
  override readonly className: string = "MaxPooling2D";
}

/** Reads a pooling layer's options from its config. */
export function poolOptions(c: LayerConfig): { poolSize: [number, number]; options: Pool2DLayerOptions } {
  const padding = configString(c, "padding");
  if (padding !== "valid" && padding !== "same") throw new Error(`field "padding" must be "valid" or "same", got ${JSON.stringify(padding)}.`);
  return {
    poolSize: configIntList(c, "poolSize", false) as [number, number],
    options: {
      name: configString(c, "name"),
      strides: configIntList(c, "strides", false) as [number, number],
      padding,
      inputShape: configIntList(c, "inputShape", true) as [number, number, number] | undefined,
    },
  };
}

registerLayer("MaxPool2D", (c) => {
  const { poolSize, options } = poolOptions(c);
  return new MaxPool2D(poolSize, options);
});
registerLayer("MaxPooling2D", (c) => {
  const { poolSize, options } = poolOptions(c);
  return new MaxPooling2D(poolSize, options);
});
