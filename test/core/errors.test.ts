import { describe, expect, it } from "vitest";
import { Value } from "../../lib/src/autograd/value";
import { describeGot, describeValue } from "../../lib/src/core/errors";
import { Matrix } from "../../lib/src/core/matrix";

describe("describeGot / describeValue: what a message says was passed", () => {
  it("names strings as strings, keeps numbers as numbers, and uses the right article", () => {
    expect(describeGot("0.1")).toBe("the string '0.1'");
    expect(describeGot(0.1)).toBe("0.1");
    expect(describeGot(NaN)).toBe("NaN");
    expect(describeGot(undefined)).toBe("undefined");
    expect(describeValue(undefined)).toBe("nothing (undefined)");
    expect(describeGot(null)).toBe("null");
    expect(describeGot(true)).toBe("true");
    expect(describeGot([1, 2, 3])).toBe("an array of length 3");
    expect(describeGot({ a: 1 })).toBe("an object");
    expect(describeGot(new Map())).toBe("an object (Map)");
    expect(describeGot(() => 1)).toBe("a function");
    expect(describeGot(Matrix.zeros(2, 3))).toBe("a 2 × 3 Matrix");
    expect(describeGot(new Value(0.5))).toBe("a Value (an autograd node)");
    expect(describeGot("x".repeat(100))).toMatch(/^the string 'x{57}…'$/);
  });
});
