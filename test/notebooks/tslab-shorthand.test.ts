// The tslab shorthand pitfall: `{ name }` naming an earlier cell's variable fails under tslab
// 1.0.22 ("ReferenceError: name is not defined"). shorthandPitfalls finds such properties before
// the kernel starts; runNotebook refuses the notebook with the fix; and, on the real kernel, the
// notebook run as written fails exactly so (the premise the check rests on).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NotebookCellError, NotebookRunError, runNotebook } from '../../kernel/jupyter/run.js'
import { shorthandPitfalls } from '../../kernel/jupyter/tslab-shorthand.js'
import { ARTIFACTS_DIR, FIXTURES_DIR, JUPYTER_SKIP_REASON } from '../helpers/notebooks.js'

const OUT = join(ARTIFACTS_DIR, 'notebooks', 'shorthand')

describe('shorthandPitfalls(cells)', () => {
  it('finds shorthands of earlier cells\' top-level names (variables, destructured names, imports, functions), by cell and line', () => {
    const cells = [
      'import * as p from "x"\nconst a = 1\nconst { b, c: [d] } = y\nfunction h() {}',
      'const z = { a, p }\nconst k = { h, d }',
    ]
    expect(shorthandPitfalls(cells)).toEqual([
      { cell: 1, line: 1, name: 'a', declaredIn: 0 },
      { cell: 1, line: 1, name: 'p', declaredIn: 0 },
      { cell: 1, line: 2, name: 'h', declaredIn: 0 },
      { cell: 1, line: 2, name: 'd', declaredIn: 0 },
    ])
  })

  it('leaves alone what the cell declares itself (a parameter, a local, its own top level), written-out properties and unknown names', () => {
    const cells = [
      'const a = 1\nconst b = 2',
      'const f = (a: number) => ({ a })\nfunction g() { const b = 3; return { b } }\nconst q = { a: a, unknown }',
      'const a = 5\nconst w = { a }',
    ]
    expect(shorthandPitfalls(cells)).toEqual([])
  })

  it('names the latest cell that declares the name', () => {
    expect(shorthandPitfalls(['let s = 1', 'let t = 2\ns = 3', 'var s = 4', 'const u = { s }'])).toEqual([{ cell: 3, line: 1, name: 's', declaredIn: 2 }])
  })
})

describe('runNotebook on a notebook with the pitfall', () => {
  it('refuses it before Jupyter starts, naming the cell, the line and the fix', async () => {
    const error = await runNotebook({ notebook: join(FIXTURES_DIR, 'shorthand.ipynb'), outDir: join(OUT, 'checked'), python: '/nonexistent/python3' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotebookRunError)
    expect((error as Error).message).toBe(
      'shorthand.ipynb: cell 2 of 2 (const written = { ...result, seed: provenance.seed }), line 2: the shorthand { provenance } names provenance of cell 1, ' +
        'which tslab does not resolve there (it fails with "ReferenceError: provenance is not defined"); write { provenance: provenance }',
    )
  })

  it.skipIf(JUPYTER_SKIP_REASON !== undefined)('fails on the tslab kernel as the check says, when run as written', async () => {
    const error = await runNotebook({ notebook: join(FIXTURES_DIR, 'shorthand.ipynb'), outDir: join(OUT, 'as-written'), checkTslabShorthand: false, cellTimeoutSeconds: 60 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotebookCellError)
    expect((error as Error).message).toContain('ReferenceError: provenance is not defined')
  })
})
