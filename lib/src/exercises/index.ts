/**
 * Exercise checks: `check(id, answer)` prints ✓ or ✗ with a hint (see check.ts). Each notebook's
 * exercises are defined in their own file, `nbNN.ts`.
 */
import "./nb01";
import "./nb02";
import "./nb03";
import "./nb04";
import "./nb04b";
import "./nb05";
import "./nb06";
import "./nb07";
import "./nb08";
import "./nb09";

export { check, defineExercise, exerciseIds, getExercise, judge, wrong, WrongExample } from "./check";
export type { Exercise, Verdict } from "./check";
export { expectChoice, expectFields, expectFunction, expectMatrix, expectNumber, nonFiniteHint, notANumberHint } from "./matchers";
export type { Checker, FunctionMistake, Mistake } from "./matchers";
export { derivativeSlips } from "./derivative-slips";
export type { DerivativeSlip } from "./derivative-slips";
export { matchWord, WORD_ANSWERS } from "./words";
