// payback distill end to end on CPU, offline, with the local teacher and a small config
// (test/fixtures/distill/small.json): a real corpus, a real teacher, a LoRA student, agreement with
// intervals, the ship gate, throughput, the learning curve, the record and the decision
// recomputed. The first run trains the local teacher (cached in .payback-cache/teachers); the
// second reuses it and must give the same measurements.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listNotebooks, runNotebook, type NotebookRunResult } from '../../kernel/jupyter/run.js'
import { chromiumProblem, openPage, plotlyPlots } from '../helpers/browser.js'
import { ARTIFACTS_DIR, JUPYTER_SKIP_REASON } from '../helpers/notebooks.js'
import { parseExperimentRecord, type ExperimentRecord } from '../../src/measured/index.js'
import { CLI, payback } from '../helpers/cli.js'
import { ROOT } from '../helpers/scenario.js'

const dir = mkdtempSync(join(tmpdir(), 'payback-distill-'))
const CONFIG = 'test/fixtures/distill/small.json'
const SCENARIO = 'data/scenarios/mail-spam-filter.json'

function distill(args: string[]) {
  const started = performance.now()
  const run = spawnSync(process.execPath, [CLI, 'distill', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, seconds: (performance.now() - started) / 1000 }
}

/** Wilson's interval written out: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964. */
function wilson(successes: number, n: number): [number, number] {
  const z = 1.959963984540054
  const p = successes / n
  const centre = p + (z * z) / (2 * n)
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))
  return [(centre - half) / (1 + (z * z) / n), (centre + half) / (1 + (z * z) / n)]
}

