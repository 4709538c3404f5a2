/**
 * The platform nnlib runs on (see `./platform`): Node unless the bundle's entry chose another
 * with `usePlatform` (the browser edition's entry, `../browser.ts`, does).
 */
import type { Platform } from "./platform";
import { nodePlatform } from "./node";

export type { Platform, UserFiles } from "./platform";

// The browser bundle maps ./node to nothing (lite/rspack.config.js), so this is undefined there
// until the browser entry calls usePlatform.
let current: Platform = nodePlatform;

/** The platform in use. */
export function platform(): Platform {
  return current;
}

/** Makes `next` the platform of every later call (the browser entry's first statement). */
export function usePlatform(next: Platform): void {
  current = next;
}
