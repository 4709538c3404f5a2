import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { Matrix } from "../../lib/src/core/matrix";
import type { DisplayBundle } from "../../lib/src/display/bundle";
import { setTransport } from "../../lib/src/display/transport";
import { danfo, frameToMatrix, matrixToFrame, readCsvFrame, showTable, tableHtml, tableText } from "../../lib/src/data/tables";

function tempCsv(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlib-tables-"));
  const file = path.join(dir, "t.csv");
  fs.writeFileSync(file, text);
  return file;
}

describe("readCsvFrame", () => {
  // loads danfojs (with TensorFlow.js): seconds on a busy machine, not a speed test.
  it("reads numbers as numbers, empty fields as null, text as text, columns in file order", { timeout: 60_000 }, () => {
    const df = readCsvFrame(tempCsv('z,2019,name\n1.5,3,"a, b"\n-2,,c\n'));
    expect(df.columns).toEqual(["z", "2019", "name"]);
    expect(df.shape).toEqual([2, 3]);
    expect(df.values).toEqual([
      [1.5, 3, "a, b"],
      [-2, null, "c"],
    ]);
  });

  it("names a missing file and a record with the wrong number of fields", () => {
    expect(() => readCsvFrame("/nonexistent/x.csv")).toThrow(/readCsvFrame: file not found: \/nonexistent\/x\.csv/);
    expect(() => readCsvFrame(tempCsv("a,b\n1,2\n3\n"))).toThrow(/record 3 has 1 fields but the header has 2 \(a, b\)/);
  });
});

describe("DataFrame ↔ Matrix", () => {
  it("round-trips a matrix, columns selected by name in the order given", () => {
    const m = Matrix.from([
      [1, 2.5, -3],
      [4, 0.1, 6e-7],
    ]);
    const df = matrixToFrame(m, ["a", "b", "c"]);
    expect(df.columns).toEqual(["a", "b", "c"]);
    expect(frameToMatrix(df).allClose(m, 0)).toBe(true);
    expect(frameToMatrix(df, ["c", "a"]).toArray()).toEqual([
      [-3, 1],
      [6e-7, 4],
    ]);
    expect(matrixToFrame(m).columns).toEqual(["0", "1", "2"]);
  });

  it("keeps float64 precision (danfojs labels the column float32 but stores JS numbers)", () => {
    const x = 0.1 + 0.2;
    expect(frameToMatrix(matrixToFrame(Matrix.from([[x]]))).get(0, 0)).toBe(x);
  });

  it("names the column and row of a non-numeric value", () => {
    const df = new (danfo().DataFrame)(
      [
        [1, "x"],
        [2, "yes"],
      ],
      { columns: ["n", "flag"] },
    );
    expect(() => frameToMatrix(df)).toThrow(
      /frameToMatrix: column "flag", row 0 holds the text "x", which is not a finite number\. Hint: leave the column out/,
    );
    expect(frameToMatrix(df, ["n"]).toArray()).toEqual([[1], [2]]);
  });

  it("names the column, row and index label of a missing value", () => {
    const df = new (danfo().DataFrame)(
      [
        [1, 2],
        [3, null],
      ],
      { columns: ["a", "b"], index: [10, 11] },
    );
    expect(() => frameToMatrix(df)).toThrow(/column "b", row 1 \(index label "11"\) is missing \(null\).*dropNa/);
  });

  it("explains unknown columns and a wrong number of names", () => {
    const df = matrixToFrame(Matrix.from([[1, 2]]), ["RM", "LSTAT"]);
    expect(() => frameToMatrix(df, ["rm"])).toThrow(/no column "rm"; its columns are \["RM","LSTAT"\]\. Hint: names are case-sensitive/);
    expect(() => matrixToFrame(Matrix.from([[1, 2]]), ["a"])).toThrow(/the matrix is 1×2 \(2 columns\) but 1 column names were given/);
  });
});

describe("showTable", () => {
  const sent: DisplayBundle[] = [];
  afterEach(() => {
    setTransport(undefined);
    sent.length = 0;
  });

  const df = () =>
    matrixToFrame(
      Matrix.from([
        [0.00632, 18, 24],
        [0.02731, 0, 21.6],
        [0.02729, 0, 34.7],
      ]),
      ["CRIM", "ZN", "MEDV<$1000>"],
    );

  it("sends an HTML table and a text copy with column names and formatted numbers", () => {
    setTransport({ display: (bundle) => sent.push(bundle), update: () => undefined });
    showTable(df(), { rows: 2, digits: 3 });
    expect(sent).toHaveLength(1);
    const data = sent[0].data as unknown as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(["text/html", "text/plain"]);
    const html = data["text/html"];
    expect(html).toContain("<table");
    expect(html).toMatch(/<th style="text-align:right;[^"]*">CRIM<\/th>/); // numbers: header right, like the cells
    expect(tableHtml(new (danfo().DataFrame)([{ run: "a", acc: 0.5 }]))).toMatch(/<th style="text-align:left;[^"]*">run<\/th>.*<th style="text-align:right;[^"]*">acc<\/th>/s);
    expect(html).toContain("MEDV&lt;$1000&gt;"); // escaped
    expect(html).toContain(">0.006<"); // 3 decimals
    expect(html).toContain(">0.027<");
    expect(html).toContain(">18<"); // a column of whole numbers has no decimals
    expect(html).toContain(">24.000<");
    expect(html).not.toContain("34.700"); // only 2 rows
    expect(html).toContain("3 rows × 3 columns (first 2 shown)");
    expect(data["text/plain"]).toContain("CRIM");
    expect(data["text/plain"]).toContain("0.006");
    expect(data["text/plain"]).toContain("[3 rows × 3 columns, first 2 shown]");
  });

  it("shows describe() with its row labels", () => {
    const html = tableHtml(df().describe(), { digits: 2 });
    for (const label of ["count", "mean", "std", "min", "max"]) expect(html).toContain(`>${label}</th>`);
    expect(html).toContain(">26.77<"); // mean of MEDV
  });

  it("checks its options and its argument", () => {
    expect(() => tableText(df(), { digits: -1 })).toThrow(/digits must be a whole number from 0 to 15, got -1/);
    expect(() => tableText(df(), { rows: 1.5 })).toThrow(/rows must be a whole number ≥ 0/);
    expect(() => showTable([[1]] as never)).toThrow(/showTable: expected a DataFrame/);
  });
});
