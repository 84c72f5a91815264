// Item 5 of issue 8: every exported function of src/breakeven/ that takes numbers checks them at
// its entry and names the bad one in the scenario validator's words. For each: one bad value with
// the exact message, and a valid call whose value is worked out by hand beside it.
import { describe, expect, it } from 'vitest'
import { breakevenRequestsPerMonth, linearBreakeven, pairwiseBreakeven } from '../../src/breakeven/breakeven.js'
import {
  checkHorizon,
  checkVolumePath,
  frontierPriceFactor,
  horizonParts,
  horizonTotalUSD,
  isRetrainingMonth,
  modelAgeMonths,
  monthCost,
  monthlyDiscountRate,
  monthlyTimeline,
  partInMonthUSD,
  presentValueUSD,
  requestsInMonth,
  retrainingMonths,
} from '../../src/breakeven/horizon.js'
import { paybackMonths } from '../../src/breakeven/payback.js'
import { logSpace, volumeSweep } from '../../src/breakeven/sweep.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { makeCost } from '../helpers/costs.js'

const path = { firstMonthRequests: 100, monthlyGrowth: 0, horizonMonths: 3 }
const horizon = { monthlyGrowth: 0, horizonMonths: 10 }
// 500 once + 20 a month + $0.01 a request
const cost = makeCost({ oneTime: 500, fixed: 20, perRequest: 0.01 })

describe('checkVolumePath(path) and checkHorizon(horizon)', () => {
  it('throw InvalidArgumentError naming the field, the value and the schema rule', () => {
    expect(() => checkVolumePath({ ...path, monthlyGrowth: -1.5 })).toThrow(InvalidArgumentError)
    expect(() => checkVolumePath({ ...path, monthlyGrowth: -1.5 })).toThrow('invalid monthlyGrowth: -1.5 (must be > -1)')
    expect(() => checkVolumePath({ ...path, monthlyGrowth: 11 })).toThrow('invalid monthlyGrowth: 11 (must be <= 10)')
    expect(() => checkVolumePath({ ...path, firstMonthRequests: -1 })).toThrow('invalid firstMonthRequests: -1 (must be >= 0)')
    expect(() => checkVolumePath({ ...path, horizonMonths: 121 })).toThrow('invalid horizonMonths: 121 (must be <= 120)')
    expect(() => checkHorizon({ ...horizon, horizonMonths: 2.5 })).toThrow('invalid horizonMonths: 2.5 (must be integer)')
    expect(() => checkHorizon({ ...horizon, frontierPriceChangePerMonth: 0.6 })).toThrow('invalid frontierPriceChangePerMonth: 0.6 (must be <= 0.5)')
    expect(() => checkHorizon({ ...horizon, monthlyGrowth: Number.NaN })).toThrow('invalid monthlyGrowth: NaN (must be a finite number)')
  })
  it('accept the bounds themselves: growth 10, 1 and 120 months, price change -0.5, no requests', () => {
    expect(() => checkVolumePath({ firstMonthRequests: 0, monthlyGrowth: 10, horizonMonths: 120, frontierPriceChangePerMonth: -0.5 })).not.toThrow()
    expect(() => checkHorizon({ monthlyGrowth: -0.99, horizonMonths: 1 })).not.toThrow()
  })
})

