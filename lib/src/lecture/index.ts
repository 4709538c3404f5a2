/**
 * `nnlib/lecture`: the lectures' worked examples and demos — tools a notebook uses to show one idea
 * (a gradient check, descent on a surface, the filters of lecture 003 on a picture, DNF/CNF nets,
 * Hopfield and RNN demos) and the data the lectures quote. The library a student keeps using is
 * `nnlib`; these are imported separately so that a notebook's first cell shows which is which:
 *
 * ```ts
 * import { Matrix, Dense, Sequential, show } from "nnlib";            // the library
 * import { checkGradient, FILTERS, convolve2d } from "nnlib/lecture"; // this lecture's helpers
 * import { check } from "nnlib/exercises";                            // the exercises' checks
 * ```
 */
export { checkGradient, numericalGradient, relativeError } from "./gradcheck";
export type { GradCheckResult } from "./gradcheck";
export { gradientDescent1D, gradientDescent2D, optimizerPath2D } from "./descent";
export type { DescentResult, Descent1DResult, Descent2DResult } from "./descent";
export { channelImages, convolve2d, outputSizeTable, pool2d } from "./pictures";
export type { PixelGrid } from "./pictures";
export { FILTER_LABELS, FILTER_NAMES, FILTERS, getFilter } from "./filters";
export type { FilterName } from "./filters";
export {
  cnfNetwork, convexPolygonNetwork, dnfNetwork, heaviside, maxAbsError, polygonUnionNetwork, sigmoidStepApproximation, stepForward,
  stepPredict, truthTableInputs,
} from "./representation";
export type { Point2, StepApproximation, StepLayer, StepNetwork } from "./representation";
export { trainXorNet, xorData } from "./xor";
export type { XorNetOptions } from "./xor";
export { doublingTime, IDC_DATASPHERE } from "./data-growth";
export type { DataspherePoint } from "./data-growth";
export { flipBits, hammingDistance, hebbianWeights, hopfieldEnergy, hopfieldRecall, patternFromText, patternImage } from "./hopfield";
export type { HopfieldRecall, HopfieldRecallOptions } from "./hopfield";
export { rnnStep, rnnUnroll } from "./rnn";
export type { RnnCell } from "./rnn";
// The lectures' own data: lecture 000's computing history, lecture 003's digit and photo.
export { loadTop500Leaders, loadTransistorCounts } from "../data/computing-history";
export { LECTURE_DIGIT, loadPhoto } from "../data/images";
