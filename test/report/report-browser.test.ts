// Opens the HTML report `payback report` writes in headless Chromium (offline), fails on any
// console or page error, checks every plot rendered with its traces, and saves a screenshot.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumProblem, openPage, plotlyPlots, type PageVisit } from '../helpers/browser.js'
import { payback } from '../helpers/cli.js'
import { ROOT } from '../helpers/scenario.js'

const problem = chromiumProblem()

describe.skipIf(problem !== undefined)(`the decision report in Chromium${problem ? ` (skipped: ${problem})` : ''}`, () => {
  let visit: PageVisit
  beforeAll(async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'payback-report-')), 'report.html')
    expect(payback(['report', '--out', out]).code).toBe(0)
    visit = await openPage(out)
  }, 120_000)
  afterAll(async () => visit?.close())

  it('renders every plot with its traces and no console error', async () => {
    const plots = await plotlyPlots(visit.page, { expectedSelector: '.payback-plot' })
    await visit.screenshot(join(ROOT, 'test-artifacts', 'decision-report.png'))
    expect(visit.problems).toEqual([])
    expect(plots.map((p) => p.drawn)).toEqual([true, true, true, true])
    // 5 curves + breakeven markers; 5 lines + payback markers; one bar trace per cost category
    // (tokens, people, GPUs, data, review); serving: prompt + distill under 3 ways of paying + their breakevens
    expect(plots[0]?.traces).toBe(6)
    expect(plots[1]?.traces).toBe(6)
    expect(plots[2]?.traces).toBe(5)
    expect(plots[3]?.traces).toBe(5)
  })

  it('shows the recommendation and the provenance', async () => {
    expect(await visit.page.textContent('#decision h2')).toMatch(/Recommendation: Distill/)
    expect(await visit.page.textContent('#provenance')).toMatch(/@pydantic\/genai-prices/)
  })

  it('shows serving: the stated throughput with the model beside it, GPU-hours by cause, and each way of paying', async () => {
    const serving = (await visit.page.textContent('#serving')) ?? ''
    expect(serving).toMatch(/Serving: NVIDIA L4, always-on/)
    expect(serving).toMatch(/25 req\/s per GPU \(stated in the scenario\)/)
    expect(serving).toMatch(/the serving model, as a check, gives 42\.5 req\/s/i)
    // distill's breakeven always-on (the scenario's) and serverless (assumed), as decide prints them
    const rows = await visit.page.$$eval('#serving table:last-of-type tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent ?? '')))
    const distill = rows.filter((cells) => cells[1] === 'distill').map((cells) => cells[4])
    expect(distill).toEqual(['2.62M/month', '2.62M/month', '2.33M/month'])
  })
})

describe.skipIf(problem !== undefined)('the decision report with --measured in Chromium', () => {
  let visit: PageVisit
  beforeAll(async () => {
    const { writeFileSync } = await import('node:fs')
    const { experimentRecord } = await import('../helpers/experiment-record.js')
    const dir = mkdtempSync(join(tmpdir(), 'payback-report-measured-'))
    const run = join(dir, 'run.json')
    writeFileSync(run, JSON.stringify(experimentRecord({ escalationShare: [130, 1000] })))
    const out = join(dir, 'report.html')
    expect(payback(['report', '--scenario', 'data/scenarios/mail-spam-filter.json', '--measured', run, '--out', out]).code).toBe(0)
    visit = await openPage(out)
  }, 120_000)
  afterAll(async () => visit?.close())

  it('shows the measured inputs beside the assumed ones, draws every plot and logs no error', async () => {
    const plots = await plotlyPlots(visit.page, { expectedSelector: '.payback-plot' })
    expect(visit.problems).toEqual([])
    expect(plots.map((p) => p.drawn)).toEqual([true, true, true, true]) // the three cost figures and the serving one
    const measured = await visit.page.textContent('#measured + p')
    expect(measured).toMatch(/measured by the distillation experiment run-test-0001/)
    const rows = await visit.page.locator('#measured ~ table tbody tr').allTextContents()
    expect(rows.find((row) => row.includes('/hardTail/escalationShare'))).toMatch(/0\.05.*0\.13/)
  })
})
