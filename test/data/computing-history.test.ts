import { describe, expect, it } from "vitest";
import { parseCsv } from "../../lib/src/data/csv";
import { loadTop500Leaders, loadTransistorCounts } from "../../lib/src/data/computing-history";

describe("parseCsv", () => {
  it("reads quoted fields with commas and doubled quotes", () => {
    const rows = parseCsv('a,b\n1,"x, ""y"""\n2,z\n');
    expect(rows).toEqual([
      { a: "1", b: 'x, "y"' },
      { a: "2", b: "z" },
    ]);
  });

  it("names the line whose field count differs from the header", () => {
    expect(() => parseCsv("a,b\n1,2\n3\n", "t.csv")).toThrow(/t\.csv: line 3 has 1 fields but the header has 2/);
  });
});

describe("history data", () => {
  it("has one TOP500 leader per year 1993–2024, never slower than the year before", () => {
    const leaders = loadTop500Leaders();
    expect(leaders.map((l) => l.year)).toEqual(Array.from({ length: 32 }, (_, k) => 1993 + k));
    expect(leaders[0]).toEqual({
      year: 1993,
      system: "Numerical Wind Tunnel",
      site: "National Aerospace Laboratory, Japan",
      rmaxGflops: 124.2,
    });
    for (let k = 1; k < leaders.length; k++) {
      expect(leaders[k].rmaxGflops).toBeGreaterThanOrEqual(leaders[k - 1].rmaxGflops);
    }
    // El Capitan, November 2024: 1.742 EFlop/s.
    expect(leaders.at(-1)?.rmaxGflops).toBe(1.742e9);
  });

  it("reads the transistor counts from the 4004 (2,300) on", () => {
    const chips = loadTransistorCounts();
    expect(chips[0]).toEqual({ year: 1971, chip: "4004", maker: "Intel", transistors: 2300 });
    expect(chips.length).toBe(20);
  });
});
