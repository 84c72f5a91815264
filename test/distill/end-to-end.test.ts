// payback distill end to end on CPU, offline, with the local teacher and a small config
// (test/fixtures/distill/small.json): a real corpus, a real teacher, a LoRA student, agreement with
// intervals, the ship gate, throughput, the learning curve, the record and the decision
// recomputed. The first run trains the local teacher (cached in .payback-cache/teachers); the
// second reuses it and must give the same measurements.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
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
    expect(filter.total).toBe(400)
  })

  it('records the teacher\'s cost, the training time and its cost at the stated GPU price', () => {
    const teacher = record.teacher as any
    expect(teacher.kind).toBe('local')
    expect(teacher.calls).toBe(400 + 300 + 300) // the student's inputs, calibration, test
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
    expect(curve.points.map((p: any) => p.pairs)).toEqual([50, 100, 200, Math.min(400, (record.filter as any).kept)])
    expect(curve.fit.callsWorthPaying.calls).toBeGreaterThan(0)
  })

  it('prints the decision recomputed with the measurements, the same as decide --measured on the record', () => {
    const decided = payback(['decide', '--scenario', SCENARIO, '--measured', out, '--json'])
    expect(decided.code).toBe(0)
    const viaDecide = JSON.parse(decided.stdout)
    expect(json.decision.measured.recommendation.id).toBe(viaDecide.recommendation.id)
    expect(json.decision.measured.strategies.map((s: any) => s.horizonTotalUSD)).toEqual(viaDecide.strategies.map((s: any) => s.horizonTotalUSD))
    expect(viaDecide.scenario.hardTail.escalationShare).toBeCloseTo(record.measurements.escalationShare.value, 12)
  })

  it('gives the same measurements on a second run, reusing the cached teacher', () => {
    const again = distill(['--config', CONFIG, '--out', join(dir, 'again.json'), '--json'])
    expect(again.code).toBe(0)
    const second = JSON.parse(readFileSync(join(dir, 'again.json'), 'utf8')) as ExperimentRecord
    expect((second.teacher as any).training.fromCache).toBe(true)
    const numbers = (r: ExperimentRecord) => ({ ...r.measurements, throughput: null, learning: (r.learningCurve as any).points })
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
