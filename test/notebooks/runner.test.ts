// End to end: the fixtures run on the real tslab kernel through /usr/bin/python3 + nbclient.
// Each scenario executes once (beforeAll, concurrently); the tests read what it produced.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { cellSource, hasTag, readNotebook, type NotebookCell } from '../../kernel/jupyter/notebook-json.js'
import { INJECTED_PARAMETERS_TAG, PARAMETERS_TAG } from '../../kernel/jupyter/parameters.js'
import { NotebookCellError, runNotebook, type NotebookProgress, type NotebookRunResult } from '../../kernel/jupyter/run.js'
import { PLOTLY_LIBRARY_MARKER } from '../../src/report/plotly-display.js'
import { ARTIFACTS_DIR, ensureBuilt, FIXTURES_DIR, JUPYTER_SKIP_REASON, ROOT, runNotebookCli, type NotebookCliRun } from '../helpers/notebooks.js'

const OUT = join(ARTIFACTS_DIR, 'notebooks', 'runner')


const outputsText = (cell: NotebookCell | undefined): string => JSON.stringify(cell?.outputs ?? [])

describe.skipIf(JUPYTER_SKIP_REASON !== undefined)('runNotebook on the tslab kernel', () => {
  let ok: NotebookRunResult
  const okProgress: NotebookProgress[] = []
  let broken: NotebookCliRun
  let hung: unknown

  beforeAll(async () => {
    ensureBuilt(['src/report/plotly-display.ts', 'kernel/jupyter/cli.ts', 'kernel/jupyter/run.ts'])
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })
    const started = performance.now()
    ;[ok, broken, hung] = await Promise.all([
      runNotebook({
        notebook: join(FIXTURES_DIR, 'ok.ipynb'),
        outDir: join(OUT, 'ok'),
        parameters: { multiplier: 5, label: 'from-test' },
        cellTimeoutSeconds: 60,
        onProgress: (event) => okProgress.push(event),
      }),
      runNotebookCli([join(FIXTURES_DIR, 'broken.ipynb'), '--out', join(OUT, 'broken')]),
      runNotebook({
        notebook: join(FIXTURES_DIR, 'broken.ipynb'),
        outDir: join(OUT, 'hang'),
        parameters: { failure: 'hang' },
        cellTimeoutSeconds: 5,
      }).catch((error: unknown) => error),
    ])
    console.log(`notebook runs (3, concurrent): ${((performance.now() - started) / 1000).toFixed(1)} s; ok.ipynb alone: ${ok.seconds.toFixed(1)} s`)
  })

  describe('runNotebook({ notebook: ok.ipynb, parameters })', () => {
    it('writes the executed notebook and the HTML page', () => {
      expect(ok.ipynbPath).toBe(join(OUT, 'ok', 'ok.ipynb'))
      expect(ok.htmlPath).toBe(join(OUT, 'ok', 'ok.html'))
      expect(existsSync(ok.ipynbPath)).toBe(true)
      expect(existsSync(ok.htmlPath as string)).toBe(true)
      expect(ok.injected).toEqual(['multiplier', 'label'])
    })

    it('inserts the injected-parameters cell right after the parameters cell', () => {
      const executed = readNotebook(ok.ipynbPath)
      const parametersIndex = executed.cells.findIndex((cell) => hasTag(cell, PARAMETERS_TAG))
      const injected = executed.cells[parametersIndex + 1]
      expect(injected && hasTag(injected, INJECTED_PARAMETERS_TAG)).toBe(true)
      expect(cellSource(injected as NotebookCell)).toContain('multiplier = 5')
      expect(cellSource(injected as NotebookCell)).toContain('label = "from-test"')
      expect(executed.cells.filter((cell) => hasTag(cell, INJECTED_PARAMETERS_TAG))).toHaveLength(1)
    })

    it('runs later cells with the overridden values: 5 * 21 = 105', () => {
      const executed = readNotebook(ok.ipynbPath)
      const answer = executed.cells.find((cell) => cellSource(cell).startsWith('const answer'))
      expect(outputsText(answer)).toContain('answer: 105 (from-test)')
      expect(readFileSync(ok.htmlPath as string, 'utf8')).toContain('answer: 105 (from-test)')
    })

    it('numbers code cells and reports each one as it finishes', () => {
      const done = okProgress.filter((event): event is Extract<NotebookProgress, { type: 'cell-done' }> => event.type === 'cell-done')
      expect(done.map((event) => `${event.cell}/${event.codeCells}`)).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5'])
      for (const event of done) expect(event.seconds).toBeGreaterThanOrEqual(0)
      expect(okProgress[0]?.type).toBe('start')
      expect(okProgress.some((event) => event.type === 'kernel-ready')).toBe(true)
      const written = okProgress.filter((event): event is Extract<NotebookProgress, { type: 'written' }> => event.type === 'written')
      expect(written.map((event) => event.path)).toEqual([ok.ipynbPath, ok.htmlPath])
    })

    it('puts plotly.js in the page exactly once, before two figures with counter ids', () => {
      const html = readFileSync(ok.htmlPath as string, 'utf8')
      expect(html.split(`${PLOTLY_LIBRARY_MARKER}="1"`)).toHaveLength(2)
      expect(html.split('* plotly.js v')).toHaveLength(2)
      expect(html.indexOf(PLOTLY_LIBRARY_MARKER)).toBeLessThan(html.indexOf('id="payback-plot-1"'))
      expect(html).toContain('id="payback-plot-2"')
      expect(html).not.toContain('id="payback-plot-3"')
      // No CDN: nbconvert's require.js and MathJax script tags are gone.
      expect(html).not.toMatch(/<script[^>]+src=/)
    })

    it('leaves no temp files next to the reports', () => {
      expect(existsSync(join(OUT, 'ok'))).toBe(true)
      expect(readdirSync(join(OUT, 'ok')).sort()).toEqual(['ok.html', 'ok.ipynb'])
    })
  })

  describe('npm run notebooks broken.ipynb (the built CLI)', () => {
    it('exits 1', () => {
      expect(broken.code).toBe(1)
    })

    it('names the notebook, the cell (third of four code cells) with its first line, and the error', () => {
      expect(broken.stderr).toContain(
        'broken.ipynb: cell 3 of 4 (if (failure === "throw") throw new RangeError("broken on purpose")) failed: RangeError: broken on purpose',
      )
    })

    it('shows progress up to the failing cell, numbered as the error numbers it, and no traceback', () => {
      expect(broken.stderr).toMatch(/broken\.ipynb: cell 1 of 4 \d+\.\d s \(elapsed \d+\.\d s\)/)
      expect(broken.stderr).toMatch(/broken\.ipynb: cell 2 of 4 /)
      expect(broken.stderr).not.toMatch(/cell 3 of 4 \d/)
      expect(broken.stderr).not.toContain('Traceback')
      expect(broken.stderr).not.toContain('    at ')
    })

    it('still writes both reports, the error in the failing cell and nothing after it', () => {
      const executed = readNotebook(join(OUT, 'broken', 'broken.ipynb'))
      expect(outputsText(executed.cells[3])).toContain('RangeError: broken on purpose')
      expect(executed.cells[4]?.outputs).toEqual([])
      expect(existsSync(join(OUT, 'broken', 'broken.html'))).toBe(true)
    })

    it('numbers cells in the reports as in its messages: the failing cell is In [3] in the .ipynb and the HTML', () => {
      const executed = readNotebook(join(OUT, 'broken', 'broken.ipynb'))
      expect(executed.cells.filter((cell) => cell.cell_type === 'code').map((cell) => cell.execution_count ?? null)).toEqual([1, 2, 3, null])
      const html = readFileSync(join(OUT, 'broken', 'broken.html'), 'utf8')
      expect(html.match(/In&nbsp;\[[^\]]*\]/g)).toEqual(['In&nbsp;[1]', 'In&nbsp;[2]', 'In&nbsp;[3]', 'In&nbsp;[&nbsp;]'])
    })
  })

  describe('runNotebook with cellTimeoutSeconds: 5 on a cell that waits 60 s', () => {
    it('rejects with a NotebookCellError of kind timeout naming the cell (the injected cell counts: 4 of 5)', () => {
      expect(hung).toBeInstanceOf(NotebookCellError)
      const error = hung as NotebookCellError
      expect(error.kind).toBe('timeout')
      expect(error.cellNumber).toBe(4)
      expect(error.injected).toBe(false)
      expect(error.message).toMatch(/^broken\.ipynb: cell 4 of 5 \(if \(failure === "throw"\).*\) failed: CellTimeoutError: timed out after 5 s$/)
    })
  })
})
