// Types of scripts/figures.mjs (for the vitest tests and the type-check).
export interface PlotlySpec {
  data: Record<string, any>[];
  layout: Record<string, any>;
  config?: Record<string, any>;
}
export interface FigureOutput {
  name: string;
  file: string;
  cell: number;
  id: string | null;
  firstLine: string;
  kind: "plotly" | "svg";
  spec?: PlotlySpec;
  svg?: string;
}
export interface ExportOptions {
  width?: number;
  height?: number;
  scale?: number;
  theme?: "light" | "dark";
  formats?: ("svg" | "png" | "pdf")[];
}
export declare const FIGURES_DIR: string;
export declare const FONT_FAMILY: string;
export declare const DEFAULTS: Readonly<Required<ExportOptions>>;
export declare const THEMES: Record<"light" | "dark", Record<string, string>>;
export declare function slug(text: string): string;
export declare function collectFigures(nb: { cells: object[] }): FigureOutput[];
export declare function slideSpec(spec: PlotlySpec, options?: ExportOptions): Required<PlotlySpec>;
export declare function normalizeSvg(svg: string, prefix: string): string;
export declare function graphSvg(svg: string): string;
export declare function fixPdfDates(buffer: Buffer): Buffer;
export declare function pngSize(buffer: Buffer): { width: number; height: number } | undefined;
export declare function parseArgs(argv: string[]): Required<ExportOptions> & {
  notebooks: string[];
  out: string;
  executed: string | undefined;
  help?: boolean;
};
export declare function writeGallery(outDir: string): string;
export declare function createExporter(options?: ExportOptions): Promise<{
  options: Required<ExportOptions>;
  exportFigure(figure: FigureOutput, dir: string): Promise<{ files: Record<string, string>; traces: number }>;
  close(): Promise<void>;
}>;
