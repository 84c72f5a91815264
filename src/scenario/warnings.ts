/**
 * Warnings: values inside the schema's plausible ranges that are still unusual enough to be a
 * typo or a unit mistake. They do not stop the decision; `validateScenarioInput` and the decision
 * result carry them so the output can say so instead of staying silent.
 */
import type { Scenario } from './schema.js'

/** One warning about an input: where (a JSON pointer) and what is unusual, in words. */
export interface ScenarioWarning {
  /** JSON pointer of the field, e.g. `/task/monthlyGrowth`. */
  path: string
  /** What is unusual about the value and what it implies; no trailing period. */
  message: string
}

/** Monthly growth above this (fraction per month) is unusual: 20 % a month is 8.9x a year. */
export const UNUSUAL_MONTHLY_GROWTH = 0.2
/** An escalation share above this (fraction) means the small model handles less than half alone. */
export const UNUSUAL_ESCALATION_SHARE = 0.5
/** Frontier price change beyond this (fraction per month, either way) is unusual: 20 % a month. */
export const UNUSUAL_PRICE_CHANGE = 0.2

const percent = (fraction: number) => `${Number((fraction * 100).toPrecision(4))} %`

/**
 * The warnings of a validated scenario (its point form: a distribution counts by its mean), in
 * document order; empty when nothing is unusual.
 *
 * @example
 * const scenario = defaultScenario()
 * scenarioWarnings(scenario) // => []
 * scenarioWarnings({ ...scenario, task: { ...scenario.task, monthlyGrowth: 0.5 } })
 * // => [{ path: '/task/monthlyGrowth', message: 'growth of 50 % a month is unusual (above 20 %): the volume grows 129.7x a year' }]
 */
export function scenarioWarnings(scenario: Scenario): ScenarioWarning[] {
  const warnings: ScenarioWarning[] = []
  const growth = scenario.task.monthlyGrowth
  if (growth > UNUSUAL_MONTHLY_GROWTH) {
    warnings.push({
      path: '/task/monthlyGrowth',
      message: `growth of ${percent(growth)} a month is unusual (above ${percent(UNUSUAL_MONTHLY_GROWTH)}): the volume grows ${Number(((1 + growth) ** 12).toPrecision(4))}x a year`,
    })
  }
  const priceChange = scenario.frontier.priceChangePerMonth
  if (Math.abs(priceChange) > UNUSUAL_PRICE_CHANGE) {
    warnings.push({
      path: '/frontier/priceChangePerMonth',
      message: `a frontier price change of ${percent(priceChange)} a month is unusual (beyond ±${percent(UNUSUAL_PRICE_CHANGE)})`,
    })
  }
  const escalation = scenario.hardTail.escalationShare
  if (escalation > UNUSUAL_ESCALATION_SHARE) {
    warnings.push({
      path: '/hardTail/escalationShare',
      message: `escalating ${percent(escalation)} of requests to the frontier model is unusual (above ${percent(UNUSUAL_ESCALATION_SHARE)}): the small model handles less than half alone`,
    })
  }
  return warnings
}
