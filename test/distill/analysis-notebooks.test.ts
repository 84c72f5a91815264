// Notebooks 04-drift and 05-quality-ceiling on a record that `payback distill` writes with the
// small config (test/fixtures/distill/small.json): each prints key numbers that must equal the
// record's, read independently from the JSON file; the decision each recomputes must equal what
// `payback decide --measured` prints; and headless Chromium must draw every figure with no error.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runNotebook, type NotebookRunResult } from '../../kernel/jupyter/run.js'
import { printedKeyNumbers } from '../helpers/notebooks.js'
import { chromiumProblem, openPage, plotlyPlots } from '../helpers/browser.js'
import { CLI, payback } from '../helpers/cli.js'
import { ARTIFACTS_DIR, JUPYTER_SKIP_REASON } from '../helpers/notebooks.js'
import { ROOT } from '../helpers/scenario.js'

const CONFIG = 'test/fixtures/distill/small.json'
const SCENARIO = 'data/scenarios/mail-spam-filter.json'
const OUT = join(ARTIFACTS_DIR, 'notebooks', 'analysis')

/** The one-line JSON `{"<key>": ...}` a run printed. */
function printed(run: NotebookRunResult, key: string): any {
  const nb = JSON.parse(readFileSync(run.ipynbPath, 'utf8'))
  const lines = nb.cells.flatMap((c: any) => (c.outputs ?? []).flatMap((o: any) => (o.text ? (Array.isArray(o.text) ? o.text.join('') : o.text).split('\n') : [])))
  const line = lines.find((l: string) => l.startsWith(`{"${key}"`))
  if (!line) throw new Error(`${run.name} printed no {"${key}": ...} line`)
  return JSON.parse(line)[key]
}

describe.skipIf(JUPYTER_SKIP_REASON !== undefined)('notebooks 04-drift and 05-quality-ceiling on a record of payback distill', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payback-analysis-'))
  const recordFile = join(dir, 'run.json')
  let raw: any
  let decided: any
  const runs = new Map<string, NotebookRunResult>()

  beforeAll(async () => {
    const distill = spawnSync(process.execPath, [CLI, 'distill', '--config', CONFIG, '--out', recordFile, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 400_000 })
    if (distill.status !== 0) throw new Error(`distill exited ${distill.status}:\n${distill.stderr}`)
    raw = JSON.parse(readFileSync(recordFile, 'utf8'))
    const decide = payback(['decide', '--scenario', SCENARIO, '--measured', recordFile, '--json'])
    if (decide.code !== 0) throw new Error(`decide exited ${decide.code}:\n${decide.stderr}`)
    decided = JSON.parse(decide.stdout)
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })
    // One at a time: each kernel loads the library.
    for (const name of ['04-drift', '05-quality-ceiling']) {
      const run = await runNotebook({
        notebook: join(ROOT, 'notebooks', `${name}.ipynb`),
        outDir: OUT,
        parameters: { recordPath: recordFile, scenarioPath: join(ROOT, SCENARIO) },
        cellTimeoutSeconds: 300,
      })
      runs.set(name, run)
    }
    // The stakeholder summary with the same run: its risks state what was measured.
    runs.set('06-stakeholder-report', await runNotebook({
      notebook: join(ROOT, 'notebooks', '06-stakeholder-report.ipynb'),
      outDir: OUT,
      parameters: { scenarioPath: join(ROOT, SCENARIO), measuredPath: recordFile },
      cellTimeoutSeconds: 300,
    }))
  }, 900_000)

  it('06 with measuredPath decides as decide --measured and states the measured quality ceiling and drift', () => {
    const run = runs.get('06-stakeholder-report')!
    expect(printedKeyNumbers(run).recommendation).toBe(decided.recommendation.id)
    const outputs = JSON.stringify(JSON.parse(readFileSync(run.ipynbPath, 'utf8')).cells.map((c: any) => c.outputs ?? []))
    expect(outputs).toContain(`quality ceiling (measured, run ${raw.id})`)
    expect(outputs).toContain(`drift (measured, run ${raw.id})`)
    // The cascade's test-split quality as the record counts it, in the summary's words.
    const c = raw.ceiling.cascade
    expect(outputs).toContain(`it reached ${(Math.round((c.accuracy.successes / c.accuracy.n) * 1000) / 10).toString()} %`)
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('04 prints the record\'s drift numbers', () => {
    const drift = raw.drift
    expect(drift.measured).toBe(true) // the small config measures drift; otherwise this test checks little
    expect(printed(runs.get('04-drift')!, 'drift')).toEqual({
      run: raw.id,
      measured: true,
      reason: null,
      cutoffMonth: drift.cutoffMonth,
      months: drift.months.length,
      lossPerMonth: drift.loss?.perMonth ?? null,
      lossInterval: drift.loss ? [drift.loss.lower, drift.loss.upper] : null,
      auc: drift.representation?.auc ?? null,
      bestPolicy: drift.policies?.best ?? null,
      cadenceMonths: drift.cadence?.months ?? null,
      recommendation: { assumed: expect.any(String), measured: decided.recommendation.id },
    })
  })

  it('05 prints the record\'s quality-ceiling numbers', () => {
    const c = raw.ceiling
    expect(printed(runs.get('05-quality-ceiling')!, 'ceiling')).toEqual({
      run: raw.id,
      measured: true,
      studentAccuracy: c.student.value,
      teacherAccuracy: c.teacher.value,
      ece: c.calibration.ece,
      mce: c.calibration.mce,
      thresholds: c.cascade ? [c.cascade.t1, c.cascade.t2] : null,
      cascadeAccuracy: c.cascade?.accuracy.value ?? null,
      teacherShare: c.cascade?.teacherShare.value ?? null,
      humanShare: c.cascade?.humanShare.value ?? null,
      targetHeld: c.cascade?.targetHeld ?? null,
      conformalThreshold: c.conformal.threshold,
      guaranteeHeld: c.conformal.guaranteeHeld,
      gapClosureShares: c.gapClosure.map((g: any) => g.interpolatedShare),
      frontierPoints: c.frontier.length,
      recommendation: { assumed: expect.any(String), measured: decided.recommendation.id },
    })
  })

  it('both recompute the decision as payback decide does, before and after the measurements', () => {
    const assumed = payback(['decide', '--scenario', SCENARIO, '--json'])
    expect(assumed.code).toBe(0)
    const before = JSON.parse(assumed.stdout).recommendation.id
    for (const [name, key] of [['04-drift', 'drift'], ['05-quality-ceiling', 'ceiling']] as const) {
      expect(printed(runs.get(name)!, key).recommendation, name).toEqual({ assumed: before, measured: decided.recommendation.id })
    }
  })

  describe.skipIf(chromiumProblem() !== undefined)('as HTML in headless Chromium', () => {
    const visits: Awaited<ReturnType<typeof openPage>>[] = []
    afterAll(async () => Promise.all(visits.map((v) => v.close())))

    // 04: agreement over time, input drift, domain classifier, cadence cost; 05: by group, reliability, escalation, frontier.
    it.each([['04-drift', 4], ['05-quality-ceiling', 4]] as const)('%s draws its %i figures and logs no error', async (name, figures) => {
      const visit = await openPage(runs.get(name)!.htmlPath as string)
      visits.push(visit)
      const plots = await plotlyPlots(visit.page, { expectedSelector: '.payback-plot' })
      await visit.screenshot(join(ARTIFACTS_DIR, `notebook-${name}.png`))
      expect(visit.problems).toEqual([])
      expect(plots.map((p) => p.drawn)).toEqual(Array.from({ length: figures }, () => true))
    })
  })
})
