// @ts-check
// The class leaderboard of the homework (notebook 08), written by the batch grader next to the
// gradebook (scripts/grade-batch.mjs): leaderboard.csv and leaderboard.html.
//
// It is meant to be published: it shows for each student only the name as given (the file or
// folder name), the held-out accuracy, the number of parameters, the training time and pass/fail
// — never the configuration, the reasons of a failure or the submission's path.
//
// Ranking rule:
//   1. higher held-out accuracy first; equal accuracies (the same number of the 1,000 held-out
//      digits right) are a TIE: the same rank, shown as "3=" (competition ranking: 1, 2, 3=, 3=, 5);
//   2. within a tie, fewer parameters first, then the name (code-point order, the same on any
//      computer). The training time is shown but never used to order: it changes from run to run
//      and with the load of the machine, while the ranking must be the same every time the same
//      folder is graded.
// Submissions without a held-out accuracy (training too slow, diverged or out of memory) are
// listed after the ranking, unranked; invalid submissions are listed apart, by name.
//
// Plain JavaScript (scripts run without a build), checked by `npm run typecheck`.

import { csvRow } from "./csv.mjs";

/**
 * One graded submission, as the batch grader has it.
 * @typedef {object} GradedSubmission
 * @property {string} name the student's name as given (file or folder name)
 * @property {number | undefined} accuracy held-out accuracy in [0, 1], when training finished
 * @property {number | undefined} params trainable parameters, when the configuration was valid
 * @property {number | undefined} seconds training time in seconds, when training finished
 * @property {"pass" | "fail" | "invalid"} result
 * @property {string} [reason] the grader's reason (used only to say why a fail has no accuracy)
 */

/**
 * A row of the leaderboard.
 * @typedef {object} LeaderboardRow
 * @property {number | undefined} rank 1, 2, … (undefined when unranked or invalid)
 * @property {boolean} tied another ranked submission has the same accuracy
 * @property {string} name
 * @property {number | undefined} accuracy
 * @property {number | undefined} params
 * @property {number | undefined} seconds
 * @property {"pass" | "fail" | "invalid"} result
 * @property {string} note why a fail is not ranked ("too slow", "diverged", "out of memory", "no result"); "" otherwise
 */

/**
 * @typedef {object} Leaderboard
 * @property {LeaderboardRow[]} ranked submissions with a held-out accuracy, best first
 * @property {LeaderboardRow[]} unranked failed submissions without an accuracy, by name
 * @property {LeaderboardRow[]} invalid invalid submissions, by name
 */

/** The CSV's columns. */
export const LEADERBOARD_COLUMNS = ["rank", "tied", "name", "accuracy_percent", "parameters", "training_seconds", "result", "note"];

/**
 * @param {string} a
 * @param {string} b
 */
const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Accuracy as a whole number of millionths, so that 0.978 from two reports compares equal.
 * @param {number} a
 */
const accuracyKey = (a) => Math.round(a * 1e6);

/**
 * Why a failed submission has no accuracy, in two or three words (nothing of its configuration).
 * @param {string | undefined} reason
 */
function failNote(reason) {
  const r = reason ?? "";
  if (/too slow/.test(r)) return "too slow";
  if (/diverged/.test(r)) return "diverged";
  if (/out of memory|too much memory/.test(r)) return "out of memory";
  return "no result";
}

/**
 * Ranks graded submissions (the rule is in the module comment).
 * @param {readonly GradedSubmission[]} submissions
 * @returns {Leaderboard}
 */
export function rankLeaderboard(submissions) {
  /** @param {GradedSubmission} s @returns {LeaderboardRow} */
  const row = (s) => ({ rank: undefined, tied: false, name: s.name, accuracy: s.accuracy, params: s.params, seconds: s.seconds, result: s.result, note: "" });
  const scored = submissions.filter((s) => s.result !== "invalid" && typeof s.accuracy === "number" && Number.isFinite(s.accuracy));
  const ranked = scored.map(row).sort((a, b) =>
    accuracyKey(/** @type {number} */ (b.accuracy)) - accuracyKey(/** @type {number} */ (a.accuracy)) ||
    (a.params ?? Infinity) - (b.params ?? Infinity) ||
    byCodePoint(a.name, b.name));
  ranked.forEach((r, i) => {
    const key = accuracyKey(/** @type {number} */ (r.accuracy));
    const prev = ranked[i - 1];
    r.rank = prev !== undefined && accuracyKey(/** @type {number} */ (prev.accuracy)) === key ? prev.rank : i + 1;
    r.tied = ranked.some((o) => o !== r && accuracyKey(/** @type {number} */ (o.accuracy)) === key);
  });
  const unranked = submissions
    .filter((s) => s.result !== "invalid" && !scored.includes(s))
    .map((s) => ({ ...row(s), note: failNote(s.reason) }))
    .sort((a, b) => byCodePoint(a.name, b.name));
  const invalid = submissions.filter((s) => s.result === "invalid").map(row).sort((a, b) => byCodePoint(a.name, b.name));
  return { ranked, unranked, invalid };
}

/**
 * "3" or "3=" for a tie.
 * @param {LeaderboardRow} r
 */
