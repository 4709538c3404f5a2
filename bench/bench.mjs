#!/usr/bin/env node
// `npm run bench`: nnlib's kernels and training against TensorFlow.js, on this machine, in one run.
//
//   node bench/bench.mjs [--quick] [--no-notebooks] [--no-conv] [--conv-only] [--out FILE]
//
// Plain JavaScript over the built library (lib/dist; `npm run bench` builds it first, wasm included).
// Measures
//   1. matrix multiply GFLOP/s (2·m·k·n / time) at 64×784×128, 128³, 256³, 512³ — nnlib reference
//      (Matrix.matmul), fast (blocked JS), wasm (SIMD f64x2), tfjs cpu, tfjs wasm;
//   2. training throughput (samples/s, whole steps: forward, backward, Adam) of a 784-128-10 net,
//      ReLU hidden layer, logits + softmax cross-entropy, on the MNIST digits, batch 32 and 128 —
//      nnlib through `model.fit` on each backend, tfjs through `optimizer.minimize`;
//   2b. the same for notebook 05b's small 13-128-128-64-1 net (MSE, RMSprop, batch 16, 404 houses),
//      where per-step overhead rather than arithmetic sets the pace;
//   3. convolution: notebook 06's CNN (samples/s of fit) and one Conv2D(8, 3) forward+backward, unless --no-conv
//      (--conv-only: this part alone);
//   4. the seconds to execute every notebook (scripts/run-notebooks.mjs), unless --no-notebooks.
// Prints tables and writes bench/results/<date>.json. tfjs-backend-wasm is loaded from
// node_modules/@tensorflow/tfjs-backend-wasm/dist/ (setWasmPaths); fetch is disabled during the
// run, so nothing can be downloaded.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { REPO } from "../scripts/setup.mjs";
import { registerWasmGradients } from "./tfjs-wasm-grads.mjs";

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const CONV_ONLY = args.includes("--conv-only");
const outIdx = args.indexOf("--out");
globalThis.fetch = () => { throw new Error("bench: network access is not allowed"); };

const nn = require(join(REPO, "lib", "dist", "index.js"));
const kernels = require(join(REPO, "lib", "dist", "kernels", "index.js")); // nnlib/kernels: setBackend, matmul
const wasmKernel = kernels.wasmKernels();
if (wasmKernel === null) throw new Error("bench: lib/dist/kernels/kernels.wasm is missing; run npm run build");
// @tensorflow/tfjs 3.21 (pure JS: core, cpu backend, gradients) is installed under the name
// @tensorflow/tfjs-node by the root package.json's override (danfojs-node asks for tfjs-node).
const tf = require("@tensorflow/tfjs-node");
if (require("@tensorflow/tfjs-node/package.json").name !== "@tensorflow/tfjs") throw new Error("bench: expected the pure-JS @tensorflow/tfjs under node_modules/@tensorflow/tfjs-node (see the override in package.json)");
const tfwasm = require("@tensorflow/tfjs-backend-wasm");
tfwasm.setWasmPaths(join(REPO, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist") + "/");
// tfjs-backend-wasm 3.21 lacks MaxPoolGrad and Conv2DBackpropFilter: composed from its own kernels (see that file).
registerWasmGradients();

/** Seconds per call of `fn` after warm-up: the fastest of 5 rounds (the least disturbed by other load). */
function time(fn, minTime = QUICK ? 0.1 : 0.4) {
  for (let i = 0; i < 2; i++) fn();
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    let n = 0;
    const t0 = performance.now();
    let t;
    do { fn(); n++; t = (performance.now() - t0) / 1000; } while (t < minTime / 5);
    rounds.push(t / n);
  }
  rounds.sort((a, b) => a - b);
  return rounds[0];
}

const rng = new nn.Random(1);
const SIZES = [[64, 784, 128], [128, 128, 128], [256, 256, 256], [512, 512, 512]];
// nnlib contenders: the backends of `setBackend`.
const NNLIB_BACKENDS = ["reference", "fast", "wasm"];
/** Selects a contender's backend. */
function useContender(name) {
  kernels.setBackend(name);
  return name;
}
const TF_BACKENDS = ["cpu", "wasm"];

async function benchMatmul() {
  const rows = [];
  for (const [m, k, n] of SIZES) {
    const A = nn.Matrix.uniform(m, k, rng, -1, 1), B = nn.Matrix.uniform(k, n, rng, -1, 1);
    const flops = 2 * m * k * n;
    const row = { size: `${m}×${k}×${n}` };
    for (const be of NNLIB_BACKENDS) {
      if (be === "reference" && m * k * n > 256 ** 3 && QUICK) continue;
      const backend = useContender(be);
      row[`nnlib-${be}`] = flops / time(() => kernels.matmul(A, B, backend)) / 1e9;
    }
    for (const be of TF_BACKENDS) {
      await tf.setBackend(be);
      const a = tf.tensor2d(Float32Array.from(A.data), [m, k]), b = tf.tensor2d(Float32Array.from(B.data), [k, n]);
      row[`tfjs-${be}`] = flops / time(() => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); }) / 1e9;
      a.dispose(); b.dispose();
    }
    rows.push(row);
  }
  return rows;
}

