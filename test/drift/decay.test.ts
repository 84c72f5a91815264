import { describe, expect, it } from 'vitest'
import {
  agreementLossPerMonth,
  costAwareRetrainInterval,
  fitDecay,
  fitExponentialDecay,
  fitLinearDecay,
  fitStepDecay,
  type AgreementMonth,
} from '../../src/drift/index.js'
import { expectClose } from '../helpers/expect-close.js'

const MONTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const SIZES = [120, 80, 150, 100, 90, 130, 110, 70, 140, 100, 95, 105]
const generate = (curve: (t: number) => number, noise: readonly number[] = []): AgreementMonth[] =>
  MONTHS.map((month, i) => ({ month, agreement: curve(month) + (noise[i] ?? 0), n: SIZES[i]! }))
// a fixed, zero-mean wiggle of ±0.004 (no seed needed)
const WIGGLE = [0.004, -0.003, 0.002, -0.004, 0.003, -0.002, 0.004, -0.003, 0.001, -0.004, 0.003, -0.001]

describe('fitLinearDecay(months)', () => {
  it('recovers a and b from noiseless data', () => {
    const fit = fitLinearDecay(generate((t) => 0.95 - 0.012 * t))
    expectClose(fit.parameters.a!, 0.95, 1e-12)
    expectClose(fit.parameters.b!, 0.012, 1e-10)
    expect(fit.standardErrors.b).toBeLessThan(1e-9)
  })

  it('matches numpy weighted least squares and its standard errors', () => {
    // numpy 1.24.2: X = [1, -t]; W = diag(n); beta = solve(X'WX, X'Wy); r = y - X beta;
    // s2 = (n r²).sum() / (6 - 2); se = sqrt(diag(s2 inv(X'WX)))
    const rows = [0.95, 0.945, 0.93, 0.921, 0.915, 0.9].map((agreement, month) => ({ month, agreement, n: [100, 120, 80, 150, 90, 110][month]! }))
    const fit = fitLinearDecay(rows)
    expectClose(fit.parameters.a!, 0.9520895273091697, 1e-12)
    expectClose(fit.parameters.b!, 0.010096458994488015, 1e-10)
    expectClose(fit.standardErrors.a!, 0.0019886465093449726, 1e-8)
    expectClose(fit.standardErrors.b!, 0.0006556373383743838, 1e-8)
    expectClose(fit.weightedRss, 0.003167475363287087, 1e-8)
  })
})

describe('fitExponentialDecay(months)', () => {
  it('recovers a and k from noiseless data', () => {
    const fit = fitExponentialDecay(generate((t) => 0.93 * Math.exp(-0.04 * t)))
    expectClose(fit.parameters.a!, 0.93, 1e-9)
    expectClose(fit.parameters.k!, 0.04, 1e-8)
  })

  it('refuses a month with agreement 0', () => {
    expect(() => fitExponentialDecay(generate((t) => (t === 3 ? 0 : 0.9)))).toThrow('must be > 0 in every month for the exponential model')
  })
})

describe('fitStepDecay(months)', () => {
  it('recovers before, after and the change month from noiseless data', () => {
    const fit = fitStepDecay(generate((t) => (t < 7 ? 0.92 : 0.85)))
    expect(fit.changeMonth).toBe(7)
    expectClose(fit.parameters.before!, 0.92, 1e-12)
    expectClose(fit.parameters.after!, 0.85, 1e-12)
  })

  it('gives before and after the standard errors of weighted means', () => {
    const rows = generate((t) => (t < 7 ? 0.92 : 0.85), WIGGLE)
    const fit = fitStepDecay(rows)
    // σ̂² = Σ n r² / (12 - 2); SE(before) = sqrt(σ̂² / Σ n over months 0..6)
    const before = rows.slice(0, 7)
    const after = rows.slice(7)
    const mean = (rs: AgreementMonth[]) => rs.reduce((s, r) => s + r.n * r.agreement, 0) / rs.reduce((s, r) => s + r.n, 0)
    const rss = [...before.map((r) => r.n * (r.agreement - mean(before)) ** 2), ...after.map((r) => r.n * (r.agreement - mean(after)) ** 2)].reduce((s, v) => s + v, 0)
    expectClose(fit.weightedRss, rss, 1e-10)
    expectClose(fit.standardErrors.before!, Math.sqrt(rss / 10 / before.reduce((s, r) => s + r.n, 0)), 1e-10)
  })
})

