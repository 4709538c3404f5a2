// scripts/lib/csv.mjs: gradebook and leaderboard cells that a spreadsheet opens as data, never as a formula.
import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "../../scripts/lib/csv.mjs";

describe("csvCell", () => {
  it("neutralises every text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR)", () => {
    expect(csvCell('=HYPERLINK("http://x";"ok")')).toBe(`"'=HYPERLINK(""http://x"";""ok"")"`);
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
  });

  it("quotes commas, quotes, line breaks and edge spaces (RFC 4180); plain text is left alone", () => {
    expect(csvCell("alice")).toBe("alice");
    expect(csvCell("carol/08-homework.ipynb")).toBe("carol/08-homework.ipynb");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell("a = b")).toBe("a = b");
  });

  it("writes numbers as numbers (a negative number is not a formula), empty cells for undefined and null", () => {
    expect(csvCell(-1)).toBe("-1");
    expect(csvCell(0.9781)).toBe("0.9781");
    expect(csvCell(2)).toBe("2");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell("")).toBe("");
  });
});

describe("csvRow", () => {
  it("joins the cells with commas, without a line ending", () => {
    expect(csvRow(["=cmd|' /C calc'!A0", 0.5, undefined, "fail", 1, "below, the target"])).toBe(`'=cmd|' /C calc'!A0,0.5,,fail,1,"below, the target"`);
    expect(csvRow([])).toBe("");
  });
});