function nnlibModel() {
  const model = new nn.Sequential([new nn.Dense(128, { inputDim: 784, activation: "relu" }), new nn.Dense(10)], { seed: 1 });
  model.compile({ optimizer: new nn.Adam({ learningRate: 0.001 }), loss: nn.categoricalCrossentropy({ fromLogits: true }) });
  return model;
}

/** Samples per second of `model.fit` over `samples` digits, one epoch, after a warm-up epoch. */
function nnlibThroughput(contender, x, y, batchSize, samples) {
  useContender(contender);
  const model = nnlibModel();
  const xs = x.sliceRows(0, samples), ys = y.sliceRows(0, samples);
  model.fit(xs.sliceRows(0, Math.min(samples, 8 * batchSize)), ys.sliceRows(0, Math.min(samples, 8 * batchSize)), { batchSize });
  const t0 = performance.now();
  model.fit(xs, ys, { batchSize, epochs: 1 });
  return samples / ((performance.now() - t0) / 1000);
}

/** The same net and step in tfjs: logits = relu(x·W1 + b1)·W2 + b2, softmax cross-entropy, Adam. */
async function tfjsThroughput(backend, x, y, batchSize, samples) {
  await tf.setBackend(backend);
  const glorot = (i, o) => tf.variable(tf.randomUniform([i, o], -Math.sqrt(6 / (i + o)), Math.sqrt(6 / (i + o)), "float32", 1));
  const W1 = glorot(784, 128), b1 = tf.variable(tf.zeros([128])), W2 = glorot(128, 10), b2 = tf.variable(tf.zeros([10]));
  const opt = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
  const X = tf.tensor2d(Float32Array.from(x.data.subarray(0, samples * 784)), [samples, 784]);
  const Y = tf.tensor2d(Float32Array.from(y.data.subarray(0, samples * 10)), [samples, 10]);
  const order = Array.from({ length: samples }, (_, i) => i);
  const epoch = (n) => {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
    const idx = tf.tensor1d(order.slice(0, n), "int32");
    for (let s = 0; s < n; s += batchSize) {
      tf.tidy(() => {
        const bi = tf.slice(idx, s, Math.min(batchSize, n - s));
        const xb = tf.gather(X, bi), yb = tf.gather(Y, bi);
        const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xb, W1), b1)), W2), b2)), true);
        loss.dataSync(); // the loss of every step is read, as fit logs it
      });
    }
    idx.dispose();
  };
  epoch(Math.min(samples, 8 * batchSize));
  const t0 = performance.now();
  epoch(samples);
  const rate = samples / ((performance.now() - t0) / 1000);
  tf.dispose([W1, b1, W2, b2, X, Y]);
  opt.dispose();
  return rate;
}

