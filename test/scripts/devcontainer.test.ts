// The dev container (.devcontainer/) without Docker (none runs here): what devcontainer.json
// refers to exists, and its image is the class hub's recipe (hub/Dockerfile, hub/image-build.sh).
// The container's set-up step, `node scripts/setup.mjs` as a user that is not root with Debian's
// Jupyter, is what the own-jupyter stage runs (test/setup/own-jupyter-test.mjs).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KERNEL_NAME, REPO } from "../../scripts/setup.mjs";

const dir = join(REPO, ".devcontainer");
const config = JSON.parse(readFileSync(join(dir, "devcontainer.json"), "utf8"));

/** The instructions of a Dockerfile: [keyword, rest] per line, continuations joined, comments dropped. */
function instructions(path: string): [string, string][] {
  const text = readFileSync(path, "utf8").replace(/\\\n/g, " ");
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [keyword, ...rest] = l.split(/\s+/);
      return [keyword!.toUpperCase(), rest.join(" ")];
    });
}

/** The steps hub/image-build.sh knows (its `case` labels). */
function buildSteps(): string[] {
  const script = readFileSync(join(REPO, "hub", "image-build.sh"), "utf8");
  return [...script.matchAll(/^([a-z]+)\)$/gm)].map((m) => m[1]!);
}

describe("the dev container", () => {
  const dockerfile = join(dir, config.build.dockerfile);
  const context = join(dir, config.build.context);

  it("is built from a Dockerfile in .devcontainer with the repository as its context", () => {
    expect(existsSync(dockerfile)).toBe(true);
    expect(context).toBe(REPO);
  });

  it("uses the hub image's recipe: the same base image, and only steps of hub/image-build.sh", () => {
    const ours = instructions(dockerfile);
    const hub = instructions(join(REPO, "hub", "Dockerfile"));
    expect(ours.filter(([k]) => k === "FROM")).toEqual(hub.filter(([k]) => k === "FROM"));
    for (const [keyword, rest] of ours.filter(([k]) => k === "COPY")) {
      const source = rest.split(/\s+/)[0]!;
      expect(existsSync(join(context, source)), `${keyword} ${rest}`).toBe(true);
    }
    const runs = ours.filter(([k]) => k === "RUN").map(([, rest]) => rest);
    expect(runs).toEqual(["sh /usr/local/lib/nn-course/image-build.sh packages"]);
    expect(buildSteps()).toContain("packages");
    // The hub image runs the same packages step.
    expect(hub.filter(([k]) => k === "RUN").map(([, rest]) => rest)).toContain(runs[0]);
  });

  it("sets the course up as the user node and finds the course's kernel first", () => {
    expect(config.remoteUser).toBe("node");
    expect(config.postCreateCommand).toBe("node scripts/setup.mjs");
    expect(existsSync(join(REPO, "scripts", "setup.mjs"))).toBe(true);
    // JUPYTER_PATH is where setup writes the kernelspec (jupyter/kernels/tslab): VS Code's Jupyter
    // extension finds it there and matches the notebooks' kernelspec name, so it is preselected.
    expect(config.remoteEnv.JUPYTER_PATH).toBe("${containerWorkspaceFolder}/jupyter");
    const notebook = JSON.parse(readFileSync(join(REPO, "notebooks", "01-neuron.ipynb"), "utf8"));
    expect(notebook.metadata.kernelspec.name).toBe(KERNEL_NAME);
    expect(config.customizations.vscode.extensions).toContain("ms-toolsai.jupyter");
  });

  it("forwards the port npm start serves on", () => {
    expect(config.forwardPorts).toContain(8888);
  });
});
