#!/usr/bin/env node
// @ts-check
// `npm run lite:serve`: serves site/ (built by `npm run lite`) on http://127.0.0.1:PORT/ for a try.
// Any static web server will do for a class (GitHub Pages, nginx, …); this one is the course's own,
// also used by the browser test.
//
//   node lite/serve.mjs [--port 8000]
//
// Nothing is read outside site/; unknown paths are 404s; folders serve their index.html.

import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { SITE } from "./build.mjs";

/** @type {Record<string, string>} */
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".ipynb": "application/json; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".webmanifest": "application/manifest+json",
  ".pgm": "image/x-portable-graymap",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Starts a static server of `root` on 127.0.0.1:`port` (0: a free port).
 * @param {{ root?: string, port?: number, onRequest?: (path: string, status: number) => void }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function serveSite({ root = SITE, port = 0, onRequest } = {}) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    const send = (/** @type {number} */ status, body = "") => {
      onRequest?.(request.url ?? "", status);
      response.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      response.end(body);
    };
    if (request.method !== "GET" && request.method !== "HEAD") return send(405, "read-only site\n");
    let path;
    try {
      path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    } catch {
      return send(400, "bad path\n");
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return send(403, "outside the site\n");
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file) || !statSync(file).isFile()) return send(404, "not found\n");
    onRequest?.(request.url ?? "", 200);
    response.writeHead(200, {
      "content-type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": statSync(file).size,
      "cache-control": "no-cache",
    });
    if (request.method === "HEAD") return response.end();
    createReadStream(file).pipe(response);
  });
  return new Promise((resolveServer, reject) => {
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const actual = typeof address === "object" && address !== null ? address.port : port;
      resolveServer({
        url: `http://127.0.0.1:${actual}/`,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(SITE, "index.html"))) {
    console.error("lite:serve: site/ is not built. Run `npm run lite` first.");
    process.exit(1);
  }
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 8000);
  const { url } = await serveSite({ port });
  console.log(`The course in the browser: ${url}lab/index.html  (Ctrl-C stops the server)`);
}
