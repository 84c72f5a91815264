/**
 * A strategy, defined once: its cost parts (each a {@link PartDefinition}), whether retrieval
 * feeds it and whether a small model serves it. The decision engine evaluates a definition into a
 * {@link StrategyCost} with formulas ({@link evaluateStrategy}); the simulation fills its
 * coefficients from the same definition (`coefficients.ts`).
 */
import { formatPercent, formatUSD } from '../format.js'
import type { StrategyId } from '../scenario/schema.js'
import type { PricingContext } from './context.js'
import { gpuHosting } from './hosting.js'
import { evaluatePart, type PartDefinition } from './part.js'
import { contextTokensOf } from './parts.js'
import { productionFrontierCallUSD } from './requests.js'
import type { EscalationDrift, StrategyCost } from './strategy-cost.js'

/** One strategy's cost model. */
export interface StrategyDefinition {
  readonly id: StrategyId
  readonly label: string
  /** Every cost part: per request, one-time, monthly and at each retraining. */
  readonly parts: readonly PartDefinition[]
  /** Retrieved context goes into every request. */
  readonly withRetrieval: boolean
  /** A small model serves the requests: self-hosted GPUs, retraining and escalation drift apply. */
  readonly smallModel: boolean
}

/**
 * Drift of a small model's hard tail, per request per month since training:
 * `escalationDriftPerMonth x frontier call` (USD); 0 for a prompted strategy or without drift.
 */
export function escalationDriftUSDPerMonthOfAge(ctx: PricingContext, definition: StrategyDefinition): number {
  const drift = ctx.scenario.hardTail.escalationDriftPerMonth
  if (!definition.smallModel || !(drift > 0)) return 0
  return drift * productionFrontierCallUSD(ctx, definition.withRetrieval)
}

/**
 * The most drift can add per request: `(1 - escalationShare) x frontier call` (USD, everything
 * escalated); 0 for a prompted strategy or without drift.
 */
export function escalationDriftCapUSD(ctx: PricingContext, definition: StrategyDefinition): number {
  if (escalationDriftUSDPerMonthOfAge(ctx, definition) === 0) return 0
  return (1 - ctx.scenario.hardTail.escalationShare) * productionFrontierCallUSD(ctx, definition.withRetrieval)
}

/** Months between retrainings of a strategy's model; 0 when it never retrains. */
export function retrainEveryMonthsOf(ctx: PricingContext, definition: StrategyDefinition): number {
  return definition.smallModel ? ctx.scenario.adaptation.retrainEveryMonths : 0
}

function driftOf(ctx: PricingContext, definition: StrategyDefinition): EscalationDrift | null {
  const usdPerMonthOfAge = escalationDriftUSDPerMonthOfAge(ctx, definition)
  if (usdPerMonthOfAge === 0) return null
  const call = productionFrontierCallUSD(ctx, definition.withRetrieval)
  return {
    usdPerMonthOfAge,
    capUSD: escalationDriftCapUSD(ctx, definition),
    formula: `${formatPercent(ctx.scenario.hardTail.escalationDriftPerMonth, 2)} more escalated per month since training x ${formatUSD(call)} frontier call = ${formatUSD(usdPerMonthOfAge)} per request per month, at most ${formatPercent(1 - ctx.scenario.hardTail.escalationShare, 2)} x ${formatUSD(call)}`,
  }
}

/**
 * Evaluates a strategy for the decision engine and reports: every part with its USD and formula,
 * GPU hosting, retraining and drift.
 *
 * @example
 * const review = { name: 'human review', kind: 'perRequest', frontierPriced: false, usd: () => 0.002 * 0.4, formula: (_ctx, usd) => `0.2 % x $0.40 = $${usd}` }
 * const setup = { name: 'setup people', kind: 'oneTime', frontierPriced: false, usd: () => 0.5 * 15_000, formula: () => '0.5 person-months x $15,000' }
 * const definition = { id: 'prompt', label: 'prompt', withRetrieval: false, smallModel: false, parts: [review, setup] }
 * const cost = evaluateStrategy(definition, pricingContext(defaultScenario()))
 * cost.perRequest // => [{ name: 'human review', usd: 0.0008, formula: '0.2 % x $0.40 = $0.0008' }]
 * cost.oneTime.map((p) => p.usd) // => [7500]
 * const smallModelOnly = [cost.hosting, cost.retraining, cost.escalationDrift] // => [null, null, null] (no small model)
 */
export function evaluateStrategy(definition: StrategyDefinition, ctx: PricingContext): StrategyCost {
  const of = (kind: PartDefinition['kind']) => definition.parts.filter((p) => p.kind === kind).map((p) => evaluatePart(p, ctx))
  const every = retrainEveryMonthsOf(ctx, definition)
  const retrainingParts = of('retraining')
  return {
    id: definition.id,
    label: definition.label,
    perRequest: of('perRequest'),
    oneTime: of('oneTime'),
    monthlyFixed: of('monthly'),
    hosting: definition.smallModel ? gpuHosting(ctx, contextTokensOf(ctx, definition.withRetrieval)) : null,
    retraining: every > 0 && retrainingParts.length > 0 ? { everyMonths: every, parts: retrainingParts } : null,
    escalationDrift: driftOf(ctx, definition),
    quality: ctx.scenario.quality[definition.id],
  }
}
