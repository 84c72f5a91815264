// A tslab 1.0.22 pitfall, found before the kernel starts: a shorthand property `{ name }` whose
// `name` is a top-level declaration of an earlier cell.
//
// tslab keeps the top-level declarations of earlier cells on an `exports` object and rewrites
// every identifier of a later cell that refers to one into `exports.name` (its converter's
// `wrapPrevIdentifier`). It finds those identifiers with `checker.getSymbolAtLocation`, which
// for the name of a shorthand property answers the property, not the variable; so `{ name }`
// stays as written and fails at run time with "ReferenceError: name is not defined", while
// `{ name: name }` works. (Reproduced with notebook 06: `{ ...result, provenance }` in a later
// cell failed; the README's notebook section says the same.)
import { createRequire } from 'node:module'
import type TS from 'typescript'

/** The TypeScript compiler, loaded on first use (about 0.3 s; CommonJS, so required). */
let compiler: typeof TS | undefined
const typescript = (): typeof TS => (compiler ??= createRequire(import.meta.url)('typescript') as typeof TS)

/** One shorthand property that tslab will not resolve. */
export interface ShorthandPitfall {
  /** Index of the cell in the list given (0-based). */
  readonly cell: number
  /** 1-based line in that cell. */
  readonly line: number
  readonly name: string
  /** Index of the earlier cell that declares it. */
  readonly declaredIn: number
}

/** Names a cell declares at its top level (variables with their destructured names, functions, classes, enums, imports). */
function topLevelNames(ts: typeof TS, file: TS.SourceFile): string[] {
  const names: string[] = []
  const bound = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text)
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bound(element.name)
  }
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) bound(declaration.name)
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.push(statement.name.text)
    else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause
      if (clause.name) names.push(clause.name.text)
      const bindings = clause.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text)
      else if (bindings) for (const element of bindings.elements) names.push(element.name.text)
    }
  }
  return names
}

/**
 * The shorthand properties of each cell that name an earlier cell's top-level declaration and
 * are not declared in the cell itself (its own top level or an enclosing scope: a parameter, a
 * local `const`), found with TypeScript's checker on the cell alone. O(total source size).
 *
 * @example
 * shorthandPitfalls(['const a = 1', 'const b = { a }']) // => [{ cell: 1, line: 1, name: 'a', declaredIn: 0 }]
 * shorthandPitfalls(['const a = 1', 'const b = { a: a }', 'const f = (a: number) => ({ a })']) // => [] (written out, or a local a)
 */
export function shorthandPitfalls(cells: readonly string[]): ShorthandPitfall[] {
  const ts = typescript()
  const declared = new Map<string, number>()
  const found: ShorthandPitfall[] = []
  cells.forEach((code, index) => {
    const fileName = `cell-${index}.ts`
    const file = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
    const shorthands: TS.ShorthandPropertyAssignment[] = []
    const visit = (node: TS.Node): void => {
      if (ts.isShorthandPropertyAssignment(node) && declared.has(node.name.text)) shorthands.push(node)
      ts.forEachChild(node, visit)
    }
    visit(file)
    if (shorthands.length > 0) {
      // The cell alone, no lib and no imports resolved: a name it does not declare has no symbol.
      const host = ts.createCompilerHost({})
      const program = ts.createProgram({
        rootNames: [fileName],
        options: { noLib: true, noResolve: true, types: [] },
        host: { ...host, getSourceFile: (name) => (name === fileName ? file : undefined), fileExists: (name) => name === fileName },
      })
      const checker = program.getTypeChecker()
      for (const node of shorthands) {
        if (checker.getShorthandAssignmentValueSymbol(node) !== undefined) continue
        const { line } = file.getLineAndCharacterOfPosition(node.name.getStart(file))
        found.push({ cell: index, line: line + 1, name: node.name.text, declaredIn: declared.get(node.name.text) as number })
      }
    }
    for (const name of topLevelNames(ts, file)) declared.set(name, index)
  })
  return found
}
