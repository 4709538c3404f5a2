/**
 * The layer registry: rebuilds a layer from its `getConfig()` JSON, so a saved model can be
 * loaded (`loadModel`, `modelFromJSON`). Keras: `layers.deserialize` / `from_config`. It is a
 * `Registry` like the other kinds' (core/registry.ts), keyed by `className`; every layer file ends
 * with its own `registerLayer` call, and reads its fields with core/registry.ts's readers.
 *
 * ```ts
 * layerFromConfig({ className: "Dense", name: "dense_1", units: 10, activation: "linear", useBias: true,
 *                   kernelInitializer: "glorot_uniform", biasInitializer: "zeros" });
 * registerLayer("Dropout", (config) => new Dropout(configNumber(config, "rate"), { name: configString(config, "name") }));
 * ```
 */
import { describeField } from "../core/errors";
import { configString, Registry } from "../core/registry";
import type { Layer, LayerConfig } from "./layer";

/** Builds a layer of one class from its config (the weights are set afterwards). */
export type LayerFactory = (config: LayerConfig) => Layer;

/** Every layer class by `className`, rebuilt from its config (`LAYERS.names()` lists them). */
export const LAYERS = new Registry<Layer, string, LayerConfig>("layer", "className");

/**
 * Makes a layer class loadable: `layerFromConfig` calls `factory(config)` for configs whose
 * `className` is `className`. A layer type registers itself once, next to its class; registering a
 * name twice is an error.
 */
export function registerLayer(className: string, factory: LayerFactory): void {
  if (typeof className !== "string" || className === "" || typeof factory !== "function") {
    throw new Error(`registerLayer: expected a class name such as "Dense" and a function config => layer, got ${JSON.stringify(className)}.`);
  }
  LAYERS.register(className, factory);
}

/**
 * A new layer from a config written by `layer.getConfig()`. Throws for an unknown `className`
 * (listing the known ones) or a missing / mistyped field (naming it).
 */
export function layerFromConfig(config: LayerConfig): Layer {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new Error(`the layer config must be an object such as { className: "Dense", units: 10, … }, got ${describeField(config)}.`);
  }
  const className = configString(config, "className");
  if (!LAYERS.has(className)) {
    throw new Error(
      `unknown layer type ${JSON.stringify(className)}; known types: ${LAYERS.names().join(", ")}. ` +
        `Hint: a custom layer must be registered with registerLayer("${className}", config => new ${className}(…)) before loading.`,
    );
  }
  return LAYERS.fromConfig(config);
}
