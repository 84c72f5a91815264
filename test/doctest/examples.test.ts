/**
 * Doc-tests: every `@example` in the JSDoc of src/ and kernel/ runs here, so an example
 * cannot go stale.
 *
 * The convention, for whoever writes an example:
 * - `expr // => value` asserts that `expr` evaluates to `value`, a JS literal: a number,
 *   string, boolean, null, undefined, NaN, Infinity, or an array or object of those. A number
 *   matches to the precision it is written with, half a unit in its last digit: `// => 0.007974`
 *   passes for 0.0079741404, `// => 1.25e6` for anything in [1.245e6, 1.255e6], `// => 42` only
 *   for a value that rounds to 42. An array must have the items shown (a typed array counts);
 *   an object is checked on the keys shown, other keys are not checked. `const x = expr // => v`
 *   asserts on `x`. The `// =>` may also stand on the comment line right after the statement,
 *   and a long value may continue on the next `//` lines.
 * - `expr // throws message` asserts that `expr` throws (or rejects) with that message (either
 *   `message` alone or `ErrorName: message`).
 * - Every other line is a statement that runs; `await` works.
 * - In scope: the exports of the example's own module and of its public index (src/index.ts
 *   for src/, kernel/sim/index.ts or kernel/lora/index.ts for those engines; a kernel/ module
 *   with no index, such as kernel/errors.ts or kernel/jupyter/, has its own exports only), taken from the BUILT
 *   files in dist/ (test/setup/build.ts builds them). Nothing else: an example sets up its own
 *   inputs, small literal ones where it can, or uses `defaultScenario()`. `import.meta.url` is
 *   the URL of the module's built file (dist/...js).
 * - Every example must assert at least once: an example shows its result. The one exception is
 *   an example whose caption starts with `illustrative:` and says why it cannot run here
 *   (`@example illustrative: starts the Python worker`): it needs a process, a GPU, the network
 *   or a Jupyter kernel. It is only checked to parse. Use it rarely.
 *
 * A failing example fails its own test, named after the file, symbol and line.
 */
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { compileExample, extractExamples, ILLUSTRATIVE, publicIndexFor, runExample, type ExampleBlock } from '../helpers/doctest.js'

const root = join(import.meta.dirname, '..', '..')

function sourceFiles(folder: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue
    out.push(relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
  }
  return out.sort()
}

const built = (file: string): string => pathToFileURL(join(root, 'dist', file.replace(/\.ts$/, '.js'))).href

async function scopeFor(file: string): Promise<Record<string, unknown>> {
  const indexFile = publicIndexFor(file)
  const index = indexFile === undefined ? {} : ((await import(built(indexFile))) as Record<string, unknown>)
  const own = (await import(built(file))) as Record<string, unknown>
  return { ...index, ...own }
}

const files = [...sourceFiles('src'), ...sourceFiles('kernel')]
const blocks: ExampleBlock[] = files.flatMap((file) => extractExamples(root, file))

function testName(block: ExampleBlock, siblings: ExampleBlock[]): string {
  const same = siblings.filter((b) => b.file === block.file && b.symbol === block.symbol)
  const number = same.length > 1 ? ` #${same.indexOf(block) + 1}` : ''
  return `${block.symbol}${number} (line ${block.line})`
}

describe('@example blocks', () => {
  it('are found (the extractor reads the comments)', () => {
    // 253 blocks when this test was written; far fewer means the extractor broke.
    expect(blocks.length).toBeGreaterThan(200)
  })

  for (const file of files) {
    const mine = blocks.filter((b) => b.file === file)
    if (mine.length === 0) continue
    describe(file, () => {
      for (const block of mine) {
        const name = testName(block, mine)
        if (block.caption.startsWith(ILLUSTRATIVE)) {
          it(`${name} [${block.caption}] parses`, () => {
            const result = ts.transpileModule(block.code, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } })
            const errors = (result.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
            expect(errors, `${file}:${block.line}`).toEqual([])
            expect(block.caption.length, 'say why it cannot run').toBeGreaterThan(ILLUSTRATIVE.length + 3)
          })
          continue
        }
        it(name, async () => {
          const compiled = compileExample(block)
          if (compiled.checks.length === 0) {
            throw new Error(
              `${file}:${block.line} (${block.symbol}): the example shows no result; add \`expr // => value\` ` +
                `(or a caption \`@example ${ILLUSTRATIVE} why\` if it cannot run in a test)`,
            )
          }
          await runExample(block, compiled, await scopeFor(file), built(file))
        })
      }
    })
  }
})
