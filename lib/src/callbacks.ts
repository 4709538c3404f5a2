/**
 * Callbacks: hooks that `Sequential.fit` calls while it trains, Keras-style.
 *
 * A callback is any object with some of these methods. `fit` calls them in this order:
 * `onTrainBegin` once, then for every epoch `onEpochBegin`, `onBatchEnd` after every
 * mini-batch, `onEpochEnd`, and finally `onTrainEnd`.
 */

/** Numbers logged for one epoch, e.g. `{ loss: 0.12, val_loss: 0.15, accuracy: 0.96 }`. */
export type Logs = Record<string, number>;

/** What `fit` tells callbacks when training starts. */
export interface TrainBeginInfo {
  /** Number of epochs `fit` will run (unless a callback stops it early). */
  epochs: number;
  /** Number of training samples (after the validation split). */
  samples: number;
  /** Mini-batches per epoch. */
  batchesPerEpoch: number;
  /** Names of the logged quantities, e.g. `["loss", "accuracy", "val_loss", "val_accuracy"]`. */
  metrics: string[];
  /** Samples per mini-batch (the last batch of an epoch may be smaller). */
  batchSize?: number;
  /** Number of validation samples (0 without validation). */
  validationSamples?: number;
}

/** Hooks called by `Sequential.fit`; implement only the ones you need. */
export interface Callback {
  /** Called once before the first epoch. */
  onTrainBegin?(info: TrainBeginInfo): void;
  /** `epoch` counts from 0. */
  onEpochBegin?(epoch: number): void;
  /** `batch` counts from 0 within the epoch; `logs` holds at least `loss` of that batch. */
  onBatchEnd?(batch: number, logs: Logs): void;
  /**
   * `epoch` counts from 0; `logs` holds the epoch's training and validation numbers.
   * Return `true` to stop training after this epoch (early stopping).
   */
  onEpochEnd?(epoch: number, logs: Logs): boolean | void;
  /** Called once after the last epoch (also after an early stop), with the last epoch's logs. */
  onTrainEnd?(logs: Logs): void;
}
