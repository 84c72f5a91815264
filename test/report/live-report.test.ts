// The live what-if report in headless Chromium, offline: the controls recompute the decision with
// the engine the report carries, and what the page shows equals what the library (and `payback
// decide`) computes for the same inputs; the saved what-if is a valid scenario that decides the
// same; reset returns to the scenario.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStream } from '../../kernel/sim/random.js'
import { strategyCells } from '../../src/decide/strategy-row.js'
import { formatUSD } from '../../src/format.js'
import { applyWhatIf, liveView, type WhatIfControl } from '../../src/report/live/what-if.js'
import type { LiveData } from '../../src/report/live/page.js'
import { loadScenarioInputFile, validateScenarioInput } from '../../src/scenario/validate.js'
import { chromiumProblem, openPage, type PageVisit } from '../helpers/browser.js'
import { payback } from '../helpers/cli.js'
import { ROOT } from '../helpers/scenario.js'

const problem = chromiumProblem()

// Page functions run in the browser: they reach its globals through globalThis.
type Doc = { querySelectorAll(s: string): ArrayLike<{ textContent: string | null; className: string; dataset: Record<string, string> }>; querySelector(s: string): { textContent: string | null; className: string } | null; getElementById(id: string): { textContent: string | null; dataset: Record<string, string> } | null }
const doc = () => (globalThis as unknown as { document: Doc }).document

/** The strategy table's rows as the page shows them: id and cells. */
async function pageTable(visit: PageVisit): Promise<{ id: string; cells: string[]; chosen: boolean }[]> {
  return visit.page.evaluate(() => {
    const d = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ dataset: Record<string, string>; className: string; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }> } }).document
    return Array.from(d.querySelectorAll('#strategies tbody tr'), (tr) => ({
      id: tr.dataset.strategy as string,
      cells: Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '').slice(1),
      chosen: tr.className.includes('chosen'),
    }))
  })
}

