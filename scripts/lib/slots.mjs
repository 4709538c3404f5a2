// @ts-check
// Running at most N things at once: the test stages run two notebooks at a time (the course's
// machines have 2 cores and a notebook is mostly one core's work), and stages that overlap share
// one limit (scripts/run-notebooks.mjs, test/stages/).

/**
 * A counting semaphore, first come first served: `run(fn)` waits for a free slot, runs `fn`, and
 * frees the slot when `fn`'s promise settles (also when it rejects).
 * @param {number} size slots, ≥ 1
 * @returns {{ run: <T>(fn: () => Promise<T>) => Promise<T> }}
 */
export function slots(size) {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`slots(${size}): the number of slots must be an integer ≥ 1`);
  let free = size;
  /** @type {(() => void)[]} */
  const waiting = [];
  return {
    async run(fn) {
      if (free > 0) free--;
      else await new Promise((r) => waiting.push(() => r(undefined)));
      try {
        return await fn();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    },
  };
}

/**
 * A number of jobs from an environment variable (`NOTEBOOK_JOBS`, …): a whole number ≥ 1, else `fallback`.
 * @param {string | undefined} value
 * @param {number} fallback
 * @returns {number}
 */
export function jobsFrom(value, fallback) {
  const n = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isInteger(n) && n >= 1 ? n : fallback;
}
