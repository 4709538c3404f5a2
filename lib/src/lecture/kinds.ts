/** Lecture 002's kinds of networks (notebook 09): a Hopfield net and a simple RNN cell. */
export { flipBits, hammingDistance, hebbianWeights, hopfieldEnergy, hopfieldRecall, patternFromText, patternImage } from "./hopfield";
export type { HopfieldRecall, HopfieldRecallOptions } from "./hopfield";
export { rnnStep, rnnUnroll } from "./rnn";
export type { RnnCell } from "./rnn";
