export declare const WAT_PATH: string;
export declare const WASM_PATH: string;
/** The .wat text compiled to wasm bytes (SIMD enabled). */
export declare function compileWat(source?: string): Promise<Uint8Array>;
