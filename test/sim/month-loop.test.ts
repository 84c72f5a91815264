import { describe, expect, it } from 'vitest'
import { COEFF, COEFF_SIZE, GLOBAL, GLOBAL_SIZE } from '../../kernel/sim/layout.js'
import { createDrawBuffers, runMonthLoop } from '../../kernel/sim/month-loop.js'

/** A coefficient block from named values (the rest 0). */
function block(values: Partial<Record<keyof typeof COEFF, number>>): number[] {
  const out = new Array<number>(COEFF_SIZE).fill(0)
  for (const [name, value] of Object.entries(values)) out[COEFF[name as keyof typeof COEFF]] = value as number
  return out
}

function globalsOf(first: number, growth: number, priceChange: number, annualRate: number): Float64Array {
  const g = new Float64Array(GLOBAL_SIZE)
  g[GLOBAL.FIRST_MONTH_REQUESTS] = first
  g[GLOBAL.MONTHLY_GROWTH] = growth
  g[GLOBAL.PRICE_CHANGE] = priceChange
  g[GLOBAL.ANNUAL_DISCOUNT_RATE] = annualRate
  return g
}

// Three months, 1,000 requests growing 10 % a month, frontier prices halving every month.
const globals = globalsOf(1000, 0.1, -0.5, 0)
const coeffs = Float64Array.from([
  // 0: prompting: $0.01 of frontier tokens a request, $10 a month
  ...block({ FIXED_MONTHLY_USD: 10, PER_REQUEST_FRONTIER_USD: 0.01 }),
  // 1: self-hosted, retrained every 2 months, escalation drifting up
  ...block({
    ONE_TIME_USD: 20,
    FIXED_MONTHLY_USD: 5,
    PER_REQUEST_OTHER_USD: 0.001,
    PER_REQUEST_FRONTIER_USD: 0.001,
    ESCALATION_DRIFT_USD: 0.0005,
    ESCALATION_DRIFT_CAP_USD: 0.0008,
    RETRAIN_OTHER_USD: 3,
    RETRAIN_FRONTIER_USD: 4,
    REQUESTS_PER_GPU_MONTH: 1000,
    GPU_MONTH_USD: 2,
    MIN_REPLICAS: 1,
    RETRAIN_EVERY: 2,
  }),
  // 2: never retrained, so its drift reaches the cap
  ...block({ ONE_TIME_USD: 10, PER_REQUEST_FRONTIER_USD: 0.002, ESCALATION_DRIFT_USD: 0.0005, ESCALATION_DRIFT_CAP_USD: 0.0008 }),
])

describe('runMonthLoop(globals, coeffs, out)', () => {
  const out = createDrawBuffers(3, 3)
  runMonthLoop(globals, coeffs, out)
  const row = (s: number) => Array.from(out.cumulativeUSD.subarray(s * 4, s * 4 + 4))

  it('prompting: volume x price-trended frontier cost + fixed, month by month (arithmetic in the comments)', () => {
    // m1: 1000 x 0.01 + 10 = 20; m2: 1100 x (0.5 x 0.01) + 10 = 15.5; m3: 1210 x (0.25 x 0.01) + 10 = 13.025
    const expected = [0, 20, 35.5, 48.525]
    row(0).forEach((v, m) => expect(v).toBeCloseTo(expected[m] as number, 12))
    expect(out.paybackMonths[0]).toBeNaN()
  })

  it('self-hosted: drift by model age, GPU steps, retraining in month R + 1 resets the age', () => {
    // m1 (age 0): 1000 x (0.001 + 1 x 0.001) = 2; GPUs ceil(1.0) = 1 -> $2; + 5 fixed = 9
    // m2 (age 1): 1100 x (0.001 + 0.5 x (0.001 + 0.0005)) = 1.925; GPUs ceil(1.1) = 2 -> $4; + 5 = 10.925
    // m3 (retraining, age 0): 1210 x (0.001 + 0.25 x 0.001) = 1.5125; $4 GPUs; 5; retraining 3 + 0.25 x 4 = 4 -> 14.5125
    const expected = [20, 29, 39.925, 54.4375]
    row(1).forEach((v, m) => expect(v).toBeCloseTo(expected[m] as number, 12))
    // Savings: -20, -9, -4.425, -5.9125: never >= 0.
    expect(out.paybackMonths[1]).toBe(Infinity)
  })

  it('drift stops at its cap; payback interpolates within the month', () => {
    // m1: 1000 x 0.002 = 2; m2 (age 1): 1100 x 0.5 x 0.0025 = 1.375; m3 (age 2, drift 0.001 capped at 0.0008): 1210 x 0.25 x 0.0028 = 0.847
    const expected = [10, 12, 13.375, 14.222]
    row(2).forEach((v, m) => expect(v).toBeCloseTo(expected[m] as number, 12))
    // Savings: S(0) = 0 - 10 = -10, S(1) = 20 - 12 = 8 -> payback 0 + 10 / (8 + 10)
    expect(out.paybackMonths[2]).toBeCloseTo(10 / 18, 14)
    expect(Array.from(out.horizonTotalUSD)).toEqual([row(0)[3], row(1)[3], row(2)[3]])
  })

  it('present value discounts month m by (1 + r)^m with r the monthly equivalent of the annual rate', () => {
    const discounted = createDrawBuffers(3, 3)
    runMonthLoop(globalsOf(1000, 0.1, -0.5, 0.1), coeffs, discounted)
    const r = Math.pow(1.1, 1 / 12) - 1
    for (let s = 0; s < 3; s++) {
      const c = row(s)
      let pv = c[0] as number
      for (let m = 1; m <= 3; m++) pv += ((c[m] as number) - (c[m - 1] as number)) / Math.pow(1 + r, m)
      expect(discounted.presentValueUSD[s]).toBeCloseTo(pv, 10)
    }
    expect(out.presentValueUSD[0]).toBeCloseTo(48.525, 12)
  })

  it('pays back at 0 when the strategy costs no more from month 0, and reuses the buffers draw after draw', () => {
    const cheap = Float64Array.from([...block({ ONE_TIME_USD: 5, FIXED_MONTHLY_USD: 1 }), ...block({ ONE_TIME_USD: 5 })])
    const buffers = createDrawBuffers(2, 3)
    runMonthLoop(globalsOf(10, 0, 0, 0), cheap, buffers)
    expect(buffers.paybackMonths[1]).toBe(0)
    runMonthLoop(globalsOf(10, 0, 0, 0), Float64Array.from([...block({}), ...block({ ONE_TIME_USD: 1 })]), buffers)
    expect(buffers.paybackMonths[1]).toBe(Infinity)
    expect(Array.from(buffers.cumulativeUSD)).toEqual([0, 0, 0, 0, 1, 1, 1, 1])
  })

  it('createDrawBuffers rejects a horizon below one month', () => {
    expect(() => createDrawBuffers(2, 0)).toThrow('invalid horizonMonths: 0 (must be an integer >= 1)')
  })
})
