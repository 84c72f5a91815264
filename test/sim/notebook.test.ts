// Notebook 02-uncertainty runs headless with its parameters overridden, prints the simulation's
// key numbers exactly as the library computes them for the same scenario, draws and seed (it
// runs on several worker threads, the library here on one: the numbers do not depend on that),
// and its HTML draws every figure in headless Chromium.
import { mkdirSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listNotebooks, runNotebook, type NotebookRunResult } from '../../kernel/jupyter/run.js'
import { simulationKeyNumbers } from '../../src/sim/key-numbers.js'
import { simulateScenario } from '../../src/sim/simulate-scenario.js'
import { loadScenarioInputFile } from '../../src/scenario/validate.js'
import { chromiumProblem, openPage, plotlyPlots } from '../helpers/browser.js'
import { ARTIFACTS_DIR, JUPYTER_SKIP_REASON, printedKeyNumbers } from '../helpers/notebooks.js'
import { ROOT } from '../helpers/scenario.js'

const OUT = join(ARTIFACTS_DIR, 'notebooks', 'sim')

describe.skipIf(JUPYTER_SKIP_REASON !== undefined)('notebook 02-uncertainty', () => {
  let run: NotebookRunResult

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })
    run = await runNotebook({
      notebook: listNotebooks().find((n) => basename(n) === '02-uncertainty.ipynb') as string,
      outDir: OUT,
      parameters: { draws: 20_000, seed: 3 },
      cellTimeoutSeconds: 300,
    })
  }, 600_000)

  it('prints the key numbers the library computes for the same scenario, draws and seed', async () => {
    const validated = loadScenarioInputFile(join(ROOT, 'data', 'scenarios', 'support-tickets-uncertain.json'))
    const expected = simulationKeyNumbers(await simulateScenario(validated, { draws: 20_000, seed: 3, workers: 1 }))
    expect(printedKeyNumbers(run)).toEqual(expected)
    expect(expected.recommendation).toBe('distill')
    expect(run.injected).toEqual(['draws', 'seed'])
  })

  describe.skipIf(chromiumProblem() !== undefined)('as HTML in headless Chromium', () => {
    const visits: Awaited<ReturnType<typeof openPage>>[] = []
    afterAll(async () => Promise.all(visits.map((v) => v.close())))

    it('draws its four figures with every trace and logs no error', async () => {
      const visit = await openPage(run.htmlPath as string)
      visits.push(visit)
      const plots = await plotlyPlots(visit.page, { expectedSelector: '.payback-plot' })
      await visit.screenshot(join(ARTIFACTS_DIR, 'notebook-02-uncertainty.png'))
      expect(visit.problems).toEqual([])
      expect(plots.map((p) => [p.drawn, p.traces])).toEqual([
        [true, 10], // fan chart: prompt and distill, 5 traces each
        [true, 2], // payback histogram and its cumulative line
        [true, 1], // P(cheapest)
        [true, 2], // tornado: low and high
      ])
    })
  })
})
