/**
 * What nnlib asks of the browser (`BrowserHost`, lib/src/platform/browser.ts), answered by the
 * worker. Importing this module installs nnlib's browser platform, so `worker.ts` imports it
 * before nnlib itself; `init` (the page's first message) fills in the site's URL and the
 * notebook's folder.
 */
import { type BrowserHost, startBrowser } from "nnlib-browser";
import type { Bundle, FromWorker } from "./protocol";

export const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

export const host: BrowserHost = {
  assetsUrl: "",
  workingDir: "/",
  version: "",
  env: {},
  display: (bundle, displayId, update) => post({ type: "display", bundle: bundle as unknown as Bundle, displayId, update }),
  stderr: (text) => post({ type: "stream", name: "stderr", text }),
  loadDanfo: () => {
    throw new Error(
      "Tables (showTable, danfo, readCsvFrame, frames: true) need danfojs, which the browser edition of the course " +
        "does not include. Hint: run this notebook on your own computer or the class hub (see README.md).",
    );
  },
};

startBrowser(host);
