"""Executes notebooks with the course's tslab kernel through nbclient, in memory.

Run by scripts/run-notebooks.mjs with Debian's /usr/bin/python3 and the project's Jupyter
environment (JUPYTER_PATH=<repo>/jupyter ...). Never writes to the input notebooks: the
executed copy goes to --out-dir (git-ignored test-output/).

    python3 scripts/run-notebooks.py --out-dir DIR [--timeout 300] NOTEBOOK...

Prints one JSON object per notebook on stdout, prefixed with "RESULT " (progress goes to
stderr):
    {"path", "ok", "seconds", "cells", "executed", "output", "failure": null | {
        "cell", "id", "first_line", "reason", "stderr"}}
A notebook fails at the first code cell that has an `error` output, a `stderr` stream output
(tslab reports compile errors and exceptions that way), an execute_reply with status
`error`, times out, or kills the kernel. Cells after the first failure are not run.
"""

import argparse
import warnings
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

KERNEL = "tslab"
warnings.filterwarnings("ignore", module="nbformat")
warnings.filterwarnings("ignore", message=".*missing an id.*")


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:200]
    return "(empty cell)"


def cell_problem(cell, reply):
    """Returns (reason, stderr text) for a failed cell, or None."""
    stderr = []
    errors = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            stderr.append(output.get("text", ""))
        elif output.get("output_type") == "error":
            errors.append("%s: %s\n%s" % (
                output.get("ename", "Error"), output.get("evalue", ""),
                "\n".join(output.get("traceback", []))))
    status = (reply or {}).get("content", {}).get("status")
    text = "".join(stderr) + "\n".join(errors)
    if errors:
        return "error output", text
    if stderr:
        return "stderr output", text
    if status == "error":
        return "execute_reply status error", text
    if status not in (None, "ok"):
        return "execute_reply status %s" % status, text
    return None


def run_one(path, out_dir, timeout):
    started = time.time()
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    code_indices = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    result = {"path": path, "ok": True, "cells": len(code_indices), "executed": 0,
              "output": None, "failure": None}
    replies = {}

    def on_cell_executed(cell, cell_index, execute_reply):
        replies[cell_index] = execute_reply

    client = NotebookClient(
        nb,
        timeout=timeout,
        startup_timeout=120,
        kernel_name=KERNEL,
        allow_errors=True,
        record_timing=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    client.on_cell_executed = on_cell_executed

    def fail(index, reason, stderr):
        cell = cells[index]
        result["ok"] = False
        result["failure"] = {
            "cell": code_indices.index(index) + 1 if index in code_indices else index + 1,
            "index": index,
            "id": cell.get("id"),
            "first_line": first_line(cell.source),
            "reason": reason,
            "stderr": stderr,
        }

    try:
        with client.setup_kernel():
            for index in code_indices:
                cell = cells[index]
                print("  %s: cell %d/%d" % (os.path.basename(path), code_indices.index(index) + 1,
                                            len(code_indices)), file=sys.stderr, flush=True)
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    fail(index, "timed out after %d s" % timeout, "")
                    break
                except DeadKernelError as e:
                    fail(index, "the kernel died", str(e))
                    break
                result["executed"] += 1
                problem = cell_problem(cell, replies.get(index))
                if problem:
                    fail(index, *problem)
                    break
    except Exception as e:  # kernel would not start, and the like
        result["ok"] = False
        result["failure"] = {"cell": 0, "index": -1, "id": None, "first_line": "(kernel start-up)",
                             "reason": "%s: %s" % (type(e).__name__, e), "stderr": ""}

    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        out = os.path.join(out_dir, os.path.basename(path))
        nbformat.write(nb, out)
        result["output"] = out
    result["seconds"] = round(time.time() - started, 2)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", default=None)
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("notebooks", nargs="*")
    args = parser.parse_args()
    for path in args.notebooks:
        result = run_one(path, args.out_dir, args.timeout)
        print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
