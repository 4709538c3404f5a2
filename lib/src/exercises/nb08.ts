/**
 * The exercises of notebook 08-homework: each `defineExercise` holds the checker of one exercise.
 * The expected answers stay here, out of the student's notebook. They are measured, not typed in:
 * each checker re-runs the experiment the exercise asks for (on the notebook's 3,000 digits, with
 * the same seeds; a few seconds the first time, then cached), so the answer is always that of the
 * library as it is.
 */
import { loadDigits } from "../data/mnist";
import { BASELINE_CONFIG, HomeworkConfig } from "../homework/config";
import { HomeworkData, HomeworkRun, trainFromConfig } from "../homework/build";
import { defineExercise, wrong } from "./check";
import { expectChoice, expectFields, expectNumber } from "./matchers";

const no = (hint: string) => ({ ok: false, hint });

let digits3000: HomeworkData | undefined;
const data = (limit: number): HomeworkData => {
  if (limit === 3000) return (digits3000 ??= loadDigits("train", { limit: 3000 }));
  return loadDigits("train", { limit });
};
const cache = new Map<string, HomeworkRun>();
function run(cfg: HomeworkConfig, limit = 3000): HomeworkRun {
  const key = `${limit} ${JSON.stringify(cfg)}`;
  let r = cache.get(key);
  if (r === undefined) {
    r = trainFromConfig(cfg, data(limit));
    cache.set(key, r);
  }
  return r;
}
const B: HomeworkConfig = { ...BASELINE_CONFIG };
const pp = (r: HomeworkRun) => 100 * (r.valAccuracy ?? NaN);

/** "better" / "worse" / "same" (|Δ| ≤ 1 pp, the notebook's threshold) of one change against the baseline. */
function effect(cfg: HomeworkConfig): string {
  const d = pp(run(cfg)) - pp(run(B));
  return Math.abs(d) <= 1 ? "same" : d > 0 ? "better" : "worse";
}
const EFFECTS = ["better", "worse", "same"];
const momentumCfg: HomeworkConfig = { ...B, optimizer: { name: "sgd", learningRate: 0.01, momentum: 0.9 } };
const batchNormCfg: HomeworkConfig = { ...B, batchNorm: true };
defineExercise({
  id: "08.1",
  title: "momentum 0.9 and batch normalisation, each alone against the baseline: better, worse or the same (within 1 pp)?",
  check: (answer) =>
    expectFields({
      momentum: expectChoice(effect(momentumCfg), EFFECTS, "run the baseline with only optimizer.momentum changed to 0.9 and compare its validation accuracy with the baseline's (the log's Δ column)."),
      batchNorm: expectChoice(effect(batchNormCfg), EFFECTS, "run the baseline with only batchNorm: true and compare its validation accuracy with the baseline's."),
    })(answer),
  wrongExamples: [
    { momentum: "same", batchNorm: "same" },
    wrong({ momentum: "worse", batchNorm: "worse" }, /^momentum: run the baseline/),
    wrong({ momentum: "хуже", batchNorm: "хуже" }, /^momentum: run the baseline/),
    wrong({ momentum: "лучш", batchNorm: "лучше" }, /"better" \(лучше\), "worse" \(хуже\), "same" \(так же\)\. English and Russian words are both accepted/),
    wrong({ momentum: "better" }, /"batchNorm" is missing/),
    wrong("better", /got the string 'better'/),
  ],
});

/** max − min of the baseline's validation accuracy (pp) over seeds 0, 1, 2. */
function seedSpread(): number {
  const acc = [0, 1, 2].map((seed) => pp(run({ ...B, seed })));
  return Math.max(...acc) - Math.min(...acc);
}
defineExercise({
  id: "08.2",
  title: "the spread (max − min, in pp) of the baseline's validation accuracy over seeds 0, 1 and 2",
  check: (answer) => {
    const s = seedSpread();
    if (typeof answer === "number" && Math.abs(answer - s / 100) < 1e-9) return no("that is a fraction; give percentage points (× 100).");
    if (typeof answer === "number" && answer > 0 && answer < s - 1e-6) {
      return no("too small: use all three seeds (0, 1 and 2) and take the largest minus the smallest validation accuracy.");
    }
    return expectNumber(s, 1e-6)(answer);
  },
  wrongExamples: [0, -1, 0.1, 1000, wrong("16", /the string '16'.*without quotes/), wrong(NaN, /NaN/)],
});

const improvedCfg: HomeworkConfig = {
  hidden: [{ units: 64, activation: "relu" }],
  initializer: "he_normal",
  optimizer: { name: "adam", learningRate: 0.001 },
  batchSize: 32,
  epochs: 5,
  dropout: 0.2,
};
/** train − validation accuracy (pp) of `improved` trained on 300 digits. */
function gap300(): number {
  const r = run(improvedCfg, 300);
  return 100 * ((r.trainAccuracy ?? NaN) - (r.valAccuracy ?? NaN));
}
defineExercise({
  id: "08.3",
  title: "the gap train − validation accuracy (pp) of the improved configuration on 300 digits",
  check: (answer) => {
    const g = gap300();
    if (typeof answer === "number" && Math.abs(answer + g) < 1e-6) return no("the sign: the gap is training accuracy MINUS validation accuracy.");
    if (typeof answer === "number" && Math.abs(answer - g / 100) < 1e-9) return no("that is a fraction; give percentage points (× 100).");
    return expectNumber(g, 1e-6)(answer);
  },
  wrongExamples: [0, 100, -5, wrong("9", /the string '9'.*without quotes/)],
});

const linear1000: HomeworkConfig = { ...B, hidden: [{ units: 16, activation: "linear" }], optimizer: { name: "sgd", learningRate: 1000, momentum: 0.9 } };
defineExercise({
  id: "08.4",
  title: "learning rate 1000 with linear hidden units and momentum 0.9: a NaN loss (\"diverged\") or just a useless network?",
  check: (answer) =>
    expectChoice(run(linear1000).status === "diverged" ? "diverged" : "useless", ["diverged", "useless"],
      "train that configuration and read the run's status (and its error) in the log or in describeRun.")(answer),
  wrongExamples: [
    wrong("useless", /train that configuration/),
    wrong("Бесполезная", /train that configuration/),
    wrong("maybe", /not one of the answers "diverged" \(разошлось\), "useless" \(бесполезная\)/),
    "NaN",
    "",
  ],
});
