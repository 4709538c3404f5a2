/**
 * nnlib — the shared library of the neural-network course: what a student keeps using from
 * notebook to notebook. `import { Matrix, Dense, Sequential, show } from "nnlib";`
 * Put the cursor on a name in a notebook and press Shift-Tab to read its documentation.
 *
 * The library has five entry points; a notebook's first code cell imports from the ones it needs,
 * so a reader sees which names are the library and which are the lecture's helpers:
 *
 * | import from       | what                                                                   | source          |
 * |-------------------|------------------------------------------------------------------------|-----------------|
 * | `nnlib`           | this list: numbers, autograd, layers, training, plots, data            | index.ts        |
 * | `nnlib/lecture`   | the lectures' worked examples and demos (gradient check, descent, filters, …) | lecture/index.ts |
 * | `nnlib/exercises` | `check(id, answer)`                                                    | exercises/index.ts |
 * | `nnlib/homework`  | notebook 08: the homework's configuration, training, log and comparison | homework/index.ts |
 * | `nnlib/kernels`   | the speed layer: `setBackend`, the matrix products (bench, tests)       | kernels/index.ts |
 * | `nnlib/extend`    | writing pieces the library can save: base classes, registries, config readers | extend/index.ts |
 *
 * Where things live: core/ (Matrix, Random, errors, the registry), autograd/, functions/
 * (activations, losses, initializers, regularizers, metrics), kernels/, layers/, training/
 * (Sequential, optimizers/, callbacks, schedules, save/load, search), display/, plot/, data/,
 * lecture/, homework/, grader/ (not an entry point: the grader's scripts), exercises/.
 */

// ─── numbers ────────────────────────────────────────────────────────────────────────────────
export { Matrix, shapeOf, toMatrix } from "./core/matrix";
export type { MatrixInput, NestedArray } from "./core/matrix";
export { Random } from "./core/random";
export { NonFiniteError } from "./core/errors";

// ─── autograd (notebook 03) ─────────────────────────────────────────────────────────────────
export { Value } from "./autograd/value";
export type { Operand, ValueOptions } from "./autograd/value";
export { graphToDot, showGraph } from "./autograd/graph";
export type { ShowGraphOptions } from "./autograd/graph";

// ─── the pieces of a network: activations, losses, initializers, regularizers, metrics ─────
export {
  ACTIVATION_NAMES, elu, exponential, getActivation, hardSigmoid, leakyRelu, linear, relu, selu, sigmoid, softmax, softplus, softsign,
  tanh, thresholdedRelu,
} from "./functions/activations";
export type { ActivationFn, ActivationName, ElementwiseActivationName } from "./functions/activations";
export {
  binaryCrossentropy, categoricalCrossentropy, getLoss, hinge, huber, logCosh, LOSS_NAMES, meanAbsoluteError, meanSquaredError,
  quadratic, sparseCategoricalCrossentropy, squaredHinge,
} from "./functions/losses";
export type { CrossentropyOptions, Loss, LossName } from "./functions/losses";
export {
  constant, getInitializer, glorotNormal, glorotUniform, heNormal, heUniform, INITIALIZER_NAMES, lecunNormal, lecunUniform, ones,
  randomNormal, randomUniform, zeros,
} from "./functions/initializers";
export type { Initializer, InitializerName } from "./functions/initializers";
export { l1, l1l2, l2 } from "./functions/regularizers";
export type { Regularizer } from "./functions/regularizers";
export { accuracy, confusionMatrix, getMetric, METRIC_NAMES, perClassAccuracy } from "./functions/metrics";
export type { Metric, MetricName } from "./functions/metrics";

// ─── layers ─────────────────────────────────────────────────────────────────────────────────
export {
  Activation, AveragePooling2D, BatchNorm, BatchNormalization, Conv2D, Dense, Dropout, Flatten, MaxPool2D, MaxPooling2D, PReLU,
  SimpleLayer,
} from "./layers";
export type {
  ActivationOptions, BatchNormOptions, Conv2DOptions, DenseOptions, DropoutOptions, FlattenOptions, JsonValue, Layer, LayerConfig,
  Param, Pool2DLayerOptions, PReLUOptions, SimpleLayerOptions,
} from "./layers";
export { convOutputSize, samePadding } from "./kernels/conv";
export type { ImageShape, Padding } from "./kernels/conv";

// ─── training ───────────────────────────────────────────────────────────────────────────────
export { Sequential } from "./training/model";
export { History, TrainingDivergedError } from "./training/fit";
export { detectDivergence, divergenceReason, mostPredictedClass } from "./training/divergence";
export type { DivergenceReport, PredictedClass } from "./training/divergence";
export type { CompileOptions, FitOptions, SequentialOptions, TargetInput } from "./training/model";
export {
  Adadelta, Adagrad, Adam, Adamax, getOptimizer, Lion, Nadam, OPTIMIZER_NAMES, RMSprop, SGD,
} from "./training/optimizers";
export type { Optimizer, OptimizerConfig, OptimizerName } from "./training/optimizers";
export { EarlyStopping } from "./training/callbacks";
export type { Callback, EarlyStoppingOptions, Logs } from "./training/callbacks";
export { exponentialDecay, LearningRateScheduler, ReduceLROnPlateau, stepDecay } from "./training/schedules";
export type { Schedule } from "./training/schedules";
export { loadModel, modelFromJSON, modelToJSON, saveModel } from "./training/serialization";
export type { ModelJSON } from "./training/serialization";
export { crossValidate } from "./training/cross-validation";
export type { CrossValidateOptions, CrossValidation } from "./training/cross-validation";
export { gridSearch, gridSettings, randomSearch, randomSettings } from "./training/tuning";
export type { HyperParams, SearchOptions, SearchResult, TuningRun } from "./training/tuning";

// ─── plots and display ──────────────────────────────────────────────────────────────────────
export {
  barChart, contourPlot, heatmap, histogram, image, imageGrid, learningCurves, lineChart, linspace, LivePlot, overlay, paletteColor,
  PALETTE, ProgressPrinter, sampleGrid, scatterPlot, sideBySide, surfacePlot,
} from "./plot";
export type {
  BarChartOptions, ContourOptions, Figure, HeatmapOptions, HistogramOptions, HistoryLike, ImageGridOptions, ImageOptions,
  LearningCurvesOptions, LineChartOptions, LivePlotOptions, ScatterOptions, SurfaceOptions,
} from "./plot";
export { show } from "./display/transport";
export type { ShowOptions } from "./display/transport";
export { showTable, tableHtml, tableText } from "./data/tables";
export type { TableOptions } from "./data/tables";

// ─── data ───────────────────────────────────────────────────────────────────────────────────
export { digitImage, loadDigits } from "./data/mnist";
export type { Digits, DigitSplit } from "./data/mnist";
export { BOSTON_FEATURES, BOSTON_TARGET, loadBostonHousing } from "./data/boston";
export type { BostonHousing } from "./data/boston";
export { danfo, frameToMatrix, matrixToFrame, readCsvFrame } from "./data/tables";
export { standardize, Standardizer } from "./data/standardizer";
export { addNoise, augmentDigits, digitAugmenter, rotateImages, shiftImages } from "./data/augment";
export type { AugmentOptions } from "./data/augment";