describe('payback distill --config small.json (local teacher, CPU)', () => {
  const out = join(dir, 'run.json')
  let first: ReturnType<typeof distill>
  let json: any
  let record: ExperimentRecord

  beforeAll(() => {
    first = distill(['--config', CONFIG, '--out', out, '--json'])
    if (first.code !== 0) throw new Error(`distill exited ${first.code}:\n${first.stderr}`)
    json = JSON.parse(first.stdout)
    record = parseExperimentRecord(JSON.parse(readFileSync(out, 'utf8')), out)
  }, 300_000)

  it('writes a valid record whose agreement with the teacher is far above always answering its most frequent label', () => {
    const m = record.measurements
    const baseline = (record as any).baseline as { label: string; agreement: number }
    expect(baseline.label).toBe('ham')
    // Far above: the whole interval above the majority rate, and kappa (agreement beyond chance) well above 0.
    expect(m.agreement.lower).toBeGreaterThan(baseline.agreement)
    expect(m.kappa.lower).toBeGreaterThan(0.5)
    expect(m.agreement.n).toBe(300)
    console.log(`distill (small, CPU): ${first.seconds.toFixed(1)} s; agreement ${m.agreement.value} [${m.agreement.lower}, ${m.agreement.upper}] vs majority ${baseline.agreement}; kappa ${m.kappa.value}`)
  })

  it('explains the ship gate\'s verdict with the numbers', () => {
    const gate = record.gate
    expect(['ship', 'worse', 'need-more-data']).toContain(gate.verdict)
    const m = record.measurements.agreement
    expect(gate.explanation).toContain(`(${m.successes} of ${m.n})`)
    expect(gate.ship).toBe(m.lower > gate.target)
    expect(json.experiment.gate.explanation).toBe(gate.explanation)
  })

  it('states every proportion with the Wilson interval of its own counts', () => {
    const m = record.measurements
    for (const measured of [m.agreement, m.passRate, m.escalationShare, m.cascadeAgreement, m.accuracy!, m.teacherAccuracy!]) {
      expect(measured.value).toBe(measured.successes / measured.n)
      const [lower, upper] = wilson(measured.successes, measured.n)
      expect(measured.lower).toBeCloseTo(lower, 12)
      expect(measured.upper).toBeCloseTo(upper, 12)
    }
    const filter = record.filter as any
    expect(m.passRate.successes).toBe(filter.kept)
    expect(m.passRate.n).toBe(filter.total)
    expect(filter.total).toBe(600)
  })

  it('records the teacher\'s cost, the training time and its cost at the stated GPU price', () => {
    const teacher = record.teacher as any
    expect(teacher.kind).toBe('local')
    expect(teacher.calls).toBe(600 + 300 + 300) // the student's inputs, calibration, test
    expect(teacher.costUSD).toBeGreaterThan(0)
    expect(teacher.costPerAnswerUSD).toBeCloseTo(teacher.costUSD / teacher.calls, 15)
    const training = record.training
    expect(training.costUSD).toBeCloseTo((training.seconds / 3600) * training.gpuUSDPerHour, 12)
    expect(training.gpuUSDPerHour).toBe(0.7992) // the scenario's L4 at its list price in data/gpus.json
    expect(record.measurements.throughput.requestsPerSecond).toBeGreaterThan(0)
    expect(record.measurements.throughput.hardware).toMatch(/1 thread/)
  })

  it('traces a learning curve over the sizes asked for, with a fit', () => {
    const curve = record.learningCurve as any
    expect(curve.points.map((p: any) => p.pairs)).toEqual([100, 200, 400, Math.min(600, (record.filter as any).kept)])
    for (const key of ['a', 'b', 'c', 'rmse']) expect(Number.isFinite(curve.fit[key])).toBe(true)
    // Either the curve rises and says how many calls to buy, or it says why it cannot.
    if (curve.fit.rises) expect(curve.fit.callsWorthPaying.calls).toBeGreaterThan(0)
    else expect(curve.fit.note).toMatch(/does not rise/)
  })

  it('prints the decision recomputed with the measurements, the same as decide --measured on the record', () => {
    const decided = payback(['decide', '--scenario', SCENARIO, '--measured', out, '--json'])
    expect(decided.code).toBe(0)
    const viaDecide = JSON.parse(decided.stdout)
    expect(json.decision.measured.recommendation.id).toBe(viaDecide.recommendation.id)
    expect(json.decision.measured.strategies.map((s: any) => s.horizonTotalUSD)).toEqual(viaDecide.strategies.map((s: any) => s.horizonTotalUSD))
    // The two-threshold cascade's shares: the teacher band is the escalation share, the review band the review share.
    const cascade = (record as any).ceiling.cascade
    expect(viaDecide.scenario.hardTail.escalationShare).toBeCloseTo(cascade.teacherShare.successes / cascade.teacherShare.n, 12)
    expect(viaDecide.scenario.hardTail.humanReviewShare.distill).toBeCloseTo(cascade.humanShare.successes / cascade.humanShare.n, 12)
    expect(viaDecide.scenario.adaptation.retrainEveryMonths).toBe((record as any).drift.cadence.months)
  })

  it('measures the quality ceiling: thresholds from calibration, every figure from the test split', () => {
    const ceiling = (record as any).ceiling
    const c = ceiling.cascade
    // The thresholds reached the target on calibration; what is reported is the test split's count.
    expect(c.calibrationAccuracy).toBeGreaterThanOrEqual(ceiling.target - 1e-9)
    expect(c.accuracy.n).toBe(record.measurements.agreement.n)
    expect(c.teacherShare.successes + c.humanShare.successes).toBeLessThanOrEqual(c.accuracy.n)
    for (const measured of [c.accuracy, c.teacherShare, c.humanShare, ceiling.student, ceiling.teacher]) {
      const [lower, upper] = wilson(measured.successes, measured.n)
      expect(measured.lower).toBeCloseTo(lower, 12)
      expect(measured.upper).toBeCloseTo(upper, 12)
    }
    expect(c.targetHeld).toBe(c.accuracy.value >= ceiling.target)
    // The student alone on gold is the experiment's accuracy; the groups add up to the test split.
    expect(ceiling.student.successes).toBe(record.measurements.accuracy!.successes)
    expect(ceiling.byGroup.map((g: any) => g.group).sort()).toEqual(['easy-ham', 'hard-ham', 'spam'])
    expect(ceiling.byGroup.reduce((s: number, g: any) => s + g.n, 0)).toBe(c.accuracy.n)
    // Cost per request: the student on every request, the teacher and review on their shares.
    const costs = ceiling.costs
    expect(c.costPerRequestUSD).toBeCloseTo(costs.studentUSD + c.teacherShare.value * costs.teacherUSD + c.humanShare.value * costs.humanUSD, 12)
    expect(json.experiment.ceiling.cascade.t1).toBe(c.t1)
  })

  it('measures drift month by month after the cutoff, with the decay fitted to those months', () => {
    const drift = (record as any).drift
    expect(drift.measured).toBe(true)
    expect(drift.cutoffMonth).toMatch(/^\d{4}-\d{2}$/)
    // Month 0 is the training period's hold-out, then consecutive calendar months from the cutoff.
    expect(drift.months[0].month).toBe(0)
    expect(drift.months.slice(1).every((m: any) => m.calendarMonth >= drift.cutoffMonth && m.n >= 20)).toBe(true)
    // At most perMonth (100 in small.json) evaluated a month; everything evaluated is in a month or left out.
    expect(Math.max(...drift.months.slice(1).map((m: any) => m.n))).toBeLessThanOrEqual(100)
    expect(drift.months.slice(1).reduce((s: number, m: any) => s + m.n, 0) + drift.leftOut.sparse + drift.leftOut.undated).toBe(drift.later.n)
    // The linear fit's slope by n-weighted least squares, written out, from the record's months.
    const linear = drift.decay.fits.find((f: any) => f.model === 'linear')
    const w = drift.months.map((m: any) => m.n)
    const x = drift.months.map((m: any) => m.month)
    const y = drift.months.map((m: any) => m.agreement.value)
    const sw = w.reduce((a: number, b: number) => a + b, 0)
    const mx = x.reduce((s: number, v: number, i: number) => s + w[i] * v, 0) / sw
    const my = y.reduce((s: number, v: number, i: number) => s + w[i] * v, 0) / sw
    const slope = x.reduce((s: number, v: number, i: number) => s + w[i] * (v - mx) * (y[i] - my), 0) / x.reduce((s: number, v: number, i: number) => s + w[i] * (v - mx) ** 2, 0)
    expect(linear.parameters.b).toBeCloseTo(-slope, 8)
    // PSI from the recorded counts, by hand (epsilon 1e-4 for empty bins).
    for (const f of drift.inputs) {
      const n1 = f.referenceCounts.reduce((a: number, b: number) => a + b, 0)
      const n2 = f.laterCounts.reduce((a: number, b: number) => a + b, 0)
      const psi = f.referenceCounts.reduce((s: number, c: number, i: number) => {
        const e = Math.max(c / n1, 1e-4)
        const a = Math.max(f.laterCounts[i] / n2, 1e-4)
        return s + (a - e) * Math.log(a / e)
      }, 0)
      expect(f.psi).toBeCloseTo(psi, 10)
    }
    // The domain classifier compared the embedded samples (at most drift.embedSample, 400, a period),
    // and its verdict follows its numbers: drift above 0.55, certain when the interval clears it.
    const r = drift.representation
    expect([r.earlier, r.later]).toEqual([Math.min(400, drift.sample.reference), Math.min(400, drift.sample.evaluated)])
    expect(r.auc).toBeGreaterThanOrEqual(r.roc.lower)
    expect(r.auc).toBeLessThanOrEqual(r.roc.upper)
    expect(r.drift).toBe(r.auc > 0.55)
    expect(r.certainty).toBe(r.roc.lower > 0.55 ? 'drift' : r.roc.upper <= 0.55 ? 'no drift' : 'unclear')
    // The policies compared, and the cadence the overlay takes is the calendar policy's.
    expect(drift.policies.calendar.chosen.parameters.cadenceMonths ?? 0).toBe(drift.cadence.months)
  })

  it('gives the same measurements on a second run, reusing the cached teacher', () => {
    const again = distill(['--config', CONFIG, '--out', join(dir, 'again.json'), '--json'])
    expect(again.code).toBe(0)
    const second = JSON.parse(readFileSync(join(dir, 'again.json'), 'utf8')) as ExperimentRecord
    expect((second.teacher as any).training.fromCache).toBe(true)
    const numbers = (r: ExperimentRecord) => ({ ...r.measurements, throughput: null, learning: (r.learningCurve as any).points, ceiling: (r as any).ceiling, drift: { ...(r as any).drift, student: null, teacherCostUSD: null } })
    expect(numbers(second)).toEqual(numbers(record))
    expect(second.id).toBe(record.id)
  }, 300_000)

  it('refuses a bad config with its JSON path (exit 2), before any work', () => {
    const path = join(dir, 'bad.json')
    writeFileSync(path, JSON.stringify({ student: { r: 0 } }))
    const bad = distill(['--config', path])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(`invalid ${path} at /student/r: 0 (must be >= 1)`)
    const teacher = distill(['--teacher', 'oracle'])
    expect(teacher.code).toBe(2)
    expect(teacher.stderr).toContain('invalid --teacher: "oracle" (must be local, http or logs)')
  })
})

