// Types of scripts/release.mjs (for the vitest tests and the type-check).
export declare const RELEASE_DIR: string;
export declare const STUB_TEXT: string;
export declare const ANY_MARKER: RegExp;
export interface Notebook {
  cells: { cell_type: string; id?: string; source: string | string[]; outputs?: unknown[]; execution_count?: number | null; metadata?: object }[];
  [key: string]: unknown;
}
export declare function splitCell(text: string): { student: string; solution: string; solutions: number };
export declare function releaseNotebook(nb: Notebook): { student: Notebook; solution: Notebook; solutions: number };
export declare function markerProblems(nb: Notebook): string[];
export declare function release(
  paths: string[],
  out?: string,
): { written: { name: string; solutions: number; student: string; solution: string }[]; failures: string[] };
