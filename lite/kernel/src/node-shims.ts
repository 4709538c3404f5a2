/**
 * The two Node modules a notebook imports itself (notebook 07: `path.join(os.tmpdir(), …)`,
 * `path.basename`), for the browser: POSIX paths, and `/tmp` as the temporary folder (files the
 * kernel writes live in its memory, see nnlib's `platform/browser.ts`).
 */

function normalizeParts(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return out;
}

function normalize(p: string): string {
  const absolute = p.startsWith("/");
  const joined = normalizeParts(p.split("/")).join("/");
  return absolute ? `/${joined}` : joined === "" ? "." : joined;
}

export const path = {
  sep: "/",
  delimiter: ":",
  normalize,
  join: (...parts: string[]) => normalize(parts.filter((p) => p !== "").join("/") || "."),
  resolve: (...parts: string[]) => {
    let p = "";
    for (const part of parts) p = part.startsWith("/") ? part : `${p}/${part}`;
    return normalize(p.startsWith("/") ? p : `/${p}`);
  },
  isAbsolute: (p: string) => p.startsWith("/"),
  basename: (p: string, ext?: string) => {
    const base = p.replace(/\/+$/, "").split("/").pop() ?? "";
    return ext !== undefined && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
  },
  dirname: (p: string) => {
    const trimmed = p.replace(/\/+$/, "");
    const i = trimmed.lastIndexOf("/");
    return i < 0 ? "." : i === 0 ? "/" : trimmed.slice(0, i);
  },
  extname: (p: string) => {
    const base = p.split("/").pop() ?? "";
    const i = base.lastIndexOf(".");
    return i <= 0 ? "" : base.slice(i);
  },
};

export const os = {
  EOL: "\n",
  tmpdir: () => "/tmp",
  homedir: () => "/",
  platform: () => "browser",
  cpus: () => Array.from({ length: (globalThis.navigator?.hardwareConcurrency as number | undefined) ?? 1 }, () => ({ model: "browser", speed: 0 })),
};
