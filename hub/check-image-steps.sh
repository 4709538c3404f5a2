#!/bin/sh
# The image's build steps without Docker: for a machine with no Docker daemon (like the one this
# course is developed on). As root, on Debian bookworm with Node ≥ 20.19:
#
#   sh hub/check-image-steps.sh [SCRATCH_DIR]
#
# 1. COPY: the committed files of HEAD (git archive: no node_modules, lib/dist, jupyter/*, state)
#    into a scratch directory standing for /srv/course;
# 2. the RUN steps of hub/Dockerfile (hub/image-build.sh packages | npm | course | tree), the
#    student tree made in SCRATCH-tree (the image's /srv/course);
# 3. what the image then does: notebook 01 from a fresh kernel with the scratch copy's kernel
#    (the notebook runner), and the tree's hub/singleuser.py as an unprivileged user with an empty
#    home (copies the course, links node_modules, then `jupyterhub-singleuser --help` instead of a
#    server); the tree holds no solutions, instructor/, .git or grader.
# Not covered: the base image node:20-bookworm itself, the Dockerfile's COPY/ENV/USER lines and
# its stages, useradd jovyan.
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=${1:-$(mktemp -d /tmp/nn-course-image.XXXXXX)}
mkdir -p "$SCRATCH"
echo "check-image-steps: COPY (git archive HEAD) -> $SCRATCH"
git -C "$REPO" archive HEAD | tar -x -C "$SCRATCH"
echo "check-image-steps: RUN image-build.sh packages"
sh "$SCRATCH/hub/image-build.sh" packages
echo "check-image-steps: RUN image-build.sh npm"
sh "$SCRATCH/hub/image-build.sh" npm "$SCRATCH"
echo "check-image-steps: RUN image-build.sh course"
sh "$SCRATCH/hub/image-build.sh" course "$SCRATCH"
grep -q "\"$SCRATCH/node_modules/tslab/bin/tslab\"" "$SCRATCH/jupyter/kernels/tslab/kernel.json"
TREE="$SCRATCH-tree"
echo "check-image-steps: RUN image-build.sh tree -> $TREE"
sh "$SCRATCH/hub/image-build.sh" tree "$SCRATCH" "$TREE"
grep -q "\"$TREE/node_modules/tslab/bin/tslab\"" "$TREE/jupyter/kernels/tslab/kernel.json"
test ! -e "$TREE/notebooks" && test ! -e "$TREE/instructor" && test ! -e "$TREE/.git" && test ! -e "$TREE/lib/dist/grader"
if grep -rq "BEGIN SOLUTION" "$TREE/release/student"; then echo "check-image-steps: solutions in the tree" >&2; exit 1; fi
echo "check-image-steps: notebook 01 with the copy's kernel"
(cd "$SCRATCH" && node scripts/run-notebooks.mjs notebooks/01-neuron.ipynb)
echo "check-image-steps: hub/singleuser.py as nobody with an empty home"
HOME_DIR=$(mktemp -d /tmp/nn-course-home.XXXXXX)
chown nobody:nogroup "$HOME_DIR"
setpriv --reuid=nobody --regid=nogroup --clear-groups env -i HOME="$HOME_DIR" PATH=/usr/bin:/bin NNHUB_REPO="$TREE" \
  /usr/bin/python3 "$TREE/hub/singleuser.py" --help >/dev/null
test -f "$HOME_DIR/course/01-neuron.ipynb" && test -f "$HOME_DIR/course/08-homework.ipynb"
test "$(readlink "$HOME_DIR/node_modules")" = "$TREE/node_modules"
test "$(stat -c %a "$HOME_DIR/course")" = 700
rm -rf "$HOME_DIR"
echo "check-image-steps: OK ($SCRATCH and $TREE; remove them with rm -rf)"
