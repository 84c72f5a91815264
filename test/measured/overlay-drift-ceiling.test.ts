// The drift and ceiling sections of a record in the overlay: the two-threshold cascade's shares,
// the measured escalation drift and the chosen cadence go into the scenario and move the
// breakeven exactly as the same values written by hand would.
import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { overlayMeasurements, measuredProportion, parseExperimentRecord, type ExperimentRecord } from '../../src/measured/index.js'
import { readScenarioJson, validateScenarioInput } from '../../src/scenario/validate.js'
import { experimentRecord } from '../helpers/experiment-record.js'

const SCENARIO = 'data/scenarios/mail-spam-filter.json'
const raw = () => readScenarioJson(SCENARIO) as Record<string, any>
const analysis = (scenario: unknown) => analyseScenario(validateScenarioInput(scenario).point)
const breakevens = (scenario: unknown) => analysis(scenario).pairwise

function withSections(record: ExperimentRecord, options: { teacher: [number, number]; human: [number, number]; accuracy: [number, number]; drift: { value: number; se: number; lower: number; upper: number } | null; cadence: number | null }): ExperimentRecord {
  const p = (pair: [number, number], what: string) => measuredProportion(pair[0], pair[1], what)
  return {
    ...record,
    ceiling: {
      basis: 'gold', target: 0.95,
      cascade: { t1: 0.9, t2: 0.6, accuracy: p(options.accuracy, 'cascade right'), teacherShare: p(options.teacher, 'to the teacher'), humanShare: p(options.human, 'to review'), costPerRequestUSD: 0.01, targetHeld: true },
    },
    drift: {
      measured: true, cutoffMonth: '2002-08', later: { n: 900 },
      escalationDriftPerMonth: options.drift ? { value: options.drift.value, standardError: options.drift.se, lower: options.drift.lower, upper: options.drift.upper, basis: 'test' } : null,
      cadence: options.cadence === null ? null : { months: options.cadence, policy: 'calendar', costPerMonthUSD: 100, basis: 'test' },
    },
  }
}

