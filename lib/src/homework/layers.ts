/**
 * The layers of a homework network, listed one by one in the configuration's `layers` — the
 * convolutional networks of notebook 06 included — and traced through their shapes BEFORE
 * anything is built:
 *
 * ```ts
 * const config: HomeworkConfig = {
 *   layers: [
 *     { type: "conv2d", filters: 8, kernelSize: 3, activation: "relu" },   // 28×28×1 → 26×26×8
 *     { type: "maxpool2d", poolSize: 2 },                                  // → 13×13×8
 *     { type: "dense", units: 64, activation: "relu" },                    // (flatten implied) → 64
 *     { type: "dropout", rate: 0.2 },
 *   ],                                                                     // + the output layer: dense 10
 *   optimizer: { name: "adam", learningRate: 0.001 }, batchSize: 32, epochs: 3,
 * };
 * ```
 *
 * The input is always one 28 × 28 × 1 digit (784 pixels in [0, 1]); the 10 output logits are
 * always added (softmax cross-entropy). Shapes, per layer, for an n × n × c input:
 *
 * - `conv2d` (filters F, kernel k, stride s, padding p): out = ⌊(n + 2p − k)/s⌋ + 1 ("valid": p = 0;
 *   "same": out = ⌈n/s⌉) → out × out × F, with k·k·c·F weights + F biases (with `batchNorm`, the
 *   biases are replaced by γ and β: 2F);
 * - `maxpool2d` / `avgpool2d` (pool k, stride s = k by default): out = ⌊(n − k)/s⌋ + 1 ("same": ⌈n/s⌉),
 *   channels unchanged, no parameters;
 * - `flatten`: n × n × c → n·n·c numbers; implied before the first `dense` after an image layer;
 * - `dense` (units u) on m numbers: m·u weights + u biases (with `batchNorm`: 2u);
 * - `dropout`: shape unchanged, no parameters.
 *
 * `batchNorm: true` on a conv2d or dense layer puts batch normalisation between its weighted sum
 * and its activation (per channel after a convolution), as the dense-only configuration does.
 */
import { ProblemList, isObject, show } from "./problems";

/** Activations a hidden layer may use (softmax belongs to the loss, not to a hidden layer). */
export const HOMEWORK_ACTIVATIONS = [
  "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus", "softsign", "hard_sigmoid", "linear",
] as const;
export type HomeworkActivation = (typeof HOMEWORK_ACTIVATIONS)[number];

/** The kinds of layer `layers` may list. */
export const LAYER_TYPES = ["conv2d", "maxpool2d", "avgpool2d", "flatten", "dense", "dropout"] as const;
export type LayerType = (typeof LAYER_TYPES)[number];

/** Every homework network reads one 28 × 28 digit with 1 channel (grey levels). */
export const HOMEWORK_IMAGE: readonly [number, number, number] = Object.freeze([28, 28, 1]) as unknown as readonly [number, number, number];

/** A convolution: `filters` kernels of `kernelSize` × `kernelSize` pixels (notebook 06). */
export interface Conv2DLayerSpec {
  type: "conv2d";
  /** Number of kernels = output channels, 1–256. */
  filters: number;
  /** Side k of the k × k kernels, 1–28 (at most the side of this layer's input). */
  kernelSize: number;
  /** Step of the window, 1–28; default 1. */
  strides?: number;
  /** "valid" (no padding, the default), "same" (output ⌈n/s⌉) or p zeros on every side, 0 ≤ p < kernelSize. */
  padding?: "valid" | "same" | number;
  activation: HomeworkActivation;
  /** Batch normalisation between the convolution and the activation (per channel); default false. */
  batchNorm?: boolean;
}

/** Max or average pooling over `poolSize` × `poolSize` windows of each channel. */
export interface Pool2DLayerSpec {
  type: "maxpool2d" | "avgpool2d";
  /** Side of the window, 1–28; default 2. */
  poolSize?: number;
  /** Step of the window, 1–28; default: the pool size (windows do not overlap). */
  strides?: number;
  /** "valid" (default: an incomplete last window is dropped) or "same" (kept; output ⌈n/s⌉). */
  padding?: "valid" | "same";
}

