import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { decisionResult } from '../../src/decide/result.js'
import { overlayMeasurements, parseExperimentRecord, proportionAsInput } from '../../src/measured/index.js'
import { readScenarioJson, validateScenarioInput } from '../../src/scenario/validate.js'
import { experimentRecord } from '../helpers/experiment-record.js'
import { thrownBy } from '../helpers/thrown.js'
import { InputError } from '../../src/scenario/messages.js'

const SCENARIO = 'data/scenarios/mail-spam-filter.json'
const raw = () => readScenarioJson(SCENARIO) as Record<string, any>
const decision = (scenario: unknown) => decisionResult(analyseScenario(validateScenarioInput(scenario).point))

describe('overlayMeasurements(scenario, record)', () => {
  it('leaves the decision unchanged when the measured numbers equal the scenario\'s assumptions', () => {
    // The mail scenario assumes pass rate 0.9, escalation 0.05, quality 0.96, 700 input and 6 output tokens.
    const record = experimentRecord({ passRate: [900, 1000], escalationShare: [50, 1000], cascadeAgreement: [960, 1000], inputTokensMean: 700, outputTokensMean: 6 })
    const overlay = overlayMeasurements(raw(), record)
    const before = decision(raw())
    const after = decision(overlay.scenario)
    expect(after.recommendation.id).toBe(before.recommendation.id)
    for (const [i, row] of after.strategies.entries()) {
      expect(row.horizonTotalUSD).toBeCloseTo(before.strategies[i]!.horizonTotalUSD, 6)
      expect(row.perRequestUSD).toBeCloseTo(before.strategies[i]!.perRequestUSD, 12)
    }
  })

  it('gives the same decision as writing the measured values into the scenario by hand', () => {
    const record = experimentRecord({ passRate: [780, 1000], escalationShare: [130, 1000], cascadeAgreement: [947, 1000], inputTokensMean: 512.25, outputTokensMean: 7 })
    const byHand = raw()
    byHand.adaptation.teacherPassRate = 0.78
    byHand.hardTail.escalationShare = 0.13
    byHand.quality.distill = 0.947
    byHand.quality['distill+rag'] = 0.947
    byHand.task.inputTokens = 512.25
    byHand.task.outputTokens = 7
    const expected = decision(byHand)
    const got = decision(overlayMeasurements(raw(), record).scenario)
    expect(got.recommendation.id).toBe(expected.recommendation.id)
    for (const [i, row] of got.strategies.entries()) expect(row.horizonTotalUSD).toBeCloseTo(expected.strategies[i]!.horizonTotalUSD, 6)
  })

  it('lists every replaced input with the value it replaced, its interval and its run', () => {
    const overlay = overlayMeasurements(raw(), experimentRecord({ passRate: [780, 1000] }))
    expect(overlay.inputs.map((input) => input.path)).toEqual([
      '/adaptation/teacherPassRate', '/hardTail/escalationShare', '/quality/distill', '/quality/distill+rag', '/task/inputTokens', '/task/outputTokens',
    ])
    const pass = overlay.inputs[0]!
    expect(pass.assumed).toBe(0.9)
    expect(pass.input).toEqual({ dist: 'beta', alpha: 780, beta: 220 })
    expect(pass.value).toBe(0.78)
    // Wilson 95 % for 780/1000, z = 1.959964, z^2 = 3.841459: centre (0.78 + z^2/2000) / (1 + z^2/1000)
    // = 0.7819207 / 1.0038415 = 0.778928; half-width z sqrt(0.78 x 0.22 / 1000 + z^2 / 4e6) / (1 + z^2/1000)
    // = 1.959964 x 0.0131362 / 1.0038415 = 0.025648: [0.753280, 0.804576].
    expect(pass.interval!.lower).toBeCloseTo(0.75328, 4)
    expect(pass.interval!.upper).toBeCloseTo(0.804576, 4)
    expect(pass.run).toBe('run-test-0001')
  })

  it('uses the cascade\'s accuracy on gold labels for quality when the data has them, and says when it does not', () => {
    const withGold = overlayMeasurements(raw(), experimentRecord({ cascadeAgreement: [990, 1000], cascadeAccuracy: [955, 1000] }))
    expect(withGold.inputs.find((i) => i.path === '/quality/distill')!.value).toBe(0.955)
    const without = overlayMeasurements(raw(), experimentRecord({ cascadeAgreement: [990, 1000] }))
    expect(without.inputs.find((i) => i.path === '/quality/distill')!.value).toBe(0.99)
    expect(without.notes.join('\n')).toContain('no gold labels')
  })

  it('does not change the scenario it was given', () => {
    const scenario = raw()
    const copy = structuredClone(scenario)
    overlayMeasurements(scenario, experimentRecord())
    expect(scenario).toEqual(copy)
  })
})

describe('proportionAsInput(measured)', () => {
  it('is Beta(successes, failures), whose mean successes / n is the measured rate', () => {
    const input = proportionAsInput({ successes: 37, n: 40 }) as { alpha: number; beta: number }
    expect(input).toEqual({ dist: 'beta', alpha: 37, beta: 3 })
    expect(input.alpha / (input.alpha + input.beta)).toBe(37 / 40)
  })
  it('stays a number at 0 or n successes, where the beta is undefined', () => {
    expect(proportionAsInput({ successes: 0, n: 40 })).toBe(0)
    expect(proportionAsInput({ successes: 40, n: 40 })).toBe(1)
  })
})

describe('parseExperimentRecord(raw, source)', () => {
  it('names the JSON path, the rule and the bad value', () => {
    const record = experimentRecord() as any
    record.measurements.passRate.value = 1.4
    const error = thrownBy(() => parseExperimentRecord(record, 'run.json'), InputError)
    expect(error.message).toBe('invalid run.json at /measurements/passRate/value: 1.4 (must be <= 1)')
  })
  it('accepts a record the helper builds', () => {
    expect(parseExperimentRecord(experimentRecord()).id).toBe('run-test-0001')
  })
})
