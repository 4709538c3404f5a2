/**
 * Shapes for image layers (`Conv2D`, `MaxPool2D`, `AveragePooling2D`, `Flatten`).
 *
 * The library's batches are matrices with one sample per ROW. An image layer reads each row as an
 * h × w × c image flattened in HWC order (image row 0 left to right, then row 1, …; the c channels
 * of a pixel next to each other) and knows its `inputShape` [h, w, c]; its output rows are HWC
 * images again, of shape `outputShape`. A 28 × 28 MNIST digit row is such an image as it is
 * (c = 1). `Sequential` hands each layer the previous layer's `outputShape` (`setInputShape`,
 * part of every `BaseLayer`), so only the first image layer needs `{ inputShape }`; `summary()`
 * prints the shapes.
 */
import { ImageShape, shapeText } from "../kernels/conv";
import { BaseLayer, Layer } from "./layer";
import { t } from "../core/i18n";

/** The output shape of any layer: its `outputShape`, or `[outputDim]` (undefined if unknown). */
export function layerOutputShape(layer: Layer): number[] | undefined {
  if (layer.outputShape !== undefined) return [...layer.outputShape];
  return layer.outputDim === undefined ? undefined : [layer.outputDim];
}

/** Keras' text for summary(): "(None, 26, 26, 8)". */
export function formatOutputShape(layer: Layer): string {
  const s = layerOutputShape(layer);
  return `(None, ${s === undefined ? "?" : s.join(", ")})`;
}

/** Checks an `inputShape` option: three positive integers [height, width, channels]. */
export function checkImageShape(who: string, shape: unknown): ImageShape {
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 1)) {
    throw new Error(
      t`${who}: inputShape must be [height, width, channels] with positive integers, got ${JSON.stringify(shape)}. Hint: [28, 28, 1] for an MNIST digit (greyscale: 1 channel), [32, 32, 3] for a colour image.`,
    );
  }
  return [shape[0], shape[1], shape[2]];
}

/**
 * Shared code of the image layers: the input shape [h, w, c] — given as `inputShape`, handed over
 * by `Sequential` from the previous layer, or (failing both) an error with a hint — and its
 * consistency with the number of inputs per sample.
 */
export abstract class ImageLayer extends BaseLayer {
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

  /** The output shape for an input image of shape [h, w, c]. */
  protected abstract outputShapeFor(shape: ImageShape): number[];

  /** The output shape for inputs of shape [h, w, c] (without building). */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return this.outputShapeFor(checkImageShape(this.name, inputShape));
  }

  /** Shape of one output sample (undefined until the input shape is known). */
  override get outputShape(): number[] | undefined {
    return this._inputShape ? this.outputShapeFor(this._inputShape) : undefined;
  }

  /** Numbers per output sample: the product of `outputShape`. */
  get outputDim(): number | undefined {
    const s = this.outputShape;
    return s === undefined ? undefined : s.reduce((a, b) => a * b, 1);
  }

  /**
   * Takes the input shape from the previous layer (`Sequential` calls it before `build`). A flat
   * shape ([784] from the data or a Dense layer) says nothing about the image: it is ignored, and
   * `inputShape` must be given (the error at build says so).
   */
  override setInputShape(shape: readonly number[]): void {
    if (shape.length !== 3) return;
    const s = checkImageShape(this.name, shape);
    if (this._inputShape !== undefined && this._inputShape.some((v, i) => v !== s[i])) {
      throw new Error(
        t`${this.name} was declared with inputShape ${shapeText(this._inputShape)} but the previous layer gives ${shapeText(s)}. Hint: leave inputShape out on every layer but the first; the model passes the shapes along.`,
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
        t`${this.name} (${this.className}) cannot tell the image shape from ${inputDim} inputs per sample. Hint: give the first image layer { inputShape: [height, width, channels] }${(side * side === inputDim ? `, e.g. [${side}, ${side}, 1] for ${side}×${side} greyscale images` : "")}; each row of x is one image flattened in HWC order.`,
      );
    }
    const size = s[0] * s[1] * s[2];
    if (size !== inputDim) {
      throw new Error(
        t`${this.name} (${this.className}) expects images of shape ${shapeText(s)} = ${size} numbers per sample, got ${inputDim}. Hint: check inputShape (height, width, channels) against the data's columns, or the previous layer's output.`,
      );
    }
    return s;
  }
}
