/**
 * Shapes for image layers (`Conv2D`, `MaxPool2D`, `AveragePooling2D`, `Flatten`).
 *
 * The library's batches are matrices with one sample per ROW. An image layer reads each row as an
 * h × w × c image flattened in HWC order (image row 0 left to right, then row 1, …; the c channels
 * of a pixel next to each other) and knows its `inputShape` [h, w, c]; its output rows are HWC
 * images again, of shape `outputShape`. A 28 × 28 MNIST digit row is such an image as it is
 * (c = 1). `Sequential` hands each layer the previous layer's `outputShape` (`buildLayerAfter`),
 * so only the first image layer needs `{ inputShape }`; `summary()` prints the shapes.
 */
import { ImageShape, shapeText } from "../kernels/conv";
import { Random } from "../core/random";
import { BaseLayer, Layer } from "./layer";

/** What an image layer adds to `Layer` (optional everywhere, so `Layer` itself is unchanged). */
export interface ShapeAware {
  /** Shape of one output sample, e.g. [26, 26, 8]; `[units]` for a flat layer. */
  readonly outputShape?: readonly number[] | undefined;
  /** Called by `Sequential` before `build` with the previous layer's output shape. */
  setInputShape?(shape: readonly number[]): void;
}

/** The output shape of any layer: its `outputShape`, or `[outputDim]` (undefined if unknown). */
export function layerOutputShape(layer: Layer): number[] | undefined {
  const s = (layer as Layer & ShapeAware).outputShape;
  if (Array.isArray(s)) return [...s];
  return layer.outputDim === undefined ? undefined : [layer.outputDim];
}

/** Keras' text for summary(): "(None, 26, 26, 8)". */
export function formatOutputShape(layer: Layer): string {
  const s = layerOutputShape(layer);
  return `(None, ${s === undefined ? "?" : s.join(", ")})`;
}

/**
 * Builds `layer` for inputs of width `inputDim` coming from `previous` (undefined for the first
 * layer): an image layer that does not know its input shape yet gets the previous layer's 3-D
 * output shape first. What `Sequential` calls instead of `layer.build`.
 */
export function buildLayerAfter(layer: Layer, previous: Layer | undefined, inputDim: number, rng: Random): void {
  const target = layer as Layer & ShapeAware;
  if (previous !== undefined && typeof target.setInputShape === "function" && !layer.built) {
    const s = (previous as Layer & ShapeAware).outputShape;
    if (Array.isArray(s) && s.length === 3) target.setInputShape(s);
  }
  layer.build(inputDim, rng);
}

/** Checks an `inputShape` option: three positive integers [height, width, channels]. */
export function checkImageShape(who: string, shape: unknown): ImageShape {
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 1)) {
    throw new Error(
      `${who}: inputShape must be [height, width, channels] with positive integers, got ${JSON.stringify(shape)}. ` +
        `Hint: [28, 28, 1] for an MNIST digit (greyscale: 1 channel), [32, 32, 3] for a colour image.`,
    );
  }
  return [shape[0], shape[1], shape[2]];
}

/**
 * Shared code of the image layers: the input shape [h, w, c] — given as `inputShape`, handed over
 * by `Sequential` from the previous layer, or (failing both) an error with a hint — and its
 * consistency with the number of inputs per sample.
 */
export abstract class ImageLayer extends BaseLayer implements ShapeAware {
  protected _inputShape: ImageShape | undefined;

  constructor(prefix: string, options: { name?: string; inputShape?: readonly number[]; seed?: number }) {
    const shape = options.inputShape === undefined ? undefined : checkImageShape(options.name ?? prefix, options.inputShape);
    super(prefix, { name: options.name, seed: options.seed, inputDim: shape ? shape[0] * shape[1] * shape[2] : undefined });
    this._inputShape = shape;
  }

  /** [height, width, channels] of one input image (undefined until known). */
  get inputShape(): ImageShape | undefined {
    return this._inputShape ? [...this._inputShape] as ImageShape : undefined;
  }

  /** Shape of one output sample (undefined until the input shape is known). */
  abstract get outputShape(): number[] | undefined;

  /** Numbers per output sample: the product of `outputShape`. */
  get outputDim(): number | undefined {
    const s = this.outputShape;
    return s === undefined ? undefined : s.reduce((a, b) => a * b, 1);
  }

  /** Takes the input shape from the previous layer (`Sequential` calls it before `build`). */
  setInputShape(shape: readonly number[]): void {
    const s = checkImageShape(this.name, shape);
    if (this._inputShape !== undefined && this._inputShape.some((v, i) => v !== s[i])) {
      throw new Error(
        `${this.name} was declared with inputShape ${shapeText(this._inputShape)} but the previous layer gives ${shapeText(s)}. ` +
          `Hint: leave inputShape out on every layer but the first; the model passes the shapes along.`,
      );
    }
    if (this.built) return;
    this._inputShape = s;
  }

  /** The input shape for `inputDim` numbers per sample, or a clear error. */
  protected resolveInputShape(inputDim: number): ImageShape {
    const s = this._inputShape;
    if (s === undefined) {
      const side = Math.round(Math.sqrt(inputDim));
      throw new Error(
        `${this.name} (${this.className}) cannot tell the image shape from ${inputDim} inputs per sample. ` +
          `Hint: give the first image layer { inputShape: [height, width, channels] }` +
          (side * side === inputDim ? `, e.g. [${side}, ${side}, 1] for ${side}×${side} greyscale images` : "") +
          `; each row of x is one image flattened in HWC order.`,
      );
    }
    const size = s[0] * s[1] * s[2];
    if (size !== inputDim) {
      throw new Error(
        `${this.name} (${this.className}) expects images of shape ${shapeText(s)} = ${size} numbers per sample, got ${inputDim}. ` +
          `Hint: check inputShape (height, width, channels) against the data's columns, or the previous layer's output.`,
      );
    }
    return s;
  }
}
