/**
 * The JupyterLite plugin that registers the course's TypeScript kernel under the spec name
 * `tslab`, the name in every course notebook's metadata, so notebooks open with it.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import { IKernelSpecs, type IKernel } from "@jupyterlite/services";
import { TslabKernel } from "./kernel";

/** The kernel's logo in the launcher: "TS" on TypeScript blue. */
const logo =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="8" fill="#3178c6"/>' +
      '<text x="32" y="44" font-family="sans-serif" font-size="28" font-weight="bold" fill="#fff" text-anchor="middle">TS</text></svg>',
  );

const plugin: JupyterFrontEndPlugin<void> = {
  id: "@nn-course/jupyterlite-tslab:kernel",
  description: "The course's TypeScript kernel (nnlib included).",
  autoStart: true,
  requires: [IKernelSpecs],
  activate: (_app: JupyterFrontEnd, kernelspecs: IKernelSpecs) => {
    const assetsUrl = URLExt.join(PageConfig.getBaseUrl(), "nnlib/");
    kernelspecs.register({
      spec: {
        name: "tslab",
        display_name: "TypeScript (course)",
        language: "typescript",
        argv: [],
        resources: { "logo-32x32": logo, "logo-64x64": logo },
      },
      create: async (options: IKernel.IOptions) => new TslabKernel({ ...options, assetsUrl }),
    });
  },
};

export default [plugin];
