/**
 * The cost of one training run of the small model: per training token on an API, or GPU-hours
 * from the training estimator's FLOPs on self-hosted GPUs.
 */
import { formatCount, formatNumber, formatPerMTok, formatUSD } from '../format.js'
import type { PricingContext } from './context.js'
import { definePart, type PartDefinition, type PartKind } from './part.js'
import { adaptedInputTokens } from './requests.js'

/** Tokens one training example carries: the adapted input (with any retrieved context) and its output. */
export interface TrainingExampleTokens {
  /** Retrieved context tokens per example (0 without retrieval). */
  contextTokens(ctx: PricingContext): number
  /** Output tokens per example (the label, or the teacher's answer). */
  outputTokens(ctx: PricingContext): number
}

/** Training tokens of one run: `examples x (adapted input + output) x epochs`. */
export function trainingTokens(ctx: PricingContext, example: TrainingExampleTokens): number {
  const { adaptation } = ctx.scenario
  return adaptation.trainingExamples * (adaptedInputTokens(ctx, example.contextTokens(ctx)) + example.outputTokens(ctx)) * adaptation.epochs
}

/**
 * GPU-hours of one self-hosted run: `training FLOPs per token x tokens / (GPU peak bf16 FLOP/s x
 * utilisation) / 3,600` (the estimator's FLOPs: {@link trainingFlops} for LoRA/QLoRA with gradient
 * checkpointing); 0 when API-hosted.
 */
export function trainingGpuHours(ctx: PricingContext, tokens: number): number {
  const self = ctx.selfHosted
  if (!self) return 0
  return (self.trainingFlopsPerToken * tokens) / (self.training.spec.bf16DenseTflops * 1e12 * self.hosting.trainingUtilisation) / 3600
}

/**
 * USD of one training run. API: `max(minimum charge, tokens / 1e6 x $/training MTok)`.
 * Self-hosted: `(GPU-hours + overhead hours) x $/GPU-hour` of the training GPU.
 */
export function trainingRunUSD(ctx: PricingContext, example: TrainingExampleTokens): number {
  const tokens = trainingTokens(ctx, example)
  const hosting = ctx.scenario.smallModel.hosting
  if (hosting.kind === 'api') return Math.max((tokens / 1e6) * hosting.trainingPerMTokUSD, hosting.minimumTrainingUSD ?? 0)
  const self = ctx.selfHosted
  if (!self) throw new Error('internal: self-hosted pricing missing')
  return (trainingGpuHours(ctx, tokens) + hosting.trainingOverheadHours) * self.training.gpuHourUSD
}

function trainingFormula(ctx: PricingContext, example: TrainingExampleTokens, usd: number): string {
  const { adaptation, smallModel } = ctx.scenario
  const tokensPerExample = adaptedInputTokens(ctx, example.contextTokens(ctx)) + example.outputTokens(ctx)
  const tokens = trainingTokens(ctx, example)
  const hosting = smallModel.hosting
  if (hosting.kind === 'api') {
    const raw = (tokens / 1e6) * hosting.trainingPerMTokUSD
    return (
      `${formatCount(adaptation.trainingExamples)} examples x ${formatNumber(tokensPerExample)} tokens x ${formatNumber(adaptation.epochs)} epochs = ${formatCount(tokens)} tokens at ${formatPerMTok(hosting.trainingPerMTokUSD)}` +
      (usd > raw ? ` (minimum charge ${formatUSD(usd)})` : '') +
      ` = ${formatUSD(usd)} (${hosting.provider}/${hosting.model})`
    )
  }
  const self = ctx.selfHosted
  if (!self) throw new Error('internal: self-hosted pricing missing')
  return (
    `${formatCount(tokens)} training tokens (${formatCount(adaptation.trainingExamples)} x ${formatNumber(tokensPerExample)} x ${formatNumber(adaptation.epochs)} epochs), ` +
    `${hosting.method === 'qlora' ? 'QLoRA' : 'LoRA'} r=${hosting.loraRank} on ${self.architecture.name}: ${(self.trainingFlopsPerToken * tokens).toExponential(2)} FLOPs / ` +
    `(${formatNumber(self.training.spec.bf16DenseTflops)} TFLOP/s x ${formatNumber(hosting.trainingUtilisation)} utilisation) = ${formatNumber(trainingGpuHours(ctx, tokens), 3)} GPU-h ` +
    `+ ${formatNumber(hosting.trainingOverheadHours)} h overhead, x $${self.training.gpuHourUSD.toFixed(2)}/GPU-h (${self.training.spec.name}, ${self.training.priceSource}) = ${formatUSD(usd)}`
  )
}

/**
 * The training part of an adapted strategy, at first training (`oneTime`) or at each retraining
 * (`retraining`): the same run either way.
 */
export function trainingPart(kind: PartKind, example: TrainingExampleTokens): PartDefinition {
  return definePart(
    'training',
    kind,
    (ctx) => trainingRunUSD(ctx, example),
    (ctx, usd) => trainingFormula(ctx, example, usd),
  )
}
