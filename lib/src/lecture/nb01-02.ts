/** What notebooks 01 and 02 use from `lecture/` (one line in index.ts re-exports this file). */
export * from "./representation";
export * from "./xor";
export * from "./data-growth";
export * from "./hopfield";
