/**
 * How values print, close to Node's `util.inspect` (what tslab shows for a cell's last
 * expression and `console.log` prints for non-strings): `[ 1, 2, 3 ]`, `{ a: 1 }`, `'text'`,
 * `Map(1) { 'a' => 1 }`, and an object's own `[Symbol.for("nodejs.util.inspect.custom")]()`
 * (nnlib's Matrix and Value define one).
 */

const CUSTOM = Symbol.for("nodejs.util.inspect.custom");
const MAX_ITEMS = 100;
const LINE_WIDTH = 72;
const MAX_DEPTH = 2;

function quote(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

function key(k: string | symbol): string {
  if (typeof k === "symbol") return `[${k.toString()}]`;
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}

/** Joins parts as Node does: on one line when short, else one part per line. */
function wrap(open: string, parts: string[], close: string, indent: string): string {
  if (parts.length === 0) return `${open}${close}`;
  const line = `${open} ${parts.join(", ")} ${close}`;
  if (line.length <= LINE_WIDTH && !parts.some((p) => p.includes("\n"))) return line;
  return `${open}\n${parts.map((p) => `${indent}  ${p.replace(/\n/g, `\n${indent}  `)}`).join(",\n")}\n${indent}${close}`;
}

function inspectValue(value: unknown, depth: number, seen: Set<object>, indent: string): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
    case "undefined":
      return String(value);
    case "symbol":
      return value.toString();
    case "function": {
      const text = Function.prototype.toString.call(value);
      if (text.startsWith("class")) return `[class ${value.name || "(anonymous)"}]`;
      return value.name ? `[Function: ${value.name}]` : "[Function (anonymous)]";
    }
  }
  if (value === null) return "null";
  const obj = value as Record<string | symbol, unknown>;
  const custom = obj[CUSTOM];
  if (typeof custom === "function") {
    const out = (custom as (depth: number, options: object) => unknown).call(obj, MAX_DEPTH - depth, {});
    return typeof out === "string" ? out : inspectValue(out, depth, seen, indent);
  }
  if (seen.has(obj)) return "[Circular]";
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof RegExp) return value.toString();
  if (value instanceof Promise) return "Promise { <pending> }";
  const ctor = (Object.getPrototypeOf(obj) as { constructor?: { name?: string } } | null)?.constructor?.name;
  if (depth > MAX_DEPTH) return Array.isArray(value) ? "[Array]" : `[${ctor && ctor !== "Object" ? ctor : "Object"}]`;
  seen.add(obj);
  try {
    const inner = (v: unknown) => inspectValue(v, depth + 1, seen, `${indent}  `);
    if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      const items = Array.from(value as ArrayLike<unknown>);
      const parts = items.slice(0, MAX_ITEMS).map(inner);
      if (items.length > MAX_ITEMS) parts.push(`... ${items.length - MAX_ITEMS} more item${items.length - MAX_ITEMS === 1 ? "" : "s"}`);
      const prefix = Array.isArray(value) ? "" : `${ctor}(${items.length}) `;
      return prefix + wrap("[", parts, "]", indent);
    }
    if (value instanceof Map) {
      const parts = [...value].slice(0, MAX_ITEMS).map(([k, v]) => `${inner(k)} => ${inner(v)}`);
      return `Map(${value.size}) ${wrap("{", parts, "}", indent)}`;
    }
    if (value instanceof Set) {
      return `Set(${value.size}) ${wrap("{", [...value].slice(0, MAX_ITEMS).map(inner), "}", indent)}`;
    }
    const parts = Reflect.ownKeys(obj)
      .filter((k) => Object.prototype.propertyIsEnumerable.call(obj, k))
      .map((k) => `${key(k)}: ${inner(obj[k])}`);
    const prefix = ctor === undefined ? "[Object: null prototype] " : ctor !== "Object" ? `${ctor} ` : "";
    return prefix + wrap("{", parts, "}", indent);
  } finally {
    seen.delete(obj);
  }
}

/** A value as Node's `util.inspect` would print it (strings quoted). */
export function inspect(value: unknown): string {
  return inspectValue(value, 0, new Set(), "");
}

/** `console.log`'s text for its arguments: strings as they are, everything else inspected; `%s`, `%d`, `%o` are not expanded. */
export function formatArgs(args: unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ");
}
