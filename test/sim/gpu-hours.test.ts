// The fleet model (kernel/sim/gpu-hours.ts): GPU-hours a month for always-on, autoscaling and
// serverless hosting over a day's traffic, checked by hand on small days and by laws (fast-check).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dailyProfile, gpuHoursBreakdown, gpuHoursLowerBound, gpuHoursPerMonth, HOSTING_MODE, type FleetParameters } from '../../kernel/sim/gpu-hours.js'
import { expectClose } from '../helpers/expect-close.js'

const DAYS = 730 / 24 // days in an average month
const fleet = (values: Partial<FleetParameters>): FleetParameters => ({
  mode: HOSTING_MODE.ALWAYS_ON,
  requestsPerGpuHour: 6000,
  requestsPerGpuMonth: 0,
  utilisation: 0.6,
  minReplicas: 0,
  scaleUpLagHours: 0,
  idleTimeoutSeconds: 0,
  coldStartSeconds: 0,
  ...values,
})
/** A day of 12 quiet hours at half the average and 12 busy hours at 1.5 times it. */
const twoLevel = [...new Array<number>(12).fill(0.5), ...new Array<number>(12).fill(1.5)]

describe('dailyProfile(peakToAverage, peakHour, out)', () => {
  it('is the von Mises day exp(kappa cos(2 pi (h - peak) / 24)) / mean, kappa = 0.876842 at a peak of 2 (python bisection)', () => {
    // python: c = [math.cos(2*math.pi*k/24) for k in range(24)]; bisect 24 / sum(exp(-a*(1-x)) for x in c) = 2
    // -> a = 0.8768420470834457; weights 6 and 12 hours from the peak: 0.8321896940239472, 0.3462698434198354
    const day = dailyProfile(2, 14, new Float64Array(24))
    expectClose(day[14]!, 2, { rel: 1e-12 })
    expectClose(day[20]!, 0.8321896940239472, { rel: 1e-10 })
    expectClose(day[8]!, 0.8321896940239472, { rel: 1e-10 })
    expectClose(day[2]!, 0.3462698434198354, { rel: 1e-10 })
    const kappa = 0.8768420470834457
    for (let h = 0; h < 24; h++) expectClose(Math.log(day[h]! / day[14]!), kappa * (Math.cos((2 * Math.PI * (h - 14)) / 24) - 1), { abs: 1e-10 }, `hour ${h}`)
  })

  it('has mean 1 and peak peakToAverage, falling away from the peak hour, for peaks from 1.01 to 23.9', () => {
    for (const peak of [1.01, 1.5, 3, 7.5, 12, 23.9]) {
      const day = dailyProfile(peak, 0, new Float64Array(24))
      expectClose(day.reduce((a, b) => a + b, 0) / 24, 1, { rel: 1e-12 }, `mean at ${peak}`)
      expectClose(Math.max(...day), peak, { rel: 1e-10 }, `peak at ${peak}`)
      expect(day[0]).toBe(Math.max(...day))
      for (let k = 1; k <= 12; k++) expect(day[k]!).toBeLessThanOrEqual(day[k - 1]!)
    }
  })

  it('is flat at 1, all traffic in one hour at 24 and beyond, and refuses a peak below 1', () => {
    expect(Array.from(dailyProfile(1, 3, new Float64Array(24)))).toEqual(new Array(24).fill(1))
    const spike = dailyProfile(50, 3, new Float64Array(24))
    expect(spike[3]).toBe(24)
    expect(spike.reduce((a, b) => a + b, 0)).toBe(24)
    expect(() => dailyProfile(0.9, 0, new Float64Array(24))).toThrow('invalid peakToAverage: 0.9 (must be >= 1)')
  })
})

