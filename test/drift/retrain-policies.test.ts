// simulateRetrainPolicies and its helpers: the costs of each policy checked against the month
// arithmetic written out here, the closed form T* beside it, and the laws of the simulation
// (same seed, same numbers; more uncertainty, less often on target).
import { describe, expect, it } from 'vitest'
import {
  costAwareRetrainInterval,
  fitLinearDecay,
  monitoredThresholds,
  observedAgreement,
  simulateRetrainPolicies,
  type RetrainPolicyInputs,
} from '../../src/drift/index.js'

// One percentage point of agreement a month, no uncertainty; V = 100,000 USD a month per unit of
// agreement (a loss of 0.01 costs 1,000 USD a month); C = 8,000 USD a retrain; 120 months, which
// every cadence 1..6, 8, 10 and 12 divides.
const C = 8000
const V = 100_000
const d = 0.01
const H = 120
const certain: RetrainPolicyInputs = {
  decay: { model: 'linear', perMonth: d, standardError: 0 },
  initialAgreement: 0.95,
  retrainUSD: C,
  stalenessUSDPerPointPerMonth: V,
  labelUSD: 0.5,
  horizonMonths: H,
  targetAgreement: 0.9,
}

/**
 * The calendar cadence k by hand: retrains at the start of months 1 + k, 1 + 2k, ... up to and
 * including H + 1 (decided within the horizon), floor(H / k) of them; q = floor(H / k) whole
 * cycles serve ages 0..k-1 (staleness V d (0 + 1 + ... + k-1) = V d k (k-1) / 2 each) and the
 * r = H - q k months left serve ages 0..r-1.
 */
function calendarCostByHand(k: number, retrainUSD: number): number {
  const q = Math.floor(H / k)
  const r = H - q * k
  const staleness = V * d * ((q * k * (k - 1)) / 2 + (r * (r - 1)) / 2)
  return (q * retrainUSD + staleness) / H
}

describe('simulateRetrainPolicies: calendar', () => {
  const result = simulateRetrainPolicies(certain, { draws: 50, seed: 3 })
  const byCadence = new Map(result.calendar.grid.map((point) => [point.parameters.cadenceMonths, point]))

  it('costs C / k + V d (k - 1) / 2 a month at a cadence k that divides the horizon', () => {
    // k = 4: 8000 / 4 + 100000 · 0.01 · 3 / 2 = 2000 + 1500 = 3500
    expect(byCadence.get(4)!.meanCostPerMonthUSD).toBeCloseTo(3500, 9)
    // k = 3: 8000 / 3 + 1000 · 2 / 2 = 2666.67 + 1000
    expect(byCadence.get(3)!.meanCostPerMonthUSD).toBeCloseTo(8000 / 3 + 1000, 9)
    // k = 12: 8000 / 12 + 1000 · 11 / 2 = 666.67 + 5500
    expect(byCadence.get(12)!.meanCostPerMonthUSD).toBeCloseTo(8000 / 12 + 5500, 9)
    for (let k = 1; k <= 12; k++) expect(byCadence.get(k)!.meanCostPerMonthUSD).toBeCloseTo(calendarCostByHand(k, C), 9)
  })

  it('never retraining pays the staleness of ages 0..119, the loss capped at a0 = 0.95', () => {
    // loss min(0.01 t, 0.95): 0.01 · (0 + ... + 95) = 45.6 for t <= 95, then 24 months at 0.95 = 22.8;
    // (45.6 + 22.8) · 100000 / 120 = 57000 USD a month
    expect(byCadence.get(null)!.meanCostPerMonthUSD).toBeCloseTo(57000, 6)
    expect(byCadence.get(null)!.retrainsPerYear).toBe(0)
  })

  it('chooses k = T* = sqrt(2 C / (d V)) = 4, at half a month of decay below the closed form sqrt(2 C d V)', () => {
    expect(result.calendar.chosen.parameters).toEqual({ cadenceMonths: 4 })
    expect(result.closedForm).toMatchObject({ months: 4, costPerMonthUSD: 4000, decayPerMonth: 0.01 })
    // The continuous model averages each month over ages t..t+1; here a month is served at its
    // starting age t, half a month younger, which saves V d / 2 = 500 USD a month:
    // sqrt(2 · 8000 · 0.01 · 100000) - 500 = 4000 - 500 = 3500.
    expect(result.calendar.chosen.costPerMonthUSD.total.meanUSD).toBeCloseTo(Math.sqrt(2 * C * d * V) - (V * d) / 2, 9)
    expect(result.calendar.chosen.retrainsPerYear).toBeCloseTo(3, 12) // 30 retrains in 10 years
    expect(result.calendar.chosen.costPerMonthUSD.retraining).toMatchObject({ meanUSD: 2000, p5USD: 2000, p95USD: 2000 })
    // the agreement at ages 0..3 is 0.95 .. 0.92 >= 0.9 in every month
    expect(result.calendar.chosen.targetHeld.rate).toBe(1)
    expect(result.calendar.chosen.shareOfMonthsBelowTarget).toBe(0)
  })

  it('chooses the integer next to a non-integer T* that is cheaper by the month arithmetic', () => {
    const retrainUSD = 12_000
    const closed = costAwareRetrainInterval(d, retrainUSD, V) // T* = sqrt(24) = 4.899
    const cheaper = [Math.floor(closed.months), Math.ceil(closed.months)].sort((a, b) => calendarCostByHand(a, retrainUSD) - calendarCostByHand(b, retrainUSD))[0]
    expect(cheaper).toBe(5) // k = 4: 3000 + 1500 = 4500; k = 5: 2400 + 2000 = 4400
    const chosen = simulateRetrainPolicies({ ...certain, retrainUSD }, { draws: 20 }).calendar.chosen
    expect(chosen.parameters.cadenceMonths).toBe(cheaper)
    expect(chosen.costPerMonthUSD.total.meanUSD).toBeCloseTo(4400, 9)
    // sqrt(2 C d V) - V d / 2 = 4898.98 - 500 = 4398.98: within 0.03 % of the discrete optimum
    expect(Math.abs(chosen.costPerMonthUSD.total.meanUSD / (closed.costPerMonthUSD - 500) - 1)).toBeLessThan(3e-4)
  })
})