/** Images to vectors (added by itself where a dense layer follows an image layer). */
export interface FlattenLayerSpec {
  type: "flatten";
}

/** A fully connected layer of `units` neurons. */
export interface DenseLayerSpec {
  type: "dense";
  /** 1–2048. */
  units: number;
  activation: HomeworkActivation;
  /** Batch normalisation between the weighted sum and the activation; default false. */
  batchNorm?: boolean;
}

/** Dropout of a fraction `rate` of its inputs, in training only. */
export interface DropoutLayerSpec {
  type: "dropout";
  /** 0–0.8. */
  rate: number;
}

/** One entry of `layers`. */
export type LayerSpec = Conv2DLayerSpec | Pool2DLayerSpec | FlattenLayerSpec | DenseLayerSpec | DropoutLayerSpec;

/** A layer with every default filled in (what is built and logged). */
export type ResolvedLayerSpec =
  | Required<Conv2DLayerSpec>
  | Required<Pool2DLayerSpec>
  | FlattenLayerSpec
  | Required<DenseLayerSpec>
  | DropoutLayerSpec;

/** Limits of the layers' fields (inclusive). */
export const LAYER_LIMITS = Object.freeze({
  layers: { min: 0, max: 12 },
  filters: { min: 1, max: 256 },
  kernelSize: { min: 1, max: 28 },
  strides: { min: 1, max: 28 },
  poolSize: { min: 1, max: 28 },
  units: { min: 1, max: 2048 },
  rate: { min: 0, max: 0.8 },
});

/** The fields each layer type has (`type` first). */
export const LAYER_FIELDS: Readonly<Record<LayerType, readonly string[]>> = Object.freeze({
  conv2d: ["type", "filters", "kernelSize", "strides", "padding", "activation", "batchNorm"],
  maxpool2d: ["type", "poolSize", "strides", "padding"],
  avgpool2d: ["type", "poolSize", "strides", "padding"],
  flatten: ["type"],
  dense: ["type", "units", "activation", "batchNorm"],
  dropout: ["type", "rate"],
});

const EXAMPLES: Readonly<Record<LayerType, string>> = Object.freeze({
  conv2d: `{ type: "conv2d", filters: 16, kernelSize: 3, activation: "relu" }`,
  maxpool2d: `{ type: "maxpool2d", poolSize: 2 }`,
  avgpool2d: `{ type: "avgpool2d", poolSize: 2 }`,
  flatten: `{ type: "flatten" }`,
  dense: `{ type: "dense", units: 128, activation: "relu" }`,
  dropout: `{ type: "dropout", rate: 0.25 }`,
});

/**
 * Checks the entries of `layers` field by field (types, ranges, unknown fields) into `check`;
 * true when every entry is well-formed, so that its shapes can be traced (`traceNetwork`).
 */
