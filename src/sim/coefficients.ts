/**
 * The coefficient blocks of the simulation kernel (`kernel/sim/layout.ts`), filled from the same
 * strategy definitions the decision engine evaluates: each part's number goes to the slot of its
 * kind (per request, split by whether it follows the frontier price trend; one-time; monthly;
 * retraining), plus GPU hosting, escalation drift and the retraining cadence. There is no second
 * copy of the cost model: a new cost part in `src/costs` reaches the simulation here.
 *
 * Speed: the fill runs for every draw. Calling each part through one shared call site
 * (`part.usd(ctx)` in a loop) is megamorphic: V8 cannot inline it and boxes every returned
 * number, which measured 9x slower than the hand-written arithmetic this replaced (2.3 against
 * 0.26 us a draw on the uncertain default scenario). So {@link compileCoefficientFill} writes one
 * small function per scenario with one call site per part: each site always calls the same
 * closure, V8 inlines it, and the numbers stay unboxed.
 */
import { HOSTING_MODE } from '../../kernel/sim/gpu-hours.js'
import { COEFF, COEFF_SIZE } from '../../kernel/sim/layout.js'
import type { PricingContext } from '../costs/context.js'
import {
  coldStartSeconds,
  hostingMode,
  HOURS_PER_MONTH,
  idleTimeoutSeconds,
  minimumReplicas,
  requestsPerGpuHour,
  requestsPerGpuMonth,
  scaleUpLagHours,
  servingGpuHourUSD,
} from '../costs/hosting.js'
import type { PartDefinition } from '../costs/part.js'
import { contextTokensOf } from '../costs/parts.js'
import { escalationDriftCapUSD, escalationDriftUSDPerMonthOfAge, retrainEveryMonthsOf, type StrategyDefinition } from '../costs/strategy.js'

/**
 * The coefficient slot a part adds to, or null when it does not apply (retraining parts of a
 * model that never retrains).
 *
 * @throws {Error} for a monthly part that follows the frontier price trend: the layout has no slot for one
 */
export function coefficientSlot(part: PartDefinition, retrainEveryMonths: number): number | null {
  switch (part.kind) {
    case 'perRequest':
      return part.frontierPriced ? COEFF.PER_REQUEST_FRONTIER_USD : COEFF.PER_REQUEST_OTHER_USD
    case 'oneTime':
      // Paid before month 1, at today's prices: no price factor applies.
      return COEFF.ONE_TIME_USD
    case 'monthly':
      if (part.frontierPriced) throw new Error(`internal: monthly part ${part.name} follows the frontier price trend; the simulation layout has no slot for it`)
      return COEFF.FIXED_MONTHLY_USD
    case 'retraining':
      if (retrainEveryMonths <= 0) return null
      return part.frontierPriced ? COEFF.RETRAIN_FRONTIER_USD : COEFF.RETRAIN_OTHER_USD
  }
}

/** A term of a coefficient: a part's USD, or a number of a strategy that is not a part (drift, capacity, GPU price, replicas, cadence). */
export type Term = (ctx: PricingContext) => number

/** The terms of every coefficient of one strategy, by slot. */
function strategyTerms(definition: StrategyDefinition, ctx: PricingContext): Term[][] {
  const every = retrainEveryMonthsOf(ctx, definition)
  const terms: Term[][] = Array.from({ length: COEFF_SIZE }, () => [])
  for (const part of definition.parts) {
    const slot = coefficientSlot(part, every)
    if (slot !== null) (terms[slot] as Term[]).push(part.usd)
  }
  ;(terms[COEFF.ESCALATION_DRIFT_USD] as Term[]).push((c) => escalationDriftUSDPerMonthOfAge(c, definition))
  ;(terms[COEFF.ESCALATION_DRIFT_CAP_USD] as Term[]).push((c) => escalationDriftCapUSD(c, definition))
  ;(terms[COEFF.RETRAIN_EVERY] as Term[]).push(() => every)
  if (definition.smallModel && ctx.selfHosted) {
    const withRetrieval = definition.withRetrieval
    ;(terms[COEFF.REQUESTS_PER_GPU_MONTH] as Term[]).push((c) => requestsPerGpuMonth(c, contextTokensOf(c, withRetrieval)))
    ;(terms[COEFF.GPU_MONTH_USD] as Term[]).push((c) => servingGpuHourUSD(c) * HOURS_PER_MONTH)
    ;(terms[COEFF.MIN_REPLICAS] as Term[]).push(minimumReplicas)
    ;(terms[COEFF.HOSTING_MODE] as Term[]).push(hostingMode)
    // Only the hourly fleets read it: 0 for always-on, so the fill need not follow the throughput twice.
    ;(terms[COEFF.REQUESTS_PER_GPU_HOUR] as Term[]).push((c) => (hostingMode(c) === HOSTING_MODE.ALWAYS_ON ? 0 : requestsPerGpuHour(c, contextTokensOf(c, withRetrieval))))
    ;(terms[COEFF.SCALE_UP_LAG_HOURS] as Term[]).push(scaleUpLagHours)
    ;(terms[COEFF.IDLE_TIMEOUT_SECONDS] as Term[]).push(idleTimeoutSeconds)
    ;(terms[COEFF.COLD_START_SECONDS] as Term[]).push(coldStartSeconds)
  }
  return terms
}

