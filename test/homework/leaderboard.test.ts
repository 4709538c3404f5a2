// The class leaderboard (scripts/lib/leaderboard.mjs) and the formula-safe CSV cells it is written with (scripts/lib/csv.mjs).
import { describe, expect, test } from "vitest";
import { csvCell, csvRow } from "../../scripts/lib/csv.mjs";
import {
  escapeHtml, LEADERBOARD_COLUMNS, leaderboardCsv, leaderboardHtml, parametersFromReport, rankLeaderboard, rankText, targetFromReport,
} from "../../scripts/lib/leaderboard.mjs";

type Sub = Parameters<typeof rankLeaderboard>[0][number];
const sub = (name: string, accuracy: number | undefined, params: number | undefined, result: Sub["result"], seconds?: number, reason?: string): Sub =>
  ({ name, accuracy, params, seconds, result, reason });

const klass: Sub[] = [
  sub("zoe", 0.962, 50000, "pass", 40.1),
  sub("ann", 0.978, 120000, "pass", 90.2),
  sub("bob", 0.978, 30000, "pass", 300.5), // same accuracy as ann, fewer parameters: listed first, same rank
  sub("cat", 0.978, 30000, "pass", 12.0), //  the same accuracy AND parameters as bob: the name decides (the time never does)
  sub("dan", 0.631, 12730, "fail", 3.3),
  sub("eve", undefined, 900000, "fail", undefined, "too slow: training did not finish within 600 s. Use fewer epochs, …"),
  sub("fay", undefined, 5000, "fail", undefined, "training diverged after 2 finished epoch(s): …"),
  sub("=cmd|' /C calc'!A0", 0.95, 5258, "pass", 10),
  sub("<script>alert(1)</script>", undefined, undefined, "invalid", undefined, "layers[2].kernelSize: 7 is larger than the 5 × 5 input of this layer"),
  sub("abe", undefined, undefined, "invalid", undefined, "optimizer.learningRate: must be a number in (0, 1000], got -1."),
];

describe("rankLeaderboard", () => {
  const board = rankLeaderboard(klass);

  test("order: accuracy, then fewer parameters, then the name; ties share a rank (competition ranking)", () => {
    expect(board.ranked.map((r) => [rankText(r), r.name])).toEqual([
      ["1=", "bob"], ["1=", "cat"], ["1=", "ann"], ["4", "zoe"], ["5", "=cmd|' /C calc'!A0"], ["6", "dan"],
    ]);
    expect(board.ranked.map((r) => r.tied)).toEqual([true, true, true, false, false, false]);
  });

  test("fails without an accuracy are unranked, with a short reason; invalid submissions are listed apart, by name", () => {
    expect(board.unranked.map((r) => [r.name, r.note, r.rank])).toEqual([["eve", "too slow", undefined], ["fay", "diverged", undefined]]);
    expect(board.invalid.map((r) => r.name)).toEqual(["<script>alert(1)</script>", "abe"]);
  });

  test("the same ranking whatever the input order and the training times", () => {
    const shuffled = [...klass].reverse().map((s) => ({ ...s, seconds: s.seconds === undefined ? undefined : 1000 - s.seconds }));
    expect(rankLeaderboard(shuffled).ranked.map((r) => [rankText(r), r.name])).toEqual(board.ranked.map((r) => [rankText(r), r.name]));
  });

  test("accuracies equal up to rounding noise are a tie; one digit apart are not", () => {
    const b = rankLeaderboard([sub("x", 0.1 + 0.7, 10, "fail"), sub("y", 0.8, 20, "fail"), sub("z", 0.799, 5, "fail")]);
    expect(b.ranked.map((r) => [rankText(r), r.name])).toEqual([["1=", "x"], ["1=", "y"], ["3", "z"]]);
  });
});

