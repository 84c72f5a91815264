import { describe, expect, it } from 'vitest'
import {
  horizonParts,
  horizonTotalUSD,
  monthlyDiscountRate,
  monthlyTimeline,
  presentValueUSD,
  requestsInMonth,
  retrainingMonths,
} from '../../src/breakeven/horizon.js'
import { paybackMonths } from '../../src/breakeven/payback.js'
import { makeCost } from '../helpers/costs.js'

describe('requestsInMonth(path, m)', () => {
  it('compounds monthly growth: 1,000 at 10 % is 1,210 in month 3', () => {
    expect(requestsInMonth({ firstMonthRequests: 1000, monthlyGrowth: 0.1, horizonMonths: 12 }, 3)).toBeCloseTo(1210, 9)
  })
  it("the timeline's requests add up to 1 + 1.1 + 1.21 = 3.31 first months; 1 + 0.5 with -50 %", () => {
    const requests = (monthlyGrowth: number, horizonMonths: number) =>
      monthlyTimeline(makeCost({}), { firstMonthRequests: 1, monthlyGrowth, horizonMonths }).reduce((sum, m) => sum + m.requests, 0)
    expect(requests(0.1, 3)).toBeCloseTo(3.31, 12)
    expect(requests(0, 24)).toBe(24)
    expect(requests(-0.5, 2)).toBeCloseTo(1.5, 12)
  })
})

describe('retrainingMonths(every, H)', () => {
  it('retrains after every N months of service', () => {
    expect(retrainingMonths(6, 24)).toEqual([7, 13, 19])
    expect(retrainingMonths(6, 25)).toEqual([7, 13, 19, 25])
    expect(retrainingMonths(0, 24)).toEqual([])
    expect(retrainingMonths(30, 24)).toEqual([])
  })
})

describe('horizonTotalUSD(cost, path)', () => {
  it('adds one-time, per-request x requests, fixed x months and retraining events', () => {
    // 500 + 0.01 x (100 + 110 + 121 + 133.1) + 4 x 20 + 1 event (month 3) x 40 = 500 + 4.641 + 80 + 40
    const cost = makeCost({ oneTime: 500, perRequest: 0.01, fixed: 20, retrainEvery: 2, retrainUSD: 40 })
    const path = { firstMonthRequests: 100, monthlyGrowth: 0.1, horizonMonths: 4 }
    expect(horizonTotalUSD(cost, path)).toBeCloseTo(624.641, 9)
    expect(monthlyTimeline(cost, path).at(-1)?.cumulativeUSD).toBeCloseTo(624.641, 9)
  })
  it('steps GPU hosting month by month: 1.5M then 2.25M requests on 1M-request GPUs', () => {
    // month 1: ceil(1.5) = 2 GPUs, month 2: ceil(2.25) = 3 GPUs; $1/h x 730 h each
    const cost = makeCost({ hosting: { requestsPerGpuMonth: 1e6, gpuHourUSD: 1 } })
    const path = { firstMonthRequests: 1.5e6, monthlyGrowth: 0.5, horizonMonths: 2 }
    expect(horizonTotalUSD(cost, path)).toBeCloseTo(5 * 730, 9)
    expect(monthlyTimeline(cost, path).map((m) => m.gpus)).toEqual([0, 2, 3])
  })
  it('splits into parts that add up to the total', () => {
    const cost = makeCost({ oneTime: 500, perRequest: 0.01, fixed: 20, retrainEvery: 2, retrainUSD: 40, hosting: { requestsPerGpuMonth: 1e6, gpuHourUSD: 1 } })
    const path = { firstMonthRequests: 1.5e6, monthlyGrowth: 0.5, horizonMonths: 4 }
    const sum = horizonParts(cost, path).reduce((s, p) => s + p.usd, 0)
    expect(sum).toBeCloseTo(horizonTotalUSD(cost, path), 6)
  })
})

describe('presentValueUSD(timeline, rate)', () => {
  it('discounts month m by (1 + r)^m with r = 1.1^(1/12) - 1', () => {
    expect(monthlyDiscountRate(0.1)).toBeCloseTo(0.00797414042890376, 15)
    // 12 months of $100 and $1,000 up front at 10 % a year
    const cost = makeCost({ oneTime: 1000, fixed: 100 })
    const timeline = monthlyTimeline(cost, { firstMonthRequests: 1, monthlyGrowth: 0, horizonMonths: 12 })
    const r = Math.pow(1.1, 1 / 12) - 1
    let expected = 1000
    for (let m = 1; m <= 12; m++) expected += 100 / Math.pow(1 + r, m)
    expect(presentValueUSD(timeline, 0.1)).toBeCloseTo(expected, 9)
    expect(presentValueUSD(timeline, 0)).toBeCloseTo(2200, 9)
  })
})

