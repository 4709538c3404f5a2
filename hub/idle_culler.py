#!/usr/bin/python3
"""Idle culler: a JupyterHub service that stops the servers of students idle for --timeout seconds.

A small stand-in for jupyterhub-idle-culler (not packaged in Debian): every --every seconds it
lists the users through the hub's REST API (JUPYTERHUB_API_URL, token JUPYTERHUB_API_TOKEN, both
set by the hub for a managed service) and stops (DELETE /users/<name>/server) every ready server
whose last activity is older than the timeout. Its role grants only list:users,
read:users:activity, read:servers and delete:servers. The work of a stopped server is saved in the
student's home; the next login starts it again. Kernels idle inside a running server are shut
down earlier by the server itself (MappingKernelManager.cull_idle_timeout).
"""
import argparse
import json
import os
import sys
import time
import urllib.request
from datetime import datetime, timezone

API = os.environ["JUPYTERHUB_API_URL"].rstrip("/")
TOKEN = os.environ["JUPYTERHUB_API_TOKEN"]


def call(method, path):
    req = urllib.request.Request(API + path, method=method, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
        return json.loads(body) if body else None


def parse_time(s):
    if not s:
        return None
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(timezone.utc)


def cull_once(timeout):
    now = datetime.now(timezone.utc)
    for user in call("GET", "/users?state=ready"):
        for name, server in (user.get("servers") or {}).items():
            if not server.get("ready") or server.get("pending"):
                continue
            last = parse_time(server.get("last_activity")) or parse_time(server.get("started"))
            if last is None:
                continue
            idle = (now - last).total_seconds()
            if idle > timeout:
                path = f"/users/{user['name']}/server" if name == "" else f"/users/{user['name']}/servers/{name}"
                print(f"idle-culler: stopping {user['name']}'s server (idle {idle:.0f} s > {timeout} s)", flush=True)
                try:
                    call("DELETE", path)
                except Exception as e:  # one failure never stops the culler
                    print(f"idle-culler: could not stop {user['name']}'s server: {e}", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--timeout", type=int, default=3600)
    p.add_argument("--every", type=int, default=300)
    a = p.parse_args()
    print(f"idle-culler: servers idle for more than {a.timeout} s are stopped (checked every {a.every} s)", flush=True)
    while True:
        try:
            cull_once(a.timeout)
        except Exception as e:
            print(f"idle-culler: {e}", file=sys.stderr, flush=True)
        time.sleep(a.every)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the hub stops its services with SIGINT
        pass