export function checkLayerSpecs(check: ProblemList, layers: unknown, field = "layers"): boolean {
  const before = check.problems.length;
  const L = LAYER_LIMITS;
  if (!Array.isArray(layers)) {
    check.add(field, `must be an array of layers such as [${EXAMPLES.conv2d}, ${EXAMPLES.maxpool2d}, ${EXAMPLES.dense}], got ${show(layers)}.`);
    return false;
  }
  if (layers.length > L.layers.max) check.add(field, `at most ${L.layers.max} layers (the output layer is added), got ${layers.length}.`);
  layers.forEach((layer, i) => {
    const p = `${field}[${i}]`;
    if (!isObject(layer)) return check.add(p, `must be an object such as ${EXAMPLES.conv2d}, got ${show(layer)}.`);
    if (!("type" in layer)) return check.add(`${p}.type`, `is missing: one of ${LAYER_TYPES.map((t) => JSON.stringify(t)).join(", ")}, e.g. ${EXAMPLES.conv2d}.`);
    if (!check.oneOf(`${p}.type`, layer.type, LAYER_TYPES)) return;
    const type = layer.type;
    check.unknownFields(layer, LAYER_FIELDS[type], `${p}.`);
    const required = (name: string, example: string): boolean => {
      if (name in layer) return true;
      check.add(`${p}.${name}`, `is missing (a ${type} layer needs it), e.g. ${example}.`);
      return false;
    };
    const optional = (name: string, test: () => void) => {
      if (layer[name] !== undefined) test();
    };
    switch (type) {
      case "conv2d": {
        if (required("filters", EXAMPLES.conv2d)) check.integer(`${p}.filters`, layer.filters, L.filters.min, L.filters.max, "The number of kernels (output channels); 8–64 is usual for digits.");
        const k = required("kernelSize", EXAMPLES.conv2d) && check.integer(`${p}.kernelSize`, layer.kernelSize, L.kernelSize.min, L.kernelSize.max, "The side k of the k × k kernels; 3 or 5 is usual.");
        optional("strides", () => check.integer(`${p}.strides`, layer.strides, L.strides.min, L.strides.max, "The step of the window; 1 is usual."));
        optional("padding", () => {
          const v = layer.padding;
          if (v === "valid" || v === "same") return;
          if (typeof v === "number" && k) check.integer(`${p}.padding`, v, 0, (layer.kernelSize as number) - 1, `"valid", "same", or that many zeros on every side (less than kernelSize).`);
          else if (typeof v !== "number") check.add(`${p}.padding`, `must be "valid", "same" or a whole number of pixels, got ${show(v)}.`);
        });
        if (required("activation", EXAMPLES.conv2d)) check.oneOf(`${p}.activation`, layer.activation, HOMEWORK_ACTIVATIONS);
        optional("batchNorm", () => check.boolean(`${p}.batchNorm`, layer.batchNorm));
        break;
      }
      case "maxpool2d":
      case "avgpool2d":
        optional("poolSize", () => check.integer(`${p}.poolSize`, layer.poolSize, L.poolSize.min, L.poolSize.max, "The side of the window; 2 is usual."));
        optional("strides", () => check.integer(`${p}.strides`, layer.strides, L.strides.min, L.strides.max, "Default: the pool size."));
        optional("padding", () => check.oneOf(`${p}.padding`, layer.padding, ["valid", "same"] as const));
        break;
      case "flatten":
        break;
      case "dense":
        if (required("units", EXAMPLES.dense)) check.integer(`${p}.units`, layer.units, L.units.min, L.units.max);
        if (required("activation", EXAMPLES.dense)) check.oneOf(`${p}.activation`, layer.activation, HOMEWORK_ACTIVATIONS);
        optional("batchNorm", () => check.boolean(`${p}.batchNorm`, layer.batchNorm));
        break;
      case "dropout":
        if (required("rate", EXAMPLES.dropout)) check.number(`${p}.rate`, layer.rate, L.rate.min, L.rate.max, { hint: "The fraction of this layer's inputs dropped in training; 0.2–0.5 is usual." });
        break;
    }
  });
  return check.problems.length === before;
}

/** A checked layer with its defaults filled in (a fresh object). */
export function resolveLayerSpec(layer: LayerSpec): ResolvedLayerSpec {
  switch (layer.type) {
    case "conv2d":
      return {
        type: "conv2d", filters: layer.filters, kernelSize: layer.kernelSize, strides: layer.strides ?? 1, padding: layer.padding ?? "valid",
        activation: layer.activation, batchNorm: layer.batchNorm ?? false,
      };
    case "maxpool2d":
    case "avgpool2d": {
      const poolSize = layer.poolSize ?? 2;
      return { type: layer.type, poolSize, strides: layer.strides ?? poolSize, padding: layer.padding ?? "valid" };
    }
    case "flatten":
      return { type: "flatten" };
    case "dense":
      return { type: "dense", units: layer.units, activation: layer.activation, batchNorm: layer.batchNorm ?? false };
    case "dropout":
      return { type: "dropout", rate: layer.rate };
  }
}