describe('simulateRetrainPolicies: cost-aware trigger', () => {
  it('with no labels retrains when V d (0 + 1 + ... + t) reaches C: every 5 months here', () => {
    // accumulated after the month at age t: 1000 · t (t + 1) / 2; t = 3: 6000 < 8000, t = 4: 10000 >= 8000,
    // so retrain at the start of the next month: cycles of 5 months (ages 0..4), 120 / 5 = 24 retrains.
    // Cost a month: 24 · 8000 / 120 + 1000 · (0 + 1 + 2 + 3 + 4) / 5 = 1600 + 2000 = 3600.
    const result = simulateRetrainPolicies(certain, { draws: 50, seed: 3 })
    const unlabelled = result.costAware.grid.find((point) => point.parameters.labelsPerMonth === 0)!
    expect(unlabelled.meanCostPerMonthUSD).toBeCloseTo(3600, 9)
    expect(unlabelled.retrainsPerYear).toBeCloseTo(2.4, 12)
    // and it is the cheapest cost-aware variant: labels only add cost when the curve is known
    expect(result.costAware.chosen.parameters).toEqual({ labelsPerMonth: 0 })
    expect(result.costAware.chosen.costPerMonthUSD.labels.meanUSD).toBe(0)
    // the calendar's k = 4 (3500) beats it: accumulated cost = C is the continuous rule, one month late in months
    expect(result.best).toBe('calendar')
  })
})

describe('simulateRetrainPolicies: no drift', () => {
  it('never retrains, pays no staleness and holds the target in every draw', () => {
    const result = simulateRetrainPolicies({ ...certain, decay: { model: 'linear', perMonth: 0 } }, { draws: 100 })
    expect(result.calendar.chosen.parameters).toEqual({ cadenceMonths: null })
    expect(result.calendar.chosen.costPerMonthUSD.total.meanUSD).toBe(0)
    expect(result.calendar.chosen.costPerMonthUSD.staleness).toEqual({ meanUSD: 0, p5USD: 0, p95USD: 0 })
    expect(result.calendar.chosen.targetHeld).toMatchObject({ successes: 100, n: 100, rate: 1 })
    expect(result.best).toBe('calendar')
    expect(result.closedForm.months).toBe(Infinity)
  })
})