describe("leaderboard files", () => {
  const board = rankLeaderboard(klass);

  test("CSV: header, ranked rows, unranked, invalid; no cell starts a formula; nothing but the published columns", () => {
    const lines = leaderboardCsv(board).trimEnd().split("\n");
    expect(lines[0]).toBe(LEADERBOARD_COLUMNS.join(","));
    expect(lines[0]).toBe("rank,tied,name,accuracy_percent,parameters,training_seconds,result,note");
    expect(lines.slice(1)).toEqual([
      "1,yes,bob,97.8,30000,300.5,pass,",
      "1,yes,cat,97.8,30000,12.0,pass,",
      "1,yes,ann,97.8,120000,90.2,pass,",
      "4,no,zoe,96.2,50000,40.1,pass,",
      "5,no,'=cmd|' /C calc'!A0,95.0,5258,10.0,pass,",
      "6,no,dan,63.1,12730,3.3,fail,",
      ",,eve,,900000,,fail,too slow",
      ",,fay,,5000,,fail,diverged",
      ",,<script>alert(1)</script>,,,,invalid,",
      ",,abe,,,,invalid,",
    ]);
    expect(leaderboardCsv(board)).not.toMatch(/kernelSize|learningRate|layers|optimizer/); // no configuration, no reasons
  });

  test("HTML: names escaped, ties shown as 3=, invalid listed apart, self-contained, no configuration", () => {
    const html = leaderboardHtml(board, { target: 0.95 });
    expect(html).not.toContain("<script>");
    expect(html).toContain("<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>");
    expect(html).toContain("<td>=cmd|&#39; /C calc&#39;!A0</td>");
    expect(html).toMatch(/<tr class="pass"><td class="num">1=<\/td><td>bob<\/td><td class="num">97\.8 %<\/td><td class="num">30,000<\/td><td class="num">300\.5 s<\/td><td>pass<\/td><\/tr>/);
    expect(html).toMatch(/<td class="num">6<\/td><td>dan<\/td>/);
    expect(html).toMatch(/<h2>Not ranked: training gave no accuracy<\/h2>[\s\S]*<td>eve<\/td><td class="num">900,000<\/td><td>too slow<\/td>/);
    expect(html).toMatch(/<h2>Invalid submissions<\/h2>[\s\S]*<li>abe<\/li>/);
    expect(html).toContain("Pass: at least 95.0 % on the held-out digits.");
    expect(html).not.toMatch(/src=|href=|kernelSize|learningRate/);
    expect(html.indexOf("<td>zoe</td>")).toBeGreaterThan(html.indexOf("<td>ann</td>"));
  });

  test("escapeHtml escapes & < > \" '", () => {
    expect(escapeHtml(`a & b < c > d "e" 'f'`)).toBe("a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;");
  });

  test("parameters and target read from a grader report", () => {
    const report = [
      "  network              28×28 → conv2d 8 × 3×3 relu, stride 2 → maxpool2d 2×2 → 10, 5,258 parameters (limit 1,000,000)",
      "  target               95.0 %",
    ].join("\n");
    expect(parametersFromReport(report)).toBe(5258);
    expect(parametersFromReport("  network              784-16-10 (sigmoid), 12,730 parameters (limit 1,000,000)")).toBe(12730);
    expect(parametersFromReport("RESULT: INVALID SUBMISSION (exit code 2)")).toBeUndefined();
    expect(targetFromReport(report)).toBe(0.95);
  });
});

describe("csvCell / csvRow", () => {
  test("formula-like text gets a ' in front: = + - @ tab CR", () => {
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvCell("a=b")).toBe("a=b");
  });

  test("quoting as RFC 4180; numbers stay numbers; empty for undefined and null", () => {
    expect(csvCell('say "hi", bob')).toBe('"say ""hi"", bob"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect([csvCell(-1.5), csvCell(0.978), csvCell(undefined), csvCell(null), csvCell(NaN)]).toEqual(["-1.5", "0.978", "", "", "NaN"]);
    expect(csvRow(["alice", 0.978, undefined, "-x"])).toBe("alice,0.978,,'-x");
  });
});
