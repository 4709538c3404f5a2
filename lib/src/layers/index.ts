/**
 * The layers: the `Layer` interface (forward(X) → Y, backward(dY) → dX, params() → Param[],
 * outputShape) and every layer of the course. Each layer file ends with its registration
 * (`registerLayer`), so `layerFromConfig` can rebuild it from a saved config.
 */
export { BaseLayer, checkPositiveInt, uniqueLayerName } from "./layer";
export type { JsonValue, Layer, LayerConfig, Param } from "./layer";
export { Dense } from "./dense";
export type { DenseOptions } from "./dense";
export { Activation, ActivationOp } from "./activation";
export type { ActivationOptions } from "./activation";
export { Dropout } from "./dropout";
export type { DropoutOptions } from "./dropout";
export { BatchNorm, BatchNormalization } from "./batchnorm";
export type { BatchNormOptions } from "./batchnorm";
export { Conv2D } from "./conv2d";
export type { Conv2DOptions } from "./conv2d";
export { AveragePooling2D } from "./avgpool2d";
export { MaxPool2D, MaxPooling2D, Pool2DLayer } from "./maxpool2d";
export type { Pool2DLayerOptions } from "./maxpool2d";
export { Flatten } from "./flatten";
export { PReLU } from "./prelu";
export type { PReLUOptions } from "./prelu";
export { SimpleLayer } from "./simple";
export type { SimpleLayerOptions } from "./simple";
export type { FlattenOptions } from "./flatten";
export { checkImageShape, formatOutputShape, ImageLayer, layerOutputShape } from "./shape";
export { LAYERS, layerFromConfig, registerLayer } from "./registry";
export type { LayerFactory } from "./registry";