describe('simulateRetrainPolicies: uncertainty and seeds', () => {
  const uncertain: RetrainPolicyInputs = { ...certain, horizonMonths: 24, decay: { model: 'linear', perMonth: d, standardError: 0.004 } }

  it('gives identical results for the same seed and different monitored numbers for another', () => {
    const first = simulateRetrainPolicies(uncertain, { draws: 400, seed: 11 })
    expect(simulateRetrainPolicies(uncertain, { draws: 400, seed: 11 })).toEqual(first)
    const other = simulateRetrainPolicies(uncertain, { draws: 400, seed: 12 })
    expect(other.monitored.grid.map((p) => p.meanCostPerMonthUSD)).not.toEqual(first.monitored.grid.map((p) => p.meanCostPerMonthUSD))
  })

  it('holds the target less often at a fixed cadence when the decay is less certain', () => {
    // k = 4, ages 0..3: agreement 0.95 - 3 b >= 0.9 needs b <= 0.0167, 3.3 standard errors above
    // 0.01 at SE 0.002 (P about 1) but 0.67 of them at SE 0.01 (P = Φ(0.667) = 0.75 per draw)
    const rate = (standardError: number) =>
      simulateRetrainPolicies({ ...certain, decay: { model: 'linear', perMonth: d, standardError } }, { draws: 1000, seed: 5 }).calendar.grid.find(
        (p) => p.parameters.cadenceMonths === 4,
      )!.targetHeldRate
    const tight = rate(0.002)
    const loose = rate(0.01)
    expect(tight).toBeGreaterThan(0.99)
    expect(loose).toBeLessThan(tight)
    expect(loose).toBeGreaterThan(0.7)
    expect(loose).toBeLessThan(0.8)
  })

  it('retrains more often under the monitored policy with a high threshold than with a low one', () => {
    const result = simulateRetrainPolicies(uncertain, { draws: 500, seed: 2 })
    const at = (threshold: number) => result.monitored.grid.find((p) => p.parameters.labelsPerMonth === 200 && Math.abs(p.parameters.threshold - threshold) < 1e-9)!
    expect(at(0.94).retrainsPerYear).toBeGreaterThan(at(0.9).retrainsPerYear)
    expect(at(0.9).retrainsPerYear).toBeGreaterThan(at(0.85).retrainsPerYear)
  })

  it('reports the cheapest of the three and a 5th percentile at or below the mean at or below the 95th', () => {
    const result = simulateRetrainPolicies(uncertain, { draws: 500, seed: 2 })
    const costs = { calendar: result.calendar, monitored: result.monitored, 'cost-aware': result.costAware }
    const cheapest = Math.min(...Object.values(costs).map((c) => c.chosen.costPerMonthUSD.total.meanUSD))
    expect(costs[result.best].chosen.costPerMonthUSD.total.meanUSD).toBe(cheapest)
    for (const comparison of Object.values(costs)) {
      const { total } = comparison.chosen.costPerMonthUSD
      expect(total.p5USD).toBeLessThanOrEqual(total.meanUSD)
      expect(total.meanUSD).toBeLessThanOrEqual(total.p95USD)
      const { lower, upper, rate } = comparison.chosen.targetHeld
      expect(lower).toBeLessThanOrEqual(rate)
      expect(rate).toBeLessThanOrEqual(upper)
    }
    // grid sizes: 12 cadences + never; 5 label sizes x thresholds 0.85..0.95 by 0.005 (21); 5 label sizes
    expect(result.calendar.grid).toHaveLength(13)
    expect(result.monitored.grid).toHaveLength(5 * 21)
    expect(result.costAware.grid).toHaveLength(5)
  })

  it('runs 2000 draws x 24 months x the whole grid in well under 2 s', () => {
    const start = performance.now()
    simulateRetrainPolicies(uncertain, { draws: 2000, seed: 1 })
    expect(performance.now() - start).toBeLessThan(2000)
  })
})