describe('payback distill --teacher logs --logs FILE', () => {
  it('learns from recorded pairs, reports the bad lines by number and skips them', async () => {
    const { loadSpamAssassin } = await import('../../src/corpus/index.js')
    const corpus = await loadSpamAssassin()
    // 240 recorded answers (the gold label as the production model's output), and three broken lines.
    const rows = corpus.records.filter((r) => r.period === 1).filter((_, i) => i % 12 === 0).slice(0, 240)
    const lines = rows.map((r) => JSON.stringify({ id: r.id, input: r.text, output: JSON.stringify({ label: r.label }), costUSD: 0.0002 }))
    lines.splice(10, 0, '{"input": "no output"}')
    lines.splice(20, 0, 'not json at all')
    lines.splice(30, 0, JSON.stringify({ input: 'x', output: 7 }))
    const log = join(dir, 'production.jsonl')
    writeFileSync(log, `${lines.join('\n')}\n`)
    const config = join(dir, 'logs-config.json')
    writeFileSync(config, JSON.stringify({ name: 'logs', trainingPairs: 150, heldOut: 50, student: { layers: 1, maxLen: 96, minSteps: 30 }, learningCurve: { sizes: [40, 80, 150] } }))
    const out = join(dir, 'logs-run.json')
    const run = distill(['--config', config, '--teacher', 'logs', '--logs', log, '--out', out])
    expect(run.code, run.stderr).toBe(0)
    const record = JSON.parse(readFileSync(out, 'utf8'))
    expect(record.teacher.kind).toBe('logs')
    const problems = record.teacher.problems.map((p: any) => p.line)
    // Lines 11, 21 and 31 of the file (1-based: each splice puts its line at that index) are the broken ones.
    expect(problems.filter((line: number | undefined) => line !== undefined)).toEqual([11, 21, 31])
    expect(record.teacher.costUSD).toBeGreaterThan(0)
    expect(record.measurements.agreement.n).toBeGreaterThan(0)
    expect(run.stdout).toContain('Teacher: logs')
    // The log's inputs carry no dates: no drift, and the text says why; the ceiling is measured
    // against the teacher (the log's lines carry no gold labels).
    expect(run.stdout).toMatch(/Drift: not measured: only 0 inputs carry a date/)
    expect(run.stdout).toMatch(/Quality ceiling \(test split; correct = the teacher's label\)/)
  }, 300_000)
})

describe.skipIf(JUPYTER_SKIP_REASON !== undefined)('notebook 03-distillation-experiment with its four parameters', () => {
  const OUT = join(ARTIFACTS_DIR, 'notebooks', 'distill')
  let run: NotebookRunResult
  let printed: any

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })
    run = await runNotebook({
      notebook: listNotebooks().find((n) => basename(n) === '03-distillation-experiment.ipynb') as string,
      outDir: OUT,
      parameters: { configPath: join(ROOT, CONFIG), scenarioPath: join(ROOT, SCENARIO), trainingPairs: 300, seed: 6 },
      cellTimeoutSeconds: 300,
    })
    const nb = JSON.parse(readFileSync(run.ipynbPath, 'utf8'))
    const lines = nb.cells.flatMap((c: any) => (c.outputs ?? []).flatMap((o: any) => (o.text ? (Array.isArray(o.text) ? o.text.join('') : o.text).split('\n') : [])))
    printed = JSON.parse(lines.find((l: string) => l.startsWith('{"distill"'))).distill
  }, 600_000)

  it('runs the experiment with the parameters it was given', () => {
    expect(run.injected).toEqual(['configPath', 'scenarioPath', 'trainingPairs', 'seed'])
    expect([printed.trainingPairs, printed.studentSeed]).toEqual([300, 6])
    // 300 training inputs (the parameter, not the config's 400), 300 calibration, 300 test.
    expect(printed.teacherCalls).toBe(900)
    expect(printed.passRate[1]).toBe(300)
    expect(printed.agreement[1]).toBe(300)
    // Its caches went to the package's .payback-cache, not to notebooks/ where the kernel runs.
    expect(existsSync(join(ROOT, 'notebooks', '.payback-cache'))).toBe(false)
  })

  describe.skipIf(chromiumProblem() !== undefined)('as HTML in headless Chromium', () => {
    const visits: Awaited<ReturnType<typeof openPage>>[] = []
    afterAll(async () => Promise.all(visits.map((v) => v.close())))

    it('draws its five figures and logs no error', async () => {
      const visit = await openPage(run.htmlPath as string)
      visits.push(visit)
      const plots = await plotlyPlots(visit.page, { expectedSelector: '.payback-plot' })
      await visit.screenshot(join(ARTIFACTS_DIR, 'notebook-03-distillation-experiment.png'))
      expect(visit.problems).toEqual([])
      expect(plots.map((p) => p.drawn)).toEqual([true, true, true, true, true])
    })
  })
})

