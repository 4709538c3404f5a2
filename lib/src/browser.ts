/**
 * The browser edition's entry to nnlib (lite/: the JupyterLite kernel's worker bundles it with
 * `index.ts` and the subpath entries). The same library; only the platform differs:
 * `startBrowser(host)` must run before any other nnlib module is evaluated (the worker imports the
 * module that calls it first).
 */
import { usePlatform } from "./platform";
import { type BrowserHost, browserPlatform } from "./platform/browser";

export type { BrowserHost } from "./platform/browser";

/** Makes the library fetch from the site and display through `host`. */
export function startBrowser(host: BrowserHost): void {
  usePlatform(browserPlatform(host));
}