describe.skipIf(problem !== undefined)(`the live what-if report in Chromium${problem ? ` (skipped: ${problem})` : ''}`, () => {
  let visit: PageVisit
  let data: LiveData
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'payback-live-'))
    const out = join(dir, 'report.html')
    expect(payback(['report', '--out', out]).code).toBe(0)
    const html = readFileSync(out, 'utf8')
    const json = /<script type="application\/json" id="payback-live-data">(.*?)<\/script>/s.exec(html)?.[1] as string
    data = JSON.parse(json) as LiveData
    visit = await openPage(out)
    await visit.page.waitForSelector('#whatif-volume')
  }, 120_000)
  afterAll(async () => visit?.close())

  it('loads offline with no console error and draws a control for each input, largest swing first', async () => {
    expect(visit.problems).toEqual([])
    const ids = await visit.page.evaluate(() => Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('#whatif-controls .control'), (c) => c.dataset.control))
    expect(ids).toEqual(data.controls.map((c) => c.id))
    expect(ids).toContain('volume')
    const swings = data.controls.map((c) => c.swingUSD)
    expect(swings).toEqual([...swings].sort((a, b) => b - a))
  })

  it('moving the volume below the breakeven flips the recommendation to prompting, and marks the input changed everywhere', async () => {
    // distill breaks even at 2.62M/month on the default scenario; 1M is below it.
    await visit.page.fill('#whatif-volume-exact', '1000000')
    await visit.page.press('#whatif-volume-exact', 'Enter')
    await visit.page.waitForFunction(() => (globalThis as unknown as { document: Doc }).document.getElementById('whatif')?.dataset.updates !== undefined)
    expect(await visit.page.textContent('#decision h2')).toBe('Recommendation: Prompt the frontier model')
    expect(await visit.page.getAttribute('[data-control="volume"]', 'class')).toContain('changed')
    expect(await visit.page.getAttribute('#inputs tr[data-input="volume"]', 'class')).toContain('changed')
    expect(await visit.page.textContent('#whatif-status')).toMatch(/What-if: 1 input changed \(requests in month 1 1\.00M\/month, was 5\.00M\/month\)/)
    const chosen = (await pageTable(visit)).find((r) => r.chosen)
    expect(chosen?.id).toBe('prompt')
    expect(visit.problems).toEqual([])
    // The README's picture of the live report: the top of the page with this what-if applied.
    // UPDATE_DOCS=1 writes docs/live-report.png (committed); otherwise test-artifacts/.
    const shot = process.env.UPDATE_DOCS === '1' ? join(ROOT, 'docs', 'live-report.png') : join(ROOT, 'test-artifacts', 'live-report.png')
    mkdirSync(dirname(shot), { recursive: true })
    await visit.page.waitForFunction(() => (globalThis as unknown as { document: Doc }).document.getElementById('whatif')?.dataset.figuresMs !== undefined)
    const box = await visit.page.evaluate(() => {
      const d = (globalThis as unknown as { document: { getElementById(id: string): { getBoundingClientRect(): { bottom: number } } | null } }).document
      return (d.getElementById('strategies')?.getBoundingClientRect().bottom ?? 1400) + 12
    })
    await visit.page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 1200, height: Math.ceil(box) }, fullPage: true })
  })

  it('at random points shows the numbers the library computes for the same inputs, to the cent', async () => {
    const stream = createStream(20261201, 0) // the project's seeded Philox stream
    const next = () => stream.nextFloat64()
    for (let trial = 0; trial < 6; trial++) {
      // Every control given (the page merges what it is given into what it had): half moved.
      const values: Record<string, number> = Object.fromEntries(data.controls.map((c) => [c.id, c.value]))
      for (const control of data.controls) {
        if (next() < 0.5) continue
        const u = next()
        const raw = control.log ? Math.pow(10, Math.log10(control.min) + u * (Math.log10(control.max) - Math.log10(control.min))) : control.min + u * (control.max - control.min)
        values[control.id] = control.integer ? Math.round(raw) : raw
      }
      await visit.page.evaluate((v) => (globalThis as unknown as { paybackLive: { update(v: Record<string, number>): void } }).paybackLive.update(v), values)
      const shown = await pageTable(visit)
      // The library, here in Node, on the same inputs.
      const view = liveView(applyWhatIf(data.point, values, data.controls as WhatIfControl[]))
      const expected = view.strategies.map((s) => ({ id: s.id, cells: strategyCells(s, view.scenario.task.horizonMonths), chosen: s.id === view.recommendation.id }))
      expect(shown, `trial ${trial}: ${JSON.stringify(values)}`).toEqual(expected)
      const headline = await visit.page.evaluate(() => Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('#decision .numbers strong'), (s) => s.textContent))
      expect(headline).toEqual(view.headline.map(([, value]) => value))
    }
  })

  it('saves the what-if as a scenario that validates, and payback decide on it gives the page\'s numbers to the cent', async () => {
    await visit.page.evaluate(() => (globalThis as unknown as { paybackLive: { update(v: Record<string, number>): void } }).paybackLive.update({ volume: 3e6, people: 15_000, frontierPrice: 0.8, growth: 0.03 }))
    const [download] = await Promise.all([visit.page.waitForEvent('download'), visit.page.click('#save-whatif')])
    const saved = join(dir, 'what-if.json')
    await download.saveAs(saved)
    const validated = validateScenarioInput(JSON.parse(readFileSync(saved, 'utf8')), saved)
    expect(validated.point.task.requestsPerMonth).toBe(3e6)
    expect(validated.point.name).toMatch(/what-if: /)
    const decided = payback(['decide', '--scenario', saved, '--json'])
    expect(decided.code).toBe(0)
    const result = JSON.parse(decided.stdout) as { recommendation: { id: string }; strategies: { id: string; horizonTotalUSD: number; presentValueUSD: number }[] }
    const shown = await pageTable(visit)
    expect(result.recommendation.id).toBe(shown.find((r) => r.chosen)?.id)
    // The page's totals are decide's, as decide's own table writes them ...
    for (const s of result.strategies) expect(shown.find((r) => r.id === s.id)?.cells[3]).toBe(formatUSD(s.horizonTotalUSD))
    // ... and the engine on the saved file gives decide's totals and present values to the cent.
    const view = liveView(validated.point)
    view.strategies.forEach((s, i) => {
      expect(Math.abs(s.horizonTotalUSD - (result.strategies[i]?.horizonTotalUSD as number))).toBeLessThan(0.005)
      expect(Math.abs(s.presentValueUSD - (result.strategies[i]?.presentValueUSD as number))).toBeLessThan(0.005)
    })
  })

  it('saves the scenario as its file has it, and reset returns to it', async () => {
    const [download] = await Promise.all([visit.page.waitForEvent('download'), visit.page.click('#save-scenario')])
    const saved = join(dir, 'scenario.json')
    await download.saveAs(saved)
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(loadScenarioInputFile(join(ROOT, 'data', 'scenarios', 'support-tickets.json')).input)
    await visit.page.click('#whatif-reset')
    expect(await visit.page.textContent('#decision h2')).toMatch(/^Recommendation: Distill/)
    const changed = await visit.page.evaluate(() => (globalThis as unknown as { document: Doc }).document.querySelectorAll('.changed').length)
    expect(changed).toBe(0)
    const view = liveView(data.point)
    expect((await pageTable(visit)).map((r) => r.cells)).toEqual(view.strategies.map((s) => strategyCells(s, 24)))
    expect(visit.problems).toEqual([])
  })
})
