/**
 * Doc-tests: find every `@example` in the JSDoc of a TypeScript file, turn its `// =>` and
 * `// throws` lines into checks, and run it. The convention is described in
 * test/doctest/examples.test.ts, which runs every example of src/ and kernel/.
 */
import { readFileSync } from 'node:fs'
import ts from 'typescript'

/** One `@example` block, with where it came from. */
export interface ExampleBlock {
  /** Path relative to the repository root, e.g. `src/format.ts`. */
  file: string
  /** The documented symbol: `formatUSD`, `Stream.position`. */
  symbol: string
  /** 1-based line of the `@example` tag in the file. */
  line: number
  /** Text on the `@example` line itself (TSDoc's caption), trimmed; '' when none. */
  caption: string
  /** The code, with the comment's leading `*` removed; `code`'s line i is the file's line `line + 1 + i`. */
  code: string
}

/** A caption that starts with this word marks an example that is shown, not run. */
export const ILLUSTRATIVE = 'illustrative:'

/** Every `@example` block of one file, in order. `file` is read from `root/file`. */
export function extractExamples(root: string, file: string): ExampleBlock[] {
  const text = readFileSync(`${root}/${file}`, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const blocks: ExampleBlock[] = []
  const visit = (node: ts.Node, owner: string | undefined): void => {
    const name = declarationName(node)
    const symbol = name === undefined ? owner : owner !== undefined && isMember(node) ? `${owner}.${name}` : name
    for (const doc of (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []) {
      for (const tag of doc.tags ?? []) {
        if (tag.tagName.text !== 'example') continue
        blocks.push(exampleBlock(file, text, source, tag, symbol ?? '(file)'))
      }
    }
    ts.forEachChild(node, (child) => visit(child, symbol))
  }
  visit(source, undefined)
  return blocks
}

function isMember(node: ts.Node): boolean {
  return (
    ts.isMethodDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isPropertySignature(node) ||
    ts.isMethodSignature(node) ||
    ts.isConstructorDeclaration(node)
  )
}

function declarationName(node: ts.Node): string | undefined {
  if (ts.isConstructorDeclaration(node)) return 'constructor'
  if (ts.isVariableStatement(node)) {
    const first = node.declarationList.declarations[0]
    return first && ts.isIdentifier(first.name) ? first.name.text : undefined
  }
  if (
    ts.isFunctionDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    isMember(node)
  ) {
    const name = (node as ts.NamedDeclaration).name
    return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined
  }
  return undefined
}

function exampleBlock(file: string, text: string, source: ts.SourceFile, tag: ts.JSDocTag, symbol: string): ExampleBlock {
  const start = tag.getStart(source)
  const line = source.getLineAndCharacterOfPosition(start).line + 1
  // The tag runs to the next tag or the comment's end; take its raw lines and strip ` * `.
  const raw = text.slice(start, tag.end).split('\n')
  const caption = (raw[0] ?? '').replace(/^@example/, '').replace(/\*\/\s*$/, '').trim()
  const body = raw.slice(1).map((l) => l.replace(/\*\/\s*$/, '').replace(/^\s*\* ?/, '').replace(/^\s*\*?$/, ''))
  while (body.length > 0 && (body.at(-1) as string).trim() === '') body.pop()
  return { file, symbol, line, caption, code: body.join('\n') }
}

/**
 * The public index whose exports are in scope for a file's examples (besides the file's own):
 * src/index.ts for src/, kernel/sim/index.ts and kernel/lora/index.ts for those engines;
 * undefined for a kernel/ module without an index (kernel/errors.ts, kernel/jupyter/), whose
 * examples see their own module's exports only.
 */
export function publicIndexFor(file: string): string | undefined {
  if (file.startsWith('kernel/sim/')) return 'kernel/sim/index.ts'
  if (file.startsWith('kernel/lora/')) return 'kernel/lora/index.ts'
  if (file.startsWith('src/')) return 'src/index.ts'
  if (file.startsWith('kernel/')) return undefined
  throw new Error(`no public index for ${file}`)
}

/** What an assertion expects: a literal, with each number's tolerance taken from how it is written. */
export type Expected =
  | { kind: 'number'; value: number; tolerance: number; text: string }
  | { kind: 'exact'; value: string | boolean | null | undefined }
  | { kind: 'array'; items: Expected[] }
  | { kind: 'object'; entries: [string, Expected][] }

/** One check in a block: `expr // => value` or `expr // throws message`. */
export interface Check {
  /** Line in the file. */
  line: number
  /** The expression's source, for messages. */
  source: string
  expected: Expected | { kind: 'throws'; message: string }
}

/** A block made runnable: TypeScript that calls `__check(i, value)` / `__throws(i, () => ...)`. */
export interface CompiledExample {
  checks: Check[]
  /** JavaScript for the body of an async function. */
  javascript: string
}

const ARROW = /^\s*;?\s*\/\/\s*=>\s?(.*)$/
const THROWS = /^\s*;?\s*\/\/\s*throws\s+(.*)$/

/**
 * Rewrites a block's assertions into calls and transpiles it. An assertion is a comment
 * `// => value` or `// throws message` at the end of a statement's last line, or on the lines
 * just after it; a `// =>` value may continue on the following `//` lines until it parses.
 */
export function compileExample(block: ExampleBlock): CompiledExample {
  const code = block.code
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const lines = code.split('\n')
  const lineStarts = source.getLineStarts()
  const checks: Check[] = []
  const edits: { start: number; end: number; text: string }[] = []
  for (const statement of source.statements) {
    const lastLine = source.getLineAndCharacterOfPosition(statement.end).line
    const restOfLine = source.text.slice(statement.end, lineStarts[lastLine + 1] ?? source.text.length).replace(/\r?\n$/, '')
    const found = assertionAfter(lines, lastLine, restOfLine)
    if (found === undefined) continue
    const fileLine = block.line + 1 + found.line
    const index = checks.length
    if (ts.isExpressionStatement(statement)) {
      const expr = statement.expression.getText(source)
      checks.push({ line: fileLine, source: expr, expected: found.expected })
      const call = found.expected.kind === 'throws' ? `await __throws(${index}, async () => (${expr}));` : `__check(${index}, (${expr}));`
      edits.push({ start: statement.getStart(source), end: statement.end, text: call })
    } else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      const name = (statement.declarationList.declarations[0] as ts.VariableDeclaration).name
      if (!ts.isIdentifier(name) || found.expected.kind === 'throws') {
        throw new Error(`line ${fileLine}: only \`const name = expr // => value\` can carry an assertion on a declaration`)
      }
      checks.push({ line: fileLine, source: name.text, expected: found.expected })
      edits.push({ start: statement.end, end: statement.end, text: `; __check(${index}, ${name.text});` })
    } else {
      throw new Error(`line ${fileLine}: an assertion must follow an expression or a \`const name = ...\` declaration`)
    }
  }
  let rewritten = code
  for (const edit of edits.reverse()) rewritten = rewritten.slice(0, edit.start) + edit.text + rewritten.slice(edit.end)
  // `export {}` makes it a module, where top-level `await` is allowed; removed after.
  const output = ts.transpileModule(`export {};\n${rewritten}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, sourceMap: false },
    reportDiagnostics: false,
  }).outputText
  // `import.meta` is the example's own module's (runExample passes it in).
  return { checks, javascript: output.replace(/^export \{\};\n/m, '').replace(/\bimport\.meta\b/g, '__importMeta') }
}

function assertionAfter(
  lines: string[],
  lastLine: number,
  restOfLine: string,
): { line: number; expected: Check['expected'] } | undefined {
  const sameLine = parseAssertion(restOfLine, lines, lastLine)
  if (sameLine) return sameLine
  // An assertion on the comment lines right after the statement.
  for (let i = lastLine + 1; i < lines.length; i++) {
    const text = lines[i] as string
    if (!/^\s*\/\//.test(text)) return undefined
    const found = parseAssertion(text, lines, i)
    if (found) return found
  }
  return undefined
}

function parseAssertion(text: string, lines: string[], line: number): { line: number; expected: Check['expected'] } | undefined {
  const thrown = THROWS.exec(text)
  if (thrown) return { line, expected: { kind: 'throws', message: (thrown[1] as string).trim() } }
  const arrow = ARROW.exec(text)
  if (!arrow) return undefined
  let value = (arrow[1] as string).trim()
  for (let next = line + 1; ; next++) {
    const whole = parseLiteral(value)
    if (whole) return { line, expected: whole }
    // A remark may follow the value: `// => 1443 (Wilson)`, `// => 0.5: half`; it starts with
    // a space, `:` or `;`, but not with `+` or `,`, which continue the value.
    for (let end = value.length - 1; end > 0; end--) {
      if (!/^(\s*[:;]|\s+[^\s+,])/.test(value.slice(end))) continue
      const prefix = parseLiteral(value.slice(0, end))
      if (prefix) return { line, expected: prefix }
    }
    // Otherwise the value continues on the next comment line (a long array, `'...' +`).
    const more = /^\s*\/\/\s?(.*)$/.exec(lines[next] ?? '')
    if (!more || ARROW.test(lines[next] ?? '') || THROWS.test(lines[next] ?? '')) {
      throw new Error(`cannot read the value after // => as a literal: ${value}`)
    }
    value += `\n${more[1] as string}`
  }
}

/**
 * Reads a JS literal (number, string, boolean, null, undefined, NaN, Infinity, arrays and objects
 * of those; strings joined with `+`). A number's tolerance is half a unit in its last written digit: `0.007974` is
 * 0.007974 +- 5e-7, `1.25e6` is 1.25e6 +- 5e3, `42` is 42 +- 0.5 (so an integer must round to it).
 * Returns undefined when the text is not such a literal.
 */
export function parseLiteral(text: string): Expected | undefined {
  const source = ts.createSourceFile('value.ts', `(${text}\n)`, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  if ((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return undefined
  const statement = source.statements[0]
  if (source.statements.length !== 1 || !statement || !ts.isExpressionStatement(statement)) return undefined
  try {
    return literal(statement.expression, source)
  } catch {
    return undefined
  }
}

function literal(node: ts.Expression, source: ts.SourceFile): Expected {
  if (ts.isParenthesizedExpression(node)) return literal(node.expression, source)
  if (ts.isNumericLiteral(node)) return numberLiteral(node.getText(source), 1)
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const inner = literal(node.operand, source)
    if (inner.kind !== 'number') throw new Error('minus before a non-number')
    return { ...inner, value: -inner.value, text: `-${inner.text}` }
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'exact', value: node.text }
  // 'a long string ' + 'split over lines'
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literal(node.left, source)
    const right = literal(node.right, source)
    if (left.kind !== 'exact' || right.kind !== 'exact' || typeof left.value !== 'string' || typeof right.value !== 'string') {
      throw new Error('+ joins strings only')
    }
    return { kind: 'exact', value: left.value + right.value }
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'exact', value: true }
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'exact', value: false }
  if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'exact', value: null }
  if (ts.isIdentifier(node)) {
    if (node.text === 'undefined') return { kind: 'exact', value: undefined }
    if (node.text === 'NaN') return { kind: 'number', value: Number.NaN, tolerance: 0, text: 'NaN' }
    if (node.text === 'Infinity') return { kind: 'number', value: Number.POSITIVE_INFINITY, tolerance: 0, text: 'Infinity' }
  }
  if (ts.isArrayLiteralExpression(node)) return { kind: 'array', items: node.elements.map((e) => literal(e, source)) }
  if (ts.isObjectLiteralExpression(node)) {
    return {
      kind: 'object',
      entries: node.properties.map((p) => {
        if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) throw new Error('not a literal')
        return [p.name.text, literal(p.initializer, source)] as [string, Expected]
      }),
    }
  }
  throw new Error('not a literal')
}

