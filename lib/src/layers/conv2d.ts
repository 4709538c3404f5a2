/**
 * `Conv2D`: a 2-D convolution layer with learned kernels (lecture 003; Keras' `Conv2D`).
 *
 * Each of the `filters` kernels is kH × kW × c (c = input channels) and slides over the input
 * image; at every position it gives one number, so each filter produces one output channel
 * (a "feature map"). With a batch in the rows of X (each row an HWC image, see `layers/shape.ts`):
 *
 *   Z[i, oy, ox, f] = Σ_{u, v, ch} X[i, oy·s + u − p, ox·s + v − p, ch] · K_f[u, v, ch] + b_f
 *   Y = f(Z)
 *
 * Output size: out = ⌊(n + 2p − k)/s⌋ + 1 per axis ("valid": p = 0; "same": out = ⌈n/s⌉), so a
 * 28 × 28 × 1 digit with 8 filters of 3 × 3, "valid", stride 1 gives 26 × 26 × 8.
 * Parameters: filters · (kH·kW·c) weights + filters biases (3·3·1·8 + 8 = 80 here).
 *
 * Weights are stored like `Dense`'s: W is filters × (kH·kW·c), row f = kernel f flattened in
 * (u, v, ch) order; b is 1 × filters. Keras' kernel has shape (kH, kW, c, filters): reshape it to
 * (kH·kW·c, filters) and transpose to get W. `kernel(f, ch)` gives one kernel as a kH × kW grid.
 *
 * The computation (im2col, cs231n): the input patches under every window position become the rows
 * of one matrix, and the convolution is a single matrix product — see `conv2dForward` in
 * kernels/conv.ts. The layer calls one forward and one backward kernel (kernels/convolution.ts),
 * which choose between those readable loops and the fast ones on the backend `setBackend` chose,
 * as `Dense`'s products do; ReLU and linear are applied inside the kernel, fused with the bias,
 * other activations by the layer.
 */
import { ActivationFn, activationFromConfig, ActivationName } from "../functions/activations";
import { convGeometry, ConvGeometry, checkPadding, ImageShape, pair, Padding, shapeText } from "../kernels/conv";
import { ConvCache, convolutionBackward, convolutionForward } from "../kernels/convolution";
import { getInitializer, Initializer, initializerFromConfig, InitializerName, initializerToConfig } from "../functions/initializers";
import { Matrix, MatrixInput } from "../core/matrix";
import { Random } from "../core/random";
import { ActivationOp } from "./activation";
import { checkPositiveInt, JsonValue, LayerConfig, Param } from "./layer";
import { configBoolean, configField, configInt, configIntList, configOptionalInt, configString } from "../core/registry";
import { registerLayer } from "./registry";
import { ImageLayer } from "./shape";

/** Options of `Conv2D` (Keras names). */
export interface Conv2DOptions {
  /** Step of the window, one number or [down, across]; default 1. Must be whole numbers. */
  strides?: number | [number, number];
  /** `"valid"` (default, no padding), `"same"` (output ⌈n/s⌉) or p zeros on every side. */
  padding?: Padding;
  /** Applied element-wise after the convolution, e.g. `"relu"`; default `"linear"` (none). Softmax is not allowed here. */
  activation?: ActivationName | ActivationFn;
  /** Whether to add a bias per filter; default true. */
  useBias?: boolean;
  /** How the kernels start; default `"glorot_uniform"` (Keras' default) with fanIn = kH·kW·c, fanOut = kH·kW·filters. */
  kernelInitializer?: InitializerName | Initializer;
  /** How the biases start; default `"zeros"`. */
  biasInitializer?: InitializerName | Initializer;
  /** [height, width, channels] of one input image; give it on the first layer, e.g. [28, 28, 1]. */
  inputShape?: [number, number, number];
  /** Seed for this layer's initial weights (otherwise the model's generator). */
  seed?: number;
  /** Layer name; default `"conv2d"`, `"conv2d_1"`, … */
  name?: string;
}

/**
 * A convolution layer of `filters` learned kernels of size `kernelSize`.
 *
 * ```ts
 * const model = new Sequential([
 *   new Conv2D(8, 3, { activation: "relu", inputShape: [28, 28, 1] }),   // → 26×26×8
 *   new MaxPool2D(2),                                                    // → 13×13×8
 *   new Flatten(),                                                       // → 1352
 *   new Dense(10),
 * ]);
 * ```
 */
export class Conv2D extends ImageLayer {
  readonly className = "Conv2D";
  /** Number of kernels = output channels. */
  readonly filters: number;
  /** [kH, kW]. */
  readonly kernelSize: [number, number];
  /** [down, across]. */
  readonly strides: [number, number];
  /** As given: "valid", "same" or a number. */
  readonly padding: Padding;
  /** Whether the layer has biases. */
  readonly useBias: boolean;
  /** The activation's name, e.g. `"relu"`. */
  readonly activation: string;
  private readonly op: ActivationOp;
  private readonly kernelInit: Initializer;
  private readonly biasInit: Initializer;
  private geometry: ConvGeometry | undefined;
  private kernelParam: Param | undefined;
  private biasParam: Param | undefined;
  /** What the forward kernel keeps for the backward one (and its reused buffers). */
  private readonly cache = new ConvCache();
  private Y: Matrix | undefined;

