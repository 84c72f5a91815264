// Notebook 02-uncertainty runs headless with all three of its parameters overridden (a scenario
// file of its own, draws, seed), prints the simulation's key numbers exactly as the library
// computes them for the same scenario, draws and seed (it
// runs on several worker threads, the library here on one: the numbers do not depend on that),
// and its HTML draws every figure in headless Chromium.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
// The uncertain support-ticket scenario over 30 months instead of 24: the notebook must read it.
const scenarioPath = join(OUT, 'uncertain-30-months.json')

describe.skipIf(JUPYTER_SKIP_REASON !== undefined)('notebook 02-uncertainty', () => {
  let run: NotebookRunResult

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })
    const raw = JSON.parse(readFileSync(join(ROOT, 'data', 'scenarios', 'support-tickets-uncertain.json'), 'utf8'))
    raw.task.horizonMonths = 30
    writeFileSync(scenarioPath, JSON.stringify(raw))
    run = await runNotebook({
      notebook: listNotebooks().find((n) => basename(n) === '02-uncertainty.ipynb') as string,
      outDir: OUT,
      parameters: { scenarioPath, draws: 20_000, seed: 3 },
      cellTimeoutSeconds: 300,
    })
  }, 600_000)

  it('prints the key numbers the library computes for the same scenario file, draws and seed', async () => {
    const validated = loadScenarioInputFile(scenarioPath)
    const expected = simulationKeyNumbers(await simulateScenario(validated, { draws: 20_000, seed: 3, workers: 1 }))
    const printed = printedKeyNumbers(run)
    expect(printed).toEqual(expected)
    expect([printed.draws, printed.seed, validated.point.task.horizonMonths]).toEqual([20_000, 3, 30])
    expect(expected.recommendation).toBe('distill')
    // Another seed gives other numbers: the seed reached the simulation.
    expect(simulationKeyNumbers(await simulateScenario(validated, { draws: 20_000, seed: 4, workers: 1 }))).not.toEqual(expected)
    // The file's 30-month horizon reached it too: the default file gives other numbers.
    const defaultFile = loadScenarioInputFile(join(ROOT, 'data', 'scenarios', 'support-tickets-uncertain.json'))
    expect(simulationKeyNumbers(await simulateScenario(defaultFile, { draws: 20_000, seed: 3, workers: 1 }))).not.toEqual(expected)
    expect(run.injected).toEqual(['scenarioPath', 'draws', 'seed'])
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
