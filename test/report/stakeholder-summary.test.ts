// The stakeholder summary's risks: assumed without a measured run; with one, what was measured
// about the quality ceiling and drift, each number traceable to the record.
import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { decisionResult } from '../../src/decide/result.js'
import { stressTests } from '../../src/decide/stress.js'
import { measuredProportion, type ExperimentRecord } from '../../src/measured/index.js'
import { provenance } from '../../src/provenance.js'
import { measuredRiskLines, stakeholderSummaryMarkdown } from '../../src/report/stakeholder-summary.js'
import { defaultScenario } from '../../src/scenario/validate.js'
import { experimentRecord } from '../helpers/experiment-record.js'

const p = (k: number, n: number, what = 'x') => measuredProportion(k, n, what)

function measuredRecord(): ExperimentRecord {
  return {
    ...experimentRecord(),
    ceiling: {
      basis: 'gold', target: 0.95,
      student: p(561, 640), teacher: p(592, 640),
      byGroup: [
        { group: 'easy-ham', n: 500, accuracy: p(490, 500), agreement: p(495, 500) },
        { group: 'hard-ham', n: 40, accuracy: p(22, 40), agreement: p(30, 40) },
        { group: 'spam', n: 100, accuracy: p(49, 100), agreement: p(60, 100) },
      ],
      cascade: { t1: 0.9, t2: 0.7, accuracy: p(610, 640), teacherShare: p(32, 640), humanShare: p(96, 640), costPerRequestUSD: 0.0612, targetHeld: true },
    } as any,
    drift: {
      measured: true, cutoffMonth: '2002-08', later: { n: 1200 },
      months: [{ month: 0 }, { month: 1 }, { month: 2 }, { month: 3 }],
      inputs: [{ feature: 'characters', psi: 0.164 }, { feature: 'tokens', psi: 0.092 }],
      representation: { auc: 0.77 },
      loss: { perMonth: 0.012, lower: 0.004, upper: 0.02 },
      escalationDriftPerMonth: { value: 0.012, standardError: 0.004, lower: 0.004, upper: 0.02, basis: 'test' },
      policies: { calendar: { chosen: { costPerMonthUSD: { total: { meanUSD: 812.5 } }, targetHeld: { rate: 0.83 } } } },
      cadence: { months: 4, policy: 'calendar', costPerMonthUSD: 812.5, basis: 'test' },
    } as any,
  }
}

describe('measuredRiskLines', () => {
  const lines = measuredRiskLines(measuredRecord(), 0.95)

  it('states the quality ceiling from the record: student, hardest group, cascade on test', () => {
    expect(lines[0]).toContain('quality ceiling (measured, run run-test-0001)')
    // 561 / 640 = 87.7 %; the hardest group is spam at 49 / 100 = 49 %; the cascade 610 / 640 = 95.3 %.
    expect(lines[0]).toContain('87.7 %')
    expect(lines[0]).toContain('on spam only 49 %')
    expect(lines[0]).toContain('5 % [') // 32 / 640 to the teacher
    expect(lines[0]).toContain('15 % [') // 96 / 640 to review
    expect(lines[0]).toContain('95.3 % [')
    expect(lines[0]).toContain('the target held, at $0.06120 a request')
  })

  it('states drift from the record: loss a month, input and representation drift, the cadence and P(target)', () => {
    expect(lines[1]).toContain('before 2002-08 and used for the 3 months after lost 1.2 % of agreement a month [0.4 %, 2 %]')
    expect(lines[1]).toContain('characters PSI 0.16, tokens PSI 0.09')
    expect(lines[1]).toContain('AUC 0.77')
    expect(lines[1]).toContain('Retraining every 4 months costs $812.50 a month')
    expect(lines[1]).toContain('probability 83 %')
  })

  it('says when drift was not measured', () => {
    const record = { ...measuredRecord(), drift: { measured: false as const, reason: 'the corpus has no dates' } }
    expect(measuredRiskLines(record, 0.95)[1]).toBe('- *drift (not measured, run run-test-0001)*: the corpus has no dates.')
  })
})

describe('stakeholderSummaryMarkdown', () => {
  const scenario = defaultScenario()
  const result = decisionResult(analyseScenario(scenario))
  const stress = stressTests(scenario, result.recommendation.id)

  it('keeps the assumed quality-ceiling risk without a measured run', () => {
    const markdown = stakeholderSummaryMarkdown(result, stress, provenance(scenario))
    expect(markdown).toMatch(/- \*quality ceiling\*: expected quality/)
    expect(markdown).not.toMatch(/measured, run/)
  })

  it('replaces it with the measured one, and names the run in the provenance', () => {
    const markdown = stakeholderSummaryMarkdown(result, stress, provenance(scenario), measuredRecord())
    expect(markdown).not.toMatch(/- \*quality ceiling\*: expected quality/)
    expect(markdown).toMatch(/- \*quality ceiling \(measured, run run-test-0001\)\*/)
    expect(markdown).toMatch(/- \*drift \(measured, run run-test-0001\)\*/)
    expect(markdown).toMatch(/Measured inputs: experiment run `run-test-0001` of 2026-11-30T00:00:00.000Z/)
  })
})
