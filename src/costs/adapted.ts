/**
 * What fine-tuning and distillation share: a small model serves every request (API-hosted per
 * token, or self-hosted on whole GPUs), the hard tail escalates to the frontier model, and the
 * model is trained, evaluated and retrained. The strategies differ in where training data comes
 * from (human labels or teacher outputs) and whether retrieval feeds the model.
 */
import { formatCount, formatUSD } from '../format.js'
import type { StrategyId } from '../scenario/schema.js'
import type { PricingContext } from './context.js'
import { definePart, type PartDefinition, type PartKind } from './part.js'
import {
  contextTokensOf,
  corpusEmbedding,
  escalation,
  humanReview,
  maintenancePeople,
  retrievalMonthly,
  retrievalPerRequest,
  setupPeople,
} from './parts.js'
import { smallApiCallFormula, smallApiCallUSD } from './requests.js'
import type { StrategyDefinition } from './strategy.js'
import { trainingPart } from './training-run.js'

/** How one adapted strategy gets its data. */
export interface AdaptedPlan {
  id: StrategyId
  label: string
  withRetrieval: boolean
  /** Output tokens per training example (the label, or the teacher's answer). */
  trainingOutputTokens(ctx: PricingContext): number
  /** One-time data parts (labels or teacher outputs, evaluation labels included). */
  data: PartDefinition[]
  /** Data parts of each retraining. */
  retrainingData: PartDefinition[]
}

/** The small model's tokens per request, when it is API-hosted (self-hosted: GPU hosting instead). */
function smallModelTokens(withRetrieval: boolean): PartDefinition {
  return definePart(
    'small-model tokens',
    'perRequest',
    (ctx) => smallApiCallUSD(ctx, contextTokensOf(ctx, withRetrieval)),
    (ctx) => smallApiCallFormula(ctx, contextTokensOf(ctx, withRetrieval)),
  )
}

/** The evaluation pass over the held-out set: small-model calls on an API, free on the training GPU. */
function evaluation(kind: PartKind, withRetrieval: boolean): PartDefinition {
  return definePart(
    'evaluation',
    kind,
    (ctx) => ctx.scenario.adaptation.evalSetSize * smallApiCallUSD(ctx, contextTokensOf(ctx, withRetrieval)),
    (ctx, usd) => {
      const evalSetSize = ctx.scenario.adaptation.evalSetSize
      return ctx.smallApi
        ? `${formatCount(evalSetSize)} held-out examples x ${formatUSD(smallApiCallUSD(ctx, contextTokensOf(ctx, withRetrieval)))} small-model call = ${formatUSD(usd)}`
        : `${formatCount(evalSetSize)} held-out predictions on the training GPU, inside the training run's overhead hours`
    },
  )
}

/**
 * An adapted strategy from its plan: per request the small model (on an API), retrieval,
 * escalation and review; once the data, training, evaluation, corpus embedding (with retrieval)
 * and setup people; monthly the retrieval stack and maintenance people (GPU hosting when
 * self-hosted); every `retrainEveryMonths` months fresh data, training and evaluation.
 *
 * @example
 * // The default scenario self-hosts the small model: no small-model tokens per request (GPU
 * // hosting instead); without retrieval no retrieval parts; this plan brings no data parts
 * const ctx = pricingContext(defaultScenario())
 * const plan = { id: 'finetune', label: 'fine-tune', withRetrieval: false, trainingOutputTokens: () => 12, data: [], retrainingData: [] }
 * adaptedStrategy(ctx, plan).parts.map((p) => `${p.kind}: ${p.name}`)
 * // => ['perRequest: escalation to frontier', 'perRequest: human review', 'oneTime: training', 'oneTime: evaluation',
 * //     'oneTime: setup people', 'monthly: maintenance people', 'retraining: training', 'retraining: evaluation']
 */
export function adaptedStrategy(ctx: PricingContext, plan: AdaptedPlan): StrategyDefinition {
  const { id, withRetrieval } = plan
  const example = { contextTokens: (c: PricingContext) => contextTokensOf(c, withRetrieval), outputTokens: plan.trainingOutputTokens }
  const parts: PartDefinition[] = []
  if (ctx.smallApi) parts.push(smallModelTokens(withRetrieval))
  if (withRetrieval) parts.push(...retrievalPerRequest)
  parts.push(escalation(withRetrieval), humanReview(id))
  parts.push(...plan.data, trainingPart('oneTime', example), evaluation('oneTime', withRetrieval))
  if (withRetrieval) parts.push(corpusEmbedding)
  parts.push(setupPeople(id))
  if (withRetrieval) parts.push(...retrievalMonthly)
  parts.push(maintenancePeople(id))
  parts.push(...plan.retrainingData, trainingPart('retraining', example), evaluation('retraining', withRetrieval))
  return { id, label: plan.label, withRetrieval, smallModel: true, parts }
}
