// Unit tests of scripts/lib/checks.mjs (what a test stage reports) and scripts/lib/cli.mjs.
import { pathToFileURL } from "url";
import { describe, expect, it } from "vitest";
import { merge, tally } from "../../scripts/lib/checks.mjs";
import { errorMessage, isMain } from "../../scripts/lib/cli.mjs";

describe("stage results", () => {
  it("counts checks and names each failure", () => {
    const checks = [{ name: "a", ok: true }, { name: "b", ok: false, detail: "found 2" }, { name: "c", ok: false }];
    expect(tally(checks)).toEqual({ passed: 1, failed: 2, failures: ["b: found 2", "c: "] });
    expect(tally(checks, "self-test: ").failures[0]).toBe("self-test: b: found 2");
    expect(tally([])).toEqual({ passed: 0, failed: 0, failures: [] });
  });

  it("adds results, failures in order, a missing list counting as none", () => {
    expect(merge({ passed: 2, failed: 1, failures: ["x"] }, { passed: 0, failed: 0 }, { passed: 1, failed: 1, failures: ["y"] })).toEqual({ passed: 3, failed: 2, failures: ["x", "y"] });
  });
});

describe("command line", () => {
  it("names anything thrown", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
    expect(errorMessage(undefined)).toBe("undefined");
  });

  it("tells a script run by node from an imported module", () => {
    expect(isMain(pathToFileURL(process.argv[1]!).href)).toBe(true);
    expect(isMain(pathToFileURL(__filename).href)).toBe(false);
  });
});
