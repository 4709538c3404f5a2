/** Shared by the autograd tests: the computation graph of lecture 001. */
import { Value } from "../../lib/src/autograd/value";

/** The lecture's graph (001): c = a + b, d = b + 1, e = c·d with a = 2, b = 1 (so e = 6), before any backward. */
export function lectureGraph(): { a: Value; b: Value; c: Value; d: Value; e: Value } {
  const a = new Value(2, { label: "a" });
  const b = new Value(1, { label: "b" });
  const c = a.add(b).withLabel("c");
  const d = b.add(1).withLabel("d");
  const e = c.mul(d).withLabel("e");
  return { a, b, c, d, e };
}