/**
 * The terms of every coefficient of `definitions`, by index `s x COEFF_SIZE + slot`: the
 * coefficient is the sum of its terms, each a function of the scenario `ctx` holds.
 *
 * @example
 * const ctx = pricingContext(defaultScenario())
 * const review = { name: 'human review', kind: 'perRequest', frontierPriced: false, usd: () => 0.0008, formula: () => '' }
 * const plain = { id: 'prompt', label: 'prompt', withRetrieval: false, smallModel: false, parts: [review] }
 * const terms = coefficientTerms([plain], ctx)
 * terms.length // => 17 (one strategy's 17 coefficients)
 * terms[coefficientSlot(review, 0)].map((term) => term(ctx)) // => [0.0008]
 */
export function coefficientTerms(definitions: readonly StrategyDefinition[], ctx: PricingContext): Term[][] {
  return definitions.flatMap((definition) => strategyTerms(definition, ctx))
}

/**
 * Compiles the coefficient fill of a scenario's strategies: the returned function writes
 * `definitions.length x COEFF_SIZE` coefficients into `out` for the scenario `ctx` holds now
 * (each coefficient the sum of its parts, in the definition's order). Allocation-free. With
 * `varying` (per coefficient index, per term: can it change between draws), it writes only the
 * coefficients with a varying term, evaluates only those terms, and adds the others as one
 * number summed now (the simulation fills the constant coefficients once).
 *
 * @example
 * // Two hand-made strategies: a $0.0008 review per request, and that plus $7,500 of setup once
 * const review = { name: 'human review', kind: 'perRequest', frontierPriced: false, usd: () => 0.002 * 0.4, formula: () => '' }
 * const setup = { name: 'setup people', kind: 'oneTime', frontierPriced: false, usd: () => 0.5 * 15_000, formula: () => '' }
 * const plain = { id: 'prompt', label: 'prompt', withRetrieval: false, smallModel: false, parts: [review] }
 * const staffed = { id: 'rag', label: 'rag', withRetrieval: false, smallModel: false, parts: [review, setup] }
 * const ctx = pricingContext(defaultScenario())
 * const fill = compileCoefficientFill([plain, staffed], ctx)
 * const size = 17 // COEFF_SIZE in kernel/sim/layout.ts: strategy s's block starts at s x 17
 * const out = new Float64Array(2 * size)
 * fill(ctx, out)
 * out[coefficientSlot(review, 0)] // => 0.0008
 * out[coefficientSlot(setup, 0)] // => 0 (the first strategy has no setup)
 * out[size + coefficientSlot(setup, 0)] // => 7500
 */
export function compileCoefficientFill(
  definitions: readonly StrategyDefinition[],
  ctx: PricingContext,
  varying?: readonly (readonly boolean[])[],
): (ctx: PricingContext, out: Float64Array) => void {
  const functions: Term[] = []
  const slotFunctions: string[] = []
  const calls: string[] = []
  coefficientTerms(definitions, ctx).forEach((terms, index) => {
    const flags = varying?.[index]
    if (varying && !flags?.some(Boolean)) return
    // The terms no uncertain input reaches are summed once, here, and enter as one constant.
    let constant = 0
    const sum: string[] = []
    terms.forEach((term, t) => {
      if (flags && !flags[t]) {
        constant += term(ctx)
        return
      }
      functions.push(term)
      sum.push(`f${functions.length - 1}(ctx)`)
    })
    if (constant !== 0) sum.unshift(String(constant))
    // One small function per coefficient: each gets V8's whole inlining budget for its terms.
    slotFunctions.push(`function c${index}(ctx, out) { out[${index}] = ${sum.length > 0 ? sum.join(' + ') : '0'} }`)
    calls.push(`  c${index}(ctx, out)`)
  })
  const source = [
    ...functions.map((_, i) => `const f${i} = functions[${i}]`),
    ...slotFunctions,
    `return function fillCoefficients(ctx, out) {\n${calls.join('\n')}\n}`,
  ].join('\n')
  return new Function('functions', source)(functions) as (ctx: PricingContext, out: Float64Array) => void
}
