/**
 * Gradient descent on functions of one and two variables, for watching the learning rate work:
 *
 *     x_{k+1} = x_k − η·f′(x_k)            (1-D)
 *     p_{k+1} = p_k − η·∇f(p_k)            (2-D, p = (x, y))
 *
 * Too small an η crawls, a good one converges, too large a one overshoots and diverges. The
 * functions return every point visited, ready to plot:
 *
 * ```ts
 * const f = (x: number, y: number) => x * x + 10 * y * y;
 * const run = gradientDescent2D(f, (x, y) => [2 * x, 20 * y], { start: [-4, 1], learningRate: 0.08, steps: 30 });
 * show(contourPlot({ name: "bowl", z: f, xRange: [-5, 5], yRange: [-2, 2], path: run.path }));
 * ```
 *
 * Leave out the gradient to use the numerical one (central differences). A run that diverges
 * (a value or coordinate beyond `bound`, or not a finite number) stops there with
 * `diverged: true`; the returned path holds only finite numbers.
 */

import type { Param } from "../layers/layer";
import { Matrix } from "../core/matrix";
import type { Optimizer } from "../training/optimizers";
import { t } from "../core/i18n";

/** Options shared by the 1-D and 2-D descents. */
export interface DescentOptions {
  /** The step size η > 0. */
  learningRate: number;
  /** How many steps to take (a whole number ≥ 0). */
  steps: number;
  /** Divergence threshold: the run stops when |f| or a coordinate exceeds it (default 1e6). */
  bound?: number;
  /** Step of the numerical gradient, used when no gradient function is given (default 1e-5). */
  h?: number;
}

/** Options of `gradientDescent1D`. */
export interface Descent1DOptions extends DescentOptions {
  /** The starting point x₀. */
  x0: number;
}

/** Options of `gradientDescent2D`. */
export interface Descent2DOptions extends DescentOptions {
  /** The starting point (x₀, y₀). */
  start: readonly [number, number];
}

/** What a descent returns; `P` is a number (1-D) or an `[x, y]` pair (2-D). */
export interface DescentResult<P> {
  /**
   * The points x₀, x₁, …, x_k visited: k = `steps`, or, when the run diverged, the last point
   * before the one that broke the bound (so only finite numbers within the bound).
   */
  path: P[];
  /** f at each point of `path` (same length). */
  values: number[];
  /** True when the run stopped because it diverged. */
  diverged: boolean;
  /** The step k at which divergence was detected: x_k broke the bound (only when `diverged`). */
  stoppedAt?: number;
  /** Why it stopped early, in words (only when `diverged`). */
  reason?: string;
}

/** The result of `gradientDescent1D`: `path` is [x₀, x₁, …]; plot it with `lineChart({ series: { x: path, y: values } })`. */
export type Descent1DResult = DescentResult<number>;

/** The result of `gradientDescent2D`: `path` is [[x₀, y₀], [x₁, y₁], …], which `contourPlot({ path })` takes directly. */
export type Descent2DResult = DescentResult<[number, number]>;

/** Checks the options common to both descents; returns the bound and h with defaults. */
function checkOptions(options: DescentOptions, who: string): { bound: number; h: number } {
  const { learningRate, steps, bound = 1e6, h = 1e-5 } = options;
  if (typeof learningRate !== "number" || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new Error(
      t`${who}: learningRate must be a positive finite number, got ${String(learningRate)}. Hint: try a small value such as 0.1 or 0.01.`,
    );
  }
  if (!Number.isInteger(steps) || steps < 0) {
    throw new Error(t`${who}: steps must be a whole number ≥ 0, got ${String(steps)}.`);
  }
  if (!(bound > 0)) throw new Error(t`${who}: bound must be a positive number, got ${String(bound)}.`);
  if (!(h > 0) || !Number.isFinite(h)) throw new Error(t`${who}: h must be a positive finite number, got ${String(h)}.`);
  return { bound, h };
}

/** Why the point `coordinates` with value `fp` means divergence, or `undefined` if it is fine. */
function divergence(coordinates: number[], fp: number, bound: number): string | undefined {
  if (coordinates.some((c) => !Number.isFinite(c))) return t`a coordinate became ${coordinates.find((c) => !Number.isFinite(c))}`;
  if (!Number.isFinite(fp)) return `f became ${fp}`;
  if (Math.abs(fp) > bound) return `|f| = ${Math.abs(fp).toExponential(2)} exceeded the bound ${bound}`;
  const far = coordinates.find((c) => Math.abs(c) > bound);
  if (far !== undefined) return `|coordinate| = ${Math.abs(far).toExponential(2)} exceeded the bound ${bound}`;
  return undefined;
}

/** The plain gradient-descent step p − η·g. */
function plainStep(learningRate: number): (p: number[], g: number[]) => number[] {
  return (p, g) => p.map((c, i) => c - learningRate * g[i]);
}