async function benchTraining() {
  const { x, y } = nn.loadDigits("train");
  const rows = [];
  for (const batchSize of [32, 128]) {
    const row = { batch: batchSize };
    for (const be of NNLIB_BACKENDS) row[`nnlib-${be}`] = nnlibThroughput(be, x, y, batchSize, QUICK ? 1024 : be === "reference" ? 2048 : 7000);
    for (const be of TF_BACKENDS) row[`tfjs-${be}`] = await tfjsThroughput(be, x, y, batchSize, QUICK ? 1024 : 7000);
    rows.push(row);
  }
  return rows;
}

// ─── a small net, where per-step overhead counts (issue 16): notebook 05b's lecture set-up ────────

/** Notebook 05b: 13-128-128-64-1 (ReLU), MSE, RMSprop 0.001, batch 16, on the 404 standardised Boston houses. */
function bostonData() {
  const b = nn.loadBostonHousing();
  return { x: nn.standardize(b.train.x, b.test.x).train, y: b.train.y };
}

function nnlibBoston(contender, x, y, epochs) {
  useContender(contender);
  const model = new nn.Sequential([
    new nn.Dense(128, { inputDim: 13, activation: "relu" }), new nn.Dense(128, { activation: "relu" }),
    new nn.Dense(64, { activation: "relu" }), new nn.Dense(1),
  ], { seed: 0 });
  model.compile({ optimizer: new nn.RMSprop({ learningRate: 0.001 }), loss: "mse", metrics: ["mae"] });
  model.fit(x, y, { epochs: 2, batchSize: 16 });
  const t0 = performance.now();
  model.fit(x, y, { epochs, batchSize: 16 });
  return (epochs * x.rows) / ((performance.now() - t0) / 1000);
}

async function tfjsBoston(backend, x, y, epochs) {
  await tf.setBackend(backend);
  const glorot = (i, o) => tf.variable(tf.randomUniform([i, o], -Math.sqrt(6 / (i + o)), Math.sqrt(6 / (i + o)), "float32", 1));
  const sizes = [13, 128, 128, 64, 1];
  const Ws = sizes.slice(1).map((o, l) => glorot(sizes[l], o)), bs = sizes.slice(1).map((o) => tf.variable(tf.zeros([o])));
  const opt = tf.train.rmsprop(0.001, 0.9, 0, 1e-7);
  const X = tf.tensor2d(Float32Array.from(x.data), [x.rows, 13]), Y = tf.tensor2d(Float32Array.from(y.data), [y.rows, 1]);
  const n = x.rows;
  const epoch = () => {
    for (let s = 0; s < n; s += 16) {
      tf.tidy(() => {
        const m = Math.min(16, n - s);
        const xb = tf.slice(X, [s, 0], [m, 13]), yb = tf.slice(Y, [s, 0], [m, 1]);
        const loss = opt.minimize(() => {
          let h = xb;
          for (let l = 0; l < 4; l++) h = l < 3 ? tf.relu(tf.add(tf.matMul(h, Ws[l]), bs[l])) : tf.add(tf.matMul(h, Ws[l]), bs[l]);
          return tf.losses.meanSquaredError(yb, h);
        }, true);
        loss.dataSync(); // fit logs every step's loss
      });
    }
  };
  epoch(); epoch();
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) epoch();
  const rate = (epochs * n) / ((performance.now() - t0) / 1000);
  tf.dispose([...Ws, ...bs, X, Y]);
  opt.dispose();
  return rate;
}

async function benchSmallNet() {
  const { x, y } = bostonData();
  const epochs = QUICK ? 5 : 20;
  const row = { batch: 16 };
  for (const be of NNLIB_BACKENDS) row[`nnlib-${be}`] = nnlibBoston(be, x, y, epochs);
  for (const be of TF_BACKENDS) row[`tfjs-${be}`] = await tfjsBoston(be, x, y, epochs);
  return [row];
}

// ─── convolution (issue 16): notebook 06's CNN and one conv layer ─────────────────────────────