/** One step of a traced network: a layer of the configuration, an implied flatten, or the output layer. */
export interface NetworkStep {
  /** Where it comes from: "layers[2]", "hidden[0]", "dropout" (the dense-only configuration's), or "(implied)" / "(output)". */
  field: string;
  /** What is built (`flatten` for an implied one; the output layer is a `dense`). */
  layer: ResolvedLayerSpec;
  /** Shape of one input sample: [h, w, c] for an image, [n] for a vector. */
  input: number[];
  /** Shape of one output sample. */
  output: number[];
  /** Trainable numbers (weights, biases, γ and β). */
  params: number;
  /** Multiply-adds per sample in the forward pass (a pooling window's comparisons or additions count as one each). */
  macs: number;
}

/** The traced network: its steps (output layer last) or the problems that stop the trace. */
export interface NetworkTrace {
  steps: NetworkStep[];
  problems: { field: string; message: string }[];
}

/** "26 × 26 × 8" or "128". */
export function shapeText(shape: readonly number[]): string {
  return shape.join(" × ");
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Output side of a window of `k` with stride `s` over `n` pixels: ⌊(n + 2p − k)/s⌋ + 1, or ⌈n/s⌉ for "same". */
export function windowOutput(n: number, k: number, s: number, padding: "valid" | "same" | number): number {
  if (padding === "same") return Math.ceil(n / s);
  const p = padding === "valid" ? 0 : padding;
  return Math.floor((n + 2 * p - k) / s) + 1;
}

/**
 * Follows the shapes through the layers, from the 28 × 28 × 1 digit to the 10 logits: output
 * shapes, parameters and multiply-adds per layer, flatten added where a dense layer follows an
 * image layer. A layer that cannot take its input (a kernel or pool larger than the image, a
 * convolution after a dense layer) is a problem naming its field, e.g.
 * `layers[2].kernelSize: 7 is larger than the 5 × 5 input of this layer …`.
 *
 * `layers` must be resolved (`resolveLayerSpec`); `fields` names each (default `layers[i]`).
 */
export function traceNetwork(layers: readonly ResolvedLayerSpec[], fields?: readonly string[], outputs = 10): NetworkTrace {
  const check = new ProblemList();
  const steps: NetworkStep[] = [];
  let shape: number[] = [...HOMEWORK_IMAGE];
  let from = "the 28 × 28 digit";
  // The digit is a 28 × 28 × 1 image for image layers and 784 numbers for a first dense layer (no flatten needed).
  let sawImageLayer = false;
  const flat = () => shape.length === 1;
  const pushFlatten = (why: string) => {
    steps.push({ field: why, layer: { type: "flatten" }, input: shape, output: [size(shape)], params: 0, macs: 0 });
    shape = [size(shape)];
  };
  // Before a dense layer: an implied flatten after an image layer; the raw digit is read as 784 numbers as it is.
  const flatten = () => {
    if (sawImageLayer) pushFlatten("(implied)");
    else shape = [size(shape)];
  };
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const f = fields?.[i] ?? `layers[${i}]`;
    const input = shape;
    const image = `${input[0]} × ${input[1]}`;
    const channels = input.length === 3 ? ` (${input[2]} channel${input[2] === 1 ? "" : "s"})` : "";
    switch (layer.type) {
      case "conv2d":
      case "maxpool2d":
      case "avgpool2d": {
        if (flat()) {
          check.add(`${f}.type`, `a ${layer.type} layer needs an image, but its input is a flat vector of ${shape[0]} numbers (the output of ${from}). Put the convolution and pooling layers before the first dense layer or flatten.`);
          return { steps, problems: check.problems };
        }
        const [n, , c] = input;
        const k = layer.type === "conv2d" ? layer.kernelSize : layer.poolSize;
        const kField = layer.type === "conv2d" ? "kernelSize" : "poolSize";
        if (k > n) {
          check.add(
            `${f}.${kField}`,
            layer.type === "conv2d"
              ? `${k} is larger than the ${image} input of this layer${channels}. Use a kernel of at most ${n}, or fewer pooling layers or smaller strides before it.`
              : layer.padding === "valid"
                ? `${k} is larger than the ${image} input of this layer${channels}: pooling would leave nothing. Remove this pooling layer or one before it, or use a smaller poolSize.`
                : `${k} is larger than the ${image} input of this layer${channels}: the window would hold more padding than image. Remove this pooling layer or one before it, or use a smaller poolSize.`,
          );
          return { steps, problems: check.problems };
        }
        const out = windowOutput(n, k, layer.strides, layer.padding);
        if (layer.type === "conv2d") {
          const F = layer.filters;
          steps.push({ field: f, layer, input, output: [out, out, F], params: k * k * c * F + (layer.batchNorm ? 2 * F : F), macs: out * out * F * k * k * c });
          shape = [out, out, F];
        } else {
          steps.push({ field: f, layer, input, output: [out, out, c], params: 0, macs: out * out * c * k * k });
          shape = [out, out, c];
        }
        sawImageLayer = true;
        break;
      }
      case "flatten":
        if (flat()) {
          check.add(`${f}.type`, `the input of this flatten is already flat (${shape[0]} numbers, the output of ${from}): remove it. (A flatten is added by itself where a dense layer follows an image layer.)`);
          return { steps, problems: check.problems };
        }
        steps.push({ field: f, layer, input, output: [size(input)], params: 0, macs: 0 });
        shape = [size(input)];
        break;
      case "dense": {
        if (!flat()) flatten();
        const m = size(shape);
        const u = layer.units;
        steps.push({ field: f, layer, input: shape, output: [u], params: m * u + (layer.batchNorm ? 2 * u : u), macs: m * u });
        shape = [u];
        break;
      }
      case "dropout":
        steps.push({ field: f, layer, input, output: [...input], params: 0, macs: 0 });
        break;
    }
    from = `${f}, a ${layer.type} layer`;
  }
  if (!flat()) flatten();
  const m = size(shape);
  steps.push({
    field: "(output)", layer: { type: "dense", units: outputs, activation: "linear", batchNorm: false },
    input: shape, output: [outputs], params: m * outputs + outputs, macs: m * outputs,
  });
  return { steps, problems: check.problems };
}

