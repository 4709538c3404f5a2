/**
 * The configuration protocol (as tfjs-layers' `getConfig` + `registerClass`): every saveable piece —
 * activation, loss, initializer, regularizer, optimizer, layer — can say what it is as plain JSON
 * (`getConfig()`, e.g. `{ name: "leaky_relu", alpha: 0.1 }`), and a `Registry` of its kind turns
 * that JSON back into the piece. Each piece is registered next to its definition, so adding one
 * (a new optimizer, a new loss) is one file and one `register` call; save/load needs no probing.
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

/** The pieces of one kind by name, each with the function that rebuilds it from its config. */
export class Registry<T> {
  private readonly factories = new Map<string, (config: Config) => T>();

  /** @param kind what the pieces are, for error messages ("activation", "loss", …) */
  constructor(readonly kind: string) {}

  /** Registers `name`; `fromConfig` gets the whole config (with `name`). Names are unique. */
  register(name: string, fromConfig: (config: Config) => T): void {
    if (this.factories.has(name)) throw new Error(`register: the ${this.kind} "${name}" is registered twice.`);
    this.factories.set(name, fromConfig);
  }

  /** Whether `name` is registered. */
  has(name: string): boolean {
    return this.factories.has(name);
  }

  /** The registered names, in registration order. */
  names(): string[] {
    return [...this.factories.keys()];
  }

  /**
   * The piece described by `config` (or by a bare name, with its defaults). An unknown name is an
   * error that lists the known ones.
   */
  fromConfig(config: Config | string): T {
    const c: Config = typeof config === "string" ? { name: config } : config;
    if (c === null || typeof c !== "object" || typeof c.name !== "string") {
      throw new Error(`a ${this.kind} config must be a name or an object { name, … }, got ${describeField(config)}.`);
    }
    const make = this.factories.get(c.name);
    if (make === undefined) {
      throw new Error(`unknown ${this.kind} ${JSON.stringify(c.name)}. Known: ${this.names().join(", ")}.`);
    }
    return make(c);
  }
}

/** `config[key]` as a number, or `fallback` when it is missing; anything else is an error naming the field. */
export function configNumberOr(config: Config, key: string, fallback: number): number {
  const v = config[key];
  if (v === undefined) return fallback;
  if (typeof v !== "number") throw new Error(`the ${config.name} config field "${key}" must be a number, got ${describeField(v)}.`);
  return v;
}

/** `config[key]` as a boolean, or `fallback` when it is missing. */
export function configBooleanOr(config: Config, key: string, fallback: boolean): boolean {
  const v = config[key];
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw new Error(`the ${config.name} config field "${key}" must be true or false, got ${describeField(v)}.`);
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
