import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { experimentRecord } from '../helpers/experiment-record.js'
import { payback } from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'payback-measured-'))
const SCENARIO = 'data/scenarios/mail-spam-filter.json'
function recordFile(name: string, record: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify(record))
  return path
}

describe('payback decide --measured RUN.json', () => {
  it('decides on the measured numbers and lists them with what they replaced', () => {
    const run = recordFile('run.json', experimentRecord({ passRate: [780, 1000], escalationShare: [130, 1000], cascadeAgreement: [947, 1000], inputTokensMean: 512 }))
    const measured = payback(['decide', '--scenario', SCENARIO, '--measured', run, '--json'])
    expect(measured.code).toBe(0)
    const result = JSON.parse(measured.stdout)
    expect(result.measured.run).toBe('run-test-0001')
    expect(result.measured.inputs.map((i: { path: string }) => i.path)).toContain('/hardTail/escalationShare')
    // The decision engine saw the measured values: the beta's mean 130 / (130 + 870) = 0.13, 512 input tokens.
    expect(result.scenario.hardTail.escalationShare).toBe(0.13)
    expect(result.scenario.task.inputTokens).toBe(512)
    const text = payback(['decide', '--scenario', SCENARIO, '--measured', run]).stdout
    // Wilson 95 % for 130/1000, z^2 = 3.841459: centre (0.13 + 0.0019207) / 1.0038415 = 0.131418,
    // half-width 1.959964 sqrt(0.13 x 0.87 / 1000 + 3.841459 / 4e6) / 1.0038415 = 0.020853: [0.1106, 0.1523].
    expect(text).toContain('/hardTail/escalationShare    0.05 -> 0.13 [0.1106, 0.1523] (95 % wilson, n = 1,000')
    expect(text).toContain('every other input is assumed')
  })

  it('refuses a file that is not an experiment record, naming the path and the rule (exit 2)', () => {
    const bad = payback(['decide', '--scenario', SCENARIO, '--measured', SCENARIO])
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim()).toBe(`invalid ${SCENARIO} at /kind: undefined (must be "payback-distillation-experiment": give a record written by payback distill)`)
    const record = experimentRecord() as any
    record.measurements.escalationShare.successes = -3
    const broken = payback(['decide', '--measured', recordFile('broken.json', record)])
    expect(broken.code).toBe(2)
    expect(broken.stderr).toContain('at /measurements/escalationShare/successes: -3 (must be >= 0)')
  })
})

describe('payback report --measured RUN.json', () => {
  it('shows which inputs were measured, with intervals, and names the run in the provenance', () => {
    const run = recordFile('run2.json', experimentRecord({ passRate: [780, 1000] }))
    const out = join(dir, 'r.html')
    const result = payback(['report', '--scenario', SCENARIO, '--measured', run, '--out', out])
    expect(result.code).toBe(0)
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('<h3 id="measured">Measured and assumed inputs</h3>')
    expect(html).toContain('<td><code>/adaptation/teacherPassRate</code></td><td class="num">0.9</td><td class="num"><strong>0.78</strong></td>')
    expect(html).toContain('experiment run <code>run-test-0001</code>')
  })
})

describe('payback simulate --measured RUN.json', () => {
  it('draws each measured rate from Beta(successes, failures)', () => {
    const run = recordFile('run3.json', experimentRecord({ escalationShare: [130, 1000] }))
    const result = payback(['simulate', '--scenario', SCENARIO, '--measured', run, '--draws', '2000', '--workers', '1', '--json'])
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(json.measured.run).toBe('run-test-0001')
    const escalation = json.result.inputs.find((input: { path: string }) => input.path === '/hardTail/escalationShare')
    // Beta(130, 870): mean 130 / 1000 = 0.13, sd sqrt(130 x 870 / (1000^2 x 1001)) = 0.0106295.
    expect(escalation.kind).toBe('beta')
    expect(escalation.mean).toBeCloseTo(0.13, 12)
    expect(escalation.sd).toBeCloseTo(Math.sqrt((130 * 870) / (1000 ** 2 * 1001)), 10)
  })
})