/** Central difference (g(t + h) − g(t − h)) / 2h, the numerical derivative of g at t. */
function centralDifference(g: (t: number) => number, t: number, h: number): number {
  return (g(t + h) - g(t - h)) / (2 * h);
}

/**
 * The general loop: from `start`, take `steps` steps p ← p − η·∇f(p), stopping on divergence
 * (options already checked).
 * Points are arrays of coordinates; `grad` returns one partial derivative per coordinate.
 */
function descend(
  f: (p: number[]) => number,
  grad: (p: number[]) => number[],
  start: number[],
  options: { steps: number },
  bound: number,
  who: string,
  update: (p: number[], g: number[]) => number[],
): DescentResult<number[]> {
  const f0 = f(start);
  if (start.some((c) => !Number.isFinite(c)) || !Number.isFinite(f0)) {
    throw new Error(
      t`${who}: the start must be finite numbers where f is finite; got (${start.join(", ")}) with f = ${f0}.`,
    );
  }
  const path = [start];
  const values = [f0];
  let p = start;
  for (let k = 1; k <= options.steps; k++) {
    const g = grad(p);
    if (g.some((gi) => !Number.isFinite(gi))) {
      return { path, values, diverged: true, stoppedAt: k, reason: t`the gradient at step ${k - 1} is (${g.join(", ")})` };
    }
    const next = update(p, g);
    const fNext = next.every(Number.isFinite) ? f(next) : NaN;
    const why = divergence(next, fNext, bound);
    if (why !== undefined) {
      // The offending point is left out: the path holds only finite points within the bound.
      return { path, values, diverged: true, stoppedAt: k, reason: t`${why} at step ${k}; lower the learning rate` };
    }
    path.push(next);
    values.push(fNext);
    p = next;
  }
  return { path, values, diverged: false };
}

/**
 * Gradient descent on a function of one variable: x_{k+1} = x_k − η·f′(x_k).
 *
 * @param f the function, e.g. `(x) => x * x`.
 * @param df its derivative, e.g. `(x) => 2 * x`; leave it out to use the numerical derivative
 *   (f(x + h) − f(x − h)) / 2h.
 * @param options `x0` start, `learningRate` η, `steps`; `bound` (default 1e6), `h` (default 1e-5).
 * @returns `{ path: [x₀, …], values: [f(x₀), …], diverged, stoppedAt?, reason? }`.
 */
export function gradientDescent1D(f: (x: number) => number, options: Descent1DOptions): Descent1DResult;
export function gradientDescent1D(f: (x: number) => number, df: (x: number) => number, options: Descent1DOptions): Descent1DResult;
export function gradientDescent1D(
  f: (x: number) => number,
  dfOrOptions: ((x: number) => number) | Descent1DOptions,
  maybeOptions?: Descent1DOptions,
): Descent1DResult {
  const who = "gradientDescent1D";
  const options = typeof dfOrOptions === "function" ? maybeOptions : dfOrOptions;
  if (typeof f !== "function" || options === undefined || typeof options !== "object") {
    throw new Error(t`${who}: call it as ${who}(f, df, { x0, learningRate, steps }) or ${who}(f, { x0, learningRate, steps }).`);
  }
  const { bound, h } = checkOptions(options, who);
  const df = typeof dfOrOptions === "function" ? dfOrOptions : (x: number) => centralDifference(f, x, h);
  const run = descend(([x]) => f(x), ([x]) => [df(x)], [options.x0], options, bound, who, plainStep(options.learningRate));
  return { ...run, path: run.path.map(([x]) => x) };
}

/**
 * Gradient descent on a function of two variables: (x, y) ← (x, y) − η·(∂f/∂x, ∂f/∂y).
 *
 * @param f the function, e.g. `(x, y) => x * x + 10 * y * y`.
 * @param grad its gradient as `[∂f/∂x, ∂f/∂y]`, e.g. `(x, y) => [2 * x, 20 * y]`; leave it out
 *   to use the numerical gradient (central differences with step `h`).
 * @param options `start: [x₀, y₀]`, `learningRate` η, `steps`; `bound` (default 1e6), `h` (default 1e-5).
 * @returns `{ path: [[x₀, y₀], …], values, diverged, stoppedAt?, reason? }`; `path` goes straight
 *   into `contourPlot({ ..., path: run.path })`.
 */
