// @ts-check
// Headless Chromium for the browser tests and the slide-figure export: Debian's /usr/bin/chromium
// driven by playwright-core (imported lazily: it is an npm package). WebGL (3-D plots) runs on
// SwiftShader, so there is no `--disable-gpu`.

import { CHROMIUM } from "./setup.mjs";

/** The flags every launch uses: no sandbox (root in CI), nothing phoned home, SwiftShader WebGL. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--disable-crash-reporter",
  "--disable-breakpad",
];

/**
 * Launches headless Chromium with `CHROMIUM_ARGS` and `extraArgs`.
 * @param {string[]} [extraArgs]
 * @returns {Promise<import("playwright-core").Browser>}
 */
export async function launchChromium(extraArgs = []) {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
