// The dev container (.devcontainer/devcontainer.json) without Docker (none runs here): it is built
// from the class hub's own Dockerfile, stopping at its first stage `base` (node:20-bookworm and
// hub/image-build.sh's Debian packages: Jupyter Notebook 6, nbconvert, nbclient), and what it
// refers to exists. The container's set-up step, `node scripts/setup.mjs` as a user that is not
// root with Debian's Jupyter, is what the own-jupyter stage runs (test/stages/own-jupyter-test.mjs).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KERNEL_NAME, REPO } from "../../scripts/setup.mjs";

const dir = join(REPO, ".devcontainer");
const config = JSON.parse(readFileSync(join(dir, "devcontainer.json"), "utf8"));

/** A Dockerfile's stages: each `FROM image [AS name]` with its instructions ([keyword, rest]), continuations joined, comments dropped. */
function stages(path: string): { from: string; name?: string; steps: [string, string][] }[] {
  const lines = readFileSync(path, "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const out: { from: string; name?: string; steps: [string, string][] }[] = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    if (keyword!.toUpperCase() === "FROM") {
      const m = rest.join(" ").match(/^(\S+)(?:\s+AS\s+(\S+))?$/i)!;
      out.push({ from: m[1]!, name: m[2], steps: [] });
    } else out.at(-1)!.steps.push([keyword!.toUpperCase(), rest.join(" ")]);
  }
  return out;
}

/** The steps hub/image-build.sh knows (its `case` labels). */
function buildSteps(): string[] {
  const script = readFileSync(join(REPO, "hub", "image-build.sh"), "utf8");
  return [...script.matchAll(/^([a-z]+)\)$/gm)].map((m) => m[1]!);
}

describe("the dev container", () => {
  const dockerfile = join(dir, config.build.dockerfile);
  const context = join(dir, config.build.context);

  it("is built from the hub's Dockerfile, with the repository as its context", () => {
    expect(dockerfile).toBe(join(REPO, "hub", "Dockerfile"));
    expect(existsSync(dockerfile)).toBe(true);
    expect(context).toBe(REPO);
  });

  it("stops at the hub image's stage with Node 20 and Debian's Jupyter, before the course is copied in", () => {
    const stage = stages(dockerfile).find((s) => s.name === config.build.target);
    expect(stage, `a stage named ${config.build.target} in hub/Dockerfile`).toBeDefined();
    expect(stage!.from).toMatch(/^node:20(\.|-|$)/);
    for (const [, rest] of stage!.steps.filter(([k]) => k === "COPY")) {
      expect(rest).not.toMatch(/--from/);
      expect(existsSync(join(context, rest.split(/\s+/)[0]!)), `COPY ${rest}`).toBe(true);
    }
    const runs = stage!.steps.filter(([k]) => k === "RUN").map(([, rest]) => rest);
    expect(runs).toEqual(["sh /usr/local/lib/nn-course/image-build.sh packages"]);
    expect(buildSteps()).toContain("packages");
    const packages = readFileSync(join(REPO, "hub", "image-build.sh"), "utf8");
    expect(packages).toMatch(/jupyter-notebook jupyter-nbconvert python3-nbclient/);
  });

  it("sets the course up as the user node, and the course's kernel is found and preselected", () => {
    expect(config.remoteUser).toBe("node");
    expect(config.postCreateCommand).toBe("node scripts/setup.mjs");
    expect(existsSync(join(REPO, "scripts", "setup.mjs"))).toBe(true);
    // JUPYTER_PATH is where setup writes the kernelspec (jupyter/kernels/tslab): VS Code's Jupyter
    // extension reads it, and matches the notebooks' kernelspec name, so the kernel is preselected.
    expect(config.remoteEnv.JUPYTER_PATH).toBe("${containerWorkspaceFolder}/jupyter");
    const notebook = JSON.parse(readFileSync(join(REPO, "notebooks", "01-neuron.ipynb"), "utf8"));
    expect(notebook.metadata.kernelspec.name).toBe(KERNEL_NAME);
    expect(config.customizations.vscode.extensions).toContain("ms-toolsai.jupyter");
  });

  it("forwards the port npm start serves on", () => {
    expect(config.forwardPorts).toContain(8888);
  });
});