describe('paybackMonths(strategy, baseline)', () => {
  const path = { firstMonthRequests: 1, monthlyGrowth: 0, horizonMonths: 6 }
  it('is 2.0 when $100 up front saves $50 a month', () => {
    const strategy = monthlyTimeline(makeCost({ oneTime: 100, fixed: 10 }), path)
    const baseline = monthlyTimeline(makeCost({ fixed: 60 }), path)
    expect(paybackMonths(strategy, baseline)).toBeCloseTo(2, 12)
  })
  it('interpolates within the month: savings -100, -40, +20 give 1 + 40/60', () => {
    const strategy = monthlyTimeline(makeCost({ oneTime: 100, fixed: 10 }), path)
    const baseline = monthlyTimeline(makeCost({ fixed: 70 }), path)
    expect(paybackMonths(strategy, baseline)).toBeCloseTo(1 + 40 / 60, 12)
  })
  it('is 0 when nothing is spent up front and months are cheaper, null when never repaid', () => {
    expect(paybackMonths(monthlyTimeline(makeCost({ fixed: 1 }), path), monthlyTimeline(makeCost({ fixed: 2 }), path))).toBe(0)
    expect(paybackMonths(monthlyTimeline(makeCost({ oneTime: 1000, fixed: 1 }), path), monthlyTimeline(makeCost({ fixed: 2 }), path))).toBeNull()
  })
})

describe('frontier price trend and escalation drift', () => {
  it('modelAgeMonths counts months since the last training', async () => {
    const { modelAgeMonths } = await import('../../src/breakeven/horizon.js')
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((m) => modelAgeMonths(m, 3))).toEqual([0, 1, 2, 0, 1, 2, 0, 1])
    expect([1, 2, 3].map((m) => modelAgeMonths(m, 0))).toEqual([0, 1, 2])
  })
  it('scales frontier-priced parts by (1 + change)^(m - 1): 1,000 x (3 x 0.001 + 0.01 x (1 + 0.9 + 0.81))', () => {
    const cost = makeCost({ perRequest: 0.001, perRequestFrontier: 0.01 })
    const path = { firstMonthRequests: 1000, monthlyGrowth: 0, horizonMonths: 3, frontierPriceChangePerMonth: -0.1 }
    expect(horizonTotalUSD(cost, path)).toBeCloseTo(3 + 27.1, 10)
    expect(monthlyTimeline(cost, path).at(-1)?.cumulativeUSD).toBeCloseTo(30.1, 10)
  })
  it('grows escalation with the model age, reset by retraining: ages 0,1,0,1,0 add 2 x $0.001 x 1,000', () => {
    const drift = { usdPerMonthOfAge: 0.001, capUSD: 0.0025 }
    const path = { firstMonthRequests: 1000, monthlyGrowth: 0, horizonMonths: 5 }
    expect(horizonTotalUSD(makeCost({ drift, retrainEvery: 2 }), path)).toBeCloseTo(2, 10)
    // never retrained: ages 0..4 add 0 + 0.001 + 0.002 + 0.0025 (cap) + 0.0025 (cap) = 0.008, x 1,000
    expect(horizonTotalUSD(makeCost({ drift }), path)).toBeCloseTo(8, 10)
    const parts = horizonParts(makeCost({ drift }), path)
    expect(parts.find((p) => p.name === "escalation drift")?.usd).toBeCloseTo(8, 10)
  })
  it('prices retraining at its month: frontier parts of a month-3 event at 0.9^2', () => {
    const cost = makeCost({ retrainEvery: 2 })
    cost.retraining = { everyMonths: 2, parts: [{ name: 'teacher', usd: 100, formula: '', frontierPriced: true }, { name: 'gpu', usd: 10, formula: '' }] }
    const path = { firstMonthRequests: 1, monthlyGrowth: 0, horizonMonths: 3, frontierPriceChangePerMonth: -0.1 }
    expect(horizonTotalUSD(cost, path)).toBeCloseTo(100 * 0.81 + 10, 10)
  })
})
