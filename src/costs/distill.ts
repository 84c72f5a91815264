/**
 * Distillation: the frontier model labels real inputs once (after a quality filter), a small
 * student is trained on them and ships when it agrees with the teacher on a held-out set.
 * With retrieval (`distill+rag`), the student also gets current facts at request time.
 */
import { formatCount, formatNumber, formatPercent, formatUSD } from '../format.js'
import { adaptedStrategy } from './adapted.js'
import type { PricingContext } from './context.js'
import { definePart, type PartDefinition, type PartKind } from './part.js'
import { teacherCallFormula, teacherCallUSD, teacherOutputTokens } from './requests.js'
import type { StrategyDefinition } from './strategy.js'

/** Teacher calls for training data: `(share of the examples) x examples / pass rate`. */
function teacherCalls(ctx: PricingContext, share: number): number {
  return (share * ctx.scenario.adaptation.trainingExamples) / ctx.scenario.adaptation.teacherPassRate
}

/** Teacher data: the teacher labels every example the filter must pass (all of them once; the fresh share at retraining). */
function teacherData(kind: PartKind, withRetrieval: boolean): PartDefinition {
  const share = (ctx: PricingContext) => (kind === 'retraining' ? ctx.scenario.adaptation.retrainFreshShare : 1)
  return definePart(
    'teacher data',
    kind,
    (ctx) => teacherCalls(ctx, share(ctx)) * teacherCallUSD(ctx, withRetrieval),
    (ctx, usd) => {
      const { adaptation } = ctx.scenario
      const examples = `${formatCount(adaptation.trainingExamples)} examples / ${formatPercent(adaptation.teacherPassRate)} pass rate`
      const calls = teacherCalls(ctx, share(ctx))
      return `${kind === 'retraining' ? `${adaptation.retrainFreshShare} fresh share x ` : ''}${examples} = ${formatNumber(calls)} teacher calls x ${formatUSD(teacherCallUSD(ctx, withRetrieval))} = ${formatUSD(usd)}; teacher call: ${teacherCallFormula(ctx, withRetrieval)}`
    },
    true,
  )
}

/** The held-out set, labelled by the teacher (once, and again at each retraining). */
function evaluationLabels(kind: PartKind, withRetrieval: boolean): PartDefinition {
  return definePart(
    'evaluation labels',
    kind,
    (ctx) => ctx.scenario.adaptation.evalSetSize * teacherCallUSD(ctx, withRetrieval),
    (ctx, usd) =>
      `${formatCount(ctx.scenario.adaptation.evalSetSize)} held-out inputs labelled by the teacher x ${formatUSD(teacherCallUSD(ctx, withRetrieval))} = ${formatUSD(usd)}`,
    true,
  )
}

/**
 * Distilling the frontier teacher into a small student, without or with retrieval.
 *
 * @example
 * const ctx = pricingContext(defaultScenario())
 * distillStrategy(ctx, false).parts.find((p) => p.kind === 'oneTime')?.name // => 'teacher data'
 */
export function distillStrategy(ctx: PricingContext, withRetrieval: boolean): StrategyDefinition {
  return adaptedStrategy(ctx, {
    id: withRetrieval ? 'distill+rag' : 'distill',
    label: withRetrieval ? 'Distill, then retrieve (student + RAG)' : 'Distill the frontier model into a small student',
    withRetrieval,
    trainingOutputTokens: teacherOutputTokens,
    data: [teacherData('oneTime', withRetrieval), evaluationLabels('oneTime', withRetrieval)],
    retrainingData: [teacherData('retraining', withRetrieval), evaluationLabels('retraining', withRetrieval)],
  })
}