export function gradientDescent2D(f: (x: number, y: number) => number, options: Descent2DOptions): Descent2DResult;
export function gradientDescent2D(
  f: (x: number, y: number) => number,
  grad: (x: number, y: number) => readonly [number, number] | number[],
  options: Descent2DOptions,
): Descent2DResult;
export function gradientDescent2D(
  f: (x: number, y: number) => number,
  gradOrOptions: ((x: number, y: number) => readonly [number, number] | number[]) | Descent2DOptions,
  maybeOptions?: Descent2DOptions,
): Descent2DResult {
  const who = "gradientDescent2D";
  const options = typeof gradOrOptions === "function" ? maybeOptions : gradOrOptions;
  if (typeof f !== "function" || options === undefined || typeof options !== "object") {
    throw new Error(t`${who}: call it as ${who}(f, grad, { start: [x, y], learningRate, steps }) or ${who}(f, { start, learningRate, steps }).`);
  }
  const { bound, h } = checkOptions(options, who);
  const start = options.start;
  if (!Array.isArray(start) || start.length !== 2) {
    throw new Error(t`${who}: start must be a point [x, y], got ${JSON.stringify(start)}.`);
  }
  const grad = gradient2D(f, typeof gradOrOptions === "function" ? gradOrOptions : undefined, h, who);
  const run = descend(([x, y]) => f(x, y), ([x, y]) => grad(x, y), [start[0], start[1]], options, bound, who, plainStep(options.learningRate));
  return { ...run, path: run.path.map(([x, y]): [number, number] => [x, y]) };
}

/** A gradient of two variables as `[∂f/∂x, ∂f/∂y]`: the given function, checked, or central differences. */
function gradient2D(
  f: (x: number, y: number) => number,
  grad: ((x: number, y: number) => readonly [number, number] | number[]) | undefined,
  h: number,
  who: string,
): (x: number, y: number) => number[] {
  if (grad === undefined) {
    return (x, y) => [centralDifference((t) => f(t, y), x, h), centralDifference((t) => f(x, t), y, h)];
  }
  return (x, y) => {
    const g = grad(x, y);
    if (!Array.isArray(g) || g.length !== 2) {
      throw new Error(t`${who}: grad(${x}, ${y}) returned ${JSON.stringify(g)}; it must return [∂f/∂x, ∂f/∂y].`);
    }
    return [g[0], g[1]];
  };
}

/** Options of `optimizerPath2D`: like `gradientDescent2D`'s, but the step size is the optimizer's. */
export interface OptimizerPathOptions {
  /** The starting point (x₀, y₀). */
  start: readonly [number, number];
  /** How many optimizer steps to take (a whole number ≥ 0). */
  steps: number;
  /** Divergence threshold, as in `gradientDescent2D` (default 1e6). */
  bound?: number;
  /** Step of the numerical gradient when no gradient function is given (default 1e-5). */
  h?: number;
}

/**
 * Lets a training optimizer (`SGD` with momentum, `Adam`, `RMSprop`, …) minimise a function of two
 * variables and returns the points it visits — for comparing optimizers on the same surface:
 *
 * ```ts
 * const rosen = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
 * const run = optimizerPath2D(rosen, undefined, new Adam({ learningRate: 0.05 }), { start: [-1.5, 2], steps: 300 });
 * show(contourPlot({ name: "adam-on-rosenbrock", z: rosen, xRange: [-2, 2], yRange: [-1, 3], path: run.path }));
 * ```
 *
 * The point (x, y) is one 1 × 2 parameter; every step sets its gradient and calls
 * `optimizer.step`, exactly as `fit` does for a network's weights. Use a fresh optimizer per run:
 * it keeps state (velocity, accumulators, step count) for the parameter.
 */
export function optimizerPath2D(
  f: (x: number, y: number) => number,
  grad: ((x: number, y: number) => readonly [number, number] | number[]) | undefined,
  optimizer: Optimizer,
  options: OptimizerPathOptions,
): Descent2DResult {
  const who = "optimizerPath2D";
  if (typeof f !== "function" || optimizer === null || typeof optimizer !== "object" || typeof optimizer.step !== "function") {
    throw new Error(t`${who}: call it as ${who}(f, grad or undefined, optimizer, { start: [x, y], steps }), e.g. with new Adam().`);
  }
  const { bound, h } = checkOptions({ ...options, learningRate: 1 }, who);
  const start = options.start;
  if (!Array.isArray(start) || start.length !== 2) {
    throw new Error(t`${who}: start must be a point [x, y], got ${JSON.stringify(start)}.`);
  }
  const g2 = gradient2D(f, grad, h, who);
  const point: Param = { name: "point", value: Matrix.rowVector(start), grad: Matrix.zeros(1, 2) };
  const step = (p: number[], g: number[]): number[] => {
    point.value.data.set(p);
    point.grad.data.set(g);
    optimizer.step([point]);
    return Array.from(point.value.data);
  };
  const run = descend(([x, y]) => f(x, y), ([x, y]) => g2(x, y), [start[0], start[1]], options, bound, who, step);
  return { ...run, path: run.path.map(([x, y]): [number, number] => [x, y]) };
}