describe('fitDecay(months) chooses by AICc', () => {
  const cases: [string, (t: number) => number][] = [
    ['linear', (t) => 0.95 - 0.012 * t],
    ['exponential', (t) => 0.95 * Math.exp(-0.06 * t)],
    ['step', (t) => (t < 5 ? 0.93 : 0.86)],
  ]
  it.each(cases)('picks %s on noiseless data generated from it', (model, curve) => {
    const choice = fitDecay(generate(curve))
    expect(choice.chosen.model).toBe(model)
    expect(choice.criterion).toMatch(/^smallest AICc: linear .*, exponential .*, step /)
  })

  it.each(cases)('picks %s on data generated from it with a ±0.004 wiggle', (model, curve) => {
    const choice = fitDecay(generate(curve, WIGGLE))
    expect(choice.chosen.model).toBe(model)
    const weights = Object.values(choice.akaikeWeights)
    expectClose(weights.reduce((s, v) => s + v, 0), 1, 1e-12)
  })

  it('falls back to linear, and says so, with fewer than 5 months', () => {
    const choice = fitDecay(generate((t) => 0.9 - 0.01 * t).slice(0, 4))
    expect(choice.chosen.model).toBe('linear')
    expect(choice.criterion).toBe('linear by default: 4 months are too few for AICc (linear and exponential need 5, step 6)')
  })

  it('rejects fewer than 3 months and duplicate months', () => {
    expect(() => fitDecay(generate((t) => 0.9).slice(0, 2))).toThrow('invalid months:')
    expect(() => fitDecay([{ month: 0, agreement: 0.9, n: 1 }, { month: 0, agreement: 0.9, n: 1 }, { month: 1, agreement: 0.9, n: 1 }])).toThrow('distinct finite months')
  })
})

describe('agreementLossPerMonth(fit, confidence)', () => {
  it('is b with its standard error for the linear model', () => {
    const fit = fitLinearDecay(generate((t) => 0.95 - 0.012 * t, WIGGLE))
    const loss = agreementLossPerMonth(fit)
    expect(loss.perMonth).toBeCloseTo(fit.parameters.b!, 15)
    expectClose(loss.standardError, fit.standardErrors.b!, 1e-9)
    expectClose(loss.upper - loss.perMonth, 1.959963984540054 * loss.standardError, 1e-12)
  })

  it('is the chord of the exponential curve over the span', () => {
    const fit = fitExponentialDecay(generate((t) => 0.95 * Math.exp(-0.06 * t)))
    // (0.95 - 0.95 e^{-0.66}) / 11 = 0.95 (1 - 0.516851334) / 11 = 0.041726021
    expectClose(agreementLossPerMonth(fit).perMonth, (0.95 * (1 - Math.exp(-0.66))) / 11, 1e-8)
  })

  it('spreads the step over the span, with the delta-method standard error', () => {
    const fit = fitStepDecay(generate((t) => (t < 5 ? 0.93 : 0.86), WIGGLE))
    const loss = agreementLossPerMonth(fit)
    expectClose(loss.perMonth, (fit.parameters.before! - fit.parameters.after!) / 11, 1e-12)
    // before and after are uncorrelated (disjoint months): SE = sqrt(SE_b² + SE_a²) / 11
    expectClose(loss.standardError, Math.hypot(fit.standardErrors.before!, fit.standardErrors.after!) / 11, 1e-9)
  })
})

describe('costAwareRetrainInterval(decayPerMonth, retrainCostUSD, costPerPointPerMonthUSD)', () => {
  it('is where accumulated staleness cost V d T² / 2 equals C, and minimises cost per month', () => {
    const d = 0.8
    const c = 1500
    const v = 120
    const { months, costPerMonthUSD } = costAwareRetrainInterval(d, c, v)
    // V d T² / 2 = C
    expectClose((v * d * months * months) / 2, c, 1e-12)
    // the average cost per month (C + V d T² / 2) / T is smallest at T*
    const average = (t: number) => (c + (v * d * t * t) / 2) / t
    expectClose(average(months), costPerMonthUSD, 1e-12)
    expect(average(months * 1.01)).toBeGreaterThan(costPerMonthUSD)
    expect(average(months * 0.99)).toBeGreaterThan(costPerMonthUSD)
  })

  it('agrees with summing staleness month by month in small steps (a simulation of linear decay)', () => {
    // step through time at 1/1000 month until the accumulated staleness cost reaches C
    const d = 0.5
    const c = 400
    const v = 100
    let accumulated = 0
    let t = 0
    const dt = 1e-3
    while (accumulated < c) {
      accumulated += v * d * (t + dt / 2) * dt
      t += dt
    }
    expectClose(t, costAwareRetrainInterval(d, c, v).months, { abs: 2e-3 })
  })

  it('rejects a retraining cost of 0 and negative rates', () => {
    expect(() => costAwareRetrainInterval(-1, 1, 1)).toThrow('invalid decayPerMonth: -1 (must be >= 0)')
    expect(() => costAwareRetrainInterval(1, 1, -1)).toThrow('invalid costPerPointPerMonthUSD: -1 (must be >= 0)')
  })
})
