import { describe, expect, it } from 'vitest'
import { pricingContext } from '../../src/costs/pricing-context.js'
import { strategyCosts } from '../../src/costs/strategies.js'
import {
  fixedMonthlyUSD,
  gpusNeeded,
  hostingUSD,
  oneTimeUSD,
  perRequestUSD,
  retrainingEventUSD,
  type StrategyCost,
} from '../../src/costs/strategy-cost.js'
import { apiScenario, variant } from '../helpers/scenario.js'

const byId = (costs: StrategyCost[], id: string) => costs.find((c) => c.id === id) as StrategyCost
const part = (parts: { name: string; usd: number }[], name: string) => parts.find((p) => p.name === name)?.usd

// The default scenario, with explicit prices: gpt-4.1-like frontier $2 in / $0.50 cached / $8 out,
// an API fine-tune at $0.30 in / $1.20 out and $3 per training MTok, embeddings $0.02/MTok.
// Task: 700 instruction + 1,200 few-shot + 300 item tokens in, 12 out; 1,500 retrieved; 20 adapted instruction.
const costs = strategyCosts(apiScenario())

describe('promptCost', () => {
  const prompt = byId(costs, 'prompt')
  it('prices the frontier call with 90 % of the 1,900-token prefix cached', () => {
    // cached 1,710 x 0.5/M = 0.000855; uncached 190 x 2/M = 0.00038; item 300 x 2/M = 0.0006; out 12 x 8/M = 0.000096
    expect(part(prompt.perRequest, 'frontier tokens')).toBeCloseTo(0.000855 + 0.00038 + 0.0006 + 0.000096, 12)
  })
  it('adds human review: 0.2 % x $0.40', () => {
    expect(part(prompt.perRequest, 'human review')).toBeCloseTo(0.0008, 12)
    expect(perRequestUSD(prompt)).toBeCloseTo(0.001931 + 0.0008, 12)
  })
  it('costs 0.5 person-months once and 0.05 a month at $20,000', () => {
    expect(oneTimeUSD(prompt)).toBe(10_000)
    expect(fixedMonthlyUSD(prompt)).toBe(1_000)
  })
})

describe('ragCost', () => {
  const rag = byId(costs, 'rag')
  it('adds 1,500 retrieved tokens at the uncached rate and embeds the 300-token query', () => {
    expect(part(rag.perRequest, 'frontier tokens')).toBeCloseTo(0.001931 + 1500 * 2e-6, 12)
    expect(part(rag.perRequest, 'query embedding')).toBeCloseTo(300 * 0.02e-6, 15)
  })
  it('pays the vector store per query: $4 per million', () => {
    expect(part(rag.perRequest, 'vector search')).toBeCloseTo(4e-6, 15)
  })
  it('embeds the 20M-token corpus once ($0.40) and re-embeds 10 % a month, plus 0.5 GB x $0.33', () => {
    expect(part(rag.oneTime, 'corpus embedding')).toBeCloseTo(0.4, 12)
    expect(part(rag.monthlyFixed, 're-indexing')).toBeCloseTo(0.04, 12)
    expect(part(rag.monthlyFixed, 'vector store')).toBeCloseTo(0.165, 12)
  })
})

describe('distillCost (API-hosted student)', () => {
  const distill = byId(costs, 'distill')
  const teacherCall = 0.001931 * 0.5 // batch API: 50 % off
  it('pays the teacher for 5,000 / 0.85 calls through the batch API', () => {
    expect(part(distill.oneTime, 'teacher data')).toBeCloseTo((5000 / 0.85) * teacherCall, 10)
    expect(part(distill.oneTime, 'evaluation labels')).toBeCloseTo(1000 * teacherCall, 10)
  })
  it('trains on 5,000 x (20 + 300 + 12) tokens x 3 epochs at $3/MTok', () => {
    expect(part(distill.oneTime, 'training')).toBeCloseTo(((5000 * 332 * 3) / 1e6) * 3, 10)
  })
  it('serves with the short prompt on the small model, escalating 5 % to the frontier', () => {
    expect(part(distill.perRequest, 'small-model tokens')).toBeCloseTo(320 * 0.3e-6 + 12 * 1.2e-6, 15)
    expect(part(distill.perRequest, 'escalation to frontier')).toBeCloseTo(0.05 * 0.001931, 12)
    expect(part(distill.perRequest, 'human review')).toBeCloseTo(0.0025 * 0.4, 12)
  })
  it('evaluates 1,000 held-out examples on the student', () => {
    expect(part(distill.oneTime, 'evaluation')).toBeCloseTo(1000 * (320 * 0.3e-6 + 12 * 1.2e-6), 12)
  })
  it('retrains every 6 months on half fresh teacher data', () => {
    expect(distill.retraining?.everyMonths).toBe(6)
    const expected = (0.5 * 5000 / 0.85) * teacherCall + 1000 * teacherCall + ((5000 * 332 * 3) / 1e6) * 3 + 1000 * (320 * 0.3e-6 + 12 * 1.2e-6)
    expect(retrainingEventUSD(distill)).toBeCloseTo(expected, 10)
  })
  it('has no GPU hosting when API-hosted', () => {
    expect(distill.hosting).toBeNull()
  })
})