/** Notebook 06's CNN: Conv2D(8, 3, relu) → MaxPool2D(2) → Conv2D(16, 3, relu) → MaxPool2D(2) → Flatten → Dense(10), Adam 0.003. */
function nnlibCnn() {
  const model = new nn.Sequential([
    new nn.Conv2D(8, 3, { activation: "relu", kernelInitializer: "he_normal", inputShape: [28, 28, 1] }),
    new nn.MaxPool2D(2),
    new nn.Conv2D(16, 3, { activation: "relu", kernelInitializer: "he_normal" }),
    new nn.MaxPool2D(2),
    new nn.Flatten(),
    new nn.Dense(10),
  ], { seed: 1 });
  model.compile({ optimizer: new nn.Adam({ learningRate: 0.003 }), loss: nn.categoricalCrossentropy({ fromLogits: true }) });
  return model;
}

/** Samples per second of one epoch of `model.fit` over `samples` digits (batch 32), after a warm-up of `warm`. */
function nnlibCnnThroughput(contender, x, y, batchSize, samples, warm) {
  useContender(contender);
  const model = nnlibCnn();
  const xs = x.sliceRows(0, samples), ys = y.sliceRows(0, samples);
  model.fit(xs.sliceRows(0, warm), ys.sliceRows(0, warm), { batchSize });
  const t0 = performance.now();
  model.fit(xs, ys, { batchSize, epochs: 1 });
  return samples / ((performance.now() - t0) / 1000);
}

/**
 * The same CNN and step in tfjs (NHWC, valid padding, max pooling, softmax cross-entropy, Adam),
 * on shuffled batches gathered from the data as `fit` does.
 */
async function tfjsCnnThroughput(backend, x, y, batchSize, samples, warm) {
  await tf.setBackend(backend);
  const he = (shape, fanIn) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), "float32", 1));
  const k1 = he([3, 3, 1, 8], 9), b1 = tf.variable(tf.zeros([8])), k2 = he([3, 3, 8, 16], 72), b2 = tf.variable(tf.zeros([16]));
  const W = he([400, 10], 400), b = tf.variable(tf.zeros([10]));
  const opt = tf.train.adam(0.003, 0.9, 0.999, 1e-7);
  const X = tf.tensor4d(Float32Array.from(x.data.subarray(0, samples * 784)), [samples, 28, 28, 1]);
  const Y = tf.tensor2d(Float32Array.from(y.data.subarray(0, samples * 10)), [samples, 10]);
  const order = Array.from({ length: samples }, (_, i) => i);
  const epoch = (n) => {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
    const idx = tf.tensor1d(order.slice(0, n), "int32");
    for (let s = 0; s < n; s += batchSize) {
      tf.tidy(() => {
        const m = Math.min(batchSize, n - s);
        const bi = tf.slice(idx, s, m);
        const xb = tf.gather(X, bi), yb = tf.gather(Y, bi);
        const loss = opt.minimize(() => {
          const h1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(xb, k1, 1, "valid"), b1)), 2, 2, "valid");
          const h2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(h1, k2, 1, "valid"), b2)), 2, 2, "valid");
          return tf.losses.softmaxCrossEntropy(yb, tf.add(tf.matMul(tf.reshape(h2, [m, 400]), W), b));
        }, true);
        loss.dataSync(); // the loss of every step is read, as fit logs it
      });
    }
    idx.dispose();
  };
  epoch(warm);
  const t0 = performance.now();
  epoch(samples);
  const rate = samples / ((performance.now() - t0) / 1000);
  tf.dispose([k1, b1, k2, b2, W, b, X, Y]);
  opt.dispose();
  return rate;
}

/** One Conv2D(8, 3, relu) on a batch of 32 digits, forward and backward (dX included): batches per second. */
function nnlibConvLayer(contender, X, dY) {
  useContender(contender);
  const layer = new nn.Conv2D(8, 3, { activation: "relu", inputShape: [28, 28, 1], seed: 1 });
  return 1 / time(() => { layer.forward(X, true); layer.backward(dY); });
}

