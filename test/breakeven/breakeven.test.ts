import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { breakevenRequestsPerMonth, linearBreakeven, pairwiseBreakeven } from '../../src/breakeven/breakeven.js'
import { horizonTotalUSD, monthCost } from '../../src/breakeven/horizon.js'
import { strategyCosts } from '../../src/costs/strategies.js'
import type { StrategyCost } from '../../src/costs/strategy-cost.js'
import { validateScenario } from '../../src/scenario/validate.js'
import { makeCost } from '../helpers/costs.js'
import { defaultRaw } from '../helpers/scenario.js'
import { expectClose } from '../helpers/expect-close.js'

const flat = { monthlyGrowth: 0, horizonMonths: 10 }

describe('linearBreakeven(a, b, horizon)', () => {
  it('solves A_a + v G c_a = A_b + v G c_b by hand: v = 100,000', () => {
    // a: 1,000 once + 100/month x 10 = 2,000 fixed, $0.001 a request; b: $0.003 a request
    // 2,000 = v x 10 x (0.003 - 0.001)  ->  v = 100,000
    const a = makeCost({ oneTime: 1000, fixed: 100, perRequest: 0.001 })
    const b = makeCost({ id: 'prompt', perRequest: 0.003 })
    expect(linearBreakeven(a, b, flat)).toBeCloseTo(100_000, 6)
  })
  it('divides by the growth sum: 3 months at 10 % gives G = 3.31', () => {
    const a = makeCost({ oneTime: 331, perRequest: 0 })
    const b = makeCost({ id: 'prompt', perRequest: 0.001 })
    expect(linearBreakeven(a, b, { monthlyGrowth: 0.1, horizonMonths: 3 })).toBeCloseTo(100_000, 6)
  })
  it('is 0 when a is never dearer and null when a never gets cheaper', () => {
    expect(linearBreakeven(makeCost({ perRequest: 1 }), makeCost({ perRequest: 2, oneTime: 5 }), flat)).toBe(0)
    expect(linearBreakeven(makeCost({ perRequest: 2 }), makeCost({ perRequest: 1 }), flat)).toBeNull()
    // cheaper only at low volume: no breakeven
    expect(linearBreakeven(makeCost({ perRequest: 2 }), makeCost({ perRequest: 1, oneTime: 50 }), flat)).toBeNull()
  })
})

describe('breakevenRequestsPerMonth(a, b, horizon) with GPU steps', () => {
  const oneMonth = { monthlyGrowth: 0, horizonMonths: 1 }
  it('finds where one $730 GPU-month equals $0.002 a request: 365,000 requests', () => {
    // a: ceil(v / 1M) GPUs x $1/h x 730 h; b: 0.002 v. Below 1M: 730 = 0.002 v -> v = 365,000
    const a = makeCost({ hosting: { requestsPerGpuMonth: 1e6, gpuHourUSD: 1 } })
    const b = makeCost({ id: 'prompt', perRequest: 0.002 })
    expect(breakevenRequestsPerMonth(a, b, oneMonth)).toBeCloseTo(365_000, 3)
  })
  it('is null when every GPU costs more than the requests it serves', () => {
    // $3/h x 730 = $2,190 per 1M requests = $0.00219 a request > $0.002
    const a = makeCost({ hosting: { requestsPerGpuMonth: 1e6, gpuHourUSD: 3 } })
    expect(breakevenRequestsPerMonth(a, makeCost({ id: 'prompt', perRequest: 0.002 }), oneMonth)).toBeNull()
  })
  it('agrees with the closed form when capacity never binds (min replicas cover 1e12)', () => {
    const a = makeCost({ oneTime: 5000, perRequest: 0.0005, hosting: { requestsPerGpuMonth: 1e13, gpuHourUSD: 1, minReplicas: 2 } })
    const aLinear = makeCost({ oneTime: 5000, perRequest: 0.0005, fixed: 2 * 730 })
    const b = makeCost({ id: 'prompt', perRequest: 0.002, fixed: 100 })
    const horizon = { monthlyGrowth: 0.03, horizonMonths: 24 }
    const stepped = breakevenRequestsPerMonth(a, b, horizon) as number
    expect(stepped / (linearBreakeven(aLinear, b, horizon) as number)).toBeCloseTo(1, 10)
  })
})

