// @ts-check
// Harness self-test: the notebook runner and the browser test are run on the fixture notebooks
// in test/stages/fixtures/notebooks/, and what they report is compared with expected.json. A fixture
// with a compile error, a runtime exception, a stderr line, a plot that never draws, a live
// plot stuck at one epoch and a badly committed file must each make the harness fail, naming
// the right cell: a test that cannot fail is a defect.

import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { tally } from "../../scripts/lib/checks.mjs";
import { checkSource } from "../../scripts/lib/notebook.mjs";
import { OUTPUT_DIR, describeFailure, executeNotebooks } from "../../scripts/run-notebooks.mjs";
import { REPO } from "../../scripts/setup.mjs";
import { browserTest } from "./browser-test.mjs";

export const FIXTURE_DIR = join(REPO, "test", "stages", "fixtures", "notebooks");

/**
 * What the harness must report for one fixture (expected.json): the source check (`"pass"` or
 * texts the report must hold), the run (`"pass"` or where it must fail) and the browser test
 * (`"pass"` or the checks that must fail).
 * `firstLine` / `excludes`: how the failing cell's error output must begin, and texts it must not
 * hold (a library error shows its message first, without the library's code or Node's stack lines).
 * @typedef {{ source?: "pass" | string[], execute?: "pass" | { cell: number, id: string, includes: string, firstLine?: string, excludes?: string[] }, browser?: "pass" | { check: string, includes: string }[] }} Expectation
 */

/**
 * expected.json, by fixture file name.
 * @returns {Record<string, Expectation>}
 */
function expectations() {
  const all = JSON.parse(readFileSync(join(FIXTURE_DIR, "expected.json"), "utf8"));
  delete all.$comment;
  return all;
}

/** @typedef {import("../../scripts/lib/checks.mjs").Check} Check */
/** @typedef {import("../../scripts/lib/checks.mjs").StageResult} StageResult */

const PREFIX = "harness self-test: ";

/**
 * Source checks and nbclient execution of the fixtures.
 * @returns {Promise<StageResult>}
 */
export async function notebookSelfTest() {
  const expected = expectations();
  /** @type {Check[]} */
  const checks = [];
  for (const [name, want] of Object.entries(expected)) {
    if (want.source === undefined) continue;
    const problems = checkSource(join(FIXTURE_DIR, name));
    if (want.source === "pass") {
      checks.push({ name: `${name} source check passes`, ok: problems.length === 0, detail: problems.join("; ") });
    } else {
      const text = problems.join("; ");
      const missing = want.source.filter((s) => !text.includes(s));
      checks.push({ name: `${name} source check fails`, ok: missing.length === 0, detail: `reported "${text}", missing ${JSON.stringify(missing)}` });
    }
  }
  const toRun = Object.entries(expected).filter(([, want]) => want.execute !== undefined);
  const results = await executeNotebooks(
    toRun.map(([name]) => join(FIXTURE_DIR, name)),
    { outDir: join(OUTPUT_DIR, "fixtures"), timeout: 120, quiet: true },
  );
  for (const result of results) {
    const name = basename(result.path);
    const want = /** @type {NonNullable<Expectation["execute"]>} */ (expected[name].execute); // toRun has only these
    if (want === "pass") {
      checks.push({ name: `${name} executes cleanly`, ok: result.ok, detail: describeFailure(result) });
      continue;
    }
    const report = describeFailure(result);
    const f = result.failure;
    const ok = !result.ok && f !== null && f.cell === want.cell && f.id === want.id && report.includes(want.includes) && report.includes(f.first_line);
    checks.push({
      name: `${name} is reported failing at code cell ${want.cell} (id ${want.id})`,
      ok,
      detail: result.ok ? "the runner reported success" : `the runner reported:\n${report}`,
    });
    if (want.firstLine !== undefined || want.excludes !== undefined) {
      const output = f?.stderr ?? "";
      const first = output.split("\n").find((l) => l.trim() !== "") ?? "";
      const held = (want.excludes ?? []).filter((x) => output.includes(x));
      checks.push({
        name: `${name}: the error output begins with "${want.firstLine ?? ""}" and holds none of ${JSON.stringify(want.excludes ?? [])}`,
        ok: first.startsWith(want.firstLine ?? "") && held.length === 0,
        detail: `first line: ${first}\nholds: ${JSON.stringify(held)}\nthe cell's error output:\n${output}`,
      });
    }
  }
  return tally(checks, PREFIX);
}

/**
 * The browser test on the fixtures that have browser expectations; `session` as in `browserTest`
 * (scripts/test.mjs runs them in the same session as the notebooks).
 * @param {{ session?: import("./browser-test.mjs").BrowserSession }} [options]
 * @returns {Promise<StageResult>}
 */
export async function browserSelfTest({ session } = {}) {
  const expected = expectations();
  const names = Object.keys(expected).filter((name) => expected[name].browser !== undefined);
  const { results } = await browserTest(
    names.map((name) => join(FIXTURE_DIR, name)),
    { session, screenshotDir: join(REPO, "screenshots", "fixtures"), quiet: true, renderWaitMs: 5000 },
  );
  /** @type {Check[]} */
  const checks = [];
  results.forEach((result, i) => {
    const name = names[i];
    const want = /** @type {NonNullable<Expectation["browser"]>} */ (expected[name].browser); // names has only these
    const failed = result.checks.filter((c) => !c.ok);
    const summary = failed.map((c) => `${c.name}: ${c.detail}`).join("\n") || "all checks passed";
    if (want === "pass") {
      const live = result.checks.some((c) => c.name.startsWith("live plot"));
      checks.push({ name: `${name} passes in the browser (with a live plot check)`, ok: failed.length === 0 && live && result.plots > 0, detail: summary });
    } else {
      for (const expectation of want) {
        const hit = failed.find((c) => c.name === expectation.check && (c.detail ?? "").includes(expectation.includes));
        checks.push({ name: `${name} fails the browser check "${expectation.check}"`, ok: hit !== undefined, detail: `the browser test reported:\n${summary}` });
      }
    }
  });
  return tally(checks, PREFIX);
}
