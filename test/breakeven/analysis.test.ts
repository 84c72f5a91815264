import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { decisionResult } from '../../src/decide/result.js'
import { NonFiniteResultError } from '../../src/scenario/finite.js'
import type { Scenario } from '../../src/scenario/schema.js'
import { defaultScenario, validateScenarioInput } from '../../src/scenario/validate.js'
import { defaultRaw } from '../helpers/scenario.js'
import { thrownBy } from '../helpers/thrown.js'

/** The default scenario changed without validation: what a library caller could hand in. */
function unvalidated(change: (scenario: any) => void): Scenario {
  const scenario = structuredClone(defaultScenario())
  change(scenario)
  return scenario
}

function messageOf(run: () => unknown): string {
  return thrownBy(run, NonFiniteResultError).message
}

describe('analyseScenario(scenario): finite by construction', () => {
  it('throws an internal error naming the output and the input for an overflowing unvalidated volume', () => {
    // timeline[0] is month 0 (one-time costs); 1e308 requests in month 1, doubling: month 2 (timeline[2])
    // would hold 2e308 requests, above Number.MAX_VALUE = 1.798e308: Infinity
    const scenario = unvalidated((s) => {
      s.task.requestsPerMonth = 1e308
      s.task.monthlyGrowth = 1
    })
    expect(messageOf(() => analyseScenario(scenario))).toBe(
      "internal: prompt timeline[2].requests is Infinity for the scenario's /task/requestsPerMonth = 1e+308 (must be <= 10000000000000)",
    )
  })

  it('names a people cost that overflows a one-time cost', () => {
    // $1e308 a person-month x setup person-months: prompt 0.5 and rag 1.5 stay below Number.MAX_VALUE
    // = 1.798e308; finetune's 2 gives 2e308 = Infinity, the first strategy (in report order) to overflow
    const scenario = unvalidated((s) => (s.people.loadedMonthlyUSD = 1e308))
    expect(messageOf(() => analyseScenario(scenario))).toMatch(
      /^internal: finetune cost oneTime\[\d+\]\.usd is Infinity for the scenario's \/people\/loadedMonthlyUSD = 1e\+308 \(must be <= 1000000\)$/,
    )
  })

  it('never fires on a scenario at the edges of the plausible ranges (1e13 requests a month, 100 % growth, 120 months)', () => {
    const raw = defaultRaw()
    raw.task.requestsPerMonth = 1e13
    raw.task.monthlyGrowth = 1
    raw.task.horizonMonths = 120
    raw.people.loadedMonthlyUSD = 1e6
    const validated = validateScenarioInput(raw)
    expect(validated.warnings.map((w) => w.path)).toEqual(['/task/monthlyGrowth'])
    const result = decisionResult(analyseScenario(validated.point))
    // 2^119 x 1e13 requests in the last month: about 6.6e48, finite
    expect(Number.isFinite(result.strategies[0]?.horizonTotalUSD)).toBe(true)
    expect(result.inputWarnings).toEqual(validated.warnings)
  })
})