// Random linear and stepped costs for the laws below.
const costArb = fc.record({
  perRequest: fc.double({ min: 0, max: 0.01, noNaN: true }),
  perRequestFrontier: fc.double({ min: 0, max: 0.005, noNaN: true }),
  driftPerMonth: fc.double({ min: 0, max: 0.0005, noNaN: true }),
  oneTime: fc.double({ min: 0, max: 1e6, noNaN: true }),
  fixed: fc.double({ min: 0, max: 1e5, noNaN: true }),
  retrainEvery: fc.integer({ min: 0, max: 12 }),
  retrainUSD: fc.double({ min: 0, max: 1e5, noNaN: true }),
  stepped: fc.boolean(),
  requestsPerGpuMonth: fc.double({ min: 1e5, max: 1e8, noNaN: true }),
  gpuHourUSD: fc.double({ min: 0.1, max: 10, noNaN: true }),
  minReplicas: fc.integer({ min: 1, max: 4 }),
})
type CostSpec = typeof costArb extends fc.Arbitrary<infer T> ? T : never
const toCost = (c: CostSpec, id: StrategyCost['id'] = 'distill'): StrategyCost =>
  makeCost({
    id,
    perRequest: c.perRequest,
    perRequestFrontier: c.perRequestFrontier,
    ...(c.driftPerMonth > 0 ? { drift: { usdPerMonthOfAge: c.driftPerMonth, capUSD: 20 * c.driftPerMonth } } : {}),
    oneTime: c.oneTime,
    fixed: c.fixed,
    retrainEvery: c.retrainEvery,
    retrainUSD: c.retrainUSD,
    ...(c.stepped ? { hosting: { requestsPerGpuMonth: c.requestsPerGpuMonth, gpuHourUSD: c.gpuHourUSD, minReplicas: c.minReplicas } } : {}),
  })
const horizonArb = fc.record({
  monthlyGrowth: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
  horizonMonths: fc.integer({ min: 1, max: 60 }),
  frontierPriceChangePerMonth: fc.double({ min: -0.1, max: 0.05, noNaN: true }),
})
const baselineArb = fc.record({ perRequest: fc.double({ min: 1e-4, max: 0.05, noNaN: true }), fixed: fc.double({ min: 0, max: 1e4, noNaN: true }) })

describe('laws of the cost model (fast-check)', () => {
  it('costs never fall as volume grows', () => {
    fc.assert(
      fc.property(costArb, horizonArb, fc.double({ min: 1, max: 1e9, noNaN: true }), fc.double({ min: 1, max: 100, noNaN: true }), (c, h, v, k) => {
        const cost = toCost(c)
        const path = (x: number) => ({ ...h, firstMonthRequests: x })
        expect(monthCost(cost, path(v * k), 1).totalUSD).toBeGreaterThanOrEqual(monthCost(cost, path(v), 1).totalUSD)
        expect(horizonTotalUSD(cost, path(v * k))).toBeGreaterThanOrEqual(horizonTotalUSD(cost, path(v)) * (1 - 1e-12))
      }),
      { seed: 20261129, numRuns: 300 },
    )
  })

  it('at the breakeven volume both horizon totals agree to 1e-9 relative', () => {
    fc.assert(
      fc.property(costArb, baselineArb, horizonArb, (c, base, h) => {
        const a = toCost(c)
        const b = makeCost({ id: 'prompt', perRequest: base.perRequest, fixed: base.fixed })
        const v = breakevenRequestsPerMonth(a, b, h)
        fc.pre(v !== null && v > 0)
        const ta = horizonTotalUSD(a, { ...h, firstMonthRequests: v as number })
        const tb = horizonTotalUSD(b, { ...h, firstMonthRequests: v as number })
        // Relative to the totals, with a floor of a billionth of a dollar (fast-check tries subnormal costs).
        expectClose(ta, tb, { rel: 1e-9, abs: 1e-9 })
      }),
      { seed: 20261129, numRuns: 300 },
    )
  })

  it('scaling every price and cost by the same factor leaves breakeven volumes unchanged', () => {
    fc.assert(
      fc.property(costArb, baselineArb, horizonArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (c, base, h, k) => {
        const scaled = {
          ...c,
          perRequest: c.perRequest * k,
          perRequestFrontier: c.perRequestFrontier * k,
          driftPerMonth: c.driftPerMonth * k,
          oneTime: c.oneTime * k,
          fixed: c.fixed * k,
          retrainUSD: c.retrainUSD * k,
          gpuHourUSD: c.gpuHourUSD * k,
        }
        const b = makeCost({ id: 'prompt', perRequest: base.perRequest, fixed: base.fixed })
        const bScaled = makeCost({ id: 'prompt', perRequest: base.perRequest * k, fixed: base.fixed * k })
        const v1 = breakevenRequestsPerMonth(toCost(c), b, h)
        const v2 = breakevenRequestsPerMonth(toCost(scaled), bScaled, h)
        if (v1 === null || v2 === null) expect(v2).toBe(v1)
        else expect(Math.abs(v1 - v2)).toBeLessThanOrEqual(1e-6 * Math.max(v1, 1))
      }),
      { seed: 20261129, numRuns: 300 },
    )
  })
})