/** The same in tfjs: the gradients of Σ relu(conv2d(x, k) + b) ⊙ dY with respect to x, k and b. */
async function tfjsConvLayer(backend, X, dY) {
  await tf.setBackend(backend);
  const x = tf.tensor4d(Float32Array.from(X.data), [X.rows, 28, 28, 1]);
  const dy = tf.tensor4d(Float32Array.from(dY.data), [X.rows, 26, 26, 8]);
  const k = tf.variable(tf.randomNormal([3, 3, 1, 8], 0, 0.3, "float32", 1)), bias = tf.variable(tf.zeros([8]));
  const f = (xx, kk, bb) => tf.sum(tf.mul(tf.relu(tf.add(tf.conv2d(xx, kk, 1, "valid"), bb)), dy));
  const g = tf.grads(f);
  const rate = 1 / time(() => { tf.tidy(() => { const [dx, dk, db] = g([x, k, bias]); dx.dataSync(); dk.dataSync(); db.dataSync(); }); });
  tf.dispose([x, dy, k, bias]);
  return rate;
}

/** The result of `run`, or undefined (printed as "—") when tfjs lacks a kernel on that backend. */
async function unsupported(run, what) {
  try {
    return await run();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (!/not registered for backend/.test(msg)) throw e;
    console.log(`  ${what}: not measured — ${msg}`);
    (report.unsupported ??= []).push(`${what}: ${msg}`);
    return undefined;
  }
}

/**
 * Notebook 06's CNN (samples/s of training, batch 32) and its first layer alone (forward and
 * backward, batches/s), every contender in turn, in ROUNDS: each contender's best round counts, so
 * a burst of load on a shared machine hurts one round, not one contender. tfjs-cpu (its conv
 * gradients are plain loops, ~100× slower) runs once, on 32 samples.
 */
async function benchConv() {
  const { x, y } = nn.loadDigits("train");
  const rounds = QUICK ? 2 : 4;
  const samples = { "nnlib-reference": 512, "nnlib-fast": 1024, "nnlib-wasm": 2048, "tfjs-cpu": 32, "tfjs-wasm": 2048 };
  const cnn = { model: "notebook-06 CNN (samples/s)" };
  const layer = { model: "Conv2D(8, 3) fwd+bwd (batches/s)" };
  const X = x.sliceRows(0, 32), dY = nn.Matrix.uniform(32, 26 * 26 * 8, new nn.Random(2), -1, 1);
  const best = (row, key, v) => { if (v !== undefined && !(row[key] >= v)) row[key] = v; };
  for (let r = 0; r < rounds; r++) {
    for (const be of NNLIB_BACKENDS) {
      const n = QUICK ? samples[`nnlib-${be}`] / 2 : samples[`nnlib-${be}`];
      best(cnn, `nnlib-${be}`, nnlibCnnThroughput(be, x, y, 32, n, 128));
      best(layer, `nnlib-${be}`, nnlibConvLayer(be, X, dY));
    }
    for (const be of TF_BACKENDS) {
      if (be === "cpu" && r > 0) continue;
      const n = be === "cpu" ? 32 : QUICK ? samples[`tfjs-${be}`] / 2 : samples[`tfjs-${be}`];
      best(cnn, `tfjs-${be}`, await unsupported(() => tfjsCnnThroughput(be, x, y, 32, n, be === "cpu" ? 32 : 128), `tfjs-${be} CNN`));
      best(layer, `tfjs-${be}`, await unsupported(() => tfjsConvLayer(be, X, dY), `tfjs-${be} Conv2D`));
    }
    console.log(`  convolution, round ${r + 1}/${rounds}: CNN nnlib-wasm ${cnn["nnlib-wasm"].toFixed(0)}, tfjs-wasm ${cnn["tfjs-wasm"]?.toFixed(0)} samples/s (best so far)`);
  }
  return [cnn, layer];
}

function benchNotebooks() {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(REPO, "scripts", "run-notebooks.mjs")], { cwd: REPO, encoding: "utf8", env: process.env });
  const out = `${r.stdout}${r.stderr}`;
  const notebooks = {};
  for (const m of out.matchAll(/^\s*(ok|FAIL)\s+(\S+\.ipynb) \((\d+)\/(\d+) cells, ([\d.]+) s/gm)) notebooks[m[2]] = { ok: m[1] === "ok", seconds: Number(m[5]) };
  return { ok: r.status === 0, totalSeconds: (performance.now() - t0) / 1000, notebooks };
}

