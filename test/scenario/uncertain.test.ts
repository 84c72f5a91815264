import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/scenario/messages.js'
import { validateScenarioInput } from '../../src/scenario/validate.js'
import { defaultRaw } from '../helpers/scenario.js'
import { thrownBy } from '../helpers/thrown.js'

function issues(change: (raw: any) => void) {
  const raw = defaultRaw()
  change(raw)
  return thrownBy(() => validateScenarioInput(raw, 'u.json'), InputError).issues
}

describe('validateScenarioInput(raw): distributions on numeric fields', () => {
  it('finds each distribution and replaces it by its mean in the point scenario', () => {
    const raw = defaultRaw()
    raw.task.requestsPerMonth = { dist: 'triangular', min: 3e6, mode: 5e6, max: 10e6 }
    raw.hardTail.escalationShare = { dist: 'beta', alpha: 2, beta: 38 }
    raw.people.maintenancePersonMonthsPerMonth.distill = { dist: 'uniform', min: 0.1, max: 0.3 }
    const { uncertain, point } = validateScenarioInput(raw)
    expect(uncertain.map((u) => u.path)).toEqual(['/task/requestsPerMonth', '/people/maintenancePersonMonthsPerMonth/distill', '/hardTail/escalationShare'])
    // triangular mean (3 + 5 + 10) / 3 M; beta mean 2 / 40; uniform mean 0.2
    expect(point.task.requestsPerMonth).toBeCloseTo(6e6, 6)
    expect(point.hardTail.escalationShare).toBeCloseTo(0.05, 12)
    expect(point.people.maintenancePersonMonthsPerMonth.distill).toBeCloseTo(0.2, 12)
  })

  it('finds distributions inside the self-hosted block', () => {
    const raw = defaultRaw()
    raw.smallModel.hosting.requestsPerSecondPerGpu = { dist: 'lognormal', mean: 25, sd: 5 }
    expect(validateScenarioInput(raw).uncertain.map((u) => u.path)).toEqual(['/smallModel/hosting/requestsPerSecondPerGpu'])
  })

  it('rejects a triangular with min > mode, naming the path', () => {
    const [issue] = issues((raw) => (raw.task.monthlyGrowth = { dist: 'triangular', min: 0.1, mode: 0.05, max: 0.2 }))
    expect(issue?.path).toMatch(/^\/task\/monthlyGrowth/)
    expect(issue?.rule).toMatch(/min <= mode <= max/)
  })

  it('rejects a negative sigma', () => {
    const [issue] = issues((raw) => (raw.task.requestsPerMonth = { dist: 'normal', mean: 5e6, sd: -1 }))
    expect(issue?.path).toMatch(/^\/task\/requestsPerMonth/)
    expect(JSON.stringify(issue)).toMatch(/-1/)
  })

  it('rejects a distribution that reaches outside the field: a normal pass rate can exceed 1', () => {
    const [issue] = issues((raw) => (raw.adaptation.teacherPassRate = { dist: 'normal', mean: 0.85, sd: 0.1 }))
    expect(issue?.path).toBe('/adaptation/teacherPassRate')
    expect(issue?.rule).toMatch(/truncate/)
  })

  it('accepts the same distribution truncated to the field', () => {
    const raw = defaultRaw()
    raw.adaptation.teacherPassRate = { dist: 'normal', mean: 0.85, sd: 0.1, truncate: { min: 0.01, max: 1 } }
    expect(validateScenarioInput(raw).uncertain).toHaveLength(1)
  })

  it('still names the rule of a plain bad number under the number-or-distribution union', () => {
    expect(issues((raw) => (raw.task.instructionTokens = -5))).toEqual([{ path: '/task/instructionTokens', rule: 'must be >= 0', value: -5 }])
    expect(issues((raw) => (raw.task.instructionTokens = 'many'))[0]?.rule).toMatch(/must be number or a distribution/)
  })
})

describe('validateScenarioInput(raw): schema errors inside the shared distribution definition', () => {
  it('names each field of two bad distributions at once (the definition is shared, the paths are not)', () => {
    const found = issues((raw) => {
      raw.task.monthlyGrowth = { dist: 'normal', mean: 0.02 } // no sd
      raw.adaptation.teacherPassRate = { dist: 'triangular', min: 0.5, mode: 'high', max: 1 } // mode not a number
    })
    expect(found).toEqual([
      { path: '/adaptation/teacherPassRate/mode', rule: 'must be number', value: 'high' },
      { path: '/task/monthlyGrowth/sd', rule: 'required field is missing', value: undefined },
    ])
  })

  it('names an unknown dist at the field: neither a number nor a known distribution', () => {
    const found = issues((raw) => (raw.task.requestsPerMonth = { dist: 'gamma', shape: 2 }))
    expect(found).toEqual([
      {
        path: '/task/requestsPerMonth',
        rule: 'must be number or a distribution ({"dist": ...})',
        value: { dist: 'gamma', shape: 2 },
      },
    ])
  })
})
