/**
 * The configuration protocol (as tfjs-layers' `getConfig` + `registerClass`): every saveable piece —
 * activation, loss, initializer, regularizer, optimizer, layer — can say what it is as plain JSON
 * (`getConfig()`, e.g. `{ name: "leaky_relu", alpha: 0.1 }`), and a `Registry` of its kind turns
 * that JSON back into the piece. Each piece is registered next to its definition, so adding one
 * (a new optimizer, a new loss) is one file and one `register` call; save/load needs no probing.
 *
 * One `Registry` class serves every kind (layers are keyed by `className`, the others by `name`),
 * and one set of readers (`configNumber`, `configString`, …) checks a config's fields for all of
 * them, naming the field and what it got.
 */
import { describeField } from "./errors";

/** A value that `JSON.stringify` writes and `JSON.parse` reads back unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A piece's settings as plain JSON: its registered `name` plus whatever it needs to be rebuilt. */
export interface Config {
  name: string;
  [key: string]: JsonValue;
}

/** Something that can be saved: `getConfig()` gives JSON that its kind's registry rebuilds. */
export interface Configurable {
  getConfig(): Config;
}

/** Any config's fields: a `Config` (`{ name, … }`) and a layer's config (`{ className, name, … }`) both are. */
export interface ConfigFields {
  readonly [key: string]: JsonValue | undefined;
}

/**
 * The pieces of one kind by name, each with the function that rebuilds it from its config.
 * `N` narrows the names a kind accepts (the optimizers: `OptimizerName`); `C` is its config type.
 */
export class Registry<T, N extends string = string, C extends ConfigFields = Config> {
  private readonly factories = new Map<string, (config: C) => T>();

  /**
   * @param kind what the pieces are, for error messages ("activation", "loss", "layer", …)
   * @param key the config field that holds the registered name: "name", or "className" for layers
   */
  constructor(readonly kind: string, readonly key: "name" | "className" = "name") {}

  /** Registers `name`; `fromConfig` gets the whole config. Names are unique: registering one twice is an error. */
  register(name: N, fromConfig: (config: C) => T): void {
    if (typeof name !== "string" || name === "" || typeof fromConfig !== "function") {
      throw new Error(`register: expected a ${this.kind} name and a function config => ${this.kind}, got ${describeField(name)}.`);
    }
    if (this.factories.has(name)) {
      throw new Error(
        `register: the ${this.kind} "${name}" is registered twice. Hint: each name is registered once, next to its definition; ` +
          `to register your own again after changing it, restart the kernel.`,
      );
    }
    this.factories.set(name, fromConfig);
  }

  /** Whether `name` is registered. */
  has(name: string): boolean {
    return this.factories.has(name);
  }

  /** The registered names, in registration order. */
  names(): N[] {
    return [...this.factories.keys()] as N[];
  }

  /**
   * The piece described by `config` (or by a bare name, with its defaults). An unknown name is an
   * error that lists the known ones.
   */
  fromConfig(config: C | string): T {
    const c = (typeof config === "string" ? { [this.key]: config } : config) as C;
    const name = c === null || typeof c !== "object" ? undefined : c[this.key];
    if (typeof name !== "string") {
      throw new Error(`a ${this.kind} config must be a name or an object { ${this.key}, … }, got ${describeField(config)}.`);
    }
    const make = this.factories.get(name);
    if (make === undefined) {
      throw new Error(`unknown ${this.kind} ${JSON.stringify(name)}. Known: ${this.names().join(", ")}.`);
    }
    return make(c);
  }
}

// ─── Reading a config's fields ───────────────────────────────────────────────────────────────
//
// Every reader names the field and what it got ("field "units" must be an integer, got string
// "4""); for a function's config (no className) the message starts with "the elu config".

function fieldError(config: ConfigFields, key: string, expected: string, v: unknown, got = describeField(v)): Error {
  const where = typeof config.className === "string" || typeof config.name !== "string" ? "" : `the ${config.name} config `;
  return new Error(`${where}field "${key}" must be ${expected}, got ${got}.`);
}

/** `config[key]` as a string (required). */
export function configString(config: ConfigFields, key: string): string {
  const v = config[key];
  if (typeof v !== "string") throw fieldError(config, key, "a string", v);
  return v;
}

/** `config[key]` as a number; `fallback` when the field is missing (without one the field is required). */
export function configNumber(config: ConfigFields, key: string, fallback?: number): number {
  const v = config[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "number") throw fieldError(config, key, "a number", v);
  return v;
}

/** `config[key]` as true or false; `fallback` when the field is missing (without one the field is required). */
export function configBoolean(config: ConfigFields, key: string, fallback?: boolean): boolean {
  const v = config[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "boolean") throw fieldError(config, key, "true or false", v);
  return v;
}

/** `config[key]` as an integer (required). */
export function configInt(config: ConfigFields, key: string): number {
  const v = config[key];
  if (typeof v !== "number" || !Number.isInteger(v)) throw fieldError(config, key, "an integer", v);
  return v;
}

/** `config[key]` as an integer, or undefined when the field is missing. */
export function configOptionalInt(config: ConfigFields, key: string): number | undefined {
  return config[key] === undefined ? undefined : configInt(config, key);
}

/** `config[key]` as a list of positive integers (shapes and sizes); `optional`: undefined when missing. */
export function configIntList(config: ConfigFields, key: string, optional: boolean): number[] | undefined {
  const v = config[key];
  if (v === undefined && optional) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 1)) {
    throw fieldError(config, key, "a list of positive integers", v, JSON.stringify(v) ?? "nothing (the field is missing)");
  }
  return v as number[];
}

/** `config[key]` as a list of numbers, or undefined when the field is missing (moving statistics). */
export function configNumberList(config: ConfigFields, key: string): number[] | undefined {
  const v = config[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number")) throw fieldError(config, key, "an array of numbers", v);
  return v as number[];
}

/** `config[key]`, required, as it is (an activation, initializer or regularizer config: a name or `{ name, … }`). */
export function configField(config: ConfigFields, key: string): JsonValue {
  const v = config[key];
  if (v === undefined) throw new Error(`field "${key}" is missing.`);
  return v;
}

/**
 * A piece's config, or a clear error for a custom piece that has none (it cannot be saved): the
 * hint says how to register it.
 */
export function configOf(piece: { name: string; getConfig?: () => Config }, kind: string, registry: Registry<unknown>): Config {
  if (typeof piece.getConfig !== "function" || !registry.has(piece.name)) {
    throw new Error(
      `the ${kind} ${JSON.stringify(piece.name)} is a custom one that cannot be saved by name. ` +
        `Hint: give it getConfig() and register it (${registry.kind.toUpperCase()}S.register("${piece.name}", (config) => …)), ` +
        `or save without it (for the training settings: { compile: false }).`,
    );
  }
  return piece.getConfig();
}