describe('gpuHoursPerMonth and gpuHoursBreakdown by hand', () => {
  // 7,300,000 requests a month = 10,000 an hour on average: 5,000 in a quiet hour, 15,000 in a busy one.
  // A GPU serves 6,000 an hour at the planned 60 % (10,000 an hour flat out).
  const V = 7_300_000

  it('always-on: replicas for the peak hour all month', () => {
    // Planned for the peak: 6,000 x 730 / 1.5 = 2,920,000 requests a GPU-month; 7.3e6 / 2.92e6 = 2.5 -> 3 GPUs x 730 h.
    const f = fleet({ requestsPerGpuMonth: 2_920_000, minReplicas: 2 })
    expect(gpuHoursPerMonth(V, twoLevel, f)).toBe(2190)
    const hours = gpuHoursBreakdown(V, twoLevel, f)
    // load at 60 % = 7.3e6 / 6,000 = 1,216.67 h, of which 730 h busy; peak = 2,190 - 1,216.67; the minimum (2) is below 3.
    expectClose(hours.busy, 730, { rel: 1e-12 })
    expectClose(hours.headroom, 1216.6666666666667 - 730, { rel: 1e-12 })
    expectClose(hours.peak, 2190 - 1216.6666666666667, { rel: 1e-12 })
    expect(hours.minReplicas).toBe(0)
    expectClose(hours.busy + hours.headroom + hours.peak + hours.minReplicas, hours.total, { rel: 1e-12 })
  })

  it('autoscaling: whole GPUs hour by hour, the minimum, and GPUs started 15 minutes early', () => {
    // Quiet hours: ceil(5,000 / 6,000) = 1 -> the minimum, 2; busy hours: ceil(15,000 / 6,000) = 3.
    // A day: 12 x 2 + 12 x 3 = 60 GPU-hours, plus one GPU added once a day (quiet -> busy) 0.25 h early.
    // A month: (60 + 0.25) x 30.4167 = 1,832.604 GPU-hours.
    const f = fleet({ mode: HOSTING_MODE.AUTOSCALING, minReplicas: 2, scaleUpLagHours: 0.25 })
    expectClose(gpuHoursPerMonth(V, twoLevel, f), 60.25 * DAYS, { rel: 1e-12 })
    const hours = gpuHoursBreakdown(V, twoLevel, f)
    expectClose(hours.total, 1832.6041666666667, { rel: 1e-12 })
    // peak = whole GPUs the load needs (12 x 1 + 12 x 3 a day) less the load; min replicas = 12 x (2 - 1) a day; lag = 0.25 a day.
    expectClose(hours.peak, 48 * DAYS - 1216.6666666666667, { rel: 1e-12 })
    expectClose(hours.minReplicas, 12 * DAYS, { rel: 1e-12 })
    expectClose(hours.scaleUpLag, 0.25 * DAYS, { rel: 1e-12 })
    expectClose(hours.busy + hours.headroom + hours.peak + hours.minReplicas + hours.scaleUpLag, hours.total, { rel: 1e-12 })
  })

  it('serverless: busy time or the idle tail, whichever is longer, plus cold starts (python math.exp)', () => {
    // 26,280 requests a month on a flat day = 36 an hour, lambda = 0.01/s; idle timeout 60 s: lambda T = 0.6.
    // A request finds no container with probability e^-0.6 = 0.548812; a container is up 1 - 0.548812 = 0.451188 of each hour.
    // Busy: 36 / 3,600 an hour (a GPU serves 3,600 an hour at the planned utilisation) = 0.01 h < 0.451188 h.
    // Cold starts: 36 x 0.548812 = 19.757 an hour, 30 s each = 0.164644 h.
    // python: 730 * (1 - math.exp(-0.6) + 36 * math.exp(-0.6) * 30 / 3600) = 449.55725395595243
    const flat = new Array<number>(24).fill(1)
    const f = fleet({ mode: HOSTING_MODE.SERVERLESS, requestsPerGpuHour: 3600, utilisation: 1, idleTimeoutSeconds: 60, coldStartSeconds: 30 })
    expectClose(gpuHoursPerMonth(26_280, flat, f), 449.55725395595243, { rel: 1e-12 })
    const hours = gpuHoursBreakdown(26_280, flat, f)
    expectClose(hours.coldStartCount, 14422.769796551014, { rel: 1e-12 }) // 730 x 36 x e^-0.6
    expectClose(hours.idle, 322.0675056513607, { rel: 1e-12 }) // 730 x (0.451188 - 0.01)
    expectClose(hours.busy + hours.idle + hours.coldStarts, hours.total, { rel: 1e-12 })
  })

  it('no requests: always-on and autoscaling keep their minimum; serverless costs nothing', () => {
    expect(gpuHoursPerMonth(0, twoLevel, fleet({ requestsPerGpuMonth: 1e6, minReplicas: 2 }))).toBe(1460)
    expectClose(gpuHoursPerMonth(0, twoLevel, fleet({ mode: HOSTING_MODE.AUTOSCALING, minReplicas: 1 })), 730, { rel: 1e-12 })
    expect(gpuHoursPerMonth(0, twoLevel, fleet({ mode: HOSTING_MODE.SERVERLESS, idleTimeoutSeconds: 60, coldStartSeconds: 30 }))).toBe(0)
  })
})

