/**
 * nnlib — the shared library of the neural-network course.
 *
 * Every notebook imports from here: `import { Matrix, Dense, Sequential, show } from "nnlib";`
 * Put the cursor on a name in a notebook and press Shift-Tab to read its documentation.
 *
 * This list is what students use, grouped as the course meets it. Everything else (kernels, the
 * display transport, the grader) stays a deep import for the library's own tests and scripts.
 * Where things live: core/ (Matrix, Random, errors), autograd/, functions/ (activations, losses,
 * initializers, regularizers, metrics), kernels/ (the products behind the layers), layers/,
 * training/ (Sequential, optimizers, callbacks, schedules, save/load, search), display/, plot/,
 * data/, lecture/ (tools for the lectures' worked examples), homework/, exercises/.
 */

// ─── numbers ────────────────────────────────────────────────────────────────────────────────
export { Matrix, shapeOf, toMatrix } from "./core/matrix";
export type { MatrixInput, NestedArray } from "./core/matrix";
export { Random } from "./core/random";
export { NonFiniteError } from "./core/errors";

// ─── autograd (notebook 03) ─────────────────────────────────────────────────────────────────
export { Value, topologicalOrder } from "./autograd/value";
export type { Operand, ValueOptions } from "./autograd/value";
export { graphToDot, showGraph } from "./autograd/graph";
export type { ShowGraphOptions } from "./autograd/graph";

// ─── the pieces of a network: activations, losses, initializers, regularizers, metrics ─────
export {
  ACTIVATION_NAMES, elu, exponential, getActivation, hardSigmoid, hardSigmoidKeras2, leakyRelu, linear, relu, selu, sigmoid,
  softmax, softmaxBackward, softplus, softsign, tanh, thresholdedRelu,
} from "./functions/activations";
export type { ActivationFn, ActivationName, ElementwiseActivationName } from "./functions/activations";
export {
  binaryCrossentropy, categoricalCrossentropy, getLoss, hinge, huber, logCosh, LOSS_NAMES, meanAbsoluteError, meanSquaredError,
  quadratic, sparseCategoricalCrossentropy,
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
  Activation, AveragePooling2D, BaseLayer, BatchNorm, BatchNormalization, Conv2D, Dense, Dropout, Flatten, layerFromConfig,
  MaxPool2D, MaxPooling2D, registerLayer,
} from "./layers";
export type {
  ActivationOptions, BatchNormOptions, Conv2DOptions, DenseOptions, DropoutOptions, FlattenOptions, JsonValue, Layer, LayerConfig,
  Param, Pool2DLayerOptions,
} from "./layers";

// ─── training ───────────────────────────────────────────────────────────────────────────────
export { Sequential } from "./training/model";
export { History, TrainingDivergedError } from "./training/fit";
export { detectDivergence, divergenceReason, mostPredictedClass } from "./training/divergence";
export type { DivergenceReport, PredictedClass } from "./training/divergence";
export type { CompileOptions, FitOptions, SequentialOptions, TargetInput } from "./training/model";
export {
  Adadelta, Adagrad, Adam, Adamax, getOptimizer, Nadam, OPTIMIZER_NAMES, RMSprop, SGD,
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
export { BACKENDS, getBackend, matmul, matmulNT, matmulTN, setBackend } from "./kernels/backend";
export type { BackendName } from "./kernels/backend";

// ─── the lectures' tools: gradients, descent, convolution on pictures, filters ─────────────
export { checkGradient, numericalGradient, relativeError } from "./lecture/gradcheck";
export type { GradCheckResult } from "./lecture/gradcheck";
export { gradientDescent1D, gradientDescent2D, optimizerPath2D } from "./lecture/descent";
export type { DescentResult, Descent1DResult, Descent2DResult } from "./lecture/descent";
export { convOutputSize, samePadding } from "./kernels/conv";
export type { ImageShape, Padding } from "./kernels/conv";
export { channelImages, convolve2d, outputSizeTable, pool2d } from "./lecture/pictures";
export type { PixelGrid } from "./lecture/pictures";
export { getKernel, KERNEL_LABELS, KERNEL_NAMES, KERNELS } from "./lecture/filters";
export type { KernelName } from "./lecture/filters";
export {
  cnfNetwork, convexPolygonNetwork, dnfNetwork, heaviside, maxAbsError, polygonUnionNetwork, sigmoidStepApproximation, stepForward,
  stepPredict, truthTableInputs,
} from "./lecture/representation";
export type { Point2, StepApproximation, StepLayer, StepNetwork } from "./lecture/representation";
export { trainXorNet, xorData } from "./lecture/xor";
export type { XorNetOptions } from "./lecture/xor";
export { doublingTime, IDC_DATASPHERE } from "./lecture/data-growth";
export type { DataspherePoint } from "./lecture/data-growth";
export { flipBits, hammingDistance, hebbianWeights, hopfieldEnergy, hopfieldRecall, patternFromText, patternImage } from "./lecture/hopfield";
export type { HopfieldRecall, HopfieldRecallOptions } from "./lecture/hopfield";
export { rnnStep, rnnUnroll } from "./lecture/rnn";
export type { RnnCell } from "./lecture/rnn";

// ─── plots and display ──────────────────────────────────────────────────────────────────────
export {
  barChart, contourPlot, heatmap, histogram, image, imageGrid, lineChart, linspace, LivePlot, overlay, paletteColor, PALETTE,
  ProgressPrinter, sampleGrid, scatterPlot, sideBySide, surfacePlot,
} from "./plot";
export type {
  BarChartOptions, ContourOptions, Figure, HeatmapOptions, HistogramOptions, ImageGridOptions, ImageOptions, LineChartOptions,
  LivePlotOptions, ScatterOptions, SurfaceOptions,
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
export { loadTop500Leaders, loadTransistorCounts } from "./data/computing-history";
export { LECTURE_DIGIT, loadPhoto } from "./data/images";
export { danfo, frameToMatrix, matrixToFrame, readCsvFrame } from "./data/tables";
export { standardize, Standardizer } from "./data/standardizer";
export { addNoise, augmentDigits, digitAugmenter, rotateImages, shiftImages } from "./data/augment";
export type { AugmentOptions } from "./data/augment";

// ─── homework (notebook 08) ─────────────────────────────────────────────────────────────────
export {
  BASELINE_CONFIG, countConfigParams, describeArchitecture, traceConfig, validateConfig,
} from "./homework/config";
export type { HomeworkConfig } from "./homework/config";
export { LAYER_TYPES } from "./homework/layers";
export type { LayerSpec, NetworkStep } from "./homework/layers";
export { estimateConfig, limitProblems, timeWarning } from "./homework/estimate";
export type { ConfigEstimate } from "./homework/estimate";
export { buildModel, describeRun, trainFromConfig } from "./homework/build";
export type { HomeworkRun } from "./homework/build";
export { experimentLogPath, latestRuns, printWarnings, readExperiments } from "./homework/log";
export type { ExperimentRecord } from "./homework/log";
export { accuracyBars, diffConfigs, formatDiff, runsFrame, summarizeRuns, validationCurves } from "./homework/compare";

// ─── exercises ──────────────────────────────────────────────────────────────────────────────
export { check } from "./exercises";
