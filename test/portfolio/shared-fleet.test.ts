// Two tasks on one always-on fleet of L4s, by hand. The base is the default scenario: 25 req/s
// per GPU (stated), 60 % utilisation, a raised-cosine day peaking at 2x the average, at least 2
// GPUs, $0.7992 per GPU-hour (Modal's L4), 730 hours a month.
import { describe, expect, it } from 'vitest'
import { analysePortfolio } from '../../src/portfolio/analyse.js'
import { sharedFleetMonth } from '../../src/portfolio/shared-fleet.js'
import { validatePortfolio } from '../../src/portfolio/validate.js'
import { HOSTING_MODE } from '../../kernel/sim/gpu-hours.js'
import { expectClose } from '../helpers/expect-close.js'
import { defaultRaw } from '../helpers/scenario.js'

describe('analysePortfolio: two adapters on one shared fleet, by hand', () => {
  const base = defaultRaw()
  const decision = analysePortfolio(
    validatePortfolio(
      {
        name: 'two',
        base,
        tasks: [
          { name: 'A', adapt: 'yes' },
          { name: 'B', adapt: 'yes', task: { requestsPerMonth: 20_000_000 }, serving: { requestsPerSecondPerGpu: 10, requestsPerSecondSource: 'test' } },
        ],
        multiLora: { unmergedFactor: 0.8, declinePerDoubling: 0.9, source: 'test' },
      },
      'two.json',
    ),
  )
  const fleet = decision.sharedFleet!

  it('the multi-LoRA factor for 2 adapters: 0.8 x 0.9^log2(2) = 0.72', () => {
    expect(fleet.adapters).toBe(2)
    expectClose(fleet.factor, 0.72)
  })

  it('GPU-seconds, replicas and USD in month 1', () => {
    // GPU-seconds of work: A 5,000,000 / (25 x 0.72 = 18 req/s) = 277,777.78 s;
    //                      B 20,000,000 / (10 x 0.72 = 7.2 req/s) = 2,777,777.78 s; sum 3,055,555.56 s.
    expectClose(fleet.month1.busyGpuSeconds, 5e6 / 18 + 20e6 / 7.2, 1e-12)
    expectClose(fleet.month1.busyGpuSeconds, 3_055_555.5556, 1e-10)
    // One GPU gives 0.6 x 2,628,000 s / 2 (peak) = 788,400 s of work a month planned for the peak:
    // 3,055,555.56 / 788,400 = 3.876 -> 4 GPUs (above the 2 minimum) x 730 h = 2,920 GPU-hours.
    expect(fleet.month1.gpuHours).toBe(2920)
    // x $0.7992 = $2,333.664
    expectClose(fleet.month1.usd, 2333.664, 1e-12)
    // Shares of the work: A 277,777.78 / 3,055,555.56 = 1/11, B 10/11.
    expectClose(fleet.shares[0]!.month1Share, 1 / 11)
    expectClose(fleet.shares[1]!.month1Share, 10 / 11)
    expectClose(fleet.shares[0]!.month1USD, 2333.664 / 11)
    // One deployment each, merged at full speed: A 5,000,000 / (25 x 788,400 = 19,710,000) = 0.25 -> 2 GPUs
    // (the minimum); B 20,000,000 / (10 x 788,400) = 2.54 -> 3 GPUs; 5 GPUs x 730 h = 3,650 GPU-hours.
    expect(fleet.ownDeploymentsMonth1GpuHours).toBe(3650)
  })

  it('the options differ in month 1 by the hosting alone: $2,333.664 shared against 3,650 h x $0.7992 = $2,917.08 own', () => {
    const own = decision.options.find((o) => o.id === 'own-deployments')!
    const shared = decision.options.find((o) => o.id === 'shared-multi-lora')!
    expectClose(own.months[1]!.hostingUSD, 2917.08, 1e-12)
    expectClose(shared.months[1]!.hostingUSD, 2333.664, 1e-12)
    expectClose(shared.months[1]!.totalUSD - own.months[1]!.totalUSD, 2333.664 - 2917.08, 1e-9)
    expect(shared.months[0]!.totalUSD).toBe(own.months[0]!.totalUSD) // the one-time costs are the tasks' own
    // Each task's part: its own costs without hosting plus its share of the fleet; they add up.
    expectClose(shared.perTask.reduce((sum, t) => sum + t.horizonTotalUSD, 0), shared.horizonTotalUSD, 1e-12)
    expectClose(fleet.shares.reduce((sum, s) => sum + s.horizonShare, 0), 1, 1e-12)
  })

  it('the month-1 GPU-hours by cause add up to the total', () => {
    const b = fleet.month1.breakdown
    expectClose(b.busy + b.headroom + b.peak + b.minReplicas + b.scaleUpLag + b.idle + b.coldStarts, b.total, 1e-12)
    // busy: 3,055,555.56 s / 3,600 = 848.77 GPU-hours; headroom: busy x (1/0.6 - 1) = 565.84
    expectClose(b.busy, 3_055_555.5556 / 3600, 1e-10)
    expectClose(b.headroom, b.busy * (1 / 0.6 - 1), 1e-10)
  })
})

describe('sharedFleetMonth', () => {
  const fleet = { mode: HOSTING_MODE.AUTOSCALING, requestsPerGpuHour: 0, requestsPerGpuMonth: 0, utilisation: 0.5, minReplicas: 1, scaleUpLagHours: 0, idleTimeoutSeconds: 0, coldStartSeconds: 0 }
  const hosting = { gpu: 'L4', gpuHourUSD: 1, hoursPerMonth: 730, requestsPerGpuMonth: 1, minReplicas: 1, formula: '', fleet: { parameters: fleet, trafficWeights: new Array(24).fill(1), scaling: 'autoscaling' as const } }

  it('autoscaling a flat day: whole GPUs each hour from the mixed speed', () => {
    // 730,000 + 730,000 requests a month = 2,000 an hour; work 730,000 / 2 + 730,000 / 1 = 1,095,000 s a month
    // = 1,500 s an hour; at 50 % utilisation a GPU gives 1,800 s an hour: ceil(0.83) = 1 GPU all month = 730 h.
    const month = sharedFleetMonth([{ name: 'a', requests: 730_000, mergedRequestsPerSecond: 2 }, { name: 'b', requests: 730_000, mergedRequestsPerSecond: 1 }], 1, hosting)
    expectClose(month.busyGpuSeconds, 1_095_000)
    expectClose(month.requestsPerSecond, 1_460_000 / 1_095_000)
    expectClose(month.gpuHours, 730, 1e-12)
    // at factor 0.5 the work doubles to 3,000 s an hour: ceil(1.67) = 2 GPUs = 1,460 h
    expectClose(sharedFleetMonth([{ name: 'a', requests: 730_000, mergedRequestsPerSecond: 2 }, { name: 'b', requests: 730_000, mergedRequestsPerSecond: 1 }], 0.5, hosting).gpuHours, 1460, 1e-12)
  })

  it('refuses a factor outside (0, 1]', () => {
    expect(() => sharedFleetMonth([], 1.5, hosting)).toThrow('invalid factor: 1.5 (must be <= 1)')
  })
})