/** A random day: 24 weights, mean 1. */
const dayArb = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 24, maxLength: 24 }).filter((w) => w.some((x) => x > 0)).map((w) => {
  const total = w.reduce((a, b) => a + b, 0)
  return w.map((x) => (x * 24) / total)
})
const caseArb = fc.record({
  day: dayArb,
  requests: fc.integer({ min: 0, max: 9000 }).map((e) => (e === 0 ? 0 : Math.pow(10, e / 1000))),
  capacity: fc.integer({ min: 1000, max: 6000 }).map((e) => Math.pow(10, e / 1000)), // requests a GPU-hour at the planned utilisation
  minReplicas: fc.integer({ min: 1, max: 4 }),
  lagHours: fc.double({ min: 0, max: 1, noNaN: true }),
  idleTimeoutSeconds: fc.double({ min: 0, max: 900, noNaN: true }),
  coldStartSeconds: fc.double({ min: 0, max: 600, noNaN: true }),
})
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never
function fleets(c: Case) {
  const peak = Math.max(...c.day)
  const common = { requestsPerGpuHour: c.capacity, requestsPerGpuMonth: (c.capacity * 730) / peak, minReplicas: c.minReplicas }
  return {
    alwaysOn: fleet({ ...common }),
    autoscaling: fleet({ ...common, mode: HOSTING_MODE.AUTOSCALING, scaleUpLagHours: c.lagHours }),
    serverless: fleet({ ...common, mode: HOSTING_MODE.SERVERLESS, minReplicas: 0, idleTimeoutSeconds: c.idleTimeoutSeconds, coldStartSeconds: c.coldStartSeconds }),
  }
}

describe('laws (fast-check)', () => {
  it('serverless never bills more GPU-seconds than always-on for the same traffic, beyond its cold starts (and never more at all without them)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const f = fleets(c)
        const alwaysOn = gpuHoursPerMonth(c.requests, c.day, f.alwaysOn)
        const serverless = gpuHoursBreakdown(c.requests, c.day, f.serverless)
        expect(serverless.total - serverless.coldStarts).toBeLessThanOrEqual(alwaysOn * (1 + 1e-12))
        const warmStarts = gpuHoursPerMonth(c.requests, c.day, { ...f.serverless, coldStartSeconds: 0 })
        expect(warmStarts).toBeLessThanOrEqual(alwaysOn * (1 + 1e-12))
      }),
      { seed: 13, numRuns: 400 },
    )
  })

  it('autoscaling with a lag of at most an hour never bills more than always-on', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const f = fleets(c)
        expect(gpuHoursPerMonth(c.requests, c.day, f.autoscaling)).toBeLessThanOrEqual(gpuHoursPerMonth(c.requests, c.day, f.alwaysOn) * (1 + 1e-12))
      }),
      { seed: 14, numRuns: 400 },
    )
  })

  it('more requests never lower always-on or autoscaling GPU-hours, nor serverless without cold starts', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 1, max: 10, noNaN: true }), (c, factor) => {
        const f = fleets(c)
        const more = c.requests * factor
        for (const each of [f.alwaysOn, f.autoscaling, { ...f.serverless, coldStartSeconds: 0 }]) {
          expect(gpuHoursPerMonth(more, c.day, each)).toBeGreaterThanOrEqual(gpuHoursPerMonth(c.requests, c.day, each) * (1 - 1e-12))
        }
      }),
      { seed: 15, numRuns: 300 },
    )
  })

  it('the breakdown sums to the total in every mode', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const each of Object.values(fleets(c))) {
          const h = gpuHoursBreakdown(c.requests, c.day, each)
          const sum = h.busy + h.headroom + h.peak + h.minReplicas + h.scaleUpLag + h.idle + h.coldStarts
          expectClose(sum, h.total, { rel: 1e-9, abs: 1e-9 })
          expect(h.total).toBe(gpuHoursPerMonth(c.requests, c.day, each))
        }
      }),
      { seed: 16, numRuns: 300 },
    )
  })
})

describe('gpuHoursLowerBound', () => {
  it('is never above gpuHoursPerMonth in any mode, and equals the busy hours or the kept replicas by hand', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const each of Object.values(fleets(c))) {
          expect(gpuHoursLowerBound(c.requests, each)).toBeLessThanOrEqual(gpuHoursPerMonth(c.requests, c.day, each))
        }
      }),
      { seed: 17, numRuns: 400 },
    )
    // 7.3e6 requests at 6,000 a GPU-hour: 1,216.67 busy hours; 2 replicas kept: 1,460 hours.
    const at = (values: Partial<FleetParameters>) => gpuHoursLowerBound(7.3e6, fleet(values))
    expectClose(at({ mode: HOSTING_MODE.SERVERLESS, minReplicas: 2 }), 7.3e6 / 6000, { rel: 1e-8 })
    expectClose(at({ mode: HOSTING_MODE.AUTOSCALING, minReplicas: 2 }), 1460, { rel: 1e-8 })
    expectClose(at({ mode: HOSTING_MODE.ALWAYS_ON, requestsPerGpuMonth: 730 * 3000, minReplicas: 2 }), 7.3e6 / 3000, { rel: 1e-8 })
  })
})
