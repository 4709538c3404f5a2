/**
 * `nnlib/extend`: for pieces of your own that the library should treat as its own — saved by
 * `saveModel`, rebuilt by `loadModel`, listed by name. A layer written as its maths needs only
 * `SimpleLayer` (from `nnlib`); this entry point has the rest:
 *
 * - the base classes the library's own pieces use: `BaseLayer` (layers), `BaseOptimizer` (optimizers);
 * - the registries, one per kind: `registerLayer`/`LAYERS`, `ACTIVATIONS`, `LOSSES`, `INITIALIZERS`,
 *   `REGULARIZERS`, `OPTIMIZERS` — `X.register(name, (config) => piece)` makes a piece loadable;
 * - the config readers that check a config's fields (`configNumber`, `configString`, …).
 *
 * ```ts
 * import { registerLayer, configInt, configString } from "nnlib/extend";
 * registerLayer("MyDenseSigmoid", (c) => new MyDenseSigmoid(configInt(c, "units"), configString(c, "name")));
 * ```
 */
export { BaseLayer, checkPositiveInt, uniqueLayerName } from "../layers/layer";
export { LAYERS, layerFromConfig, registerLayer } from "../layers/registry";
export type { LayerFactory } from "../layers/registry";
export { ActivationOp } from "../layers/activation";
export { ACTIVATIONS, softmaxBackward } from "../functions/activations";
export { LOSSES } from "../functions/losses";
export { INITIALIZERS } from "../functions/initializers";
export { REGULARIZERS } from "../functions/regularizers";
export { BaseOptimizer, checkLearningRate, OPTIMIZERS } from "../training/optimizers";
export {
  configBoolean, configField, configInt, configIntList, configNumber, configNumberList, configOptionalInt, configString, Registry,
} from "../core/registry";
export type { Config, ConfigFields, Configurable } from "../core/registry";
