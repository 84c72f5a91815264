/**
 * A scenario compiled for the simulation kernel: its uncertain inputs (the distribution-valued
 * fields) and an allocation-free function that turns one draw of them into the per-draw globals
 * and per-strategy cost coefficients of `kernel/sim/layout.ts`.
 *
 * `fill` runs the cost model of `src/costs/` itself: it writes a draw's values into a copy of
 * the point scenario, re-reads the prices a scenario may state (explicit token and GPU-hour
 * prices, which may be uncertain too) when an uncertain input reaches them, and fills each
 * strategy's coefficients from its definition (`coefficients.ts`). Coefficients no uncertain
 * input reaches (`dependence.ts`) are computed once, at compile time; the others per draw.
 * Prices from the table are resolved once; no formula text is built per draw.
 */
import { COEFF_SIZE, GLOBAL, GLOBAL_SIZE } from '../../kernel/sim/layout.js'
import type { Distribution } from '../../kernel/sim/distributions/index.js'
import { pricingContext, refreshPricingContext } from '../costs/pricing-context.js'
import { strategyDefinitions } from '../costs/strategies.js'
import type { Scenario, ScenarioInput, StrategyId } from '../scenario/schema.js'
import { fieldDistribution, pointScenario, type UncertainField } from '../scenario/uncertain.js'
import { trafficWeights } from '../serving/traffic.js'
import { coefficientTerms, compileCoefficientFill } from './coefficients.js'
import { coefficientDependence } from './dependence.js'

/** One uncertain input of a compiled scenario. */
export interface UncertainInput {
  /** JSON pointer of the field, e.g. `/task/requestsPerMonth`. */
  path: string
  distribution: Distribution
  /** The value the decision engine uses: the distribution's mean. */
  pointValue: number
}

/** A scenario ready for the simulation kernel. */
export interface CompiledScenario {
  /** Strategies in report order; index 0 is `prompt`, the payback baseline. */
  strategies: StrategyId[]
  horizonMonths: number
  /** The distribution-valued fields in document order; input j draws from stream j. */
  inputs: UncertainInput[]
  /** Each input's point value (its mean). */
  point: Float64Array
  /** The scenario with every input at its point value. */
  pointScenario: Scenario
  /**
   * Fills `globals` (GLOBAL_SIZE values) and `coeffs` (strategies x COEFF_SIZE) for one draw
   * whose uncertain inputs take `values` (in the order of `inputs`). Allocation-free.
   */
  fill(values: ArrayLike<number>, globals: Float64Array, coeffs: Float64Array): void
  /** Whether the hosting is autoscaling or serverless (the simulation then runs the TypeScript month loop). */
  hourlyHosting: boolean
  /** The scenario's own hourly traffic weights (mean 1), when it gives them. */
  trafficWeights?: readonly number[]
}

/**
 * A function that writes a draw's values into `root` (the object given here; the `root` argument
 * is kept for the signature) at the uncertain fields' JSON pointers (`/task/inputTokens` ->
 * `root["task"]["inputTokens"] = values[j]`). Generated with one named store per field, so V8
 * keeps each store monomorphic and the numbers unboxed (a generic `parent[key] = value` store
 * allocated a number per field per draw).
 */
function compileSetter(root: unknown, paths: string[]): (root: unknown, values: ArrayLike<number>) => void {
  // The objects holding the fields are looked up once, here: each store is then one named store
  // on an object held in a closure (`p0.requestsPerMonth = values[0]`), not a chain of loads.
  const parents: unknown[] = []
  const stores = paths.map((path, j) => {
    const keys = path.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    let node = root as Record<string, unknown> | undefined
    for (const key of keys.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined
    const last = keys[keys.length - 1] as string
    if (typeof node?.[last] !== 'number') throw new Error(`internal: ${path} is not a number in the point scenario`)
    let at = parents.indexOf(node)
    if (at < 0) at = parents.push(node) - 1
    return `  p${at}[${JSON.stringify(last)}] = values[${j}]`
  })
  const bind = parents.map((_, i) => `const p${i} = parents[${i}]`).join('\n')
  const setFields = new Function('parents', `${bind}\nreturn function setFields(root, values) {\n${stores.join('\n')}\n}`)(parents)
  return setFields as (root: unknown, values: ArrayLike<number>) => void
}

/**
 * Compiles a validated scenario (distributions allowed) for simulation.
 *
 * @example
 * // (paths are relative to the working directory: here the repository's root)
 * const { input, uncertain } = loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json')
 * const compiled = compileScenario(input, uncertain)
 * compiled.strategies // => ['prompt', 'rag', 'finetune', 'distill', 'distill+rag']
 */
export function compileScenario(input: ScenarioInput, uncertain: UncertainField[]): CompiledScenario {
  const point = pointScenario(input, uncertain)
  // Each draw writes its values into this copy and the cost model reads it through `ctx`.
  const draw = structuredClone(point)
  const ctx = pricingContext(draw)
  const definitions = strategyDefinitions(ctx)
  const inputs: UncertainInput[] = uncertain.map((field) => {
    const distribution = fieldDistribution(field)
    return { path: field.path, distribution, pointValue: distribution.mean }
  })
  const paths = uncertain.map((field) => field.path)
  const setFields = compileSetter(draw, paths)
  // Store a fraction once, so V8 keeps these fields as unboxed doubles from the first draw on (a
  // field that held small integers would otherwise allocate a number at every store).
  setFields(draw, inputs.map((u) => u.pointValue + 0.5))
  setFields(draw, inputs.map((u) => u.pointValue))
  refreshPricingContext(ctx)
  // Every coefficient at the point, then per draw only those an uncertain input reaches.
  const dependence = coefficientDependence(point, paths)
  const constant = Float64Array.from(coefficientTerms(definitions, ctx), (terms) => terms.reduce((sum, term) => sum + term(ctx), 0))
  const fillVarying = compileCoefficientFill(definitions, ctx, dependence.termVaries)
  const refresh = dependence.refresh
  const { task, frontier } = draw
  const hosting = draw.smallModel.hosting
  const selfHosted = hosting.kind === 'self-hosted' ? hosting : undefined
  const hourlyHosting = selfHosted !== undefined && selfHosted.scaling.kind !== 'always-on'
  return {
    strategies: definitions.map((d) => d.id),
    horizonMonths: task.horizonMonths,
    inputs,
    point: Float64Array.from(inputs.map((u) => u.pointValue)),
    pointScenario: point,
    hourlyHosting,
    ...(selfHosted?.hourlyWeights === undefined ? {} : { trafficWeights: Array.from(trafficWeights(selfHosted)) }),
    fill(values, globals, coeffs) {
      setFields(draw, values)
      if (refresh) refreshPricingContext(ctx)
      globals[GLOBAL.FIRST_MONTH_REQUESTS] = task.requestsPerMonth
      globals[GLOBAL.MONTHLY_GROWTH] = task.monthlyGrowth
      globals[GLOBAL.PRICE_CHANGE] = frontier.priceChangePerMonth
      globals[GLOBAL.ANNUAL_DISCOUNT_RATE] = task.annualDiscountRate
      globals[GLOBAL.PEAK_TO_AVERAGE] = selfHosted === undefined ? 1 : selfHosted.peakToAverage
      coeffs.set(constant)
      fillVarying(ctx, coeffs)
    },
  }
}

/** Sizes of the buffers `fill` writes. */
export const BUFFER_SIZES = { globals: GLOBAL_SIZE, coeffsPerStrategy: COEFF_SIZE } as const