function table(title, rows, key, digits) {
  const cols = Object.keys(rows[0]).filter((k) => k !== key);
  const w = Math.max(14, ...rows.map((r) => String(r[key]).length + 2));
  const lines = [`\n${title}`, [key.padEnd(w), ...cols.map((c) => c.padStart(15))].join("")];
  for (const r of rows) lines.push([String(r[key]).padEnd(w), ...cols.map((c) => (r[c] === undefined ? "—" : r[c].toFixed(digits)).padStart(15))].join(""));
  const ratio = (a, b) => rows.map((r) => `${r[key]}: ${Number.isFinite(r[a] / r[b]) ? `${(r[a] / r[b]).toFixed(2)}×` : "—"}`).join(", ");
  lines.push(`  nnlib-wasm / tfjs-wasm: ${ratio("nnlib-wasm", "tfjs-wasm")}`);
  if (rows.some((r) => r["tfjs-cpu"] !== undefined && r["nnlib-wasm"] !== undefined)) lines.push(`  nnlib-wasm / tfjs-cpu:  ${ratio("nnlib-wasm", "tfjs-cpu")}`);
  lines.push(`  nnlib-fast / tfjs-cpu:  ${ratio("nnlib-fast", "tfjs-cpu")}`);
  lines.push(`  nnlib-wasm / nnlib-reference: ${ratio("nnlib-wasm", "nnlib-reference")}`);
  return lines.join("\n");
}

const report = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, v8: process.versions.v8 },
  versions: { tfjs: require("@tensorflow/tfjs-node/package.json").version, "tfjs-backend-wasm": require("@tensorflow/tfjs-backend-wasm/package.json").version },
  notes: "nnlib: Float64 throughout (reference, fast, wasm: one thread); tfjs: float32. Training: model.fit (nnlib) vs optimizer.minimize (tfjs), same net and Adam settings; the first epoch (a few batches) is a warm-up. Convolution: contenders in rounds, the best round of each; tfjs-wasm's MaxPoolGrad and Conv2DBackpropFilter are registered by bench/tfjs-wasm-grads.mjs (a JavaScript loop over the wasm heap; a composed XNNPACK convolution).",
};
await tf.setBackend("wasm");
report.tfjsWasm = { simd: await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"), threads: await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT") };
console.log(`tfjs-backend-wasm: SIMD ${report.tfjsWasm.simd}, threads ${report.tfjsWasm.threads}`);
if (!CONV_ONLY) {
  report.matmulGflops = await benchMatmul();
  console.log(table("matrix multiply, GFLOP/s", report.matmulGflops, "size", 2));
  report.trainingSamplesPerSecond = await benchTraining();
  console.log(table("training 784-128-10 (ReLU, softmax CE, Adam), samples/s", report.trainingSamplesPerSecond, "batch", 0));
  report.smallNetSamplesPerSecond = await benchSmallNet();
  console.log(table("training 13-128-128-64-1 (notebook 05b: ReLU, MSE, RMSprop, 404 houses), samples/s", report.smallNetSamplesPerSecond, "batch", 0));
}
if (!args.includes("--no-conv")) {
  report.convolution = await benchConv();
  console.log(table("convolution, batch 32: notebook 06's CNN (samples/s) and its first layer (batches/s), best of the rounds", report.convolution, "model", 1));
}
if (!args.includes("--no-notebooks") && !CONV_ONLY) {
  useContender("wasm");
  report.notebooks = benchNotebooks();
  console.log(`\nnotebooks (${report.notebooks.ok ? "all passed" : "SOME FAILED"}), ${report.notebooks.totalSeconds.toFixed(1)} s in all`);
  for (const [k, v] of Object.entries(report.notebooks.notebooks)) console.log(`  ${k.padEnd(28)} ${v.seconds.toFixed(1)} s${v.ok ? "" : "  FAIL"}`);
}
const out = outIdx >= 0 ? args[outIdx + 1] : join(REPO, "bench", "results", `${report.date.slice(0, 10)}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
console.log(`\nwrote ${out}`);
