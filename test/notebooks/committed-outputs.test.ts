// Notebooks are committed without outputs (STYLE.md 10): every notebook git tracks under
// notebooks/, and every fixture notebook, has empty outputs and null execution counts, names
// the project's kernel, and declares its parameters with `let` (kernel/jupyter/parameters.ts).
// Executed copies belong in reports/ (git-ignored). To clean a notebook by hand:
//   jupyter nbconvert --clear-output --inplace notebooks/NAME.ipynb
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'

import { describe, expect, it } from 'vitest'

import { cellSource, hasTag, readNotebook } from '../../kernel/jupyter/notebook-json.js'
import { declaredParameters, PARAMETERS_TAG } from '../../kernel/jupyter/parameters.js'
import { FIXTURES_DIR, ROOT } from '../helpers/notebooks.js'

/** notebooks/*.ipynb that git tracks (their working-tree content is what gets committed next). */
function trackedNotebooks(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--', 'notebooks/*.ipynb'], { cwd: ROOT, encoding: 'utf8' })
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr || listed.error?.message}`)
  return listed.stdout
    .split('\0')
    .filter((file) => file !== '')
    .map((file) => join(ROOT, file))
    .filter((file) => existsSync(file)) // deleted in the working tree, not yet committed
}

const fixtures = readdirSync(FIXTURES_DIR)
  .filter((file) => file.endsWith('.ipynb'))
  .map((file) => join(FIXTURES_DIR, file))
const notebooks = [...trackedNotebooks(), ...fixtures]

describe('committed notebooks', () => {
  it('include the fixtures (so this suite checks something)', () => {
    expect(fixtures.map((file) => relative(ROOT, file))).toEqual(
      expect.arrayContaining(['test/fixtures/notebooks/ok.ipynb', 'test/fixtures/notebooks/broken.ipynb']),
    )
  })

  it.each(notebooks.map((file) => [relative(ROOT, file), file]))('%s has no outputs and no execution counts', (_, file) => {
    const dirty = readNotebook(file)
      .cells.map((cell, index) => ({ cell: index + 1, outputs: cell.outputs?.length ?? 0, execution_count: cell.execution_count ?? null }))
      .filter((cell) => cell.outputs > 0 || cell.execution_count !== null)
    // Lists the offending cells (1-based), e.g. [{ cell: 3, outputs: 1, execution_count: 2 }].
    expect(dirty).toEqual([])
  })

  it.each(notebooks.map((file) => [relative(ROOT, file), file]))('%s runs on the payback-tslab kernel', (_, file) => {
    expect(readNotebook(file).metadata.kernelspec?.name).toBe('payback-tslab')
  })

  it.each(notebooks.map((file) => [relative(ROOT, file), file]))('%s declares its parameters with let, in at most one parameters cell', (_, file) => {
    const parameterCells = readNotebook(file).cells.filter((cell) => hasTag(cell, PARAMETERS_TAG))
    expect(parameterCells.length).toBeLessThanOrEqual(1)
    const notLet = [...declaredParameters(parameterCells.map(cellSource).join('\n'))].filter(([, keyword]) => keyword !== 'let')
    expect(notLet).toEqual([])
  })
})