describe('finetuneCost', () => {
  const finetune = byId(costs, 'finetune')
  it('buys the labels it lacks: 5,000 + 1,000 - 1,200 on hand = 4,800 x $0.60', () => {
    expect(part(finetune.oneTime, 'human labels')).toBeCloseTo(2880, 10)
  })
  it('buys no labels when the team has enough', () => {
    const plenty = strategyCosts(apiScenario((raw) => (raw.facts.labelledExamples = 10_000)))
    expect(part(byId(plenty, 'finetune').oneTime, 'human labels')).toBe(0)
  })
  it('relabels half of training + held-out at each retraining: 3,000 x $0.60', () => {
    expect(part(finetune.retraining?.parts ?? [], 'human labels')).toBeCloseTo(1800, 10)
  })
})

describe('distill+rag', () => {
  it('feeds the student the retrieved context and pays for the retrieval stack', () => {
    const both = byId(costs, 'distill+rag')
    expect(part(both.perRequest, 'small-model tokens')).toBeCloseTo(1820 * 0.3e-6 + 12 * 1.2e-6, 15)
    expect(part(both.oneTime, 'corpus embedding')).toBeCloseTo(0.4, 12)
    expect(part(both.monthlyFixed, 'vector store')).toBeCloseTo(0.165, 12)
  })
})

describe('self-hosted GPU capacity', () => {
  const scenario = variant(() => {})
  const distill = byId(strategyCosts(scenario), 'distill')
  const hosting = distill.hosting!
  it('serves 25 req/s x 0.6 / 2 peak x 2,628,000 s = 19,710,000 requests per GPU-month', () => {
    expect(hosting.requestsPerGpuMonth).toBeCloseTo(19_710_000, 6)
  })
  it('keeps 2 replicas until volume needs more, in whole GPUs', () => {
    expect(gpusNeeded(hosting, 5e6)).toBe(2)
    expect(gpusNeeded(hosting, 2 * 19_710_000)).toBe(2)
    expect(gpusNeeded(hosting, 2 * 19_710_000 + 1)).toBe(3)
    // 2 GPUs x $0.7992/h (data/gpus.json, nvidia-l4) x 730 h
    expect(hostingUSD(distill, 5e6)).toBeCloseTo(2 * 0.7992 * 730, 9)
  })
  it('scales throughput with retrieved context by (320 + 12) / (1,820 + 12) tokens', () => {
    const both = byId(strategyCosts(scenario), 'distill+rag')
    expect(both.hosting!.requestsPerGpuMonth).toBeCloseTo(19_710_000 * (332 / 1832), 6)
  })
  it('prices training from the estimator: (GPU-hours + 1 h overhead) x $0.7992', () => {
    const ctx = pricingContext(scenario)
    const training = distill.oneTime.find((p) => p.name === 'training')!
    expect(ctx.selfHosted?.training.gpuHourUSD).toBe(0.7992)
    const hours = training.usd / 0.7992 - 1
    // 6 N T as an order of magnitude: 1.5e9 x 5e6 tokens x 6 / (121e12 x 0.35) / 3600 ~ 0.3 h
    expect(hours).toBeGreaterThan(0.1)
    expect(hours).toBeLessThan(1)
  })
})

describe('drift and price trend in the scenario', () => {
  const drifting = strategyCosts(apiScenario((raw) => (raw.hardTail.escalationDriftPerMonth = 0.005)))
  it('adds 0.5 % escalation a month of age at the frontier call price, capped at 95 %', () => {
    const drift = byId(drifting, 'distill').escalationDrift!
    expect(drift.usdPerMonthOfAge).toBeCloseTo(0.005 * 0.001931, 12)
    expect(drift.capUSD).toBeCloseTo(0.95 * 0.001931, 12)
    expect(byId(drifting, 'prompt').escalationDrift).toBeNull()
  })
  it('marks frontier-priced parts so the price trend applies to them', () => {
    const prompt = byId(costs, 'prompt')
    expect(prompt.perRequest.filter((p) => p.frontierPriced).map((p) => p.name)).toEqual(['frontier tokens'])
    const distill = byId(costs, 'distill')
    expect(distill.retraining?.parts.filter((p) => p.frontierPriced).map((p) => p.name)).toEqual(['teacher data', 'evaluation labels'])
  })
})