export function rankText(r) {
  return r.rank === undefined ? "" : `${r.rank}${r.tied ? "=" : ""}`;
}

/**
 * @param {number | undefined} a
 */
const percent = (a) => (a === undefined ? undefined : (100 * a).toFixed(1));
/**
 * @param {number | undefined} s
 */
const secondsText = (s) => (s === undefined ? undefined : s.toFixed(1));

/**
 * The leaderboard as CSV: a header, the ranked rows, the unranked fails, then the invalid
 * submissions (rank empty). Every cell goes through `csvCell` (no cell can start a formula).
 * @param {Leaderboard} board
 * @returns {string}
 */
export function leaderboardCsv(board) {
  const lines = [csvRow(LEADERBOARD_COLUMNS)];
  for (const r of [...board.ranked, ...board.unranked, ...board.invalid]) {
    lines.push(csvRow([r.rank, r.rank === undefined ? "" : r.tied ? "yes" : "no", r.name, percent(r.accuracy), r.params, secondsText(r.seconds), r.result, r.note]));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Text for HTML: & < > " ' escaped.
 * @param {unknown} value
 * @returns {string}
 */
export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * "27,210".
 * @param {number | undefined} n
 */
const thousands = (n) => (n === undefined ? "—" : String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ","));

/**
 * The leaderboard as one self-contained HTML page (no script, no link to anything outside it):
 * the ranking, the unranked fails and the invalid submissions, every name escaped.
 * @param {Leaderboard} board
 * @param {{ title?: string, target?: number, heldOut?: number }} [options] target: the pass mark in [0, 1]; heldOut: the number of held-out digits
 * @returns {string}
 */
export function leaderboardHtml(board, options = {}) {
  const title = options.title ?? "Homework 08 — class leaderboard";
  const target = options.target === undefined ? "" : ` Pass: at least ${escapeHtml((100 * options.target).toFixed(1))} % on the held-out digits.`;
  const digits = options.heldOut === undefined ? "the held-out digits" : `the ${escapeHtml(thousands(options.heldOut))} held-out digits`;
  const cell = (/** @type {unknown} */ v, cls = "") => `<td${cls ? ` class="${cls}"` : ""}>${escapeHtml(v ?? "—")}</td>`;
  const ranked = board.ranked.map((r) =>
    `<tr class="${r.result}">${cell(rankText(r), "num")}${cell(r.name)}${cell(`${percent(r.accuracy)} %`, "num")}${cell(thousands(r.params), "num")}${cell(`${secondsText(r.seconds)} s`, "num")}${cell(r.result)}</tr>`);
  const unranked = board.unranked.map((r) => `<tr class="fail">${cell(r.name)}${cell(thousands(r.params), "num")}${cell(r.note)}</tr>`);
  const invalid = board.invalid.map((r) => `<li>${escapeHtml(r.name)}</li>`);
  const total = board.ranked.length + board.unranked.length + board.invalid.length;
  const passes = board.ranked.filter((r) => r.result === "pass").length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 52em; padding: 0 1em; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { padding: 0.35em 0.7em; border-bottom: 1px solid #ddd; text-align: left; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.pass td:last-child { color: #176b26; font-weight: 600; }
tr.fail td:last-child { color: #a3261b; }
p.rule { color: #555; font-size: 0.92em; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${total} submission${total === 1 ? "" : "s"}: ${passes} passed, ${board.ranked.length} ranked by their accuracy on ${digits}, which no notebook can load.${target}</p>
<p class="rule">Ranking: higher held-out accuracy first. Equal accuracies are a tie and share a rank (shown as “3=”); within a tie, fewer parameters come first, then the name. Training times are shown but not used to rank: they change from run to run.</p>
<table>
<thead><tr><th class="num">rank</th><th>name</th><th class="num">held-out accuracy</th><th class="num">parameters</th><th class="num">training time</th><th>result</th></tr></thead>
<tbody>
${ranked.join("\n")}
</tbody>
</table>
${board.unranked.length === 0 ? "" : `<h2>Not ranked: training gave no accuracy</h2>
<table>
<thead><tr><th>name</th><th class="num">parameters</th><th>why</th></tr></thead>
<tbody>
${unranked.join("\n")}
</tbody>
</table>
`}${board.invalid.length === 0 ? "" : `<h2>Invalid submissions</h2>
<p>These could not be graded; each student has the reason in their feedback.</p>
<ul>
${invalid.join("\n")}
</ul>
`}</body>
</html>
`;
}

/**
 * The number of parameters in a grader report ("network … , 27,210 parameters (limit …)"), or undefined.
 * @param {string} report
 * @returns {number | undefined}
 */
export function parametersFromReport(report) {
  const m = /^\s*network\s.*\s(\d[\d,]*) parameters \(limit/m.exec(report);
  return m ? Number(m[1].replace(/,/g, "")) : undefined;
}

/**
 * The pass mark in a grader report ("target  95.0 %") as a fraction, or undefined.
 * @param {string} report
 * @returns {number | undefined}
 */
export function targetFromReport(report) {
  const m = /^\s*target\s+([\d.]+) %/m.exec(report);
  return m ? Number(m[1]) / 100 : undefined;
}
