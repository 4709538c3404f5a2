// Finding a student's Jupyter, the install help and the kernelspec: pure functions, run here with
// Windows, macOS and Linux inputs (path.win32 / path.posix), so that Windows paths are tested on
// Linux. scripts/lib/find-jupyter.mjs, scripts/lib/install-jupyter.mjs, scripts/setup.mjs.
import { describe, expect, it } from "vitest";
import {
  choosePython,
  envValue,
  environmentPython,
  findOnPath,
  frontEnd,
  pathDirs,
  pythonCandidates,
  pythonsOfJupyter,
  satisfies,
  serverArgs,
} from "../../scripts/lib/find-jupyter.mjs";
import type { Probe } from "../../scripts/lib/find-jupyter.mjs";
import { installHelp } from "../../scripts/lib/install-jupyter.mjs";
import { kernelSpecFor } from "../../scripts/setup.mjs";

/** A probe with every Jupyter package missing, then `has` on top. */
function probe(python: string, has: Record<string, string | boolean | null> = {}): Probe {
  const none = { notebook: null, nbclassic: null, jupyterlab: null, jupyter_server: null, jupyter_client: null, nbclient: null, nbconvert: null, nbformat: null };
  return { python, version: "3.12.1", source: python, pip: true, venv: true, externally_managed: false, ...none, ...has } as Probe;
}
const notebook7 = { notebook: "7.2.2", jupyter_server: "2.14.2", jupyter_client: "8.6.3", nbclient: "0.10.0", nbconvert: "7.16.4", nbformat: "5.10.4" };
const notebook6 = { notebook: "6.4.12", jupyter_client: "7.4.9", nbclient: "0.7.2", nbconvert: "6.5.3", nbformat: "5.5.0" };
const lab4 = { jupyterlab: "4.2.5", jupyter_server: "2.14.2", jupyter_client: "8.6.3", nbclient: "0.10.0", nbconvert: "7.16.4", nbformat: "5.10.4" };

/** A file system of the listed files only. */
const files = (...list: string[]) => (file: string) => list.includes(file);

describe("PATH on Windows and elsewhere", () => {
  it("reads Path in any case on Windows, split at ;, with quotes and empty entries dropped", () => {
    const env = { Path: 'C:\\Windows\\system32;;"C:\\Program Files\\Python312\\";C:\\Users\\Ana\\AppData\\Local\\Microsoft\\WindowsApps' };
    expect(envValue(env, "PATH", "win32")).toBe(env.Path);
    expect(envValue(env, "PATH", "linux")).toBeUndefined();
    expect(pathDirs(env, "win32")).toEqual(["C:\\Windows\\system32", "C:\\Program Files\\Python312\\", "C:\\Users\\Ana\\AppData\\Local\\Microsoft\\WindowsApps"]);
    expect(pathDirs({ PATH: "/usr/local/bin::/usr/bin" }, "darwin")).toEqual(["/usr/local/bin", "/usr/bin"]);
  });

  it("finds a command with PATHEXT's extensions on Windows, in PATH order", () => {
    const env = { PATH: "C:\\a;C:\\b", PATHEXT: ".COM;.EXE;.BAT;.CMD" };
    const exists = files("C:\\b\\jupyter.exe", "C:\\a\\jupyter.cmd");
    expect(findOnPath("jupyter", { env, platform: "win32", exists })).toEqual(["C:\\a\\jupyter.cmd", "C:\\b\\jupyter.exe"]);
    expect(findOnPath("jupyter", { env: { PATH: "/opt/x/bin:/usr/bin" }, platform: "linux", exists: files("/usr/bin/jupyter") })).toEqual(["/usr/bin/jupyter"]);
  });

  it("knows where an environment keeps its Python", () => {
    expect(environmentPython("C:\\Users\\Ana\\nn-course\\.venv", "venv", "win32")).toBe("C:\\Users\\Ana\\nn-course\\.venv\\Scripts\\python.exe");
    expect(environmentPython("C:\\Users\\Ana\\miniconda3\\envs\\nn", "conda", "win32")).toBe("C:\\Users\\Ana\\miniconda3\\envs\\nn\\python.exe");
    expect(environmentPython("/Users/ana/miniconda3", "conda", "darwin")).toBe("/Users/ana/miniconda3/bin/python");
  });

  it("reads the Python of a jupyter command: its #! line, pip's /bin/sh launcher, Windows' Scripts folder", () => {
    expect(pythonsOfJupyter("/home/ana/.venv/bin/jupyter", "linux", "#!/home/ana/.venv/bin/python3\n# -*- coding: utf-8 -*-")).toEqual(["/home/ana/.venv/bin/python3"]);
    expect(pythonsOfJupyter("/x/bin/jupyter", "linux", "#!/bin/sh\n'''exec' '/home/ana/my envs/bin/python3.12' \"$0\" \"$@\"\n' '''")).toEqual(["/home/ana/my envs/bin/python3.12"]);
    expect(pythonsOfJupyter("/usr/local/bin/jupyter", "darwin", "#!/usr/bin/env python3")).toEqual([]);
    expect(pythonsOfJupyter("/usr/local/bin/jupyter", "darwin", "#!/bin/bash\necho hi")).toEqual([]);
    expect(pythonsOfJupyter("C:\\Users\\Ana\\miniconda3\\Scripts\\jupyter.exe", "win32", undefined)).toEqual([
      "C:\\Users\\Ana\\miniconda3\\Scripts\\python.exe",
      "C:\\Users\\Ana\\miniconda3\\python.exe",
    ]);
  });
});

