/**
 * Distillation: the frontier model labels real inputs once (after a quality filter), a small
 * student is trained on them and ships when it agrees with the teacher on a held-out set.
 * With retrieval (`distill+rag`), the student also gets current facts at request time.
 */
import { formatCount, formatNumber, formatPercent, formatUSD } from '../format.js'
import { adaptedCost } from './adapted.js'
import type { PricingContext } from './context.js'
import { teacherCall } from './requests.js'
import type { CostPart, StrategyCost } from './strategy-cost.js'

function teacherParts(ctx: PricingContext, contextTokens: number): { data: CostPart[]; retraining: CostPart[] } {
  const { adaptation } = ctx.scenario
  const call = teacherCall(ctx, contextTokens)
  const calls = adaptation.trainingExamples / adaptation.teacherPassRate
  const freshCalls = (adaptation.retrainFreshShare * adaptation.trainingExamples) / adaptation.teacherPassRate
  const data = (count: number, formula: string): CostPart => ({
    name: 'teacher data',
    usd: count * call.usd,
    frontierPriced: true,
    formula: `${formula} = ${formatNumber(count)} teacher calls x ${formatUSD(call.usd)} = ${formatUSD(count * call.usd)}; teacher call: ${call.formula}`,
  })
  const labels: CostPart = {
    name: 'evaluation labels',
    usd: adaptation.evalSetSize * call.usd,
    frontierPriced: true,
    formula: `${formatCount(adaptation.evalSetSize)} held-out inputs labelled by the teacher x ${formatUSD(call.usd)} = ${formatUSD(adaptation.evalSetSize * call.usd)}`,
  }
  return {
    data: [data(calls, `${formatCount(adaptation.trainingExamples)} examples / ${formatPercent(adaptation.teacherPassRate)} pass rate`), labels],
    retraining: [
      data(freshCalls, `${adaptation.retrainFreshShare} fresh share x ${formatCount(adaptation.trainingExamples)} examples / ${formatPercent(adaptation.teacherPassRate)} pass rate`),
      labels,
    ],
  }
}

/**
 * Cost of distilling the frontier teacher into a small student, without or with retrieval.
 *
 * @example
 * distillCost(pricingContext(defaultScenario()), false).oneTime[0].name // 'teacher data'
 */
export function distillCost(ctx: PricingContext, withRetrieval: boolean): StrategyCost {
  const contextTokens = withRetrieval ? ctx.scenario.task.retrievedContextTokens : 0
  const teacher = teacherParts(ctx, contextTokens)
  const { task, adaptation } = ctx.scenario
  return adaptedCost(ctx, {
    id: withRetrieval ? 'distill+rag' : 'distill',
    label: withRetrieval ? 'Distill, then retrieve (student + RAG)' : 'Distill the frontier model into a small student',
    contextTokens,
    trainingOutputTokens: adaptation.teacherOutputTokens ?? task.outputTokens,
    data: teacher.data,
    retrainingData: teacher.retraining,
  })
}
