#!/usr/bin/python3
"""Start of a student's server (run by CourseSpawner as the student, never as root).

1. Copies the course into ~/course: every notebook of <repo>/notebooks that the student does not
   have yet. An existing file is never overwritten, so a course update keeps the student's edits;
   when the course's version of a notebook changed since the student's copy was made, the new
   version is put in ~/course/course-updates/ (that folder alone is rewritten) and listed in
   ~/course/course-updates/README.txt. ~/course/.course-manifest.json remembers, per notebook,
   the hash of the course version the student's copy came from. A notebook the student deleted is
   copied again at the next start (a way to get a fresh copy).
2. Links ~/node_modules to the course's node_modules, so that `import … from "nnlib"` resolves
   from ~/course (Node and TypeScript look in the parent folders).
3. Execs jupyterhub-singleuser with --notebook-dir=~/course and the arguments from the hub.
"""
import hashlib
import json
import os
import sys

REPO = os.environ["NNHUB_REPO"]
HOME = os.path.expanduser("~")
COURSE = os.path.join(HOME, "course")
UPDATES = os.path.join(COURSE, "course-updates")
MANIFEST = os.path.join(COURSE, ".course-manifest.json")
# The student copies of the notebooks (solutions replaced by stubs) and their map to the lectures
# (LECTURES.md), made by `node scripts/hub.mjs student-course` (npm run hub and the image build do).
COURSE_SOURCE = os.environ.get("NNHUB_COURSE") or os.path.join(REPO, "release", "student")
SOURCES = [(COURSE_SOURCE, (".ipynb", ".md"))]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def copy_new(src, dst):
    """Writes src to dst only if dst does not exist (O_EXCL: never over a file or a symlink)."""
    with open(src, "rb") as f:
        data = f.read()
    try:
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return True


def sync_course():
    os.makedirs(COURSE, mode=0o700, exist_ok=True)
    os.makedirs(os.path.join(COURSE, "homework"), mode=0o700, exist_ok=True)
    try:
        with open(MANIFEST) as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        manifest = {}
    copied, updated = [], []
    for folder, suffixes in SOURCES:
        src_dir = folder
        if not os.path.isdir(src_dir):
            sys.exit(f"course: {src_dir} does not exist: the student copies are made by `node scripts/hub.mjs student-course` (npm run hub does it)")
        for name in sorted(os.listdir(src_dir)):
            if not name.endswith(suffixes):
                continue
            src = os.path.join(src_dir, name)
            digest = sha256(src)
            dst = os.path.join(COURSE, name)
            target = os.path.join(UPDATES, name)
            if copy_new(src, dst):
                copied.append(name)
                manifest[name] = digest
                continue
            recorded = manifest.get(name)
            if recorded is None:
                manifest[name] = digest  # a file of the student's from before the manifest: keep it
                continue
            if recorded == digest:
                continue
            try:
                same = os.path.isfile(dst) and sha256(dst) == digest
            except OSError:
                same = False
            if same:
                # The student took the new version (or it equals theirs): nothing to offer any more.
                manifest[name] = digest
                if os.path.lexists(target):
                    os.remove(target)
                continue
            # The course changed this notebook after the student's copy was made.
            os.makedirs(UPDATES, mode=0o700, exist_ok=True)
            if os.path.lexists(target):
                os.remove(target)
            copy_new(src, target)
            updated.append(name)
    tmp = MANIFEST + ".tmp"
    with open(tmp, "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    os.replace(tmp, MANIFEST)
    readme = os.path.join(UPDATES, "README.txt")
    if not updated and os.path.lexists(readme):
        os.remove(readme)  # nothing is offered any more
        try:
            os.rmdir(UPDATES)
        except OSError:
            pass
    if updated:
        with open(os.path.join(UPDATES, "README.txt"), "w") as f:
            f.write(
                "The course changed these notebooks after you made your copy. Your copies in ../ are\n"
                "untouched; the new versions are here. To switch to one, rename your copy and move the\n"
                "new one up (or delete your copy: the next server start copies the new version).\n\n"
                + "".join(f"  {n}\n" for n in updated)
            )
    print(f"course: copied {len(copied)} new notebook(s) to {COURSE}; {len(updated)} update(s) offered in course-updates/", flush=True)


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
