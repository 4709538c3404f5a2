// The grader's training process (forked by scripts/grade.mjs with a memory limit and killed on
// timeout): trains the baseline and the submitted configuration on the training digits with the
// grader's fixed seed, scores both on the held-out digits and reports through the IPC channel.
// It receives { config, seed, trainLimit, identity } as its first message; it never reads the
// submission. With an identity (grade.mjs --as USER, started as root) it loads the library and
// the digits as root, then drops root for good before it trains.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const DIST = join(dirname(fileURLToPath(import.meta.url)), "..", "lib", "dist");
const nn = { ...require(join(DIST, "index.js")), ...require(join(DIST, "homework", "index.js")) }; // nnlib and nnlib/homework
const { loadHeldOutDigits } = require(join(DIST, "grader", "index.js"));

// The grader went away (or told it to stop while it could not signal it): stop too.
process.on("disconnect", () => process.exit(0));

function score(model, heldOut) {
  const logits = model.predict(heldOut.x);
  const cm = nn.confusionMatrix(logits, heldOut.y, 10);
  // predicted[d]: how many held-out digits the network called d (the column sums: rows are the true digits)
  const predicted = Array.from({ length: 10 }, (_, d) => Array.from({ length: 10 }, (_, t) => cm.get(t, d)).reduce((a, b) => a + b, 0));
  return { accuracy: nn.accuracy(logits, heldOut.y), perClass: nn.perClassAccuracy(cm), predicted, top: nn.mostPredictedClass(logits) };
}

process.once("message", (msg) => {
  try {
    const { config, seed, trainLimit, identity } = msg;
    const train = nn.loadDigits("train", trainLimit ? { limit: trainLimit } : {});
    const heldOut = loadHeldOutDigits();
    if (!process.connected) process.exit(0); // stopped while loading
    if (identity) {
      process.initgroups(identity.name, identity.gid);
      process.setgid(identity.gid);
      process.setuid(identity.uid);
      if (process.geteuid() !== identity.uid) throw new Error(`could not become ${identity.name}`);
    }
    const base = nn.trainFromConfig({ ...nn.BASELINE_CONFIG, seed }, train, { validation: 0, name: "baseline" });
    const b = base.status === "ok" ? score(base.model, heldOut) : { accuracy: NaN, perClass: [] };
    process.send({ type: "baseline", accuracy: b.accuracy, seconds: base.seconds });
    process.send({ type: "start", trainSamples: train.x.rows, heldOutSamples: heldOut.x.rows, uid: process.getuid?.() });
    const run = nn.trainFromConfig({ ...config, seed }, train, { validation: 0, name: "submission" });
    if (run.status === "diverged") {
      process.send({ type: "diverged", error: run.error, seconds: run.seconds, epochs: run.history.epoch.length });
    } else {
      const s = score(run.model, heldOut);
      // Why a low accuracy happened, when the library can tell: one class for every digit, a loss that blew up (training/divergence.ts).
      const reason = nn.divergenceReason(run.history.divergence, s.top);
      process.send({ type: "result", accuracy: s.accuracy, perClass: s.perClass, predicted: s.predicted, seconds: run.seconds, trainAccuracy: run.trainAccuracy, params: run.model.countParams(), reason });
    }
    process.disconnect();
  } catch (e) {
    process.send({ type: "error", error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    process.disconnect();
    process.exitCode = 1;
  }
});
