// The ok fixture's HTML page in headless Chromium, offline: no console or page error, every
// plot drawn with its traces. Runs the fixture once (its own run: vitest files run in separate
// workers) and leaves a screenshot in test-artifacts/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runNotebook, type NotebookRunResult } from '../../kernel/jupyter/run.js'
import { chromiumProblem, openPage, plotlyPlots, type PageVisit, type RenderedPlot } from '../helpers/browser.js'
import { ARTIFACTS_DIR, ensureBuilt, FIXTURES_DIR, JUPYTER_SKIP_REASON } from '../helpers/notebooks.js'

const OUT = join(ARTIFACTS_DIR, 'notebooks', 'browser')
const SCREENSHOT = join(ARTIFACTS_DIR, 'notebook-ok.png')
const skipReason = JUPYTER_SKIP_REASON ?? chromiumProblem()
if (skipReason !== undefined && JUPYTER_SKIP_REASON === undefined) console.warn(`browser test skipped: ${skipReason}`)

describe.skipIf(skipReason !== undefined)('ok.ipynb as HTML in headless Chromium', () => {
  let run: NotebookRunResult
  let visit: PageVisit
  let plots: RenderedPlot[]
  let expectedPlots: RenderedPlot[]

  beforeAll(async () => {
    ensureBuilt(['src/report/plotly-display.ts'])
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })
    run = await runNotebook({ notebook: join(FIXTURES_DIR, 'ok.ipynb'), outDir: OUT, parameters: { label: 'browser' }, cellTimeoutSeconds: 60 })
    const started = performance.now()
    visit = await openPage(run.htmlPath as string)
    plots = await plotlyPlots(visit.page)
    expectedPlots = await plotlyPlots(visit.page, { expectedSelector: '.payback-plot', timeoutMs: 1 })
    await visit.screenshot(SCREENSHOT)
    console.log(`page loaded and drawn in ${((performance.now() - started) / 1000).toFixed(1)} s; screenshot ${SCREENSHOT}`)
  })

  afterAll(async () => {
    await visit?.close()
  })

  it('loads offline with no console error, page error or network request', () => {
    expect(visit.problems).toEqual([])
  })

  it('draws every plot div: 2 traces, then 1', () => {
    expect(plots).toEqual([
      { id: 'payback-plot-1', traces: 2, drawn: true },
      { id: 'payback-plot-2', traces: 1, drawn: true },
    ])
    expect(expectedPlots.map((plot) => plot.id)).toEqual(plots.map((plot) => plot.id))
  })

  it('shows the title that came from the injected parameter', async () => {
    expect(await visit.page.locator('#payback-plot-1 .gtitle').textContent()).toBe('cost (browser)')
  })
})

describe.skipIf(chromiumProblem() !== undefined)('openPage (test/helpers/browser.ts) on a page that goes wrong', () => {
  it('lists console errors, page errors and blocked network requests; plotlyPlots shows the undrawn div', async () => {
    const page = join(ARTIFACTS_DIR, 'notebooks', 'bad-page.html')
    mkdirSync(join(ARTIFACTS_DIR, 'notebooks'), { recursive: true })
    writeFileSync(
      page,
      '<!DOCTYPE html><html><head><script src="https://cdn.example.invalid/lib.js"></script></head><body>' +
        '<div id="payback-plot-1" class="payback-plot"></div>' +
        '<script>console.error("bad thing")</script><script>throw new Error("thrown on load")</script></body></html>',
    )
    const bad = await openPage(page)
    try {
      expect(bad.problems).toContain('network request blocked (the page must work offline): https://cdn.example.invalid/lib.js')
      expect(bad.problems).toContain('console error: bad thing')
      expect(bad.problems).toContain('page error: thrown on load')
      expect(await plotlyPlots(bad.page, { expectedSelector: '.payback-plot', timeoutMs: 1 })).toEqual([{ id: 'payback-plot-1', traces: -1, drawn: false }])
    } finally {
      await bad.close()
    }
  })
})
