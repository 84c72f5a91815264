// A cost part is defined once (src/costs/part.ts): the decision engine's evaluated cost and the
// simulation's coefficient fill both come from the same definition, so adding a part touches one
// place. This test adds two parts to a strategy and sees each arrive in both.
import { describe, expect, it } from 'vitest'
import { COEFF, COEFF_SIZE } from '../../kernel/sim/layout.js'
import { definePart } from '../../src/costs/part.js'
import { pricingContext } from '../../src/costs/pricing-context.js'
import { strategyDefinitions } from '../../src/costs/strategies.js'
import { evaluateStrategy } from '../../src/costs/strategy.js'
import { fixedMonthlyUSD, perRequestFrontierUSD } from '../../src/costs/strategy-cost.js'
import { compileCoefficientFill } from '../../src/sim/coefficients.js'
import { defaultScenario } from '../../src/scenario/validate.js'

describe('a new cost part, defined once', () => {
  const ctx = pricingContext(defaultScenario())
  const distill = strategyDefinitions(ctx)[3]!
  // A monthly compliance audit of $500, and a 2 % re-check of answers by the frontier model.
  const audit = definePart('compliance audit', 'monthly', () => 500, (_c, usd) => `$${usd}/month`)
  const recheck = definePart('frontier re-check', 'perRequest', (c) => 0.02 * c.calls.production, (_c, usd) => `2 % x frontier call = ${usd}`, true)
  const extended = { ...distill, parts: [...distill.parts, audit, recheck] }

  it('appears in the evaluated cost with its formula (decision engine)', () => {
    const before = evaluateStrategy(distill, ctx)
    const after = evaluateStrategy(extended, ctx)
    expect(fixedMonthlyUSD(after) - fixedMonthlyUSD(before)).toBeCloseTo(500, 9)
    // The default frontier call: 1,710 cached x $0.50 + 190 x $2 + 300 x $2 + 12 x $8 per MTok = $0.001931.
    expect(perRequestFrontierUSD(after) - perRequestFrontierUSD(before)).toBeCloseTo(0.02 * 0.001931, 15)
    expect(after.monthlyFixed.at(-1)).toEqual({ name: 'compliance audit', usd: 500, formula: '$500/month' })
  })

  it('appears in the simulation coefficients (coefficient fill)', () => {
    const before = new Float64Array(COEFF_SIZE)
    const after = new Float64Array(COEFF_SIZE)
    compileCoefficientFill([distill], ctx)(ctx, before)
    compileCoefficientFill([extended], ctx)(ctx, after)
    expect(after[COEFF.FIXED_MONTHLY_USD]! - before[COEFF.FIXED_MONTHLY_USD]!).toBeCloseTo(500, 9)
    expect(after[COEFF.PER_REQUEST_FRONTIER_USD]! - before[COEFF.PER_REQUEST_FRONTIER_USD]!).toBeCloseTo(0.02 * 0.001931, 15)
    for (const slot of [COEFF.ONE_TIME_USD, COEFF.PER_REQUEST_OTHER_USD, COEFF.RETRAIN_OTHER_USD, COEFF.RETRAIN_FRONTIER_USD]) {
      expect(after[slot]).toBe(before[slot])
    }
  })

  it('refuses a monthly part that would follow the frontier price trend: the simulation has no slot for it', () => {
    const trended = definePart('trended', 'monthly', () => 1, () => '', true)
    expect(() => compileCoefficientFill([{ ...distill, parts: [trended] }], ctx)).toThrow(/monthly part trended follows the frontier price trend/)
  })
})
