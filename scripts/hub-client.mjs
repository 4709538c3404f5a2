// A small client of a course hub for the load test and the hub test: the hub's REST API (users,
// tokens, servers) and a kernel driven over the Jupyter websocket protocol
// (/user/<name>/api/kernels/<id>/channels). Needs a global WebSocket (Node ≥ 22, or Node 20 with
// --experimental-websocket: `ensureWebSocket()` re-runs the script with it).

import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

/** Re-runs the current script with --experimental-websocket when Node has no WebSocket. */
export function ensureWebSocket() {
  if (typeof WebSocket !== "undefined") return;
  const r = spawnSync(process.execPath, ["--experimental-websocket", "--no-warnings=ExperimentalWarning", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** fetch against the hub with a token; JSON body in and out. Throws with the status on failure unless `ok` lists it. */
export async function api(url, { token, method = "GET", body, ok = [] } = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `token ${token}`;
  const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: "manual", signal: AbortSignal.timeout(300_000) });
  const text = await r.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  if (!r.ok && !ok.includes(r.status)) throw new Error(`${method} ${url}: ${r.status} ${text.slice(0, 200)}`);
  return { status: r.status, json, text };
}

/** The admin creates the hub users (idempotent). */
export async function createHubUsers(hub, names) {
  return api(`${hub.api}/users`, { token: hub.adminToken, method: "POST", body: { usernames: names }, ok: [409] });
}

/** A student logs in with name and password through the REST API; returns their API token. */
export async function login(hub, name, password) {
  const r = await api(`${hub.api}/users/${name}/tokens`, { method: "POST", body: { auth: { username: name, password }, note: "load test", expires_in: 3600 } });
  return r.json.token;
}

/**
 * Logs in through the hub's login form as a browser does (GET /hub/login, then POST the form):
 * { status, seconds, text } — 302 on success, 403 for a wrong password, 429 when locked out.
 */
export async function formLogin(hub, name, password) {
  const page = await fetch(`${hub.url}/hub/login`, { redirect: "manual", signal: AbortSignal.timeout(300_000) });
  const cookies = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]);
  const xsrf = cookies.find((c) => c.startsWith("_xsrf="))?.slice("_xsrf=".length);
  await page.text();
  const form = new URLSearchParams({ username: name, password, ...(xsrf ? { _xsrf: decodeURIComponent(xsrf) } : {}) });
  const t0 = Date.now();
  const r = await fetch(`${hub.url}/hub/login?next=`, {
    method: "POST", body: form, redirect: "manual", signal: AbortSignal.timeout(300_000),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookies.length ? { Cookie: cookies.join("; ") } : {}) },
  });
  const text = await r.text();
  return { status: r.status, seconds: (Date.now() - t0) / 1000, text };
}

