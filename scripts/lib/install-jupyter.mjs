// @ts-check
// What `npm start` prints when it finds no Jupyter: the commands that install one, for the system
// it runs on (scripts/setup.mjs). A pure function of what setup found, so that the macOS and
// Windows texts are tested on Linux (test/scripts/find-jupyter.test.ts).
//
// The course's own recipe is a virtual environment in the repository, `<repo>/.venv`: the set-up
// finds it without activating it, VS Code offers it, and it works where pip refuses to install
// for the user (PEP 668: Debian 12, Ubuntu 24.04, Homebrew's Python).

import { pathFor } from "./find-jupyter.mjs";

/**
 * What the help needs to know about the machine.
 * @typedef {object} MachineFacts
 * @property {string} platform        a `process.platform` value
 * @property {string} repo            the repository's directory
 * @property {boolean} root           running as root (Linux, macOS)
 * @property {boolean} debian         Debian or Ubuntu (apt-get)
 * @property {boolean} brew           Homebrew's `brew` on PATH (macOS)
 * @property {boolean} conda          `conda` on PATH or an active conda environment
 * @property {import("./find-jupyter.mjs").Probe | undefined} python  the Python found (without what is needed), if any
 * @property {string[]} looked        where the set-up looked, for the first line
 * @property {boolean} [lab]          JupyterLab was asked for (`npm start -- --lab`)
 */

/**
 * The package to install: `notebook` (Notebook 7, which brings JupyterLab's components), or
 * `jupyterlab` for `--lab`.
 * @param {boolean | undefined} lab
 */
function packageName(lab) {
  return lab ? "jupyterlab" : "notebook";
}

/**
 * The commands that make `<repo>/.venv` with Jupyter and start the course, from the repository's
 * folder (relative paths: nothing to quote but the `cd`): for Linux and macOS (`python` starts the
 * Python to use) or Windows (PowerShell and Command Prompt alike).
 * @param {MachineFacts} facts
 * @param {string} python
 * @returns {string[]}
 */
function venvCommands(facts, python) {
  const windows = facts.platform === "win32";
  const quoted = /[\s"'$`&()]/.test(facts.repo) ? (windows ? `"${facts.repo}"` : `'${facts.repo.replace(/'/g, "'\\''")}'`) : facts.repo;
  const venvPython = windows ? ".venv\\Scripts\\python" : ".venv/bin/python";
  return [`cd ${quoted}`, `${python} -m venv .venv`, `${venvPython} -m pip install ${packageName(facts.lab)}`, "npm start"];
}

/**
 * The lines to print when no Jupyter was found: where the set-up looked, then, for this system,
 * one or two ways to install Jupyter (commands to copy), then what to do next. Whole sentences,
 * so that they can be translated.
 * @param {MachineFacts} facts
 * @returns {string}
 */
export function installHelp(facts) {
  const pkg = packageName(facts.lab);
  const what = facts.lab ? "JupyterLab" : "Jupyter Notebook";
  /** @type {string[]} */
  const out = [];
  const found = facts.python;
  out.push(
    found === undefined
      ? `No Python 3 with ${what} was found (looked at: ${facts.looked.join("; ") || "nothing"}).`
      : `${what} is not installed for any Python found (looked at: ${facts.looked.join("; ")}).`,
  );
  /** @param {string} title @param {string[]} commands */
  const way = (title, commands) => {
    out.push("", title, ...commands.map((c) => `    ${c}`));
  };
  if (facts.platform === "win32") {
    // The python.org installer brings the `py` launcher; the Microsoft Store's Python only `python`.
    const python = found === undefined || /launcher/.test(found.source) ? "py -3" : "python";
    if (found === undefined) {
      out.push("", "First install Python 3 from https://www.python.org/downloads/ (tick \"Add python.exe to PATH\"), or run:", "    winget install Python.Python.3.12");
    }
    way("With pip, into a virtual environment in the course's folder (PowerShell or Command Prompt):", venvCommands(facts, python));
    way(
      facts.conda ? "Or with conda, in the Anaconda Prompt (the course then runs from that prompt):" : "Or, if you use Anaconda or Miniconda, in the Anaconda Prompt:",
      [`conda install -c conda-forge ${pkg}`, `cd ${facts.repo}`, "npm start"],
    );
  } else if (facts.platform === "darwin") {
    if (facts.brew) {
      way("With Homebrew's Python, into a virtual environment in the course's folder:", [...(found === undefined ? ["brew install python"] : []), ...venvCommands(facts, "python3")]);
    } else if (found === undefined) {
      out.push("", "First install Python 3 from https://www.python.org/downloads/macos/, or install Homebrew (https://brew.sh) and run:", "    brew install python");
      way("Then, into a virtual environment in the course's folder:", venvCommands(facts, "python3"));
    } else {
      way("With pip, into a virtual environment in the course's folder:", venvCommands(facts, "python3"));
    }
    if (found !== undefined && found.pip && !found.externally_managed) way("Or with pip, for your user only:", [`python3 -m pip install --user ${pkg}`, "npm start"]);
  } else {
    // Linux and the other Unix systems.
    const sudo = facts.root ? "" : "sudo ";
    if (found === undefined) {
      out.push("", facts.debian ? "First install Python 3 with venv:" : "First install Python 3 (with its venv module) with your distribution's package manager.");
      if (facts.debian) out.push(`    ${sudo}apt-get install python3-venv`);
      way("Then, into a virtual environment in the course's folder:", venvCommands(facts, "python3"));
    } else if (found.pip && !found.externally_managed) {
      way("With pip, for your user only (no root needed):", [`python3 -m pip install --user ${pkg}`, "npm start"]);
      if (found.venv) way("Or into a virtual environment in the course's folder:", venvCommands(facts, "python3"));
    } else if (found.venv) {
      way(
        found.externally_managed
          ? "With pip, into a virtual environment in the course's folder (no root needed; this Python refuses `pip install --user`):"
          : "With pip, into a virtual environment in the course's folder (no root needed):",
        venvCommands(facts, "python3"),
      );
    } else if (facts.debian) {
      way("This Python has no venv module. Install it first:", [`${sudo}apt-get install python3-venv`, ...venvCommands(facts, "python3")]);
    }
    if (facts.debian && !facts.lab) {
      way(
        facts.root ? "Or with Debian's packages:" : "Or, with administrator rights, with Debian's packages:",
        [`${sudo}apt-get update`, `${sudo}apt-get install -y --no-install-recommends jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel`, "npm start"],
      );
    }
  }
  out.push("", "`npm start` finds Jupyter in the course's .venv, in an active virtual or conda environment, or on PATH.");
  out.push("A computer with Docker but no suitable Python can use the course's dev container instead: see docs/own-computer.md.");
  return out.join("\n");
}