function numberLiteral(text: string, sign: number): Expected {
  const plain = text.replaceAll('_', '')
  const value = sign * Number(plain)
  if (/^0[xob]/i.test(plain)) return { kind: 'number', value, tolerance: 0, text }
  const match = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(plain)
  if (!match) throw new Error(`not a number: ${text}`)
  const decimals = (match[2] ?? '').length
  const exponent = Number(match[3] ?? 0)
  return { kind: 'number', value, tolerance: 0.5 * 10 ** (exponent - decimals), text }
}

/** Why `actual` does not match `expected`, or undefined when it does. Objects are checked on the keys shown. */
export function mismatch(actual: unknown, expected: Expected, path = ''): string | undefined {
  const at = path === '' ? '' : ` at ${path}`
  switch (expected.kind) {
    case 'number': {
      if (typeof actual !== 'number') return `expected the number ${expected.text}${at}, got ${show(actual)}`
      if (Number.isNaN(expected.value)) return Number.isNaN(actual) ? undefined : `expected NaN${at}, got ${actual}`
      if (actual === expected.value) return undefined
      // A hair of slack for the decimal-to-binary rounding of the bound itself.
      const ok = Math.abs(actual - expected.value) <= expected.tolerance * (1 + 1e-9)
      return ok ? undefined : `expected ${expected.text} (+-${expected.tolerance})${at}, got ${actual}`
    }
    case 'exact':
      return Object.is(actual, expected.value) ? undefined : `expected ${show(expected.value)}${at}, got ${show(actual)}`
    case 'array': {
      const isList = Array.isArray(actual) || ArrayBuffer.isView(actual)
      if (!isList) return `expected an array${at}, got ${show(actual)}`
      const items = Array.from(actual as ArrayLike<unknown>)
      if (items.length !== expected.items.length) {
        return `expected ${expected.items.length} items${at}, got ${items.length}: ${show(actual)}`
      }
      for (let i = 0; i < items.length; i++) {
        const why = mismatch(items[i], expected.items[i] as Expected, `${path}[${i}]`)
        if (why) return why
      }
      return undefined
    }
    case 'object': {
      if (typeof actual !== 'object' || actual === null) return `expected an object${at}, got ${show(actual)}`
      for (const [key, value] of expected.entries) {
        if (!(key in actual)) return `expected a key ${key}${at}, got ${show(actual)}`
        const why = mismatch((actual as Record<string, unknown>)[key], value, path === '' ? key : `${path}.${key}`)
        if (why) return why
      }
      return undefined
    }
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || value === undefined || typeof value === 'bigint') return String(value)
  try {
    const text = JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}...` : text
  } catch {
    return String(value)
  }
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>

/**
 * Runs a compiled example with `scope`'s names in scope (the module's exports, the public index),
 * and `import.meta.url` set to `moduleUrl` (the built file of the example's module).
 * Throws an Error naming the file and line of the first failed check, or of a thrown error.
 */
export async function runExample(
  block: ExampleBlock,
  compiled: CompiledExample,
  scope: Record<string, unknown>,
  moduleUrl: string,
): Promise<void> {
  const where = (line: number) => `${block.file}:${line} (${block.symbol})`
  const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default')
  const check = (index: number, actual: unknown): void => {
    const c = compiled.checks[index] as Check
    if (c.expected.kind === 'throws') return
    const why = mismatch(actual, c.expected)
    if (why) throw new DoctestFailure(`${where(c.line)}: ${c.source}: ${why}`)
  }
  const throws = async (index: number, run: () => Promise<unknown>): Promise<void> => {
    const c = compiled.checks[index] as Check
    const expected = c.expected as { kind: 'throws'; message: string }
    try {
      await run()
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      const shown = expected.message
      if (message === shown || (error instanceof Error && error.message === shown)) return
      throw new DoctestFailure(`${where(c.line)}: ${c.source}: expected it to throw ${JSON.stringify(shown)}, it threw ${JSON.stringify(message)}`)
    }
    throw new DoctestFailure(`${where(c.line)}: ${c.source}: expected it to throw ${JSON.stringify(expected.message)}, it returned`)
  }
  // The block runs inside a nested scope so that its own `const x` may shadow an export `x`.
  const body = `{\n${compiled.javascript}\n}`
  const fn = new AsyncFunction(...names, '__check', '__throws', '__importMeta', body)
  try {
    await fn(...names.map((n) => scope[n]), check, throws, { url: moduleUrl })
  } catch (error) {
    if (error instanceof DoctestFailure) throw error
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    throw new Error(`${where(block.line)}: the example threw ${text}`, { cause: error })
  }
}

class DoctestFailure extends Error {
  override name = 'DoctestFailure'
}
