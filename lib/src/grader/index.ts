/**
 * The homework grader's side of the library (used by scripts/grade.mjs and its worker, never by
 * notebooks, so it is not exported from nnlib's index): reading a submission without running it,
 * and the held-out digits no student sees.
 */
export { CONFIG_CELL_ID, extractConfigFromNotebook, extractConfigFromSource, parseConfigText, readSubmission, SubmissionError } from "./submission";
export { loadHeldOutDigits } from "./heldout";
export { resolveConfig } from "../homework/config";
