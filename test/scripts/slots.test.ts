// scripts/lib/slots.mjs: the limit the test stages put on notebooks run at once.
import { describe, expect, it } from "vitest";
import { jobsFrom, slots } from "../../scripts/lib/slots.mjs";

/** A promise with its resolve/reject outside. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("slots", () => {
  it("runs at most `size` at once, the waiting ones first come first served, results to their callers", async () => {
    const limit = slots(2);
    const gates = [0, 1, 2, 3, 4].map(() => deferred<number>());
    const started: number[] = [];
    const results = gates.map((g, i) => limit.run(async () => (started.push(i), g.promise)));
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve(11);
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve(10);
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[3]!.resolve(13);
    gates[2]!.resolve(12);
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates[4]!.resolve(14);
    expect(await Promise.all(results)).toEqual([10, 11, 12, 13, 14]);
  });

  it("frees the slot when the job rejects", async () => {
    const limit = slots(1);
    const failing = limit.run(() => Promise.reject(new Error("boom")));
    const next = limit.run(async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    expect(await next).toBe("ran");
  });

  it("rejects a size that is not a whole number ≥ 1, naming it", () => {
    expect(() => slots(0)).toThrow("slots(0): the number of slots must be an integer ≥ 1");
    expect(() => slots(1.5)).toThrow(/slots\(1\.5\)/);
  });
});

describe("jobsFrom", () => {
  it("reads a whole number ≥ 1, else the fallback", () => {
    expect(jobsFrom("3", 2)).toBe(3);
    expect(jobsFrom("1", 2)).toBe(1);
    for (const bad of [undefined, "", " ", "0", "-1", "1.5", "two"]) expect(jobsFrom(bad, 2)).toBe(2);
  });
});
