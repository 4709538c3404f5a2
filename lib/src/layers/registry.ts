/**
 * The layer registry: rebuilds a layer from its `getConfig()` JSON, so a saved model can be
 * loaded (`loadModel`, `modelFromJSON`). Keras: `layers.deserialize` / `from_config`. Every layer
 * file ends with its own `registerLayer` call; the readers below check a config's fields.
 *
 * ```ts
 * layerFromConfig({ className: "Dense", name: "dense_1", units: 10, activation: "linear", useBias: true,
 *                   kernelInitializer: "glorot_uniform", biasInitializer: "zeros" });
 * registerLayer("Dropout", (config) => new Dropout(configNumber(config, "rate"), { name: config.name }));
 * ```
 */
import { describeField as describe } from "../core/errors";
import type { Padding } from "../kernels/conv";
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

/** `config[key]` as an integer (required). */
export function configInt(config: LayerConfig, key: string): number {
  return field(config, key, "integer", false) as number;
}

/** `config[key]` as a list of positive integers (optional), for shapes and sizes in configs. */
export function configIntList(config: LayerConfig, key: string, optional: boolean): number[] | undefined {
  const v = (config as Record<string, JsonValue | undefined>)[key];
  if (v === undefined && optional) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 1)) {
    throw new Error(`field "${key}" must be a list of positive integers, got ${JSON.stringify(v) ?? "nothing (the field is missing)"}.`);
  }
  return v as number[];
}

/** `config[key]` as a list of numbers, or undefined when the field is absent (moving statistics). */
export function configNumberList(config: LayerConfig, key: string): number[] | undefined {
  const v = (config as Record<string, JsonValue | undefined>)[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number")) throw new Error(`field "${key}" must be an array of numbers, got ${describe(v)}.`);
  return v as number[];
}

/** `config.padding`: "valid", "same" or a number. */
export function configPadding(config: LayerConfig): Padding {
  const v = (config as Record<string, JsonValue | undefined>).padding;
  if (v === "valid" || v === "same" || (typeof v === "number" && Number.isInteger(v) && v >= 0)) return v;
  throw new Error(`field "padding" must be "valid", "same" or a whole number, got ${JSON.stringify(v) ?? "nothing (the field is missing)"}.`);
}

/** `config[key]`, required, as it is (an activation, initializer or regularizer config: a name or `{ name, … }`). */
export function configField(config: LayerConfig, key: string): JsonValue {
  const v = (config as Record<string, JsonValue | undefined>)[key];
  if (v === undefined) throw new Error(`field "${key}" is missing.`);
  return v;
}
