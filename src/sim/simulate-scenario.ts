/**
 * Simulating a scenario: compile it, run the kernel's engine over many draws (on worker threads
 * when asked), and add the one-at-a-time sensitivity and the point decision, so a command or a
 * notebook gets everything from one call.
 */
import { simulate } from '../../kernel/sim/engine.js'
import type { SimulationResult } from '../../kernel/sim/result.js'
import { tornado, type Tornado } from '../../kernel/sim/sensitivity.js'
import { analyseScenario } from '../breakeven/analysis.js'
import { decisionResult } from '../decide/result.js'
import type { StrategyId } from '../scenario/schema.js'
import type { ValidatedScenario } from '../scenario/validate.js'
import { compileScenario } from './compile.js'
import { scenarioModelSource } from './scenario-model.js'

/** Options of {@link simulateScenario}. */
export interface SimulateScenarioOptions {
  /** Draws (default 100,000). */
  draws?: number
  /** Seed (default 0). */
  seed?: number
  /** Worker threads (default 1); the result does not depend on it. */
  workers?: number
  /** Draws per chunk (default 16,384); part of the result's identity with the seed. */
  chunkSize?: number
  /** Called after each chunk with draws done and the total. */
  onProgress?: (done: number, total: number) => void
}

/** A scenario's simulation with its decision context. */
export interface ScenarioSimulation {
  /** The scenario's name. */
  scenario: string
  /** What `payback decide` recommends for the point scenario (every input at its mean). */
  recommendation: StrategyId
  /**
   * The strategy the headline numbers and the tornado are about: the recommendation, or, when
   * that is prompting, the adaptation with the lowest point-value horizon total (the one whose
   * payback is in question).
   */
  focus: StrategyId
  result: SimulationResult
  tornado: Tornado
}

/**
 * Simulates a validated scenario: `draws` draws of its uncertain inputs through the month-by-month
 * model of every strategy, the tornado of the focus strategy, and the point decision. Same
 * scenario, seed and chunk size give the same numbers for any number of workers.
 *
 * @throws {RangeError} on bad options (draws, seed, workers, chunk size)
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1e6, seed: 1, workers: 2 })
 * sim.result.strategies.find((s) => s.id === sim.focus)?.payback?.withinHorizon.probability
 */
export async function simulateScenario(validated: ValidatedScenario, options: SimulateScenarioOptions = {}): Promise<ScenarioSimulation> {
  const compiled = compileScenario(validated.input, validated.uncertain)
  const recommendation = decisionResult(analyseScenario(validated.point)).recommendation.id
  const sensitivity = tornado(compiled, recommendation === 'prompt' ? {} : { focus: recommendation })
  const result = await simulate(compiled, {
    draws: options.draws ?? 100_000,
    seed: options.seed ?? 0,
    workers: options.workers ?? 1,
    chunkSize: options.chunkSize,
    onProgress: options.onProgress,
    source: scenarioModelSource(validated),
  })
  return { scenario: validated.point.name, recommendation, focus: sensitivity.focus as StrategyId, result, tornado: sensitivity }
}
