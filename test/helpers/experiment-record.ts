/** A valid experiment record for tests, with the measurements a test names. */
import { measuredProportion, type ExperimentRecord } from '../../src/measured/index.js'

/** Proportions as `[successes, n]`; the rest of the record is fixed. */
export interface RecordCounts {
  agreement?: [number, number]
  passRate?: [number, number]
  escalationShare?: [number, number]
  cascadeAgreement?: [number, number]
  cascadeAccuracy?: [number, number] | null
  inputTokensMean?: number
  outputTokensMean?: number
}

export function experimentRecord(counts: RecordCounts = {}): ExperimentRecord {
  const p = (pair: [number, number], what: string) => measuredProportion(pair[0], pair[1], what)
  const tokens = (mean: number) => ({ encoding: 'o200k_base', model: 'gpt-4.1-mini', n: 650, mean, median: mean, p95: mean * 2 })
  return {
    kind: 'payback-distillation-experiment',
    version: 1,
    id: 'run-test-0001',
    createdAt: '2026-11-30T00:00:00.000Z',
    measurements: {
      agreement: p(counts.agreement ?? [620, 650], 'student agrees with the teacher'),
      accuracy: null,
      teacherAccuracy: null,
      passRate: p(counts.passRate ?? [900, 1000], 'teacher outputs passing the filter'),
      escalationShare: p(counts.escalationShare ?? [50, 1000], 'held-out inputs escalated'),
      escalationThreshold: 0.8,
      cascadeAgreement: p(counts.cascadeAgreement ?? [960, 1000], 'cascade agrees with the teacher'),
      cascadeAccuracy: counts.cascadeAccuracy ? p(counts.cascadeAccuracy, 'cascade right on gold') : null,
      kappa: { value: 0.8, lower: 0.75, upper: 0.85 },
      mcnemar: null,
      inputTokens: tokens(counts.inputTokensMean ?? 700),
      outputTokens: tokens(counts.outputTokensMean ?? 6),
      throughput: { requestsPerSecond: 300, tokensPerSecond: 38400, batchSize: 32, latencyMsP50: 100, latencyMsP95: 120, device: 'cpu', hardware: 'test CPU, 1 thread' },
    },
    gate: { verdict: 'ship', ship: true, target: 0.9, explanation: 'agreement above the target' },
    teacher: { kind: 'logs', model: 'gpt-4.1-mini', endpoint: null, pricing: 'from the log', calls: 1000, costUSD: 0.5, paidUSD: 0, costPerAnswerUSD: 0.0005, seconds: 1 },
    training: { pairs: 900, steps: 100, seconds: 30, hardware: 'test CPU', gpuUSDPerHour: 0.8, costUSD: (30 / 3600) * 0.8 },
    data: {},
    config: {},
    versions: { payback: '0.1.0' },
  }
}
