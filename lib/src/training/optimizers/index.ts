/**
 * Optimizers: how the parameters move once their gradients are known (lectures 001 and 004). One
 * file per optimizer, each registering itself at its end; base.ts has what they share.
 *
 * Notation of the doc comments (as in the lectures): w a weight, g = ∂E/∂w its gradient on the
 * current batch, η the learning rate, t the step number (1 on the first step), v a velocity,
 * ρ and β decay rates, ε a small constant against division by zero. Every operation is entry by
 * entry (g² is the element-wise square). The formulas are Keras 3's, including where ε sits.
 *
 * | class      | Keras name   | defaults                                                      |
 * |------------|--------------|---------------------------------------------------------------|
 * | `SGD`      | `"sgd"`      | η 0.01, momentum 0, nesterov false                            |
 * | `Adagrad`  | `"adagrad"`  | η 0.001, initialAccumulatorValue 0.1, ε 1e-7                  |
 * | `RMSprop`  | `"rmsprop"`  | η 0.001, ρ 0.9, momentum 0, ε 1e-7, centered false            |
 * | `Adam`     | `"adam"`     | η 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7, amsgrad false              |
 * | `Adadelta` | `"adadelta"` | η 0.001, ρ 0.95, ε 1e-7                                       |
 * | `Adamax`   | `"adamax"`   | η 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7                             |
 * | `Nadam`    | `"nadam"`    | η 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7 (Keras' momentum schedule)  |
 * | `Lion`     | `"lion"`     | η 0.001, β₁ 0.9, β₂ 0.99                                      |
 *
 * ```ts
 * model.compile({ optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }), loss: "mse" });
 * model.compile({ optimizer: "adam", loss: "mse" });          // Keras defaults
 * ```
 *
 * A new optimizer: a file here (a `BaseOptimizer` subclass ending with its `OPTIMIZERS.register`),
 * its name in `OPTIMIZER_NAMES` (base.ts) and its lines below — CONTRIBUTING.md has the checklist.
 */
export { BaseOptimizer, checkLearningRate, getOptimizer, OPTIMIZER_NAMES, OPTIMIZERS } from "./base";
export type { Optimizer, OptimizerConfig, OptimizerName } from "./base";
export { SGD } from "./sgd";
export type { SGDOptions } from "./sgd";
export { Adagrad } from "./adagrad";
export type { AdagradOptions } from "./adagrad";
export { RMSprop } from "./rmsprop";
export type { RMSpropOptions } from "./rmsprop";
export { Adam } from "./adam";
export type { AdamOptions } from "./adam";
export { Adadelta } from "./adadelta";
export type { AdadeltaOptions } from "./adadelta";
export { Adamax } from "./adamax";
export type { AdamaxOptions } from "./adamax";
export { Nadam } from "./nadam";
export type { NadamOptions } from "./nadam";
export { Lion } from "./lion";
export type { LionOptions } from "./lion";