  /**
   * @param filters number of kernels (output channels)
   * @param kernelSize kernel height and width: 3 or [3, 3]
   * @param options strides, padding, activation, useBias, kernelInitializer, biasInitializer, inputShape, seed, name
   */
  constructor(filters: number, kernelSize: number | [number, number], options: Conv2DOptions = {}) {
    super("conv2d", options);
    checkPositiveInt(`${this.name}: filters`, filters);
    this.filters = filters;
    this.kernelSize = pair(this.name, "kernelSize", kernelSize);
    this.strides = pair(this.name, "strides", options.strides ?? 1);
    this.padding = checkPadding(this.name, options.padding ?? "valid");
    this.useBias = options.useBias ?? true;
    this.op = new ActivationOp(options.activation ?? "linear");
    if (this.op.name === "softmax") {
      throw new Error(`${this.name}: softmax is not an element-wise activation and is not supported in Conv2D. Hint: use "relu" here and end the model with Dense(10) (logits) or Dense(10, { activation: "softmax" }).`);
    }
    this.activation = this.op.name;
    this.kernelInit = getInitializer(options.kernelInitializer ?? "glorot_uniform");
    this.biasInit = getInitializer(options.biasInitializer ?? "zeros");
    if (this._inputDim !== undefined && this.seed !== undefined) this.build(this._inputDim, new Random(this.seed));
  }

  /** [outH, outW, filters] for an input image of shape [h, w, c]. */
  protected outputShapeFor(shape: ImageShape): number[] {
    const g = this.geometryFor(shape);
    return [g.outH, g.outW, this.filters];
  }

  /** Kernels, filters × (kH·kW·c): row f = kernel f in (row, column, channel) order. */
  get W(): Matrix {
    return this.param(this.kernelParam, "W").value;
  }

  /** Biases, 1 × filters. */
  get b(): Matrix {
    if (!this.useBias) throw new Error(`${this.name}: this layer was created with useBias: false and has no b.`);
    return this.param(this.biasParam, "b").value;
  }

  /** ∂E/∂W of the last backward. */
  get dW(): Matrix {
    return this.param(this.kernelParam, "W").grad;
  }

  /** ∂E/∂b of the last backward. */
  get db(): Matrix {
    if (!this.useBias) throw new Error(`${this.name}: this layer was created with useBias: false and has no db.`);
    return this.param(this.biasParam, "b").grad;
  }

  /**
   * Kernel `f` for input channel `channel` as a kH × kW grid (row 0 on top), e.g. for
   * `heatmap({ z: conv.kernel(0) })`.
   */
  kernel(f: number, channel = 0): number[][] {
    const W = this.W;
    const c = (this._inputShape as [number, number, number])[2];
    if (!Number.isInteger(f) || f < 0 || f >= this.filters) throw new Error(`${this.name}.kernel: f must be 0…${this.filters - 1}, got ${f}.`);
    if (!Number.isInteger(channel) || channel < 0 || channel >= c) throw new Error(`${this.name}.kernel: channel must be 0…${c - 1}, got ${channel}.`);
    const [kH, kW] = this.kernelSize;
    const out: number[][] = [];
    for (let u = 0; u < kH; u++) {
      const row: number[] = [];
      for (let v = 0; v < kW; v++) row.push(W.data[f * W.cols + (u * kW + v) * c + channel]);
      out.push(row);
    }
    return out;
  }

  protected override isBuilt(): boolean {
    return this.kernelParam !== undefined;
  }

  private geometryFor(shape: readonly number[]): ConvGeometry {
    return convGeometry(`${this.name} (Conv2D)`, shape, this.kernelSize, this.strides, this.padding);
  }

  /** Creates W (filters × kH·kW·c) and b (1 × filters) for inputs of width `inputDim` = h·w·c. */
  build(inputDim: number, rng: Random): void {
    checkPositiveInt(`${this.name}: inputDim`, inputDim);
    if (this.kernelParam !== undefined) {
      if (inputDim !== this._inputDim) {
        throw new Error(
          `${this.name} was built for ${shapeText(this._inputShape as number[])} images (${this._inputDim} numbers per sample) and cannot take ${inputDim}. ` +
            `Hint: create a new layer for a different input.`,
        );
      }
      return;
    }
    const shape = this.resolveInputShape(inputDim);
    const g = this.geometryFor(shape);
    const r = this.seed !== undefined ? new Random(this.seed) : rng;
    const [kH, kW] = this.kernelSize;
    const K = kH * kW * shape[2];
    const W = this.kernelInit.create(this.filters, K, r, K, kH * kW * this.filters);
    this.geometry = g;
    this._inputDim = inputDim;
    this.kernelParam = { name: `${this.name}/W`, value: W, grad: Matrix.zeros(this.filters, K) };
    if (this.useBias) {
      const b = this.biasInit.create(1, this.filters, r, K, kH * kW * this.filters);
      this.biasParam = { name: `${this.name}/b`, value: b, grad: Matrix.zeros(1, this.filters) };
    }
  }

