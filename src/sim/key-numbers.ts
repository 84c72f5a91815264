/**
 * The headline numbers of a scenario's simulation: what a notebook prints and a test compares
 * with the library, and what a reader needs to decide.
 */
import type { MoneySummary, StrategySimulation } from '../../kernel/sim/result.js'
import type { ScenarioSimulation } from './simulate-scenario.js'

/** A money distribution in brief: mean, p5, median, p95 (USD). */
export interface MoneyBrief {
  mean: number
  p5: number
  p50: number
  p95: number
}

/** The headline numbers of a simulation. */
export interface SimulationKeyNumbers {
  scenario: string
  draws: number
  seed: number
  /** What `payback decide` recommends at the point values. */
  recommendation: string
  /** The strategy the numbers below are about (see {@link ScenarioSimulation.focus}). */
  focus: string
  /** P(the focus pays back against prompting within the horizon) and its Monte Carlo standard error. */
  paybackProbability: number
  paybackStandardError: number
  /** P(the focus pays back within 12 months); null when the horizon is shorter. */
  paybackWithin12MonthsProbability: number | null
  /** Median payback month of the focus over all draws; null when fewer than half pay back. */
  medianPaybackMonths: number | null
  /** P(the focus has the lowest horizon total of all strategies) and its standard error. */
  cheapestProbability: number
  cheapestStandardError: number
  /** Net present value of choosing the focus over prompting (USD). */
  npvSavingsUSD: MoneyBrief
  promptHorizonTotalUSD: MoneyBrief
  focusHorizonTotalUSD: MoneyBrief
  /** P(cheapest) of every strategy, by id. */
  cheapestByStrategy: Record<string, number>
  /** The input whose p10..p90 swings the focus's savings most (JSON pointer); null without uncertain inputs. */
  mostInfluentialInput: string | null
}

const brief = (m: MoneySummary): MoneyBrief => ({ mean: m.mean, p5: m.quantiles.p5, p50: m.quantiles.p50, p95: m.quantiles.p95 })

/**
 * The key numbers of a scenario's simulation.
 *
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * const numbers = simulationKeyNumbers(sim)
 * numbers // => { draws: 1000, seed: 1, recommendation: 'distill', focus: 'distill', paybackProbability: 0.703 }
 * // its Monte Carlo error: sqrt(0.703 x 0.297 / 1000)
 * numbers.paybackStandardError // => 0.01445
 */
export function simulationKeyNumbers(simulation: ScenarioSimulation): SimulationKeyNumbers {
  const { result } = simulation
  const byId = (id: string) => result.strategies.find((s) => s.id === id) as StrategySimulation
  const focus = byId(simulation.focus)
  const prompt = byId(result.baseline)
  const payback = focus.payback
  const influential = simulation.tornado.bars.find((bar) => bar.swing > 0)
  return {
    scenario: simulation.scenario,
    draws: result.draws,
    seed: result.seed,
    recommendation: simulation.recommendation,
    focus: simulation.focus,
    paybackProbability: payback ? payback.withinHorizon.probability : 0,
    paybackStandardError: payback ? payback.withinHorizon.standardError : 0,
    paybackWithin12MonthsProbability: payback && result.horizonMonths >= 12 ? (payback.byMonth[12]?.probability ?? null) : null,
    medianPaybackMonths: payback ? payback.quantiles.p50 : null,
    cheapestProbability: focus.cheapest.probability,
    cheapestStandardError: focus.cheapest.standardError,
    npvSavingsUSD: brief(focus.npvSavingsUSD),
    promptHorizonTotalUSD: brief(prompt.horizonTotalUSD),
    focusHorizonTotalUSD: brief(focus.horizonTotalUSD),
    cheapestByStrategy: Object.fromEntries(result.strategies.map((s) => [s.id, s.cheapest.probability])),
    mostInfluentialInput: influential ? influential.path : null,
  }
}
