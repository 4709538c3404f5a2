/**
 * Divergence without a NaN: training whose loss blew up but stayed finite. Too large a learning rate
 * does not always end in NaN (that case is `TrainingDivergedError`): with ReLU units and SGD at
 * η = 50 the first steps overshoot, the loss jumps from 2.3 to thousands and settles far above where
 * it started, every hidden unit is dead and the network answers one class for every input —
 * accuracy at chance, and nothing said. One rule here, used by `fit` (a warning, and
 * `history.divergence`) and by the homework grader (the reason of its FAIL):
 *
 *   L₀ = the loss before training (on the first rows of the training data, in inference mode),
 *   L_max, L_last = the largest and the last epoch's mean training loss,
 *   collapsed = after training, one class is ≥ 90 % of a classifier's predictions (on those rows);
 *   diverging ⇔ (L_max > 2·L₀ and L_last > 0.9·L₀)  or  (L_max > 1.1·L₀ and collapsed)
 *
 * The loss went up to more than twice where it started and training did not bring it back, or it
 * went up at all and the network ended up answering one class. Training that merely learns slowly
 * (L_max ≈ L₀, as with all-zero weights), a first spike that training recovers from, and a
 * lopsided data set (one class ≥ 90 % of the targets) are not flagged.
 */
import { Matrix } from "../core/matrix";

/** How many rows of the training data the checks look at (the loss before training, the predictions after). */
export const DIVERGENCE_CHECK_ROWS = 256;

/** The class a classifier predicts most often, and the fraction of the rows it is predicted for. */
export interface PredictedClass {
  label: number;
  share: number;
}

/** What `detectDivergence` found: the numbers behind the warning, and the warning itself. */
export interface DivergenceReport {
  /** The loss before training, L₀. */
  lossBefore: number;
  /** The largest epoch loss and its epoch (counting from 0, like `history.epoch`). */
  peakLoss: number;
  peakEpoch: number;
  /** The last epoch's loss. */
  finalLoss: number;
  /** The learning rate at the end of training. */
  learningRate: number;
  /** For a classifier that collapsed: the class it predicts for ≥ 90 % of the checked rows. */
  oneClass?: PredictedClass;
  /** The warning `fit` prints (whole sentences). */
  message: string;
}

/** A loss for the messages: 4 significant digits, or scientific when huge. */
function fmtLoss(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

const pct = (share: number): string => `${(100 * share).toFixed(share === 1 ? 0 : 1)} %`;

/**
 * The class predicted most often by a classifier's outputs `P` (one row per sample, one column per
 * class; logits or probabilities), and its share of the rows. `undefined` for fewer than 2 columns.
 */
export function mostPredictedClass(P: Matrix): PredictedClass | undefined {
  if (P.cols < 2 || P.rows === 0) return undefined;
  const counts = new Array<number>(P.cols).fill(0);
  for (let i = 0; i < P.rows; i++) {
    let best = 0;
    for (let j = 1; j < P.cols; j++) if (P.get(i, j) > P.get(i, best)) best = j;
    counts[best]++;
  }
  const label = counts.indexOf(Math.max(...counts));
  return { label, share: counts[label] / P.rows };
}

/**
 * The share of the most frequent class among targets `Y` (one-hot rows, or one integer label per
 * row for a sparse loss): a collapse onto one class only counts when the data are not that lopsided.
 */
function majorityShare(Y: Matrix): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < Y.rows; i++) {
    let c = 0;
    if (Y.cols === 1) c = Y.get(i, 0);
    else for (let j = 1; j < Y.cols; j++) if (Y.get(i, j) > Y.get(i, c)) c = j;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return Y.rows === 0 ? 1 : Math.max(...counts.values()) / Y.rows;
}

/** The inputs of `detectDivergence`. */
export interface DivergenceCheck {
  /** L₀: the loss before training (NaN when unknown: nothing is detected). */
  lossBefore: number;
  /** The mean training loss of every finished epoch (`history.history.loss`). */
  epochLosses: number[];
  learningRate: number;
  /**
   * The model's outputs on the checked rows after training, and their targets, for the collapse
   * check of a classifier (asked for only when the loss went up).
   */
  predictions?: () => { P: Matrix; Y: Matrix } | undefined;
}