describe('horizon.ts entries', () => {
  it('horizonTotalUSD(cost, path) rejects monthlyGrowth -1.5 (the issue\'s case) and keeps 500 + 3 x (20 + 100 x 0.01) = 563', () => {
    expect(() => horizonTotalUSD(cost, { ...path, monthlyGrowth: -1.5 })).toThrow('invalid monthlyGrowth: -1.5 (must be > -1)')
    expect(horizonTotalUSD(cost, path)).toBeCloseTo(563, 10)
  })
  it('horizonTotalUSD(cost, path) rejects a cost part that is not a number', () => {
    expect(() => horizonTotalUSD(makeCost({ oneTime: Number.NaN }), path)).toThrow('invalid oneTime[0].usd: NaN (must be a finite number)')
  })
  it('monthlyTimeline(cost, path) rejects 0 months and keeps the running total 500, 521, 542, 563', () => {
    expect(() => monthlyTimeline(cost, { ...path, horizonMonths: 0 })).toThrow('invalid horizonMonths: 0 (must be >= 1)')
    expect(monthlyTimeline(cost, path).map((m) => m.cumulativeUSD)).toEqual([500, 521, 542, 563])
  })
  it('monthCost(cost, path, month) rejects a month past the horizon and keeps month 2 at 20 + 100 x 0.01 = 21', () => {
    expect(() => monthCost(cost, path, 4)).toThrow('invalid month: 4 (must be <= 3)')
    expect(() => monthCost(cost, path, 0)).toThrow('invalid month: 0 (must be >= 1)')
    expect(monthCost(cost, path, 2).totalUSD).toBeCloseTo(21, 12)
  })
  it('horizonParts(cost, path) rejects a negative volume and keeps the parts 3, 500, 60', () => {
    expect(() => horizonParts(cost, { ...path, firstMonthRequests: -100 })).toThrow('invalid firstMonthRequests: -100 (must be >= 0)')
    expect(horizonParts(cost, path).map((p) => Math.round(p.usd * 1e9) / 1e9)).toEqual([3, 500, 60])
  })
  it('requestsInMonth(path, month) rejects month 0 and keeps 1,000 x 1.1^2 = 1,210 in month 3', () => {
    expect(() => requestsInMonth({ ...path, firstMonthRequests: 1000, monthlyGrowth: 0.1 }, 0)).toThrow('invalid month: 0 (must be >= 1)')
    expect(requestsInMonth({ ...path, firstMonthRequests: 1000, monthlyGrowth: 0.1 }, 3)).toBeCloseTo(1210, 9)
  })
  it('frontierPriceFactor(path, month) rejects a fractional month and keeps 0.9^2 = 0.81 in month 3', () => {
    const falling = { ...horizon, frontierPriceChangePerMonth: -0.1 }
    expect(() => frontierPriceFactor(falling, 1.5)).toThrow('invalid month: 1.5 (must be integer)')
    expect(frontierPriceFactor(falling, 3)).toBeCloseTo(0.81, 12)
  })
  it('modelAgeMonths(month, every) rejects a negative interval and keeps month 9 two months after the retraining of month 7', () => {
    expect(() => modelAgeMonths(9, -6)).toThrow('invalid retrainEveryMonths: -6 (must be >= 0)')
    expect(modelAgeMonths(9, 6)).toBe(2)
  })
  it('isRetrainingMonth(month, every) rejects a fractional interval and keeps month 7 a retraining month for every 6', () => {
    expect(() => isRetrainingMonth(7, 1.5)).toThrow('invalid everyMonths: 1.5 (must be integer)')
    expect(isRetrainingMonth(7, 6)).toBe(true)
  })
  it('retrainingMonths(every, horizonMonths) rejects 121 months and keeps 7, 13, 19 for every 6 over 24', () => {
    expect(() => retrainingMonths(6, 121)).toThrow('invalid horizonMonths: 121 (must be <= 120)')
    expect(retrainingMonths(6, 24)).toEqual([7, 13, 19])
  })
  it('partInMonthUSD(part, place, month) rejects a part that is not a number and keeps $0.01 x 100 requests = $1', () => {
    const month = monthCost(cost, path, 1)
    expect(() => partInMonthUSD({ name: 'x', usd: Number.POSITIVE_INFINITY, formula: '' }, 'per request', month)).toThrow(
      'invalid part.usd: Infinity (must be a finite number)',
    )
    expect(partInMonthUSD({ name: 'x', usd: 0.01, formula: '' }, 'per request', month)).toBeCloseTo(1, 12)
  })
  it('monthlyDiscountRate(annual) rejects a rate above 1 and keeps 1.1^(1/12) - 1 = 0.00797414', () => {
    expect(() => monthlyDiscountRate(1.5)).toThrow('invalid annualRate: 1.5 (must be <= 1)')
    expect(monthlyDiscountRate(0.1)).toBeCloseTo(0.00797414, 8)
  })
  it('presentValueUSD(timeline, rate) rejects a negative rate and a timeline entry that is not a number; keeps 100 + 110 / 1.1 = 200', () => {
    expect(() => presentValueUSD([{ month: 0, totalUSD: 100 }], -0.1)).toThrow('invalid annualDiscountRate: -0.1 (must be >= 0)')
    expect(() => presentValueUSD([{ month: 0, totalUSD: 100 }, { month: 1, totalUSD: Number.NaN }], 0.1)).toThrow(
      'invalid timeline[1].totalUSD: NaN (must be a finite number)',
    )
    expect(presentValueUSD([{ month: 0, totalUSD: 100 }, { month: 12, totalUSD: 110 }], 0.1)).toBeCloseTo(200, 9)
  })
})