describe("where to look for Python", () => {
  it("Windows: active venv, conda, the course's .venv, python on PATH (not the Store alias), jupyter's environment, py -3", () => {
    const env = {
      VIRTUAL_ENV: "C:\\Users\\Ana\\venvs\\ml",
      CONDA_PREFIX: "C:\\Users\\Ana\\miniconda3",
      Path: "C:\\Tools\\lab\\Scripts;C:\\Users\\Ana\\AppData\\Local\\Microsoft\\WindowsApps;C:\\Python312;C:\\Windows",
      PATHEXT: ".EXE;.CMD",
    };
    const exists = files(
      "C:\\Users\\Ana\\venvs\\ml\\Scripts\\python.exe",
      "C:\\Users\\Ana\\miniconda3\\python.exe",
      "C:\\Users\\Ana\\nn course\\.venv\\Scripts\\python.exe",
      "C:\\Tools\\lab\\Scripts\\jupyter.exe",
      "C:\\Tools\\lab\\python.exe",
      "C:\\Users\\Ana\\AppData\\Local\\Microsoft\\WindowsApps\\python.exe",
      "C:\\Python312\\python.exe",
      "C:\\Windows\\py.exe",
    );
    const candidates = pythonCandidates({ platform: "win32", env, repo: "C:\\Users\\Ana\\nn course", exists, head: () => undefined });
    expect(candidates.map((c: { command: string; args: string[] }) => [c.command, ...c.args].join(" "))).toEqual([
      "C:\\Users\\Ana\\venvs\\ml\\Scripts\\python.exe",
      "C:\\Users\\Ana\\miniconda3\\python.exe",
      "C:\\Users\\Ana\\nn course\\.venv\\Scripts\\python.exe",
      "C:\\Python312\\python.exe",
      "C:\\Tools\\lab\\python.exe",
      "C:\\Windows\\py.exe -3",
    ]);
  });

  it("Linux: the course's .venv, python3 on PATH, then jupyter's own Python (pipx), then Debian's paths, without duplicates", () => {
    const env = { PATH: "/home/ana/.local/bin:/usr/bin" };
    const exists = files("/home/ana/nn-course/.venv/bin/python", "/home/ana/.local/bin/jupyter", "/opt/py/bin/python3.12", "/usr/bin/python3", "/usr/local/bin/python3");
    const head = (file: string) => (file === "/home/ana/.local/bin/jupyter" ? "#!/opt/py/bin/python3.12\n" : undefined);
    const candidates = pythonCandidates({ platform: "linux", env, repo: "/home/ana/nn-course", exists, head });
    expect(candidates.map((c: { command: string }) => c.command)).toEqual([
      "/home/ana/nn-course/.venv/bin/python",
      "/usr/bin/python3",
      "/opt/py/bin/python3.12",
      "/usr/local/bin/python3",
    ]);
  });
});