/** Whether training diverged without a NaN (see the module comment); the report, or `undefined`. */
export function detectDivergence(c: DivergenceCheck): DivergenceReport | undefined {
  const L0 = c.lossBefore;
  const losses = c.epochLosses;
  if (!(L0 > 0) || !Number.isFinite(L0) || losses.length === 0 || losses.some((l) => !Number.isFinite(l))) return undefined;
  const peakLoss = Math.max(...losses);
  if (!(peakLoss > 1.1 * L0)) return undefined;
  const peakEpoch = losses.indexOf(peakLoss);
  const finalLoss = losses[losses.length - 1];
  let oneClass: PredictedClass | undefined;
  const out = c.predictions?.();
  if (out !== undefined) {
    const p = mostPredictedClass(out.P);
    if (p !== undefined && p.share >= 0.9 && majorityShare(out.Y) < 0.9) oneClass = p;
  }
  const blewUp = peakLoss > 2 * L0 && finalLoss > 0.9 * L0;
  if (!blewUp && oneClass === undefined) return undefined;
  const report = { lossBefore: L0, peakLoss, peakEpoch, finalLoss, learningRate: c.learningRate, oneClass };
  return { ...report, message: divergenceWarning(report, losses.length) };
}

/** `fit`'s warning: what happened to the loss (and the predictions), then what to try. */
function divergenceWarning(r: Omit<DivergenceReport, "message">, epochs: number): string {
  const grew =
    r.peakEpoch === epochs - 1
      ? `The loss grew from ${fmtLoss(r.lossBefore)} before training to ${fmtLoss(r.peakLoss)} in the last epoch.`
      : `The loss grew from ${fmtLoss(r.lossBefore)} before training to ${fmtLoss(r.peakLoss)} in epoch ${r.peakEpoch + 1} and is ${fmtLoss(r.finalLoss)} after the last epoch.`;
  const collapsed = r.oneClass
    ? ` The network now predicts class ${r.oneClass.label} for ${pct(r.oneClass.share)} of the training samples checked (the first ${DIVERGENCE_CHECK_ROWS} at most).`
    : "";
  return (
    `Warning from fit: training is diverging, although no number became NaN. ${grew}${collapsed} ` +
    `The learning rate (${r.learningRate}) is probably too high: try a smaller one, e.g. ${r.learningRate / 10}, and check that the inputs are scaled (pixels 0…255 divided by 255, or standardised). ` +
    `(history.divergence holds these numbers.)`
  );
}

/**
 * The reason the grader gives for a low accuracy: a collapse onto one class on the held-out digits
 * (the most frequent answer covers ≥ 90 % of them) and/or the divergence `fit` found; `undefined`
 * when neither happened.
 */
export function divergenceReason(report: DivergenceReport | undefined, heldOut: PredictedClass | undefined): string | undefined {
  const collapsed = heldOut !== undefined && heldOut.share >= 0.9 ? heldOut : undefined;
  const share = collapsed ? `${(100 * collapsed.share).toFixed(1)} %` : "";
  if (report !== undefined && collapsed !== undefined) {
    return (
      `Training collapsed to one class: the network answers ${collapsed.label} for ${share} of the held-out digits, whatever the digit, ` +
      `and the training loss grew from ${fmtLoss(report.lossBefore)} before training to ${fmtLoss(report.peakLoss)} in epoch ${report.peakEpoch + 1}: ` +
      `the learning rate is probably too high. Try a smaller one.`
    );
  }
  if (report !== undefined) {
    return (
      `The training loss grew from ${fmtLoss(report.lossBefore)} before training to ${fmtLoss(report.peakLoss)} in epoch ${report.peakEpoch + 1}: ` +
      `the learning rate is probably too high. Try a smaller one.`
    );
  }
  if (collapsed !== undefined) {
    return (
      `Training collapsed to one class: the network answers ${collapsed.label} for ${share} of the held-out digits, whatever the digit ` +
      `(usually a learning rate too large for the optimizer, or weights that all start at the same value).`
    );
  }
  return undefined;
}
