// @ts-check
// What a stage of `npm test` (scripts/test.mjs) reports: checks counted as passed or failed, and
// a line for each failure. Used by the stages in test/stages/.

/**
 * One named check; `detail` says what was found when it fails.
 * @typedef {{ name: string, ok: boolean, detail?: string }} Check
 */

/**
 * A stage's (or part of a stage's) result: counts, a line per failure, and a `note` shown in the
 * summary of `npm test`.
 * @typedef {{ passed: number, failed: number, failures: string[], note?: string }} StageResult
 */

/**
 * What scripts/test.mjs accepts from a stage: a result whose `failures` may be left out when none failed.
 * @typedef {Omit<StageResult, "failures"> & { failures?: string[] }} StageOutcome
 */

/**
 * Counts checks: a failure line is `<prefix><name>: <detail>`.
 * @param {Check[]} checks
 * @param {string} [prefix]
 * @returns {StageResult}
 */
export function tally(checks, prefix = "") {
  const failures = checks.filter((c) => !c.ok).map((c) => `${prefix}${c.name}: ${c.detail ?? ""}`);
  return { passed: checks.length - failures.length, failed: failures.length, failures };
}

/**
 * The sum of several results (counts added, failures in order).
 * @param {...StageOutcome} results
 * @returns {StageResult}
 */
export function merge(...results) {
  return {
    passed: results.reduce((n, r) => n + r.passed, 0),
    failed: results.reduce((n, r) => n + r.failed, 0),
    failures: results.flatMap((r) => r.failures ?? []),
  };
}
