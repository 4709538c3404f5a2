/**
 * nnlib for the browser edition of the course (lite/: the JupyterLite kernel bundles this file
 * instead of `index.ts`). The same library; only the platform differs: `startBrowser(host)` must
 * run before anything else (the kernel's worker calls it once).
 */
import { usePlatform } from "./platform";
import { type BrowserHost, browserPlatform } from "./platform/browser";

export type { BrowserHost } from "./platform/browser";

/** Makes the library fetch from the site and display through `host`. */
export function startBrowser(host: BrowserHost): void {
  usePlatform(browserPlatform(host));
}
