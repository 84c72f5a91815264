/**
 * Simulating a scenario: compile it, run the kernel's engine over many draws (on worker threads
 * when asked), and add the one-at-a-time sensitivity and the point decision, so a command or a
 * notebook gets everything from one call.
 */
import { MAX_DRAWS, MAX_WORKERS, simulate, type WorkerPool } from '../../kernel/sim/engine.js'
import type { SimulationResult } from '../../kernel/sim/result.js'
import { tornado, type Tornado } from '../../kernel/sim/sensitivity.js'
import { analyseScenario } from '../breakeven/analysis.js'
import { decisionResult } from '../decide/result.js'
import { checkNumber } from '../scenario/check-number.js'
import { assertFinite } from '../scenario/finite.js'
import { inputsBehind, outOfRangeInputs } from '../scenario/inputs-behind.js'
import { showValue } from '../scenario/messages.js'
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
  /** Workers started before the scenario was loaded ({@link startWorkerPool}); closed here when not needed. */
  pool?: WorkerPool
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
 * @throws {NonFiniteResultError} (internal) when a statistic of the result is Infinity or NaN,
 *   naming it, the inputs out of the schema's ranges and the distributions
 * @throws {InvalidArgumentError} on bad options: `draws` an integer in 1..2^32 - 1, `seed` an integer in 0..2^53 - 1, `workers` an integer in 1..64, `chunkSize` an integer in 1..2^24 (the engine's bounds, in the scenario validator's words)
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * sim.focus // => 'distill'
 * // seed 1, 1,000 draws: the same on any machine and for any number of workers
 * sim.result.strategies.find((s) => s.id === sim.focus).payback.withinHorizon // => { probability: 0.703, standardError: 0.01445 }
 * simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 0 }) // throws invalid draws: 0 (must be >= 1)
 */
export async function simulateScenario(validated: ValidatedScenario, options: SimulateScenarioOptions = {}): Promise<ScenarioSimulation> {
  // The engine checks these too, in its own words (kernel/ cannot use src's messages); checking
  // here first gives the library's InvalidArgumentError before any work is done.
  if (options.draws !== undefined) checkNumber('draws', options.draws, { min: 1, max: MAX_DRAWS, integer: true })
  if (options.seed !== undefined) checkNumber('seed', options.seed, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true })
  if (options.workers !== undefined) checkNumber('workers', options.workers, { min: 1, max: MAX_WORKERS, integer: true })
  if (options.chunkSize !== undefined) checkNumber('chunkSize', options.chunkSize, { min: 1, max: 2 ** 24, integer: true })
  const compiled = compileScenario(validated.input, validated.uncertain)
  // The simulation starts first: its worker threads load and compile the scenario while this
  // thread works out the decision and the tornado.
  const running = simulate(compiled, {
    draws: options.draws ?? 100_000,
    seed: options.seed ?? 0,
    workers: options.workers ?? 1,
    chunkSize: options.chunkSize,
    onProgress: options.onProgress,
    source: scenarioModelSource(validated),
    pool: options.pool,
  })
  let recommendation: StrategyId
  let sensitivity: Tornado
  try {
    recommendation = decisionResult(analyseScenario(validated.point)).recommendation.id
    sensitivity = tornado(compiled, recommendation === 'prompt' ? {} : { focus: recommendation })
  } catch (error) {
    await running.catch(() => undefined)
    throw error
  }
  const result = await running
  // Finite by construction: a validated scenario's draws stay within the schema's ranges, so no
  // statistic is Infinity or NaN; one that is names the inputs (an internal error, not `$NaN ± $NaN`).
  // The inputs out of range when there are any, else every distribution (one of them is the suspect).
  const cause = () =>
    outOfRangeInputs(validated.input).length > 0
      ? inputsBehind(validated.input)
      : `${inputsBehind(validated.input)}; its distributions: ` +
        (validated.uncertain.map((field) => `${field.path} = ${showValue(field.spec)}`).join(', ') || 'none')
  assertFinite(result, 'simulation', cause)
  assertFinite(sensitivity, 'tornado', cause)
  return { scenario: validated.point.name, recommendation, focus: sensitivity.focus as StrategyId, result, tornado: sensitivity }
}
