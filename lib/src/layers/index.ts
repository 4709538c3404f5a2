/**
 * The layers of the course: `Dense` (fully connected) and `Activation`, plus the `Layer`
 * interface they implement (forward(X) → Y, backward(dY) → dX, params() → Param[]).
 */
export { BaseLayer, checkPositiveInt, uniqueLayerName } from "./layer";
export type { JsonValue, Layer, LayerConfig, Param } from "./layer";
export { Dense } from "./dense";
export type { DenseOptions } from "./dense";
export { Activation, ActivationOp } from "./activation";
export type { ActivationOptions } from "./activation";
export { configBoolean, configNumber, configOptionalInt, configString, layerFromConfig, registeredLayerClasses, registerLayer } from "./registry";
export type { LayerFactory } from "./registry";
export { Dropout } from "./dropout";
export type { DropoutOptions } from "./dropout";
export { BatchNorm, BatchNormalization } from "./batchnorm";
export type { BatchNormOptions } from "./batchnorm";
