/**
 * A notebook cell of TypeScript → JavaScript that runs in the kernel's worker with tslab's
 * semantics:
 *
 * - types are erased by the `typescript` package (`transpileModule`: no type checking, so
 *   implicit `any` is fine, as in tslab's non-strict mode);
 * - what a cell declares at top level (`const`, `let`, `var`, `function`, `class`, `enum`,
 *   `import`) stays declared for the cells after it: each such name becomes a global of the
 *   worker, and the declaration an assignment to it (running a cell again re-assigns);
 * - top-level `await` works: the cell body runs inside an `async` function;
 * - the value of a last expression statement is the cell's result (`execute_result`).
 *
 * For example `import { relu } from "nnlib"; const y = relu(-1); y + 1` becomes
 *
 *     names: ["relu", "y"]
 *     code:  (async () => { const __m0 = __tslab_import("nnlib"); relu = __m0.relu;
 *                           (y = relu(-1)); return (y + 1); })()
 *
 * `import` is answered by `__tslab_import(specifier)` (see `worker.ts`), `import x from` by
 * `__tslab_default(module)` (the `default` export, else the module itself, as `esModuleInterop`).
 */
import type * as TS from "typescript";

/** A cell ready to run: declare `names` as globals, then evaluate `code` (a promise of the result). */
export interface CompiledCell {
  /** Names the cell declares at top level (made globals of the worker before the cell runs). */
  names: string[];
  /** An expression: an async arrow function called at once; its promise resolves to the result. */
  code: string;
  /** Whether the cell ends in an expression whose value is the result. */
  hasResult: boolean;
}

/** A syntax error in a cell: its message and 1-based position. */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "SyntaxError";
  }
}

/** The names bound by a declaration's name: `x`, `{ a, b: c }`, `[d, ...e]`. */
function boundNames(ts: typeof TS, name: TS.BindingName, into: string[]): void {
  if (ts.isIdentifier(name)) {
    into.push(name.text);
    return;
  }
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    boundNames(ts, element.name, into);
  }
}

/** Compiles one cell (see the module's comment); throws `CellSyntaxError` on a syntax error. */
export function compileCell(ts: typeof TS, source: string): CompiledCell {
  const transpiled = ts.transpileModule(source, {
    fileName: "cell.ts",
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      // Keep every import as written (a notebook's first cell imports names it uses only later);
      // `import type` and `type` specifiers are still erased.
      verbatimModuleSyntax: true,
      // A cell is a module, so that top-level `await` parses.
      moduleDetection: ts.ModuleDetectionKind.Force,
      useDefineForClassFields: true,
      removeComments: false,
    },
  });
  const error = transpiled.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (error !== undefined) {
    const where = error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : { line: 0, character: 0 };
    throw new CellSyntaxError(ts.flattenDiagnosticMessageText(error.messageText, "\n"), where.line + 1, where.character + 1);
  }
  const js = transpiled.outputText;
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const text = (node: TS.Node) => js.slice(node.getStart(file), node.end);
  /** A declaration's text from its keyword on (without `export`/`default`/`declare`). */
  const withoutModifiers = (node: TS.Node & { modifiers?: TS.NodeArray<TS.ModifierLike> }) =>
    node.modifiers !== undefined && node.modifiers.length > 0 ? js.slice(node.modifiers.end, node.end).trim() : text(node);

  const names: string[] = [];
  const hoisted: string[] = []; // assignments of function declarations, run first (functions are hoisted)
  const body: string[] = [];
  let hasResult = false;
  let moduleCount = 0;
  // The compiler ends a cell without imports or exports with `export {};`: not the cell's last statement.
  const statements = file.statements.filter((s) => !(ts.isExportDeclaration(s) && s.exportClause !== undefined && ts.isNamedExports(s.exportClause) && s.exportClause.elements.length === 0 && s.moduleSpecifier === undefined));
  statements.forEach((statement, index) => {
    const last = index === statements.length - 1;
    if (ts.isImportDeclaration(statement)) {
      const specifier = (statement.moduleSpecifier as TS.StringLiteral).text;
      const clause = statement.importClause;
      if (clause === undefined) {
        body.push(`__tslab_import(${JSON.stringify(specifier)});`);
        return;
      }
      const m = `__tslab_m${moduleCount++}`;
      body.push(`const ${m} = __tslab_import(${JSON.stringify(specifier)});`);
      if (clause.name !== undefined) {
        names.push(clause.name.text);
        body.push(`${clause.name.text} = __tslab_default(${m});`);
      }
      const bindings = clause.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) {
        names.push(bindings.name.text);
        body.push(`${bindings.name.text} = ${m};`);
      } else if (bindings !== undefined) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          names.push(element.name.text);
          body.push(`${element.name.text} = ${m}[${JSON.stringify(imported)}];`);
        }
      }
    } else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      // `export {}` (added by the compiler) and exports of a cell have no meaning in a notebook.
    } else if (ts.isVariableStatement(statement)) {
      const isVar = (statement.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
      for (const declaration of statement.declarationList.declarations) {
        boundNames(ts, declaration.name, names);
        if (declaration.initializer !== undefined) body.push(`(${text(declaration.name)} = ${text(declaration.initializer)});`);
        else if (!isVar) body.push(`(${text(declaration.name)} = undefined);`);
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) {
      names.push(statement.name.text);
      hoisted.push(`globalThis[${JSON.stringify(statement.name.text)}] = ${statement.name.text};`);
      body.push(withoutModifiers(statement));
    } else if (ts.isClassDeclaration(statement) && statement.name !== undefined) {
      names.push(statement.name.text);
      body.push(`(${statement.name.text} = ${withoutModifiers(statement)});`);
    } else if (ts.isExpressionStatement(statement) && last) {
      hasResult = true;
      body.push(`return (${text(statement.expression)});`);
    } else {
      body.push(text(statement));
    }
  });
  const unique = [...new Set(names)];
  const code = `(async () => {\n${[...hoisted, ...body].join("\n")}\n})()`;
  return { names: unique, code, hasResult };
}
