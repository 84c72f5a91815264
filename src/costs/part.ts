/**
 * A cost part, defined once: the number (plain arithmetic on the pricing context, allocation-free,
 * so the simulation evaluates it for every draw) and the formula that explains it (built only
 * for reports). The decision engine evaluates both; the simulation's coefficient fill evaluates
 * the number alone. Adding a cost part means adding one definition to a strategy's list.
 */
import type { PricingContext } from './context.js'
import type { CostPart } from './strategy-cost.js'

/**
 * Where a part falls in time: per request (x the month's requests), once before month 1, every
 * month, or at each retraining.
 */
export type PartKind = 'perRequest' | 'oneTime' | 'monthly' | 'retraining'

/** One named cost part of a strategy. */
export interface PartDefinition {
  /** e.g. `teacher data`, `human review`, `vector store`. */
  readonly name: string
  readonly kind: PartKind
  /** Paid in frontier tokens: follows the frontier price trend month by month. */
  readonly frontierPriced: boolean
  /** The part's USD (per request, once, per month or per retraining, by its kind). Allocation-free. */
  usd(ctx: PricingContext): number
  /** The arithmetic with its inputs, for reports; `usd` is this part's value. */
  formula(ctx: PricingContext, usd: number): string
}

/**
 * A part definition from its pieces (frontierPriced defaults to false).
 *
 * @example
 * const review = definePart('human review', 'perRequest', (ctx) => 0.002 * 0.4, (_ctx, usd) => `0.2 % x $0.40 = ${usd}`)
 * review.frontierPriced // => false
 */
export function definePart(
  name: string,
  kind: PartKind,
  usd: (ctx: PricingContext) => number,
  formula: (ctx: PricingContext, usd: number) => string,
  frontierPriced = false,
): PartDefinition {
  return { name, kind, frontierPriced, usd, formula }
}

/**
 * Evaluates a part definition for a report: its USD and its formula.
 *
 * @example
 * const review = definePart('human review', 'perRequest', () => 0.002 * 0.4, (_ctx, usd) => `0.2 % x $0.40 = $${usd}`)
 * evaluatePart(review, pricingContext(defaultScenario())) // => { name: 'human review', usd: 0.0008, formula: '0.2 % x $0.40 = $0.0008' }
 */
export function evaluatePart(part: PartDefinition, ctx: PricingContext): CostPart {
  const usd = part.usd(ctx)
  const evaluated: CostPart = { name: part.name, usd, formula: part.formula(ctx, usd) }
  if (part.frontierPriced) evaluated.frontierPriced = true
  return evaluated
}
