/**
 * The TypeScript kernel of the browser edition: a JupyterLite kernel (`BaseKernel` of
 * `@jupyterlite/services`) that runs cells in a Web Worker (`worker.ts`) and turns the worker's
 * messages into Jupyter messages: streams, `display_data` / `update_display_data` (nnlib's
 * figures and live plots), `execute_result`, `error`.
 */
import type { KernelMessage } from "@jupyterlab/services";
import { BaseKernel, type IKernel } from "@jupyterlite/services";
import type { ExecuteOutcome, FromWorker, ToWorker } from "./protocol";

/** What the kernel needs besides JupyterLite's options. */
export interface TslabKernelOptions extends IKernel.IOptions {
  /** Absolute URL of the site's `nnlib/` folder. */
  assetsUrl: string;
}

export class TslabKernel extends BaseKernel {
  private readonly worker: Worker;
  private readonly started: Promise<FromWorker & { type: "ready" }>;
  private nextId = 1;
  private readonly waiting = new Map<number, (message: FromWorker) => void>();

  constructor(options: TslabKernelOptions) {
    super(options);
    // Keep this exact form: the bundler finds the worker's entry by it.
    this.worker = new Worker(new URL("./worker.ts", import.meta.url));
    this.started = new Promise((resolve) => {
      this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
        if (event.data.type === "ready") resolve(event.data);
        this.onWorkerMessage(event.data);
      };
    });
    const location = options.location ?? "";
    this.send({ type: "init", assetsUrl: options.assetsUrl, workingDir: `/${location}`.replace(/\/+$/, "") || "/" });
  }

  override get ready(): Promise<void> {
    return this.started.then(() => undefined);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.worker.terminate();
    super.dispose();
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private onWorkerMessage(message: FromWorker): void {
    switch (message.type) {
      case "stream":
        this.stream({ name: message.name, text: message.text });
        break;
      case "display": {
        const data = message.bundle.data as KernelMessage.IDisplayDataMsg["content"]["data"];
        const metadata = message.bundle.metadata as KernelMessage.IDisplayDataMsg["content"]["metadata"];
        const id = message.displayId;
        if (message.update && id !== undefined) this.updateDisplayData({ data, metadata, transient: { display_id: id } });
        else this.displayData({ data, metadata, transient: id === undefined ? {} : { display_id: id } });
        break;
      }
      case "reply":
      case "completions":
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
        break;
    }
  }

  /** Sends a request to the worker and waits for the answer with the same id. */
  private request(message: ToWorker & { id: number }): Promise<FromWorker> {
    return new Promise((resolve) => {
      this.waiting.set(message.id, resolve);
      this.send(message);
    });
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg["content"]> {
    const ready = await this.started;
    return {
      implementation: "tslab-lite",
      implementation_version: "0.1.0",
      language_info: {
        name: "typescript",
        version: ready.typescriptVersion,
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: { name: "javascript", typescript: true },
      },
      protocol_version: "5.3",
      status: "ok",
      banner: `TypeScript ${ready.typescriptVersion} in the browser, with nnlib ${ready.nnlibVersion} (kernels: ${ready.backend})`,
      help_links: [],
    };
  }

  async executeRequest(content: KernelMessage.IExecuteRequestMsg["content"]): Promise<KernelMessage.IExecuteReplyMsg["content"]> {
    await this.started;
    const reply = await this.request({ type: "execute", id: this.nextId++, code: content.code });
    const outcome = (reply as { outcome: ExecuteOutcome }).outcome;
    if (outcome.status === "error") {
      const { ename, evalue, traceback } = outcome;
      this.publishExecuteError({ ename, evalue, traceback });
      return { status: "error", execution_count: this.executionCount, ename, evalue, traceback };
    }
    if (outcome.result !== undefined) {
      this.publishExecuteResult({
        execution_count: this.executionCount,
        data: outcome.result.data as KernelMessage.IExecuteResultMsg["content"]["data"],
        metadata: outcome.result.metadata as KernelMessage.IExecuteResultMsg["content"]["metadata"],
      });
    }
    return { status: "ok", execution_count: this.executionCount, user_expressions: {} };
  }

  async completeRequest(content: KernelMessage.ICompleteRequestMsg["content"]): Promise<KernelMessage.ICompleteReplyMsg["content"]> {
    await this.started;
    const reply = (await this.request({ type: "complete", id: this.nextId++, code: content.code, cursor: content.cursor_pos })) as FromWorker & {
      type: "completions";
    };
    return { status: "ok", matches: reply.matches, cursor_start: reply.start, cursor_end: reply.end, metadata: {} };
  }

  async inspectRequest(): Promise<KernelMessage.IInspectReplyMsg["content"]> {
    return { status: "ok", found: false, data: {}, metadata: {} };
  }

  async isCompleteRequest(): Promise<KernelMessage.IIsCompleteReplyMsg["content"]> {
    return { status: "complete" };
  }

  async commInfoRequest(): Promise<KernelMessage.ICommInfoReplyMsg["content"]> {
    return { status: "ok", comms: {} };
  }

  inputReply(): void {}

  async commOpen(): Promise<void> {}

  async commMsg(): Promise<void> {}

  async commClose(): Promise<void> {}
}