describe('laws on whole scenarios', () => {
  // Scale every money input of the default scenario by k: token prices (made explicit), GPU-hour,
  // labels, reviews, people, vector store, training. Breakevens must not move.
  function scaledScenario(k: number) {
    const raw = defaultRaw()
    raw.frontier.prices = { inputPerMTokUSD: 2 * k, outputPerMTokUSD: 8 * k, cacheReadPerMTokUSD: 0.5 * k }
    raw.rag.embedding.prices = { inputPerMTokUSD: 0.02 * k, outputPerMTokUSD: 0 }
    raw.smallModel.hosting.gpuHourUSD = 0.7992 * k
    raw.adaptation.labelUSDPerExample *= k
    raw.hardTail.humanReviewUSDPerItem *= k
    raw.people.loadedMonthlyUSD *= k
    raw.rag.vectorStoreUSDPerGBMonth *= k
    raw.rag.vectorQueryUSDPerMillion *= k
    return validateScenario(raw)
  }
  it('scaling every money input by 7.5 leaves every breakeven against prompting unchanged', () => {
    const base = analyseScenario(scaledScenario(1)).strategies
    const scaled = analyseScenario(scaledScenario(7.5)).strategies
    for (const [i, s] of base.entries()) {
      const other = scaled[i]?.breakevenRequestsPerMonth ?? null
      if (s.breakevenRequestsPerMonth === null) expect(other).toBeNull()
      else expect((other as number) / s.breakevenRequestsPerMonth).toBeCloseTo(1, 9)
      expect((scaled[i]?.horizonTotalUSD as number) / s.horizonTotalUSD).toBeCloseTo(7.5, 9)
    }
  })

  it('at each strategy breakeven the scenario horizon totals agree to 1e-9 relative', () => {
    const scenario = scaledScenario(1)
    const costs = strategyCosts(scenario)
    const matrix = pairwiseBreakeven(costs, { monthlyGrowth: scenario.task.monthlyGrowth, horizonMonths: scenario.task.horizonMonths })
    let checked = 0
    for (const a of costs) {
      for (const b of costs) {
        const v = a === b ? null : matrix[a.id]?.[b.id]
        if (v === null || v === undefined || v === 0) continue
        const path = { firstMonthRequests: v, monthlyGrowth: scenario.task.monthlyGrowth, horizonMonths: scenario.task.horizonMonths }
        const ta = horizonTotalUSD(a, path)
        const tb = horizonTotalUSD(b, path)
        // Relative to the totals, with a floor of a billionth of a dollar (fast-check tries subnormal costs).
        expectClose(ta, tb, { rel: 1e-9, abs: 1e-9 })
        checked++
      }
    }
    expect(checked).toBeGreaterThan(3)
  })
})

describe('the scan under autoscaling and serverless hosting', () => {
  // The same breakevens a plain scan finds: 200 grid points a decade from 1, the first where the
  // hosted strategy is no dearer, bisected on the month loop's horizon totals (horizonTotalUSD,
  // not the scan's own horizonTotalByVolume). The library passes over grid volumes where a bound
  // (busy GPU-hours or minimum replicas) already makes the hosted strategy dearer; the answer
  // must not move.
  function plainScan(a: StrategyCost, b: StrategyCost, horizon: { monthlyGrowth: number; horizonMonths: number }): number | null {
    const gap = (v: number) => horizonTotalUSD(a, { ...horizon, firstMonthRequests: v }) - horizonTotalUSD(b, { ...horizon, firstMonthRequests: v })
    let lo = 0
    for (let i = 0; i <= 2400; i++) {
      const v = Math.pow(10, (12 * i) / 2400)
      if (gap(v) <= 0) {
        let hi = v
        while (hi - lo > 1e-12 * hi) {
          const mid = (lo + hi) / 2
          if (gap(mid) <= 0) hi = mid
          else lo = mid
        }
        return hi
      }
      lo = v
    }
    return null
  }
  const scalings = [
    { kind: 'autoscaling', scaleUpLagMinutes: 5 },
    { kind: 'serverless', idleTimeoutSeconds: 60, coldStartSeconds: 30 },
    { kind: 'serverless', idleTimeoutSeconds: 600, coldStartSeconds: 120 },
  ]
  for (const scaling of scalings) {
    it(`finds what a plain scan finds, for every hosted strategy against prompting and RAG (${JSON.stringify(scaling)})`, () => {
      const raw = defaultRaw()
      raw.smallModel.hosting.scaling = scaling
      const scenario = validateScenario(raw)
      const costs = strategyCosts(scenario)
      const horizon = { monthlyGrowth: scenario.task.monthlyGrowth, horizonMonths: scenario.task.horizonMonths }
      let found = 0
      for (const a of costs.filter((c) => c.hosting !== null)) {
        for (const b of costs.filter((c) => c.hosting === null)) {
          const fast = breakevenRequestsPerMonth(a, b, horizon)
          const plain = plainScan(a, b, horizon)
          if (plain === null) expect(fast).toBeNull()
          else {
            expectClose(fast as number, plain, { rel: 1e-9 })
            found++
          }
        }
      }
      expect(found).toBeGreaterThanOrEqual(3)
    })
  }
})
