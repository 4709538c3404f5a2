#!/bin/sh
# The build steps of the course's container image (hub/Dockerfile runs them; so does
# hub/check-image-steps.sh, in a scratch copy of the repository, where no Docker daemon is available).
#
#   sh hub/image-build.sh packages        Debian packages: Jupyter Notebook, nbclient, jupyterhub-singleuser
#   sh hub/image-build.sh npm DIR         npm ci in DIR (package.json, package-lock.json, lib/package.json)
#   sh hub/image-build.sh course DIR      the library build and the kernelspec, in DIR (the whole repository)
#   sh hub/image-build.sh tree DIR OUT    the student tree of DIR's course in OUT (all the image serves)
set -eu
step=${1:?step: packages, npm or course}
case "$step" in
packages)
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # jupyterhub brings jupyterhub-singleuser (the single-user server a hub starts) and
  # configurable-http-proxy (so the same image can also run the hub itself).
  apt-get install -y -q --no-install-recommends \
    jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel jupyterhub fonts-dejavu-core
  rm -rf /var/lib/apt/lists/*
  ;;
npm)
  cd "${2:?DIR}"
  npm ci --no-audit --no-fund
  npm cache clean --force 2>/dev/null || true
  ;;
course)
  cd "${2:?DIR}"
  # The library build (lib/dist) and the kernel "TypeScript (course)" in DIR/jupyter/kernels/tslab
  # (this Node, this directory); the Jupyter packages are there already.
  node scripts/setup.mjs
  # The students' copies of the notebooks (solutions replaced by stubs), which singleuser.py copies.
  node scripts/hub.mjs student-course
  ;;
tree)
  cd "${2:?DIR}"
  # Only what a student may have (scripts/lib/student-tree.mjs), read-only for them;
  # JUPYTER_PATH=OUT/jupyter finds the kernel.
  node scripts/hub.mjs student-tree "${3:?OUT}"
  chmod -R a+rX,go-w "$3"
  ;;
*)
  echo "unknown step $step" >&2
  exit 2
  ;;
esac