  /**
   * Forward pass for a batch X (n × h·w·c, one HWC image per row):
   *
   *   patches = im2col(X)                (n·outH·outW) × (kH·kW·c)
   *   Z = patches · Wᵀ + b               (n·outH·outW) × filters  =  n × (outH·outW·filters), HWC
   *   Y = f(Z)
   *
   * The kernel keeps what `backward` needs (with `training`, the patches in a reused buffer). Y is
   * a new matrix every call.
   */
  forward(X: Matrix, training = false): Matrix {
    this.checkInput(X);
    const fused = this.op.fused; // relu or linear: the kernel applies it
    const Z = convolutionForward(X, this.W, this.biasParam?.value, this.geometry as ConvGeometry, fused ?? "linear", training, this.cache);
    this.Y = fused !== undefined ? Z : this.op.forward(Z, true);
    return this.Y;
  }

  /**
   * Backward pass, given dY = ∂E/∂Y (n × outH·outW·filters):
   *
   *   dZ = dY ⊙ f′(Z)
   *   dW = dZᵀ · patches        (dZ seen as (n·outH·outW) × filters; summed over samples and positions)
   *   db = Σ dZ over samples and positions
   *   dX = col2im(dZ · W)       (each patch's gradient added back to the pixels it came from)
   */
  backward(dY: Matrix, needInput = true): Matrix {
    this.checkGradShape(dY, this.Y);
    const kernel = this.kernelParam as Param;
    const fused = this.op.fused;
    const dZ = fused !== undefined ? dY : this.op.backward(dY);
    const dX = convolutionBackward(
      dZ, kernel.value, this.geometry as ConvGeometry, fused ?? "linear", this.cache, kernel.grad, this.biasParam?.grad, needInput,
    );
    return dX ?? new Matrix(0, dY.rows === 0 ? 0 : (this._inputDim as number));
  }

  /** `[W]` or `[W, b]` — the same `Param` objects every call. */
  params(): Param[] {
    if (this.kernelParam === undefined) return [];
    return this.biasParam ? [this.kernelParam, this.biasParam] : [this.kernelParam];
  }

  /** `{ className: "Conv2D", name, filters, kernelSize, strides, padding, activation, useBias, kernelInitializer, biasInitializer, inputShape?, seed? }`. */
  getConfig(): LayerConfig {
    const c: LayerConfig = {
      className: this.className,
      name: this.name,
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      activation: this.op.config(),
      useBias: this.useBias,
      kernelInitializer: initializerToConfig(this.kernelInit),
      biasInitializer: initializerToConfig(this.biasInit),
    };
    if (this._inputShape !== undefined) c.inputShape = [...this._inputShape];
    if (this.seed !== undefined) c.seed = this.seed;
    return c;
  }

  private param(p: Param | undefined, what: string): Param {
    if (p === undefined) this.requireBuilt(what);
    return p as Param;
  }

  /** setWeights on an unbuilt layer needs the input shape; W's width alone does not give it. */
  protected override inputDimFromWeights(_weights: MatrixInput[]): number | undefined {
    return this._inputShape ? this._inputShape[0] * this._inputShape[1] * this._inputShape[2] : undefined;
  }
}

/** `config.padding`: "valid", "same" or a whole number. */
function configPadding(config: LayerConfig): Padding {
  const v = config.padding;
  if (v === "valid" || v === "same" || (typeof v === "number" && Number.isInteger(v) && v >= 0)) return v;
  throw new Error(`field "padding" must be "valid", "same" or a whole number, got ${JSON.stringify(v) ?? "nothing (the field is missing)"}.`);
}

registerLayer("Conv2D", (c) => {
  return new Conv2D(configInt(c, "filters"), configIntList(c, "kernelSize", false) as [number, number], {
    name: configString(c, "name"),
    strides: configIntList(c, "strides", false) as [number, number],
    padding: configPadding(c),
    activation: activationFromConfig(configField(c, "activation")) as ActivationFn,
    useBias: configBoolean(c, "useBias"),
    kernelInitializer: initializerFromConfig(configField(c, "kernelInitializer")),
    biasInitializer: initializerFromConfig(configField(c, "biasInitializer")),
    inputShape: configIntList(c, "inputShape", true) as [number, number, number] | undefined,
    seed: configOptionalInt(c, "seed"),
  });
});
