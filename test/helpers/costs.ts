import type { GpuHosting, StrategyCost } from '../../src/costs/strategy-cost.js'

/** A hand-made strategy cost: one part per kind, so totals are easy to compute by hand. */
export function makeCost(spec: {
  id?: StrategyCost['id']
  perRequest?: number
  oneTime?: number
  fixed?: number
  retrainEvery?: number
  retrainUSD?: number
  hosting?: Partial<GpuHosting> & { requestsPerGpuMonth: number; gpuHourUSD: number }
}): StrategyCost {
  return {
    id: spec.id ?? 'distill',
    label: spec.id ?? 'distill',
    perRequest: [{ name: 'per request', usd: spec.perRequest ?? 0, formula: '' }],
    oneTime: [{ name: 'one-time', usd: spec.oneTime ?? 0, formula: '' }],
    monthlyFixed: [{ name: 'fixed', usd: spec.fixed ?? 0, formula: '' }],
    hosting: spec.hosting
      ? { gpu: 'test', hoursPerMonth: 730, minReplicas: 1, formula: '', ...spec.hosting }
      : null,
    retraining: spec.retrainEvery ? { everyMonths: spec.retrainEvery, parts: [{ name: 'retraining', usd: spec.retrainUSD ?? 0, formula: '' }] } : null,
    quality: 0.9,
  }
}
