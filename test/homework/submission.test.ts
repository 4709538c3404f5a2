import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { extractConfigFromNotebook, extractConfigFromSource, parseConfigText, SubmissionError } from "../../lib/src/grader";
import { validateConfig } from "../../lib/src/homework";

const cell = `// Edit the values below, then run the cells that follow.
const config: HomeworkConfig = {
  hidden: [{ units: 128, activation: "relu" }],   // layers
  optimizer: { name: 'adam', learningRate: 1e-3, },
  /* a block comment */
  batchSize: 64,
  epochs: 10,
  augment: { shift: 2, rotation: 1_0 },
};
const unrelated = process.exit(1);`;

const notebook = (source: string, id = "config") =>
  JSON.stringify({ cells: [{ id: "title", cell_type: "markdown", source: ["const config = 1"] }, { id, cell_type: "code", source: source.split(/(?<=\n)/) }] });

describe("reading a submission without running it", () => {
  test("the object literal after const config is parsed (comments, quotes, trailing commas, numeric separators)", () => {
    const cfg = extractConfigFromSource(cell);
    expect(cfg).toEqual({
      hidden: [{ units: 128, activation: "relu" }],
      optimizer: { name: "adam", learningRate: 0.001 },
      batchSize: 64,
      epochs: 10,
      augment: { shift: 2, rotation: 10 },
    });
    expect(validateConfig(cfg)).toEqual([]);
  });

  test("from a notebook: the cell with id config, else the one cell declaring config", () => {
    expect(extractConfigFromNotebook(notebook(cell))).toMatchObject({ epochs: 10 });
    expect(extractConfigFromNotebook(notebook(cell, "renamed"))).toMatchObject({ epochs: 10 });
    expect(() => extractConfigFromNotebook(notebook("const x = 1;", "other"))).toThrow(/no code cell with id "config"/);
    expect(() => extractConfigFromNotebook("{ not json")).toThrow(/not a notebook/);
  });

  test("code is refused, with the line and column", () => {
    const withCode = cell.replace("epochs: 10", "epochs: Math.max(1, 10)");
    expect(() => extractConfigFromSource(withCode)).toThrow(SubmissionError);
    expect(() => extractConfigFromSource(withCode)).toThrow(/line 7, column 11: "Math" is not a plain value/);
    expect(() => extractConfigFromSource(cell.replace("1e-3", "0.01 / 10"))).toThrow(/arithmetic is not read/);
    expect(() => extractConfigFromSource(cell.replace("batchSize: 64,", "...other,"))).toThrow(/spread/);
    expect(() => parseConfigText('{ "__proto__": { "x": 1 } }')).toThrow(/not allowed/);
    expect(() => parseConfigText('{ "epochs": 1 } extra')).toThrow(/unexpected text/);
    expect(() => parseConfigText('{ "epochs": 1, "epochs": 2 }')).toThrow(/given twice/);
  });

  test("notebook 08's own config cell is readable and valid", () => {
    const text = readFileSync(join(__dirname, "..", "..", "notebooks", "08-homework.ipynb"), "utf8");
    const cfg = extractConfigFromNotebook(text, "08-homework.ipynb");
    expect(validateConfig(cfg)).toEqual([]);
  });
});