describe("choosing a Python", () => {
  it("serve: the student's first environment with any front end: Notebook 7, nbclassic or JupyterLab", () => {
    const probes = [probe("/venv/bin/python", { jupyter_client: "8" }), probe("/lab/bin/python", lab4), probe("/usr/bin/python3", notebook6)];
    expect(choosePython(probes, "serve")?.python).toBe("/lab/bin/python");
    expect(satisfies(probe("/c", { nbclassic: "1.1.0", jupyter_client: "8" }), "serve")).toBe(true);
    expect(choosePython(probes, "lab")?.python).toBe("/lab/bin/python");
  });

  it("run (the tests) prefers classic Notebook 6, the browser stage's; browser insists on it", () => {
    const probes = [probe("/venv/bin/python", notebook7), probe("/usr/bin/python3", notebook6)];
    expect(choosePython(probes, "run")?.python).toBe("/usr/bin/python3");
    expect(choosePython([probes[0]!], "run")?.python).toBe("/venv/bin/python");
    expect(choosePython([probes[0]!], "browser")).toBeUndefined();
    expect(choosePython([probe("/x", { ...notebook7, nbclient: null })], "run")).toBeUndefined();
  });

  it("the front end: Notebook (6 or 7), else nbclassic, else JupyterLab; --lab asks for JupyterLab", () => {
    expect(frontEnd(probe("/a", notebook7))).toMatchObject({ module: "notebook", name: "Jupyter Notebook" });
    expect(frontEnd(probe("/a", notebook6))).toMatchObject({ module: "notebook", name: "classic Jupyter Notebook" });
    expect(frontEnd(probe("/a", { nbclassic: "1.1.0" }))).toMatchObject({ module: "nbclassic" });
    expect(frontEnd(probe("/a", lab4))).toMatchObject({ module: "jupyterlab" });
    expect(frontEnd(probe("/a", notebook6), { lab: true })).toBeUndefined();
    expect(frontEnd(probe("/a", { ...notebook7, ...lab4 }), { lab: true })).toMatchObject({ module: "jupyterlab", version: "4.2.5" });
  });

  it("the server's arguments: the folder, loopback, the course's kernel by default; --allow-root only as root", () => {
    const args = serverArgs({ module: "jupyterlab" }, { dir: "C:\\Users\\Ana\\nn-course\\workspace", kernel: "tslab", root: false, extra: ["--port=9000"] });
    expect(args).toEqual([
      "-m",
      "jupyterlab",
      "--notebook-dir=C:\\Users\\Ana\\nn-course\\workspace",
      "--no-browser",
      "--ip=127.0.0.1",
      "--MappingKernelManager.default_kernel_name=tslab",
      "--port=9000",
    ]);
    expect(serverArgs({ module: "notebook" }, { dir: "/srv", kernel: "tslab", root: true })).toContain("--allow-root");
  });
});

describe("the kernelspec", () => {
  it("Windows: node.exe and tslab's script as absolute Windows paths, no shell", () => {
    const spec = kernelSpecFor({ execPath: "C:\\Program Files\\nodejs\\node.exe", repo: "C:\\Users\\Ana\\nn course", platform: "win32" });
    expect(spec.argv).toEqual([
      "C:\\Program Files\\nodejs\\node.exe",
      "C:\\Users\\Ana\\nn course\\node_modules\\tslab\\bin\\tslab",
      "kernel",
      "--config-path",
      "{connection_file}",
    ]);
    // JSON as Jupyter reads it: backslashes escaped, nothing for a shell to expand.
    expect(JSON.parse(JSON.stringify(spec)).argv[1]).toBe("C:\\Users\\Ana\\nn course\\node_modules\\tslab\\bin\\tslab");
    expect(spec.argv.join(" ")).not.toMatch(/[$&|;`]|\bsh\b|cmd\.exe/);
  });
  it("Linux and macOS: the same with / paths", () => {
    expect(kernelSpecFor({ execPath: "/opt/homebrew/bin/node", repo: "/Users/ana/nn-course", platform: "darwin" }).argv.slice(0, 2)).toEqual([
      "/opt/homebrew/bin/node",
      "/Users/ana/nn-course/node_modules/tslab/bin/tslab",
    ]);
  });
});

describe("the install help when no Jupyter is found", () => {
  const base = { repo: "/home/ana/nn-course", root: false, debian: false, brew: false, conda: false, looked: ["/usr/bin/python3"] };

  it("Linux without root, pip allowed: python3 -m pip install --user notebook", () => {
    const text = installHelp({ ...base, platform: "linux", python: probe("/usr/bin/python3") });
    expect(text).toContain("    python3 -m pip install --user notebook\n    npm start");
    expect(text).not.toContain("sudo");
  });

  it("Debian 12 without root (pip refuses --user): a .venv in the course, then Debian's packages with sudo", () => {
    const text = installHelp({ ...base, platform: "linux", debian: true, python: probe("/usr/bin/python3", { externally_managed: true }) });
    expect(text).not.toContain("pip install --user notebook");
    expect(text).toContain("    cd /home/ana/nn-course\n    python3 -m venv .venv\n    .venv/bin/python -m pip install notebook\n    npm start");
    expect(text).toContain("    sudo apt-get install -y --no-install-recommends jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel");
  });

  it("macOS with Homebrew and no Python yet; --lab asks for JupyterLab", () => {
    const text = installHelp({ ...base, repo: "/Users/ana/nn course", platform: "darwin", brew: true, python: undefined, lab: true });
    expect(text).toContain("    brew install python\n    cd '/Users/ana/nn course'\n    python3 -m venv .venv\n    .venv/bin/python -m pip install jupyterlab");
  });

  it("Windows: the py launcher, .venv\\Scripts\\python, and the conda way", () => {
    const text = installHelp({ ...base, repo: "C:\\Users\\Ana\\nn course", platform: "win32", conda: true, python: undefined, looked: [] });
    expect(text).toContain('    cd "C:\\Users\\Ana\\nn course"\n    py -3 -m venv .venv\n    .venv\\Scripts\\python -m pip install notebook\n    npm start');
    expect(text).toContain("    conda install -c conda-forge notebook");
    expect(text).toContain("winget install Python.Python.3.12");
    expect(text).not.toMatch(/sudo|apt-get|brew/);
  });
});
