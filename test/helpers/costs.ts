import type { GpuHosting, StrategyCost } from '../../src/costs/strategy-cost.js'

/** A hand-made strategy cost: one part per kind, so totals are easy to compute by hand. */
export function makeCost(spec: {
  id?: StrategyCost['id']
  perRequest?: number
  /** Per-request USD paid in frontier tokens (follows the price trend), on top of perRequest. */
  perRequestFrontier?: number
  drift?: { usdPerMonthOfAge: number; capUSD: number }
  oneTime?: number
  fixed?: number
  retrainEvery?: number
  retrainUSD?: number
  hosting?: Partial<GpuHosting> & { requestsPerGpuMonth: number; gpuHourUSD: number }
}): StrategyCost {
  return {
    id: spec.id ?? 'distill',
    label: spec.id ?? 'distill',
    perRequest: [
      { name: 'per request', usd: spec.perRequest ?? 0, formula: '' },
      ...(spec.perRequestFrontier ? [{ name: 'frontier', usd: spec.perRequestFrontier, formula: '', frontierPriced: true }] : []),
    ],
    oneTime: [{ name: 'one-time', usd: spec.oneTime ?? 0, formula: '' }],
    monthlyFixed: [{ name: 'fixed', usd: spec.fixed ?? 0, formula: '' }],
    hosting: spec.hosting
      ? { gpu: 'test', hoursPerMonth: 730, minReplicas: 1, formula: '', ...spec.hosting }
      : null,
    retraining: spec.retrainEvery ? { everyMonths: spec.retrainEvery, parts: [{ name: 'retraining', usd: spec.retrainUSD ?? 0, formula: '' }] } : null,
    escalationDrift: spec.drift ? { formula: '', ...spec.drift } : null,
    quality: 0.9,
  }
}
