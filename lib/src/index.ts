/**
 * nnlib — the shared library of the neural-network course.
 *
 * Every notebook imports from here: `import { Matrix, Dense, Sequential, show } from "nnlib";`
 * Put the cursor on a name in a notebook and press Shift-Tab to read its documentation.
 *
 * - numbers: `Random` (seeded), `Matrix`
 * - the pieces of a network: activations, losses, layers (`Dense`, `Activation`), initializers
 * - training: `Sequential` (`compile`, `fit`, `evaluate`, `predict`, `summary`), optimizers, metrics, callbacks
 * - checking: `numericalGradient`, `checkGradient`
 * - plots: figure builders (`lineChart`, `contourPlot`, `heatmap`, …), `show`, `LivePlot`
 * - data: the course's data sets
 */
export * from "./random";
export * from "./matrix";
export * from "./activations";
export * from "./losses";
export * from "./gradcheck";
export * from "./initializers";
export * from "./layers";
export * from "./optimizers";
export { accuracy, getMetric, METRIC_NAMES } from "./metrics";
export type { Metric, MetricName } from "./metrics";
export * from "./callbacks";
export * from "./schedules";
export * from "./model";
export * from "./plot";
export * from "./data/history";
export * from "./data/mnist";
export { confusionMatrix, perClassAccuracy } from "./metrics";
export * from "./autograd";
export * from "./autograd-graph";
export * from "./serialization";
export * from "./descent";
export * from "./validation";
export * from "./tables";
export * from "./standardizer";
export * from "./data/boston";
export * from "./regularizers";
export * from "./augment";
export * from "./tuning";
export * from "./conv";
export * from "./kernels";
export { Conv2D, configIntList, configPadding } from "./layers/conv2d";
export type { Conv2DOptions } from "./layers/conv2d";
export { MaxPool2D, MaxPooling2D, Pool2DLayer } from "./layers/maxpool2d";
export type { Pool2DLayerOptions } from "./layers/maxpool2d";
export { AveragePooling2D } from "./layers/avgpool2d";
export { Flatten } from "./layers/flatten";
export type { FlattenOptions } from "./layers/flatten";
export { ImageLayer, buildLayerAfter, checkImageShape, formatOutputShape, layerOutputShape } from "./layers/shape";
export type { ShapeAware } from "./layers/shape";
export * from "./data/images";
export { BACKENDS, fastMatmul, getBackend, getThreads, setBackend, setThreads } from "./fast";
export type { BackendName } from "./fast";
export * from "./homework";
export { check } from "./exercises";
export * from "./lecture/kinds";
