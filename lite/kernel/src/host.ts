/**
 * What nnlib asks of the browser (`BrowserHost`, lib/src/platform/browser.ts), answered by the
 * worker. Importing this module installs nnlib's browser platform, so `worker.ts` imports it
 * before nnlib itself; `init` (the page's first message) fills in the notebook's folder.
 */
import { type BrowserHost, startBrowser } from "nnlib-browser";
import type { Bundle, FromWorker } from "./protocol";

type Danfo = ReturnType<BrowserHost["loadDanfo"]>;

export const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

export const host: BrowserHost = {
  // Known before the page's first message: nnlib computes some lecture values when it loads
  // (a product → the wasm kernel → kernels.wasm from here). The worker's script is in <site>/build/.
  assetsUrl: new URL("../nnlib/", self.location.href).href,
  workingDir: "/",
  version: "",
  env: {},
  display: (bundle, displayId, update) => post({ type: "display", bundle: bundle as unknown as Bundle, displayId, update }),
  stderr: (text) => post({ type: "stream", name: "stderr", text }),
  loadDanfo: () => {
    // danfojs' browser build (the same version as danfojs-node), a classic script defining `dfd`,
    // loaded when the first table is made: a worker may load scripts synchronously.
    const scope = self as unknown as { dfd?: Danfo; importScripts(url: string): void };
    if (scope.dfd === undefined) scope.importScripts(`${host.assetsUrl}danfo.js`);
    if (scope.dfd === undefined) throw new Error(`danfojs did not load from ${host.assetsUrl}danfo.js. Hint: rebuild the site with npm run lite.`);
    return scope.dfd;
  },
};

startBrowser(host);
