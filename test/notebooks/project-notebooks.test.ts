// Every notebook in notebooks/ executes headless on the tslab kernel, its key numbers equal the
// library's for the default scenario, and its HTML renders in headless Chromium with every plot
// drawn and no console error. Runs with parameters: test/notebooks/documented-parameters.test.ts.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { decisionResult, keyNumbers } from '../../src/decide/result.js'
import { listNotebooks, runNotebook, type NotebookRunResult } from '../../kernel/jupyter/run.js'
import { costBreakdownFigure } from '../../src/report/figures.js'
import { defaultScenario } from '../../src/scenario/validate.js'
import { chromiumProblem, openPage, plotlyPlots } from '../helpers/browser.js'
import { ARTIFACTS_DIR, JUPYTER_SKIP_REASON, ROOT, printedKeyNumbers } from '../helpers/notebooks.js'

const OUT = join(ARTIFACTS_DIR, 'notebooks', 'project')

/** Notebooks with a test of their own (they need parameters or checks of their own). */
const TESTED_ELSEWHERE: Record<string, string> = { '02-uncertainty': 'test/sim/notebook.test.ts', '03-distillation-experiment': 'test/distill/end-to-end.test.ts', '04-drift': 'test/distill/analysis-notebooks.test.ts', '05-quality-ceiling': 'test/distill/analysis-notebooks.test.ts' }

describe.skipIf(JUPYTER_SKIP_REASON !== undefined)('the project notebooks', () => {
  const runs = new Map<string, NotebookRunResult>()

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })
    // One at a time: two cores, and each kernel loads the library and danfojs.
    for (const notebook of listNotebooks().filter((n) => !(basename(n, '.ipynb') in TESTED_ELSEWHERE))) {
      const run = await runNotebook({ notebook, outDir: OUT, cellTimeoutSeconds: 300 })
      runs.set(run.name, run)
    }
  }, 600_000)

  it('runs every notebook in notebooks/ here or in its own test', () => {
    expect([...runs.keys()]).toEqual(expect.arrayContaining(['01-should-we-adapt', '06-stakeholder-report']))
    for (const notebook of listNotebooks()) {
      const name = basename(notebook, '.ipynb')
      const elsewhere = TESTED_ELSEWHERE[name]
      if (elsewhere) expect(existsSync(join(ROOT, elsewhere)), `${name} is tested by ${elsewhere}`).toBe(true)
      else expect(runs.has(name), `${name} ran`).toBe(true)
    }
  })

  it('01 and 06 print the key numbers the library computes for the default scenario', () => {
    const expected = keyNumbers(decisionResult(analyseScenario(defaultScenario())))
    expect(printedKeyNumbers(runs.get('01-should-we-adapt') as NotebookRunResult)).toEqual(expected)
    expect(printedKeyNumbers(runs.get('06-stakeholder-report') as NotebookRunResult)).toEqual(expected)
    expect(expected.recommendation).toBe('distill')
  })

  describe.skipIf(chromiumProblem() !== undefined)('as HTML in headless Chromium', () => {
    const visits: Awaited<ReturnType<typeof openPage>>[] = []
    afterAll(async () => Promise.all(visits.map((v) => v.close())))

    it('01 draws its three figures with every trace and logs no error', async () => {
      const visit = await openPage(runs.get('01-should-we-adapt')?.htmlPath as string)
      visits.push(visit)
      const plots = await plotlyPlots(visit.page, { expectedSelector: '.payback-plot' })
      await visit.screenshot(join(ARTIFACTS_DIR, 'notebook-01-should-we-adapt.png'))
      expect(visit.problems).toEqual([])
      const breakdownTraces = costBreakdownFigure(analyseScenario(defaultScenario())).data.length
      expect(plots.map((p) => [p.drawn, p.traces])).toEqual([
        [true, 6], // 5 strategies + breakeven markers
        [true, 6], // 5 strategies + payback markers
        [true, breakdownTraces],
      ])
    })

    it('06 draws its one figure, shows no code, and logs no error', async () => {
      const visit = await openPage(runs.get('06-stakeholder-report')?.htmlPath as string)
      visits.push(visit)
      const plots = await plotlyPlots(visit.page, { expectedSelector: '.payback-plot' })
      await visit.screenshot(join(ARTIFACTS_DIR, 'notebook-06-stakeholder-report.png'))
      expect(visit.problems).toEqual([])
      expect(plots.map((p) => [p.drawn, p.traces])).toEqual([[true, 3]]) // prompt, distill, payback marker
      expect(await visit.page.locator('.jp-CodeCell .jp-InputArea').count()).toBe(0)
      expect(await visit.page.textContent('body')).toMatch(/The three numbers/)
      // The link to the live decision report beside it, which exists and carries the what-if controls.
      const href = await visit.page.getAttribute('a[href="06-stakeholder-report-live.html"]', 'href')
      expect(href).toBe('06-stakeholder-report-live.html')
      const live = join(dirname(runs.get('06-stakeholder-report')?.htmlPath as string), href as string)
      expect(readFileSync(live, 'utf8')).toContain('id="whatif-controls"')
    })
  })
})
