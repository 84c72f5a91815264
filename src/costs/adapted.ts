/**
 * What fine-tuning and distillation share: a small model serves every request (API-hosted per
 * token, or self-hosted on whole GPUs), the hard tail escalates to the frontier model, and the
 * model is trained, evaluated and retrained. The strategies differ in where training data comes
 * from (human labels or teacher outputs) and whether retrieval feeds the model.
 */
import { formatCount, formatNumber, formatUSD } from '../format.js'
import type { StrategyId } from '../scenario/schema.js'
import type { PricingContext } from './context.js'
import { gpuHosting } from './hosting.js'
import {
  corpusEmbedding,
  escalation,
  humanReview,
  maintenancePeople,
  retrievalPerRequest,
  retrievalMonthly,
  setupPeople,
} from './parts.js'
import { adaptedInputTokens, productionFrontierCall, smallApiCallUSD } from './requests.js'
import type { CostPart, StrategyCost } from './strategy-cost.js'
import { trainingRun, type TrainingRun } from './training-run.js'

/** How one adapted strategy gets its data. */
export interface AdaptedPlan {
  id: StrategyId
  label: string
  /** Retrieved context tokens per request (0 without retrieval). */
  contextTokens: number
  /** Output tokens per training example. */
  trainingOutputTokens: number
  /** One-time data parts (labels or teacher outputs), evaluation labels included. */
  data: CostPart[]
  /** Data parts of each retraining. */
  retrainingData: CostPart[]
}

/** The small model's inference per request, and the evaluation pass over the held-out set. */
function studentInference(ctx: PricingContext, contextTokens: number): { perRequest: CostPart | null; evaluation: CostPart } {
  const evalSetSize = ctx.scenario.adaptation.evalSetSize
  if (ctx.smallApi) {
    const call = smallApiCallUSD(ctx, ctx.smallApi, contextTokens)
    const usd = evalSetSize * call.usd
    return {
      perRequest: { name: 'small-model tokens', usd: call.usd, formula: call.formula },
      evaluation: {
        name: 'evaluation',
        usd,
        formula: `${formatCount(evalSetSize)} held-out examples x ${formatUSD(call.usd)} small-model call = ${formatUSD(usd)}`,
      },
    }
  }
  return {
    perRequest: null,
    evaluation: {
      name: 'evaluation',
      usd: 0,
      formula: `${formatCount(evalSetSize)} held-out predictions on the training GPU, inside the training run's overhead hours`,
    },
  }
}

/** Training run for the plan's examples; exported for reports. */
export function planTrainingRun(ctx: PricingContext, plan: AdaptedPlan, examples: number): TrainingRun {
  const tokensPerExample = adaptedInputTokens(ctx, plan.contextTokens) + plan.trainingOutputTokens
  return trainingRun(ctx, examples, tokensPerExample)
}

/**
 * Builds the cost of an adapted strategy from its plan: per request the small model, escalation
 * and review (and query embedding with retrieval); once the data, training, evaluation and setup
 * people (and corpus embedding); monthly maintenance people (and the retrieval stack) plus GPU
 * hosting when self-hosted; every `retrainEveryMonths` months fresh data, training and
 * evaluation.
 */
export function adaptedCost(ctx: PricingContext, plan: AdaptedPlan): StrategyCost {
  const { adaptation } = ctx.scenario
  const withRetrieval = plan.contextTokens > 0
  const student = studentInference(ctx, plan.contextTokens)
  const frontier = productionFrontierCall(ctx, plan.contextTokens)
  const training = planTrainingRun(ctx, plan, adaptation.trainingExamples)
  const perRequest: CostPart[] = []
  if (student.perRequest) perRequest.push(student.perRequest)
  if (withRetrieval) perRequest.push(...retrievalPerRequest(ctx))
  perRequest.push(escalation(ctx, frontier), humanReview(ctx, plan.id))
  const oneTime: CostPart[] = [...plan.data, training.part, student.evaluation]
  if (withRetrieval) oneTime.push(corpusEmbedding(ctx))
  oneTime.push(setupPeople(ctx, plan.id))
  const monthlyFixed: CostPart[] = [...(withRetrieval ? retrievalMonthly(ctx) : []), maintenancePeople(ctx, plan.id)]
  const retraining =
    adaptation.retrainEveryMonths > 0
      ? {
          everyMonths: adaptation.retrainEveryMonths,
          parts: [
            ...plan.retrainingData,
            planTrainingRun(ctx, plan, adaptation.trainingExamples).part,
            student.evaluation,
          ],
        }
      : null
  return {
    id: plan.id,
    label: plan.label,
    perRequest,
    oneTime,
    monthlyFixed,
    hosting: gpuHosting(ctx, plan.contextTokens),
    retraining,
    escalationDrift: escalationDrift(ctx, frontier.usd),
    quality: ctx.scenario.quality[plan.id],
  }
}

/**
 * Drift of the hard tail: `escalationDriftPerMonth x frontier call` more per request for each
 * month since training, at most `(1 - escalationShare) x frontier call`; null without drift.
 */
function escalationDrift(ctx: PricingContext, frontierCallUSD: number): StrategyCost['escalationDrift'] {
  const { escalationShare, escalationDriftPerMonth } = ctx.scenario.hardTail
  if (!(escalationDriftPerMonth > 0)) return null
  return { usdPerMonthOfAge: escalationDriftPerMonth * frontierCallUSD, capUSD: (1 - escalationShare) * frontierCallUSD }
}

/** `n examples x $each = $total` as a cost part. */
export function countedPart(name: string, count: number, eachUSD: number, what: string): CostPart {
  const usd = count * eachUSD
  return { name, usd, formula: `${formatNumber(count)} ${what} x ${formatUSD(eachUSD)} = ${formatUSD(usd)}` }
}