describe('payback distill interrupted with Ctrl-C', () => {
  it('stops cleanly: exit 130, no record written, and says the same command resumes', async () => {
    const { spawn } = await import('node:child_process')
    const config = join(dir, 'interrupt.json')
    const small = JSON.parse(readFileSync(join(ROOT, CONFIG), 'utf8'))
    // A cache of its own, so the teacher has to be trained and there is time to interrupt it.
    writeFileSync(config, JSON.stringify({ ...small, cacheDir: join(dir, 'interrupt-cache') }))
    const out = join(dir, 'interrupted.json')
    // Its own process group, signalled as a whole: what Ctrl-C on a terminal does (the Python
    // worker gets the SIGINT too).
    const child = spawn(process.execPath, [CLI, 'distill', '--config', config, '--out', out], { cwd: ROOT, detached: true })
    let stderr = ''
    let sent = false
    const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (stderr.includes('teacher-training: 0') && !sent) {
        sent = true
        process.kill(-child.pid!, 'SIGINT')
      }
    })
    const code = await done
    expect(code).toBe(130)
    expect(stderr).toContain('interrupted: finishing what is in flight')
    expect(stderr).toContain('stopped before the end: no record written. Run the same command again to resume')
    expect(() => readFileSync(out)).toThrow()
  }, 120_000)
})