describe('breakeven.ts, payback.ts and sweep.ts entries', () => {
  // 1000 once + $0.001 a request against $0.011 a request: 1000 / (10 months x $0.01) = 10,000 a month
  const adapted = makeCost({ oneTime: 1000, perRequest: 0.001 })
  const prompt = makeCost({ id: 'prompt', perRequest: 0.011 })
  it('linearBreakeven(a, b, horizon) rejects monthlyGrowth -1.5 and keeps 10,000', () => {
    expect(() => linearBreakeven(adapted, prompt, { ...horizon, monthlyGrowth: -1.5 })).toThrow('invalid monthlyGrowth: -1.5 (must be > -1)')
    expect(linearBreakeven(adapted, prompt, horizon)).toBeCloseTo(10_000, 6)
  })
  it('breakevenRequestsPerMonth(a, b, horizon) rejects 0 months and keeps 10,000', () => {
    expect(() => breakevenRequestsPerMonth(adapted, prompt, { ...horizon, horizonMonths: 0 })).toThrow('invalid horizonMonths: 0 (must be >= 1)')
    expect(breakevenRequestsPerMonth(adapted, prompt, horizon)).toBeCloseTo(10_000, 6)
  })
  it('breakevenRequestsPerMonth(a, b, horizon) rejects GPU hosting with no capacity, and keeps one $730 GPU against $0.002 a request at 365,000', () => {
    const gpu = makeCost({ hosting: { requestsPerGpuMonth: 1e6, gpuHourUSD: 1 } })
    const dear = makeCost({ id: 'prompt', perRequest: 0.002 })
    expect(() => breakevenRequestsPerMonth(makeCost({ hosting: { requestsPerGpuMonth: 0, gpuHourUSD: 1 } }), dear, horizon)).toThrow(
      'invalid hosting.requestsPerGpuMonth: 0 (must be > 0)',
    )
    expect(breakevenRequestsPerMonth(gpu, dear, horizon)).toBeCloseTo(365_000, 4)
  })
  it('pairwiseBreakeven(costs, horizon) rejects a fractional horizon and keeps distill -> prompt at 10,000', () => {
    expect(() => pairwiseBreakeven([adapted, prompt], { ...horizon, horizonMonths: 9.5 })).toThrow('invalid horizonMonths: 9.5 (must be integer)')
    expect(pairwiseBreakeven([adapted, prompt], horizon).distill?.prompt).toBeCloseTo(10_000, 6)
  })
  it('paybackMonths(strategy, baseline) rejects a cumulative cost that is not a number and keeps 950 / 100 = 9.5 months', () => {
    const flat = { firstMonthRequests: 10_000, monthlyGrowth: 0, horizonMonths: 12 }
    const strategy = monthlyTimeline(makeCost({ oneTime: 950, perRequest: 0.001 }), flat)
    const baseline = monthlyTimeline(prompt, flat)
    expect(() => paybackMonths([{ cumulativeUSD: 1 }, { cumulativeUSD: Number.NaN }], baseline)).toThrow(
      'invalid strategy[1].cumulativeUSD: NaN (must be a finite number)',
    )
    expect(paybackMonths(strategy, baseline)).toBeCloseTo(9.5, 9)
  })
  it('logSpace(from, to, points) rejects a reversed range, a zero start and one point; keeps 1, 10, 100', () => {
    expect(() => logSpace(100, 10, 3)).toThrow('invalid to: 10 (must be > 100)')
    expect(() => logSpace(0, 10, 3)).toThrow('invalid from: 0 (must be > 0)')
    expect(() => logSpace(1, 100, 1)).toThrow('invalid points: 1 (must be >= 2)')
    expect(logSpace(1, 100, 3).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1, 10, 100])
  })
  it('volumeSweep(costs, horizon, from, to, points) rejects monthlyGrowth -1.5 and keeps (1,000 + 10 x 1,000 x 0.001) / 10 = 101 a month at 1,000', () => {
    expect(() => volumeSweep([adapted], { ...horizon, monthlyGrowth: -1.5 }, 1e3, 1e5, 3)).toThrow('invalid monthlyGrowth: -1.5 (must be > -1)')
    expect(volumeSweep([adapted], horizon, 1e3, 1e5, 3).series[0]?.averageMonthlyUSD[0]).toBeCloseTo(101, 9)
  })
})
