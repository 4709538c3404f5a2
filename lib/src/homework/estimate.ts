/**
 * What a configuration will cost BEFORE it is trained: parameters, multiply-adds, training time
 * and memory, from the shapes traced through its layers (`traceConfig`). The grader prints the
 * estimate and refuses a configuration that is certain to break its limits; the notebook shows it
 * next to each run.
 *
 * ```ts
 * const e = estimateConfig(config, { samples: 7000 });
 * e.params;       // 27,210
 * e.seconds;      // ≈ 9 (seconds of CPU time on a machine like the course's)
 * e.memoryMB;     // ≈ 260 (the network's arrays: e.networkMB)
 * ```
 *
 * Time. One training step of a sample costs about 3 forward passes (the forward pass, the
 * gradient to the weights and the gradient to the inputs). With M multiply-adds per sample in the
 * forward pass, O numbers output per sample by all layers (a layer with batch normalisation counts
 * 3 times: the normalisation and the separate activation), N samples in ⌈N/B⌉ batches of B, P
 * parameters and E epochs
 *
 *   seconds ≈ E · ( N · (3·M / rate + O · perOutput + perAugmented) + ⌈N/B⌉ · P · perParameterStep )
 *
 * (perAugmented only with augmentation). The products run at `rate` multiply-adds per second; the
 * element-wise work (activations, pooling, normalisation, dropout) costs `perOutput` per number;
 * the optimizer's update `perParameterStep` per parameter and batch; moving and rotating a digit
 * `perAugmented`. These constants were fitted to the CPU time of ten different networks (dense and
 * convolutional, batch sizes 1 to 256) on the course's 2-core machine under load, to within a
 * factor of 2 (`ESTIMATE_CALIBRATION`). A faster or slower computer, or other programs running at
 * the same time, change the real time; the estimate is for comparing configurations and for
 * seeing early that one cannot finish in time.
 *
 * Memory. The network's arrays: four copies of the parameters (weights, gradients and the
 * optimizer's two moments), per sample of a batch the outputs every layer keeps for the backward
 * pass (about three numbers per output: the output, its gradient and one more; six with batch
 * normalisation) plus, for a convolution, its patches (outH·outW·k²·c numbers), kept for the whole
 * batch; then the held-out digits' forward pass (one number per output, three with batch
 * normalisation). 8 bytes a number. Add the program, the library and the digits (`baseMB`) for
 * the whole process.
 */
import { HomeworkConfig, ResolvedConfig, resolveConfig, traceConfig } from "./config";
import { NetworkStep } from "./layers";

/** The measured constants of the estimates (see the module comment). */
export const ESTIMATE_CALIBRATION = Object.freeze({
  /** Multiply-adds per second in the layers' products (wasm kernels, one core). */
  rate: 1.0e10,
  /** Seconds per number output by a layer, per sample and epoch (activations, pooling, normalisation, dropout). */
  perOutput: 2.1e-8,
  /** Seconds per parameter and batch (the optimizer's update). */
  perParameterStep: 7.6e-9,
  /** Seconds per augmented sample (a random shift and rotation of a digit). */
  perAugmented: 1.5e-4,
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
  /** Estimated peak memory of the network's arrays in MB (parameters, activations, patches). */
  networkMB: number;
  /** Estimated peak memory of the whole training process in MB: `networkMB` + the program and the digits. */
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
  // Numbers output per sample (O), and kept per sample: layer outputs (3 each, 6 with batch normalisation) and convolution patches.
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  let outputs = 0;
  let perSampleTraining = 0;
  let perSampleForward = 0;
  for (const st of steps) {
    const out = size(st.output);
    const bn = (st.layer.type === "conv2d" || st.layer.type === "dense") && "batchNorm" in st.layer && st.layer.batchNorm;
    outputs += out * (bn ? 3 : 1);
    perSampleTraining += out * (bn ? 6 : 3);
    perSampleForward += out * (bn ? 3 : 1);
    if (st.layer.type === "conv2d") {
      const [outH, outW] = st.output;
      perSampleTraining += outH * outW * st.layer.kernelSize * st.layer.kernelSize * st.input[2];
    }
  }
  const batch = Math.min(r.batchSize, samples);
  const augmented = r.augment.shift > 0 || r.augment.rotation > 0 || r.augment.noise > 0 ? C.perAugmented : 0;
  const seconds = r.epochs * (samples * ((3 * macsPerSample) / C.rate + outputs * C.perOutput + augmented) + Math.ceil(samples / batch) * params * C.perParameterStep);
  const networkMB = (4 * params * BYTES + batch * perSampleTraining * BYTES + evaluate * perSampleForward * BYTES) / MB;
  return { params, macsPerSample, trainingMacs, seconds, networkMB, memoryMB: C.baseMB + networkMB, samples, epochs: r.epochs, steps };
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

/**
 * The limits an estimate breaks, as sentences (empty when none) — the grader refuses such a
 * configuration before training (exit code 2): more parameters than `maxParams` (exact), or
 * network arrays estimated above `memory` MB. The grader's memory limit is the training process's
 * heap limit (V8's --max-old-space-size), which bounds the program and the digits but not the large
 * typed arrays of a network's weights and activations: the estimate applies the same limit to
 * those, so that one submission cannot run the grading machine out of memory. Time is not refused
 * on an estimate — computers differ; the grader stops training at its wall-clock limit — see
 * `timeWarning`.
 */
export function limitProblems(e: ConfigEstimate, limits: GraderLimits): string[] {
  const out: string[] = [];
  if (e.params > limits.maxParams) {
    out.push(`too large: the network has ${thousands(e.params)} parameters, the limit is ${thousands(limits.maxParams)}. Use fewer or smaller layers (fewer filters or units, or pooling before the first dense layer).`);
  }
  if (e.networkMB > limits.memory) {
    out.push(`too much memory: the network's weights and activations would need about ${thousands(e.networkMB)} MB, the limit is ${thousands(limits.memory)} MB. Use a smaller batch, fewer filters, or pooling earlier.`);
  }
  return out;
}

/** A warning when the estimated training time is above the time limit (undefined otherwise). */
export function timeWarning(e: ConfigEstimate, limits: Pick<GraderLimits, "timeout">): string | undefined {
  if (e.seconds <= limits.timeout) return undefined;
  return `the estimated training time (about ${thousands(e.seconds)} s) is above the time limit of ${thousands(limits.timeout)} s: training will probably be stopped. ` +
    `Fewer epochs, fewer filters or units, or pooling earlier make it faster.`;
}
