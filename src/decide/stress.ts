/**
 * Stress tests: the decision recomputed under the changes that most often break an adaptation's
 * business case — faster drift (more retraining), a fatter hard tail (more escalation and
 * review), cheaper frontier models, less volume. Each is a full re-run of the cost model, so its
 * numbers trace like the base case's.
 */
import { analyseScenario } from '../breakeven/analysis.js'
import type { Scenario, StrategyId } from '../scenario/schema.js'
import { decide } from './decide.js'
import { withFrontierPriceScale } from './sensitivity.js'

/** One stress test and what it does to a strategy. */
export interface StressResult {
  id: string
  /** What changed, in words with the numbers. */
  change: string
  /** The risk it stands for. */
  risk: 'drift' | 'quality ceiling' | 'prices' | 'volume'
  /** The strategy's horizon total under the change (USD). */
  horizonTotalUSD: number
  /** Prompting's horizon total minus the strategy's, under the change (USD). */
  savingsUSD: number
  /** Payback month under the change; null = not within the horizon. */
  paybackMonths: number | null
  /** What payback would recommend under the change. */
  recommendation: StrategyId
}

interface Stress {
  id: string
  risk: StressResult['risk']
  applies: (scenario: Scenario) => boolean
  describe: (scenario: Scenario) => string
  apply: (scenario: Scenario) => Scenario
}

const STRESSES: Stress[] = [
  {
    id: 'drift-monthly-retraining',
    risk: 'drift',
    applies: () => true,
    describe: (s) =>
      `inputs drift faster: retrain every month${s.adaptation.retrainEveryMonths > 0 ? ` instead of every ${s.adaptation.retrainEveryMonths}` : ' instead of never'}`,
    apply: (s) => ({ ...s, adaptation: { ...s.adaptation, retrainEveryMonths: 1 } }),
  },
  {
    id: 'hard-tail-doubled',
    risk: 'quality ceiling',
    applies: () => true,
    describe: (s) =>
      `the hard tail doubles: ${(2 * s.hardTail.escalationShare * 100).toFixed(1)} % escalated to the frontier model and twice the human review`,
    apply: (s) => ({
      ...s,
      hardTail: {
        ...s.hardTail,
        escalationShare: Math.min(1, 2 * s.hardTail.escalationShare),
        humanReviewShare: Object.fromEntries(
          Object.entries(s.hardTail.humanReviewShare).map(([k, v]) => [k, Math.min(1, 2 * v)]),
        ) as Scenario['hardTail']['humanReviewShare'],
      },
    }),
  },
  {
    id: 'frontier-prices-halved',
    risk: 'prices',
    applies: () => true,
    describe: () => 'frontier token prices halve (teacher and escalation too)',
    apply: (s) => withFrontierPriceScale(s, 0.5),
  },
  {
    id: 'volume-halved',
    risk: 'volume',
    applies: () => true,
    describe: (s) => `volume is half the plan: ${(s.task.requestsPerMonth / 2e6).toFixed(2)}M requests in month 1`,
    apply: (s) => ({ ...s, task: { ...s.task, requestsPerMonth: s.task.requestsPerMonth / 2 } }),
  },
  {
    id: 'no-growth',
    risk: 'volume',
    applies: (s) => s.task.monthlyGrowth > 0,
    describe: (s) => `volume stays flat instead of growing ${(s.task.monthlyGrowth * 100).toFixed(1)} % a month`,
    apply: (s) => ({ ...s, task: { ...s.task, monthlyGrowth: 0 } }),
  },
]

/**
 * Runs every stress test for strategy `id` of a validated scenario. Cost: one analysis per test.
 *
 * @example
 * stressTests(defaultScenario(), 'distill').map((r) => [r.id, r.paybackMonths])
 * // => [['drift-monthly-retraining', 6.69], ['hard-tail-doubled', 9.59], ['frontier-prices-halved', null], ['volume-halved', null], ['no-growth', 7.49]]
 * // (unstressed: month 6.69; at half the volume or half the frontier prices distill does not pay back in 24 months)
 */
export function stressTests(scenario: Scenario, id: StrategyId): StressResult[] {
  return STRESSES.filter((stress) => stress.applies(scenario)).map((stress) => {
    const analysis = analyseScenario(stress.apply(scenario))
    const strategy = analysis.strategies.find((s) => s.id === id)
    const prompt = analysis.strategies.find((s) => s.id === 'prompt')
    if (!strategy || !prompt) throw new Error(`internal: no ${id} in the analysis`)
    return {
      id: stress.id,
      change: stress.describe(scenario),
      risk: stress.risk,
      horizonTotalUSD: strategy.horizonTotalUSD,
      savingsUSD: prompt.horizonTotalUSD - strategy.horizonTotalUSD,
      paybackMonths: strategy.paybackMonths,
      recommendation: decide(analysis).id,
    }
  })
}