/** One line per layer: "conv2d 16 × 3×3, relu" (without shapes). */
export function describeLayer(layer: ResolvedLayerSpec): string {
  switch (layer.type) {
    case "conv2d": {
      const extras = [
        layer.strides !== 1 ? `stride ${layer.strides}` : "",
        layer.padding !== "valid" ? `padding ${typeof layer.padding === "number" ? layer.padding : `"${layer.padding}"`}` : "",
        layer.batchNorm ? "batch norm" : "",
      ].filter(Boolean);
      return `conv2d ${layer.filters} × ${layer.kernelSize}×${layer.kernelSize} ${layer.activation}${extras.length ? `, ${extras.join(", ")}` : ""}`;
    }
    case "maxpool2d":
    case "avgpool2d": {
      const extras = [layer.strides !== layer.poolSize ? `stride ${layer.strides}` : "", layer.padding !== "valid" ? `padding "${layer.padding}"` : ""].filter(Boolean);
      return `${layer.type} ${layer.poolSize}×${layer.poolSize}${extras.length ? `, ${extras.join(", ")}` : ""}`;
    }
    case "flatten":
      return "flatten";
    case "dense":
      return `dense ${layer.units} ${layer.activation}${layer.batchNorm ? ", batch norm" : ""}`;
    case "dropout":
      return `dropout ${layer.rate}`;
  }
}
