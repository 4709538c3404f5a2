/**
 * What a configuration will cost BEFORE it is trained: parameters, multiply-adds, training time
 * and memory, from the shapes traced through its layers (`traceConfig`). The grader prints the
 * estimate and refuses a configuration that is certain to break its limits; the notebook shows it
 * next to each run.
 *
 * ```ts
 * const e = estimateConfig(config, { samples: 7000 });
 * e.params;       // 27,210
 * e.seconds;      // ≈ 95 (on a machine like the course's, one core)
 * e.memoryMB;     // ≈ 260
 * ```
 *
 * Time. One training step of a sample costs about 3 forward passes (the forward pass, the
 * gradient to the weights and the gradient to the inputs), so with M multiply-adds per sample in
 * the forward pass, N samples and E epochs
 *
 *   seconds ≈ E · N · (3·M / RATE + PER_SAMPLE)
 *
 * where RATE (multiply-adds per second) and PER_SAMPLE (shuffling, augmentation, the loss, the
 * optimizer's share) were measured on the course's machine (`ESTIMATE_CALIBRATION`). A faster or
 * slower computer, or other programs running at the same time, change the real time; the estimate
 * is for comparing configurations and for catching one that cannot finish in time.
 *
 * Memory. The digits and the program (`BASE_MB`), four copies of the parameters (weights,
 * gradients and the optimizer's two moments), and per sample of a batch the outputs every layer
 * keeps for the backward pass (about three numbers per output: the output, its gradient and one
 * more for batch normalisation or dropout) plus, for a convolution, its patches (outH·outW·k²·c
 * numbers), kept for the whole batch; then the held-out digits' forward pass. 8 bytes a number.
 */
import { HomeworkConfig, ResolvedConfig, resolveConfig, traceConfig } from "./config";
import { NetworkStep } from "./layers";

/** The measured constants of the time estimate (see the module comment). */
export const ESTIMATE_CALIBRATION = Object.freeze({
  /** Multiply-adds per second of training on the course's machine (one core, wasm kernels). */
  rate: 2.0e9,
  /** Seconds per training sample and epoch besides the multiply-adds. */
  perSample: 40e-6,
  /** The program, the library, the 7,000 training and 1,000 held-out digits: MB. */
  baseMB: 150,
});

/** What `estimateConfig` measures. */
export interface ConfigEstimate {
  /** Trainable parameters. */
  params: number;
  /** Multiply-adds of one sample's forward pass. */
  macsPerSample: number;
  /** Multiply-adds of the whole training: 3 · macsPerSample · samples · epochs. */
  trainingMacs: number;
  /** Estimated training time in seconds (see the module comment). */
  seconds: number;
  /** Estimated peak memory in MB. */
  memoryMB: number;
  /** The samples and epochs the estimate is for. */
  samples: number;
  epochs: number;
  /** The traced network (`traceConfig`). */
  steps: NetworkStep[];
}

/** Options of `estimateConfig`. */
export interface EstimateOptions {
  /** Training samples per epoch; default 7,000 (the grader's training digits). */
  samples?: number;
  /** Samples of the forward pass after training (the grader's held-out digits); default 1,000. */
  evaluate?: number;
}

const BYTES = 8;
const MB = 2 ** 20;

/**
 * Parameters, multiply-adds, time and memory of training `cfg` on `samples` digits (see the module
 * comment for the formulas). Throws `InvalidConfigError` for an invalid configuration.
 */
export function estimateConfig(cfg: HomeworkConfig | ResolvedConfig, options: EstimateOptions = {}): ConfigEstimate {
  const r = resolveConfig(cfg);
  const steps = traceConfig(r);
  const samples = options.samples ?? 7000;
  const evaluate = options.evaluate ?? 1000;
  if (!(Number.isInteger(samples) && samples >= 1)) throw new Error(`estimateConfig: samples must be a whole number ≥ 1, got ${String(samples)}.`);
  if (!(Number.isInteger(evaluate) && evaluate >= 0)) throw new Error(`estimateConfig: evaluate must be a whole number ≥ 0, got ${String(evaluate)}.`);
  const C = ESTIMATE_CALIBRATION;
  const params = steps.reduce((s, st) => s + st.params, 0);
  const macsPerSample = steps.reduce((s, st) => s + st.macs, 0);
  const trainingMacs = 3 * macsPerSample * samples * r.epochs;
  const seconds = r.epochs * samples * ((3 * macsPerSample) / C.rate + C.perSample);
  // Numbers kept per sample: layer outputs (3 each, 6 with batch normalisation) and convolution patches.
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  let perSampleTraining = 0;
  let perSampleForward = 0;
  for (const st of steps) {
    const out = size(st.output);
    const bn = (st.layer.type === "conv2d" || st.layer.type === "dense") && "batchNorm" in st.layer && st.layer.batchNorm;
    perSampleTraining += out * (bn ? 6 : 3);
    perSampleForward += out * (bn ? 3 : 1);
    if (st.layer.type === "conv2d") {
      const [outH, outW] = st.output;
      perSampleTraining += outH * outW * st.layer.kernelSize * st.layer.kernelSize * st.input[2];
    }
  }
  const batch = Math.min(r.batchSize, samples);
  const memoryMB = C.baseMB + (4 * params * BYTES + batch * perSampleTraining * BYTES + evaluate * perSampleForward * BYTES) / MB;
  return { params, macsPerSample, trainingMacs, seconds, memoryMB, samples, epochs: r.epochs, steps };
}

/** "1,234,567". */
function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The grader's limits (scripts/grade.mjs: --max-params, --timeout, --memory). */
export interface GraderLimits {
  maxParams: number;
  /** Seconds of training (wall clock). */
  timeout: number;
  /** MB. */
  memory: number;
}

/** How far above the time limit an estimate must be for the grader to refuse the configuration unseen. */
export const TIME_REFUSAL_FACTOR = 2;

/**
 * The limits an estimate breaks, as sentences (empty when none): more parameters than
 * `maxParams`; an estimated memory above `memory`; an estimated time above
 * `TIME_REFUSAL_FACTOR` × `timeout` (an estimate only a little above the limit is trained, and the
 * wall-clock limit decides).
 */
export function limitProblems(e: ConfigEstimate, limits: GraderLimits): string[] {
  const out: string[] = [];
  if (e.params > limits.maxParams) {
    out.push(`too large: the network has ${thousands(e.params)} parameters, the limit is ${thousands(limits.maxParams)}. Use fewer or smaller layers (fewer filters or units, or pooling before the first dense layer).`);
  }
  if (e.memoryMB > limits.memory) {
    out.push(`too much memory: training would need about ${thousands(e.memoryMB)} MB, the limit is ${thousands(limits.memory)} MB. Use a smaller batch, fewer filters, or pooling earlier.`);
  }
  if (e.seconds > TIME_REFUSAL_FACTOR * limits.timeout) {
    out.push(
      `too slow: training would take about ${thousands(e.seconds)} s (${(e.trainingMacs / 1e9).toFixed(0)} billion multiply-adds), ` +
        `more than ${TIME_REFUSAL_FACTOR} × the time limit of ${thousands(limits.timeout)} s. Use fewer epochs, fewer filters or units, or pooling earlier.`,
    );
  }
  return out;
}