describe('overlayMeasurements with drift and ceiling sections', () => {
  it('with no drift and no tail the recomputed breakeven equals the original', () => {
    // A scenario with no escalation, no review for distill and no drift, and a record that measured
    // exactly that (0 of 1000 to the teacher and to review, drift 0, the scenario's own cadence).
    const scenario = raw()
    scenario.hardTail.escalationShare = 0
    scenario.hardTail.escalationDriftPerMonth = 0
    scenario.hardTail.humanReviewShare.distill = 0
    scenario.hardTail.humanReviewShare['distill+rag'] = 0
    const record = withSections(experimentRecord({ passRate: [900, 1000], inputTokensMean: 700, outputTokensMean: 6 }), {
      teacher: [0, 1000], human: [0, 1000], accuracy: [960, 1000], drift: { value: 0, se: 0, lower: 0, upper: 0 }, cadence: scenario.adaptation.retrainEveryMonths,
    })
    const overlay = overlayMeasurements(scenario, record)
    expect(overlay.inputs.map((i) => i.path)).toEqual([
      '/adaptation/teacherPassRate', '/hardTail/escalationShare', '/hardTail/humanReviewShare/distill', '/hardTail/humanReviewShare/distill+rag',
      '/quality/distill', '/quality/distill+rag', '/hardTail/escalationDriftPerMonth', '/adaptation/retrainEveryMonths', '/task/inputTokens', '/task/outputTokens',
    ])
    expect(breakevens(overlay.scenario)).toEqual(breakevens(scenario))
    const before = analysis(scenario).strategies.map((s) => s.horizonTotalUSD)
    const after = analysis(overlay.scenario).strategies.map((s) => s.horizonTotalUSD)
    for (const [i, usd] of after.entries()) expect(usd).toBeCloseTo(before[i]!, 6)
  })

  it('moves the numbers as writing the measured values by hand does', () => {
    const record = withSections(experimentRecord(), {
      teacher: [40, 1000], human: [15, 1000], accuracy: [955, 1000], drift: { value: 0.004, se: 0.001, lower: 0.002, upper: 0.006 }, cadence: 2,
    })
    const byHand = raw()
    // Proportions enter as Beta(successes, failures), whose mean is the measured rate.
    byHand.adaptation.teacherPassRate = { dist: 'beta', alpha: 900, beta: 100 }
    byHand.hardTail.escalationShare = { dist: 'beta', alpha: 40, beta: 960 }
    byHand.hardTail.humanReviewShare.distill = { dist: 'beta', alpha: 15, beta: 985 }
    byHand.hardTail.humanReviewShare['distill+rag'] = { dist: 'beta', alpha: 15, beta: 985 }
    byHand.quality.distill = { dist: 'beta', alpha: 955, beta: 45 }
    byHand.quality['distill+rag'] = { dist: 'beta', alpha: 955, beta: 45 }
    // The drift's interval lies above 0: it enters as a normal truncated to [0, 1].
    byHand.hardTail.escalationDriftPerMonth = { dist: 'normal', mean: 0.004, sd: 0.001, truncate: { min: 0, max: 1 } }
    byHand.adaptation.retrainEveryMonths = 2
    const overlay = overlayMeasurements(raw(), record)
    expect(overlay.scenario).toEqual(byHand)
    // And the point values are the rates: 4 % escalated and 1.5 % reviewed instead of 5 % and 0.25 %.
    const point = validateScenarioInput(overlay.scenario).point
    expect([point.hardTail.escalationShare, point.hardTail.humanReviewShare.distill, point.quality.distill]).toEqual([0.04, 0.015, 0.955])
    // The truncated normal's mean: 0.004 + 0.001 phi(4) / (1 - Phi(-4)) (the upper cut at 1 is 996 sd away);
    // phi(4) = exp(-8) / sqrt(2 pi) = 1.33830e-4, Phi(-4) = 3.16712e-5.
    expect(point.hardTail.escalationDriftPerMonth).toBeCloseTo(0.004 + (0.001 * (Math.exp(-8) / Math.sqrt(2 * Math.PI))) / (1 - 3.16712e-5), 10)
  })

  it('enters a drift whose interval reaches 0 as the clipped estimate, and says so', () => {
    const record = withSections(experimentRecord(), { teacher: [40, 1000], human: [15, 1000], accuracy: [955, 1000], drift: { value: 0, se: 0.004, lower: 0, upper: 0.005 }, cadence: null })
    const overlay = overlayMeasurements(raw(), record)
    expect(overlay.scenario).toMatchObject({ hardTail: { escalationDriftPerMonth: 0 }, adaptation: { retrainEveryMonths: 3 } })
    expect(overlay.notes.join('\n')).toMatch(/interval \[0\.0000, 0\.0050\] reaches 0/)
  })

  it('says when drift was not measured, and keeps the assumed drift and cadence', () => {
    const record: ExperimentRecord = { ...experimentRecord(), drift: { measured: false, reason: 'the corpus has no dates' } }
    const overlay = overlayMeasurements(raw(), record)
    expect(overlay.inputs.map((i) => i.path)).not.toContain('/hardTail/escalationDriftPerMonth')
    expect(overlay.notes.join('\n')).toMatch(/drift was not measured: the corpus has no dates/)
  })

  it('validates the sections when a record is read', () => {
    const record = withSections(experimentRecord(), { teacher: [40, 1000], human: [15, 1000], accuracy: [955, 1000], drift: null, cadence: 2 })
    expect(parseExperimentRecord(JSON.parse(JSON.stringify(record)), 'run.json').drift).toMatchObject({ measured: true, cadence: { months: 2 } })
    const broken = JSON.parse(JSON.stringify(record))
    broken.drift.cadence.months = 1.5
    expect(() => parseExperimentRecord(broken, 'run.json')).toThrow(/invalid run\.json at \/drift/)
  })
})