describe('simulateRetrainPolicies: a fitted DecayFit', () => {
  it('gives the plain form’s numbers when the fit is exact (zero covariance) and takes a0 from the fit', () => {
    const months = [0, 1, 2, 3, 4, 5].map((month) => ({ month, agreement: 0.95 - 0.01 * month, n: 200 }))
    const fit = fitLinearDecay(months)
    const { initialAgreement: _unused, ...rest } = certain
    const fromFit = simulateRetrainPolicies({ ...rest, decay: fit }, { draws: 50, seed: 3 })
    expect(fromFit.initialAgreement).toBeCloseTo(0.95, 12)
    const plain = simulateRetrainPolicies(certain, { draws: 50, seed: 3 })
    fromFit.calendar.grid.forEach((point, i) => expect(point.meanCostPerMonthUSD).toBeCloseTo(plain.calendar.grid[i]!.meanCostPerMonthUSD, 6))
    expect(fromFit.closedForm.months).toBeCloseTo(4, 9)
  })

  it('spreads the cost when the fit is uncertain (bivariate normal draws of a and b)', () => {
    const months = [0, 1, 2, 3, 4, 5].map((month) => ({ month, agreement: 0.95 - 0.01 * month + (month % 2 === 0 ? 0.004 : -0.004), n: 200 }))
    const result = simulateRetrainPolicies({ ...certain, initialAgreement: undefined, decay: fitLinearDecay(months), horizonMonths: 24 }, { draws: 500, seed: 4 })
    const staleness = result.calendar.chosen.costPerMonthUSD.staleness
    expect(staleness.p95USD).toBeGreaterThan(staleness.p5USD)
  })
})

describe('simulateRetrainPolicies: bad inputs', () => {
  it('names the input and the rule', () => {
    expect(() => simulateRetrainPolicies({ ...certain, retrainUSD: 0 })).toThrow('invalid retrainUSD: 0 (must be > 0)')
    expect(() => simulateRetrainPolicies({ ...certain, horizonMonths: 2.5 })).toThrow('invalid horizonMonths: 2.5 (must be integer)')
    expect(() => simulateRetrainPolicies({ ...certain, targetAgreement: 1.2 })).toThrow('invalid targetAgreement: 1.2 (must be <= 1)')
    expect(() => simulateRetrainPolicies({ ...certain, monthlyGrowth: -1 })).toThrow('invalid monthlyGrowth: -1 (must be > -1)')
    expect(() => simulateRetrainPolicies({ ...certain, initialAgreement: undefined })).toThrow('invalid initialAgreement: undefined (must be number)')
    expect(() => simulateRetrainPolicies({ ...certain, decay: { model: 'linear', perMonth: Number.NaN } })).toThrow('invalid decay.perMonth: NaN (must be a finite number)')
    expect(() => simulateRetrainPolicies(certain, { draws: 0 })).toThrow('invalid draws: 0 (must be >= 1)')
    expect(() => simulateRetrainPolicies(certain, { seed: -1 })).toThrow('invalid seed: -1 (must be >= 0)')
  })
})

describe('monthlyGrowth', () => {
  it('prices a month’s staleness at V (1 + g)^(month - 1)', () => {
    // never retrain, 3 months, d = 0.01: losses 0, 0.01, 0.02 at V, 1.1 V, 1.21 V:
    // (0 + 0.01 · 110000 + 0.02 · 121000) / 3 = (1100 + 2420) / 3 = 1173.33
    const result = simulateRetrainPolicies({ ...certain, horizonMonths: 3, monthlyGrowth: 0.1 }, { draws: 10 })
    expect(result.calendar.grid.find((p) => p.parameters.cadenceMonths === null)!.meanCostPerMonthUSD).toBeCloseTo(3520 / 3, 9)
  })
})

describe('observedAgreement and monitoredThresholds', () => {
  it('inverts the binomial exactly for a small variance and approximates it by the normal for a large one', () => {
    // scipy.stats.binom.ppf(0.5, 50, 0.02) = 1 disagreement: 49 / 50
    expect(observedAgreement(50, 0.98, 0.5)).toBe(0.98)
    // scipy.stats.binom.ppf(0.99, 50, 0.02) = 4 disagreements; observed agreement rises with u,
    // so u = 0.01 reads the 0.99 quantile of the disagreements: 46 / 50
    expect(observedAgreement(50, 0.98, 0.01)).toBe(0.92)
    // normal: 800 · 0.9 = 720, sd sqrt(72) = 8.485; u = 0.975: round(720 + 1.96 · 8.485) = 737
    expect(observedAgreement(800, 0.9, 0.975)).toBe(737 / 800)
  })

  it('steps thresholds from target - 0.05 to a0 by 0.005', () => {
    expect(monitoredThresholds(0.9, 0.95, 0.005)).toHaveLength(21)
    expect(monitoredThresholds(0.9, 0.95, 0.005).at(-1)).toBe(0.95)
  })
})
