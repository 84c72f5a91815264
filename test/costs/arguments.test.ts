// Item 5 of issue 8: the exported cost functions that take numbers check them at their entry in
// the scenario validator's words. For each: one bad value with the exact message, and a valid call
// whose value is worked out by hand beside it.
import { describe, expect, it } from 'vitest'
import { checkGpuHosting, checkStrategyCost, gpusNeeded, hostingUSD, retrainingEventUSD, type GpuHosting } from '../../src/costs/strategy-cost.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { makeCost } from '../helpers/costs.js'

const hosting: GpuHosting = { gpu: 'L4', gpuHourUSD: 0.8, hoursPerMonth: 730, requestsPerGpuMonth: 1e6, minReplicas: 2, formula: '' }

describe('gpusNeeded(hosting, requestsPerMonth)', () => {
  it('rejects a negative volume and keeps ceil(3.5e6 / 1e6) = 4 GPUs', () => {
    expect(() => gpusNeeded(hosting, -1)).toThrow(InvalidArgumentError)
    expect(() => gpusNeeded(hosting, -1)).toThrow('invalid requestsPerMonth: -1 (must be >= 0)')
    expect(gpusNeeded(hosting, 3.5e6)).toBe(4)
  })
  it('rejects hosting with a fractional replica count', () => {
    expect(() => gpusNeeded({ ...hosting, minReplicas: 1.5 }, 1)).toThrow('invalid hosting.minReplicas: 1.5 (must be integer)')
  })
})

describe('hostingUSD(cost, requestsPerMonth)', () => {
  const cost = makeCost({ hosting: { ...hosting } })
  it('rejects NaN requests and keeps 4 GPUs x $0.80 x 730 h = $2,336', () => {
    expect(() => hostingUSD(cost, Number.NaN)).toThrow('invalid requestsPerMonth: NaN (must be a finite number)')
    expect(hostingUSD(cost, 3.5e6)).toBeCloseTo(2336, 9)
  })
  it('rejects a negative GPU-hour price', () => {
    expect(() => hostingUSD(makeCost({ hosting: { ...hosting, gpuHourUSD: -0.8 } }), 1)).toThrow('invalid hosting.gpuHourUSD: -0.8 (must be >= 0)')
  })
  it('is 0 without self-hosting, and still checks the volume', () => {
    expect(hostingUSD(makeCost({}), 1e6)).toBe(0)
    expect(() => hostingUSD(makeCost({}), -5)).toThrow('invalid requestsPerMonth: -5 (must be >= 0)')
  })
})

describe('retrainingEventUSD(cost, frontierPriceFactor)', () => {
  it('rejects a negative price factor and keeps $100 at any factor for a part not frontier-priced', () => {
    const cost = makeCost({ retrainEvery: 6, retrainUSD: 100 })
    expect(() => retrainingEventUSD(cost, -1)).toThrow('invalid frontierPriceFactor: -1 (must be >= 0)')
    expect(retrainingEventUSD(cost, 0.5)).toBe(100)
  })
})

describe('checkStrategyCost(cost) and checkGpuHosting(hosting)', () => {
  it('name the part list and index of a bad part, and the retraining interval', () => {
    expect(() => checkStrategyCost(makeCost({ perRequest: Number.NaN }))).toThrow('invalid perRequest[0].usd: NaN (must be a finite number)')
    expect(() => checkStrategyCost(makeCost({ fixed: Number.POSITIVE_INFINITY }))).toThrow('invalid monthlyFixed[0].usd: Infinity (must be a finite number)')
    expect(() => checkStrategyCost(makeCost({ retrainEvery: 2.5 }))).toThrow('invalid retraining.everyMonths: 2.5 (must be integer)')
    expect(() => checkStrategyCost(makeCost({ drift: { usdPerMonthOfAge: -1, capUSD: 1 } }))).toThrow('invalid escalationDrift.usdPerMonthOfAge: -1 (must be >= 0)')
    expect(() => checkStrategyCost(makeCost({ oneTime: 500, fixed: 20, perRequest: 0.01, retrainEvery: 6, retrainUSD: 100 }))).not.toThrow()
  })
  it('checkGpuHosting rejects a GPU that serves no requests and a month without hours', () => {
    expect(() => checkGpuHosting({ ...hosting, requestsPerGpuMonth: 0 })).toThrow('invalid hosting.requestsPerGpuMonth: 0 (must be > 0)')
    expect(() => checkGpuHosting({ ...hosting, hoursPerMonth: 0 })).toThrow('invalid hosting.hoursPerMonth: 0 (must be > 0)')
    expect(() => checkGpuHosting(hosting)).not.toThrow()
  })
})
