/**
 * What agreement with the teacher is worth at a scenario's volume and prices, and what a teacher
 * label costs: the two numbers that say how many teacher calls a distillation is worth paying for.
 */
import { pricingContext } from '../costs/pricing-context.js'
import type { Scenario } from '../scenario/schema.js'
import { volumePath } from './analysis.js'
import { requestsInMonth } from './horizon.js'

/** The value of agreement and the price of a teacher label, with the basis in words. */
export interface AgreementEconomics {
  /** Requests over the horizon: the sum of every month's volume. */
  horizonRequests: number
  /** One production frontier call (full prompt), USD: what an escalation costs. */
  escalationCallUSD: number
  /** One percentage point of agreement over the horizon, USD: 1 % of the horizon's requests that no longer escalate. */
  valuePerPointUSD: number
  /** One teacher label (the frontier model writing a training example), USD. */
  teacherCallUSD: number
  /** How the numbers were made, in words. */
  basis: string
}

/**
 * One percentage point of agreement is worth 1 % of the horizon's requests answered by the
 * student instead of escalating to the frontier model: `0.01 x horizon requests x the price of a
 * production frontier call`; a teacher label costs what the scenario's teacher call costs (its
 * output tokens, the batch discount when the teacher uses batch). Prices at month 1.
 *
 * @example
 * const economics = agreementEconomics(defaultScenario())
 * economics.horizonRequests // => 152109312.37 (5M a month growing 2 % for 24 months: 5e6 x (1.02^24 - 1) / 0.02)
 * economics.valuePerPointUSD / (0.01 * economics.horizonRequests * economics.escalationCallUSD) // => 1
 */
export function agreementEconomics(scenario: Scenario): AgreementEconomics {
  const path = volumePath(scenario)
  let horizonRequests = 0
  for (let month = 1; month <= path.horizonMonths; month++) horizonRequests += requestsInMonth(path, month)
  const calls = pricingContext(scenario).calls
  const valuePerPointUSD = 0.01 * horizonRequests * calls.production
  return {
    horizonRequests,
    escalationCallUSD: calls.production,
    valuePerPointUSD,
    teacherCallUSD: calls.teacher,
    basis: `a point of agreement = 1 % of ${Math.round(horizonRequests).toLocaleString('en-US')} requests over ${path.horizonMonths} months not escalated to ${scenario.frontier.model} at $${calls.production.toPrecision(3)} a call; a teacher label at $${calls.teacher.toPrecision(3)}`,
  }
}
