/**
 * The layer registry: rebuilds a layer from its `getConfig()` JSON, so a saved model can be
 * loaded (`loadModel`, `Sequential.fromJSON`). Keras: `layers.deserialize` / `from_config`.
 *
 * ```ts
 * layerFromConfig({ className: "Dense", name: "dense_1", units: 10, activation: "linear", useBias: true,
 *                   kernelInitializer: "glorot_uniform", biasInitializer: "zeros" });
 * registerLayer("Dropout", (config) => new Dropout(configNumber(config, "rate"), { name: config.name }));
 * ```
 */
import { describeField as describe } from "../core/errors";
import { ActivationName } from "../functions/activations";
import { InitializerName } from "../functions/initializers";
import { regularizerFromConfig } from "../functions/regularizers";
import { Activation } from "./activation";
import { BatchNorm, BatchNormalization, BatchNormOptions } from "./batchnorm";
import { Dense } from "./dense";
import { Dropout } from "./dropout";
import { JsonValue, Layer, LayerConfig } from "./layer";

/** Builds a layer of one class from its config (the weights are set afterwards). */
export type LayerFactory = (config: LayerConfig) => Layer;

const REGISTRY = new Map<string, LayerFactory>();

/**
 * Makes a layer class loadable: `layerFromConfig` calls `factory(config)` for configs whose
 * `className` is `className`. A new layer type registers itself next to its class. Registering a
 * name again replaces the factory.
 */
export function registerLayer(className: string, factory: LayerFactory): void {
  if (typeof className !== "string" || className === "" || typeof factory !== "function") {
    throw new Error(`registerLayer: expected a class name such as "Dense" and a function config => layer, got ${JSON.stringify(className)}.`);
  }
  REGISTRY.set(className, factory);
}

/** The class names `layerFromConfig` knows, e.g. `["Dense", "Activation"]`. */
export function registeredLayerClasses(): string[] {
  return [...REGISTRY.keys()];
}

/**
 * A new layer from a config written by `layer.getConfig()`. Throws for an unknown `className`
 * (listing the known ones) or a missing / mistyped field (naming it).
 */
export function layerFromConfig(config: LayerConfig): Layer {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new Error(`the layer config must be an object such as { className: "Dense", units: 10, … }, got ${describe(config)}.`);
  }
  const className = configString(config, "className");
  const factory = REGISTRY.get(className);
  if (factory === undefined) {
    throw new Error(
      `unknown layer type ${JSON.stringify(className)}; known types: ${registeredLayerClasses().join(", ")}. ` +
        `Hint: a custom layer must be registered with registerLayer("${className}", config => new ${className}(…)) before loading.`,
    );
  }
  return factory(config);
}


function field(config: LayerConfig, key: string, kind: string, optional: boolean): JsonValue | undefined {
  const v = (config as Record<string, JsonValue | undefined>)[key];
  if (v === undefined && optional) return undefined;
  const ok = kind === "integer" ? typeof v === "number" && Number.isInteger(v) : typeof v === kind;
  if (!ok) throw new Error(`field "${key}" must be ${kind === "integer" ? "an integer" : `a ${kind}`}, got ${describe(v)}.`);
  return v;
}

/** `config[key]` as a string; a missing or mistyped field is an error naming it. */
export function configString(config: LayerConfig, key: string): string {
  return field(config, key, "string", false) as string;
}

/** `config[key]` as a number (required). */
export function configNumber(config: LayerConfig, key: string): number {
  return field(config, key, "number", false) as number;
}

/** `config[key]` as a boolean (required). */
export function configBoolean(config: LayerConfig, key: string): boolean {
  return field(config, key, "boolean", false) as boolean;
}

/** `config[key]` as an integer, or undefined when the field is absent. */
export function configOptionalInt(config: LayerConfig, key: string): number | undefined {
  return field(config, key, "integer", true) as number | undefined;
}

registerLayer("Dense", (c) => {
  const units = field(c, "units", "integer", false) as number;
  return new Dense(units, {
    name: configString(c, "name"),
    activation: configString(c, "activation") as ActivationName,
    useBias: configBoolean(c, "useBias"),
    kernelInitializer: configString(c, "kernelInitializer") as InitializerName,
    biasInitializer: configString(c, "biasInitializer") as InitializerName,
    inputDim: configOptionalInt(c, "inputDim"),
    seed: configOptionalInt(c, "seed"),
    kernelRegularizer: c.kernelRegularizer === undefined ? undefined : regularizerFromConfig(c.kernelRegularizer),
  });
});

registerLayer("Activation", (c) =>
  new Activation(configString(c, "activation") as ActivationName, {
    name: configString(c, "name"),
    inputDim: configOptionalInt(c, "inputDim"),
  }),
);

registerLayer("Dropout", (c) =>
  new Dropout(configNumber(c, "rate"), { name: configString(c, "name"), inputDim: configOptionalInt(c, "inputDim"), seed: configOptionalInt(c, "seed") }),
);

/** `BatchNorm` / `BatchNormalization` from its config, moving statistics included. */
function batchNormOptions(c: LayerConfig): BatchNormOptions {
  const stats = (key: string): number[] | undefined => {
    const v = (c as Record<string, JsonValue | undefined>)[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "number")) throw new Error(`field "${key}" must be an array of numbers, got ${describe(v)}.`);
    return v as number[];
  };
  return {
    name: configString(c, "name"),
    momentum: configNumber(c, "momentum"),
    epsilon: configNumber(c, "epsilon"),
    gammaInitializer: configString(c, "gammaInitializer") as InitializerName,
    betaInitializer: configString(c, "betaInitializer") as InitializerName,
    inputDim: configOptionalInt(c, "inputDim"),
    seed: configOptionalInt(c, "seed"),
    movingMean: stats("movingMean"),
    movingVariance: stats("movingVariance"),
    inputShape: stats("inputShape"),
  };
}
registerLayer("BatchNorm", (c) => new BatchNorm(batchNormOptions(c)));
registerLayer("BatchNormalization", (c) => new BatchNormalization(batchNormOptions(c)));
