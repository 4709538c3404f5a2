/**
 * The homework grader's side of the library (used by scripts/grade.mjs and its worker, never by
 * notebooks, so it is not exported from nnlib's index): reading a submission without running it,
 * and the held-out digits no student sees.
 */
export { capQuoted, CONFIG_CELL_ID, extractConfigFromNotebook, extractConfigFromSource, jsonErrorOffset, MAX_SUBMISSION_BYTES, parseConfigText, quote, readSubmission, SubmissionError } from "./submission";
export type { ReadSubmissionOptions } from "./submission";
export { loadHeldOutDigits } from "./heldout";
export { resolveConfig } from "../homework/config";