/** Starts the student's server and waits until the hub says it is ready; returns seconds. */
export async function startServer(hub, name, token, timeoutMs = 600_000) {
  const t0 = Date.now();
  await api(`${hub.api}/users/${name}/server`, { token, method: "POST", ok: [202, 400] });
  for (;;) {
    const u = await api(`${hub.api}/users/${name}`, { token });
    const s = u.json.servers?.[""];
    if (s?.ready) return (Date.now() - t0) / 1000;
    if (!s?.pending && Date.now() - t0 > 5000 && !s) throw new Error(`${name}'s server stopped while starting`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`${name}'s server not ready after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** Code cells of a notebook, as strings. */
export function codeCells(file) {
  const nb = JSON.parse(readFileSync(file, "utf8"));
  return nb.cells.filter((c) => c.cell_type === "code").map((c) => ({ id: c.id, code: Array.isArray(c.source) ? c.source.join("") : c.source }));
}

/** A kernel of a student's server, driven over its websocket. */
export class Kernel {
  static async start(hub, name, token, kernelName = "tslab", timeoutMs = 600_000) {
    const base = `${hub.url}/user/${name}`;
    const r = await api(`${base}/api/kernels`, { token, method: "POST", body: { name: kernelName } });
    const k = new Kernel(base, r.json.id, token);
    // Connect as the browser does, again when a busy server drops the websocket (the server
    // waits for the kernel's first kernel_info reply before it accepts the connection).
    const t0 = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await k.connect();
        return k;
      } catch (e) {
        if (attempt >= 5 || Date.now() - t0 > timeoutMs) throw e;
        await sleep(2000);
      }
    }
  }

  constructor(base, id, token) {
    Object.assign(this, { base, id, token, session: randomUUID(), pending: new Map() });
  }

  connect() {
    const wsUrl = `${this.base.replace(/^http/, "ws")}/api/kernels/${this.id}/channels?session_id=${this.session}&token=${this.token}`;
    this.ws = new WebSocket(wsUrl);
    this.ws.addEventListener("message", (ev) => this.onMessage(ev.data));
    this.closed = new Promise((res) => this.ws.addEventListener("close", res));
    // A dropped connection fails what is waiting for a reply (instead of waiting for its timeout).
    this.ws.addEventListener("close", () => {
      for (const p of this.pending.values()) p.reject(new Error("the kernel's websocket closed"));
      this.pending.clear();
    });
    return new Promise((res, rej) => {
      this.ws.addEventListener("open", res, { once: true });
      this.ws.addEventListener("error", () => rej(new Error(`websocket to ${wsUrl.replace(/token=.*/, "token=…")} failed`)), { once: true });
    });
  }

  onMessage(data) {
    if (typeof data !== "string") return; // binary frames carry buffers; not used by the course
    const m = JSON.parse(data);
    const type = m.msg_type ?? m.header?.msg_type;
    if (type === "status" && ["restarting", "dead"].includes(m.content?.execution_state)) {
      // The server tells that the kernel died (e.g. killed at the memory limit): fail what waits.
      this.deaths = (this.deaths ?? 0) + 1;
      for (const p of this.pending.values()) p.reject(new Error(`the kernel died (${m.content.execution_state})`));
      this.pending.clear();
      return;
    }
    const p = this.pending.get(m.parent_header?.msg_id);
    if (!p) return;
    const t = m.msg_type ?? m.header?.msg_type;
    if (t === "stream") p.out[m.content.name === "stderr" ? "stderr" : "stdout"] += m.content.text;
    else if (t === "error") p.errors.push(`${m.content.ename}: ${m.content.evalue}`);
    else if (t === "display_data" || t === "execute_result" || t === "update_display_data") p.displays++;
    else if (t === "execute_reply" || t === "kernel_info_reply") {
      p.reply = m.content;
      if (m.content.status === "error") p.errors.push(`${m.content.ename}: ${m.content.evalue}`);
    } else if (t === "status" && m.content.execution_state === "idle") p.idle = true;
    if (p.reply && (p.idle || t === "kernel_info_reply")) {
      this.pending.delete(m.parent_header.msg_id);
      p.resolve(p);
    }
  }

  send(msgType, content, timeoutMs) {
    const msgId = randomUUID();
    const msg = {
      header: { msg_id: msgId, username: "load-test", session: this.session, msg_type: msgType, version: "5.3", date: new Date().toISOString() },
      parent_header: {}, metadata: {}, content, channel: "shell", buffers: [],
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(msgId);
        reject(new Error(`${msgType}: no reply within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(msgId, { out: { stdout: "", stderr: "" }, errors: [], displays: 0, resolve: (v) => { clearTimeout(timer); resolve(v); }, reject: (e) => { clearTimeout(timer); reject(e); } });
      if (this.ws.readyState !== 1) {
        this.pending.delete(msgId);
        clearTimeout(timer);
        return reject(new Error(`${msgType}: the kernel's websocket is not open`));
      }
      this.ws.send(JSON.stringify(msg));
    });
  }

  /** Waits until the kernel answers kernel_info (tslab takes a few seconds to start). */
  async ready(timeoutMs = 300_000) {
    const t0 = Date.now();
    for (;;) {
      try {
        if (this.ws.readyState > 1) await this.connect(); // dropped while the kernel was starting
        return await this.send("kernel_info_request", {}, 10_000);
      } catch (e) {
        if (Date.now() - t0 > timeoutMs) throw e;
        await sleep(1000);
      }
    }
  }

  /** Runs code; resolves to { stdout, stderr, errors, displays, seconds }. */
  async execute(code, timeoutMs = 600_000) {
    const t0 = Date.now();
    const p = await this.send("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, timeoutMs);
    return { ...p.out, errors: p.errors, displays: p.displays, seconds: (Date.now() - t0) / 1000 };
  }

  async shutdown() {
    try { this.ws.close(); } catch { /* closed */ }
    await api(`${this.base}/api/kernels/${this.id}`, { token: this.token, method: "DELETE", ok: [404] }).catch(() => {});
  }
}

/** RSS in MB of every process of a Unix user (ps), or 0. */
export function userRssMb(name) {
  const r = spawnSync("ps", ["-o", "rss=", "-u", name], { encoding: "utf8" });
  if (r.status !== 0) return 0;
  return r.stdout.split("\n").filter(Boolean).reduce((s, v) => s + Number(v), 0) / 1024;
}

/** CPU seconds used so far by the live processes of a Unix user and their reaped children (/proc/<pid>/stat, clock ticks of 1/100 s). */
export function userCpuSeconds(name) {
  let ticks = 0;
  for (const pid of userPids(name)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state)
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
    } catch { /* ended meanwhile */ }
  }
  return ticks / 100;
}

/** Process ids of a Unix user (ps), [] when none. */
export function userPids(name) {
  const r = spawnSync("ps", ["-o", "pid=", "-u", name], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\n").map((s) => s.trim()).filter(Boolean).map(Number) : [];
}

/** The student's memory cgroup (v1: usage and peak; v2: current and peak) in MB, or undefined. */
export function cgroupMemoryMb(name) {
  const read = (f) => { try { return Number(readFileSync(f, "utf8").trim()) / 2 ** 20; } catch { return undefined; } };
  const v1 = `/sys/fs/cgroup/memory/nncourse/${name}`;
  const v2 = `/sys/fs/cgroup/nncourse/${name}`;
  const usage = read(`${v1}/memory.usage_in_bytes`) ?? read(`${v2}/memory.current`);
  const peak = read(`${v1}/memory.max_usage_in_bytes`) ?? read(`${v2}/memory.peak`);
  const limit = read(`${v1}/memory.limit_in_bytes`) ?? read(`${v2}/memory.max`);
  return usage === undefined ? undefined : { usage, peak, limit };
}
