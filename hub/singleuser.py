#!/usr/bin/python3
"""Start of a student's server (run by CourseSpawner as the student, never as root).

1. Copies the course into ~/course with the course's workspace module (scripts/lib/workspace.mjs,
   the same code `npm start` uses for a student's own machine): every notebook (and LECTURES.md)
   of the student copies that the student does not have yet. An existing file is never
   overwritten, so a course update keeps the student's edits; when the course's version of a
   notebook changed since the student's copy was made, the new version is put in
   ~/course/course-updates/ (that folder alone is rewritten) and listed in
   ~/course/course-updates/README.txt. ~/course/.course-manifest.json remembers, per notebook,
   the hash of the course version the student's copy came from. A notebook the student deleted is
   copied again at the next start (a way to get a fresh copy). ~/course/package.json makes
   `npm run grade` from ~/course grade ~/course/08-homework.ipynb.
2. Links ~/node_modules to the course's node_modules, so that `import … from "nnlib"` resolves
   from ~/course (Node and TypeScript look in the parent folders).
3. Execs jupyterhub-singleuser with --notebook-dir=~/course and the arguments from the hub.
"""
import json
import os
import shutil
import subprocess
import sys

REPO = os.environ["NNHUB_REPO"]
HOME = os.path.expanduser("~")
COURSE = os.path.join(HOME, "course")
# The student copies of the notebooks (solutions replaced by stubs) and their map to the lectures
# (LECTURES.md), made by `node scripts/hub.mjs student-course` (npm run hub and the image build do).
COURSE_SOURCE = os.environ.get("NNHUB_COURSE") or os.path.join(REPO, "release", "student")
WORKSPACE_MODULE = os.path.join(REPO, "scripts", "lib", "workspace.mjs")


def find_node():
    """The node binary: $NNHUB_NODE, node on PATH, or the one the course's kernel runs with."""
    if os.environ.get("NNHUB_NODE"):
        return os.environ["NNHUB_NODE"]
    found = shutil.which("node")
    if found:
        return found
    try:
        with open(os.path.join(REPO, "jupyter", "kernels", "tslab", "kernel.json")) as f:
            return json.load(f)["argv"][0]
    except (OSError, ValueError, KeyError, IndexError):
        sys.exit("course: node not found (not on PATH, no kernel.json): set NNHUB_NODE to the node binary")


def sync_course():
    if not os.path.isdir(COURSE_SOURCE):
        sys.exit(f"course: {COURSE_SOURCE} does not exist: the student copies are made by `node scripts/hub.mjs student-course` (npm run hub does it)")
    r = subprocess.run([find_node(), WORKSPACE_MODULE, "--from", COURSE_SOURCE, "--to", COURSE])
    if r.returncode != 0:
        sys.exit(f"course: copying the course into {COURSE} failed (exit code {r.returncode}; the reason is above)")


def link_packages():
    link = os.path.join(HOME, "node_modules")
    target = os.path.join(REPO, "node_modules")
    if os.path.islink(link) and os.readlink(link) == target:
        return
    if os.path.islink(link):
        os.remove(link)
    if not os.path.lexists(link):
        os.symlink(target, link)
    else:
        print(f"course: {link} exists and is not a link to {target}: `import from \"nnlib\"` may not resolve", flush=True)


def main():
    os.umask(0o077)  # nothing a student writes is readable by other students
    sync_course()
    link_packages()
    os.chdir(COURSE)
    args = ["jupyterhub-singleuser", f"--notebook-dir={COURSE}", *sys.argv[1:]]
    os.execv("/usr/bin/jupyterhub-singleuser", args)


if __name__ == "__main__":
    main()
