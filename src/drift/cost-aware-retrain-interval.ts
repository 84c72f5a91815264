/**
 * The retraining cadence at which linear decay's accumulated staleness cost equals the cost of
 * retraining.
 *
 * Derivation. After a retrain, agreement falls by d points a month, so t months later it is d·t
 * points short, which costs V·d·t USD that month (V: USD per point of agreement per month, say
 * the escalations or errors one point causes). Over a cycle of T months the staleness cost
 * accumulates to ∫₀ᵀ V d t dt = V d T² / 2. The cost-aware trigger retrains when that reaches
 * the retraining cost C: V d T² / 2 = C, so T* = sqrt(2 C / (d V)). The same T* minimises the
 * average cost per month over a cycle, (C + V d T² / 2) / T (its derivative -C / T² + V d / 2 is
 * 0 there), where it equals sqrt(2 C d V): half retraining (C / T*), half staleness (V d T* / 2).
 * It is the economic order quantity's square-root law (F. W. Harris, "How many parts to make at
 * once", Factory 10 (1913) 135-136) with staleness in place of holding cost.
 */
import { checkNumber } from '../scenario/check-number.js'

/** The cadence, its cost per month and the arithmetic. */
export interface RetrainInterval {
  /** T* = sqrt(2 C / (d V)), months between retrains; Infinity when d V = 0 (never worth it). */
  months: number
  /** sqrt(2 C d V), USD per month: retraining C / T* plus staleness V d T* / 2. */
  costPerMonthUSD: number
  /** The arithmetic with the numbers. */
  formula: string
}

/**
 * The cost-aware retraining interval for linear decay, T* = sqrt(2 C / (d V)) (derivation in the
 * module comment), and the cost per month it gives, sqrt(2 C d V). O(1).
 *
 * @param decayPerMonth d, agreement points lost per month, >= 0 (in the unit V prices: points or a fraction)
 * @param retrainCostUSD C, USD per retrain, > 0
 * @param costPerPointPerMonthUSD V, USD a month per point of agreement lost, >= 0
 * @throws {InvalidArgumentError} `invalid retrainCostUSD: 0 (must be > 0)`, a negative d or V
 * @example
 * costAwareRetrainInterval(0.5, 400, 100) // => { months: 4, costPerMonthUSD: 200 }
 * // sqrt(2 · 400 / (0.5 · 100)) = sqrt(16) = 4 months; sqrt(2 · 400 · 0.5 · 100) = 200 USD/month
 * costAwareRetrainInterval(0, 400, 100).months // => Infinity
 * costAwareRetrainInterval(0.5, 0, 100) // throws invalid retrainCostUSD: 0 (must be > 0)
 */
export function costAwareRetrainInterval(decayPerMonth: number, retrainCostUSD: number, costPerPointPerMonthUSD: number): RetrainInterval {
  const d = checkNumber('decayPerMonth', decayPerMonth, { min: 0 })
  const c = checkNumber('retrainCostUSD', retrainCostUSD, { exclusiveMin: 0 })
  const v = checkNumber('costPerPointPerMonthUSD', costPerPointPerMonthUSD, { min: 0 })
  const months = d * v === 0 ? Number.POSITIVE_INFINITY : Math.sqrt((2 * c) / (d * v))
  const costPerMonthUSD = Math.sqrt(2 * c * d * v)
  return { months, costPerMonthUSD, formula: `sqrt(2 * ${c} / (${d} * ${v})) months; sqrt(2 * ${c} * ${d} * ${v}) USD/month` }
}
