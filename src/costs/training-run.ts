/**
 * The cost of one training run of the small model: per training token on an API, or GPU-hours
 * from the training estimator on self-hosted GPUs.
 */
import { formatCount, formatNumber, formatPerMTok, formatUSD } from '../format.js'
import type { PricingContext } from './context.js'
import type { CostPart } from './strategy-cost.js'
import { estimateTraining, trainingMethodOf, type TrainingEstimate } from '../training/index.js'

/** One training run: its cost part and, when self-hosted, the estimator's figures. */
export interface TrainingRun {
  part: CostPart
  trainingTokens: number
  estimate: TrainingEstimate | undefined
}

/**
 * Prices a training run over `examples` examples of `tokensPerExample` tokens for the scenario's
 * epochs. API: `max(minimum, tokens x epochs / 1e6 x trainingPerMTokUSD)`. Self-hosted:
 * `(estimated GPU-hours + overhead hours) x $/GPU-hour`, the GPU-hours from
 * {@link estimateTraining} (FLOPs at the scenario's utilisation).
 *
 * @example
 * trainingRun(ctx, 5000, 400).part.usd
 */
export function trainingRun(ctx: PricingContext, examples: number, tokensPerExample: number): TrainingRun {
  const { adaptation, smallModel } = ctx.scenario
  const trainingTokens = examples * tokensPerExample * adaptation.epochs
  const hosting = smallModel.hosting
  if (hosting.kind === 'api') {
    const raw = (trainingTokens / 1e6) * hosting.trainingPerMTokUSD
    const usd = Math.max(raw, hosting.minimumTrainingUSD ?? 0)
    return {
      trainingTokens,
      estimate: undefined,
      part: {
        name: 'training',
        usd,
        formula:
          `${formatCount(examples)} examples x ${formatNumber(tokensPerExample)} tokens x ${formatNumber(adaptation.epochs)} epochs = ${formatCount(trainingTokens)} tokens at ${formatPerMTok(hosting.trainingPerMTokUSD)}` +
          (usd > raw ? ` (minimum charge ${formatUSD(usd)})` : '') +
          ` = ${formatUSD(usd)} (${hosting.provider}/${hosting.model})`,
      },
    }
  }
  const self = ctx.selfHosted
  if (!self) throw new Error('internal: self-hosted pricing missing')
  const estimate = estimateTraining({
    architecture: self.architecture,
    method: trainingMethodOf(hosting),
    sequenceLength: Math.max(1, Math.ceil(tokensPerExample)),
    microBatchSize: 1,
    gradientCheckpointing: true,
    trainingTokens,
    gpu: self.training.spec,
    utilisation: hosting.trainingUtilisation,
  })
  const hours = estimate.gpuHours + hosting.trainingOverheadHours
  const usd = hours * self.training.gpuHourUSD
  return {
    trainingTokens,
    estimate,
    part: {
      name: 'training',
      usd,
      formula:
        `${formatCount(trainingTokens)} training tokens (${formatCount(examples)} x ${formatNumber(tokensPerExample)} x ${formatNumber(adaptation.epochs)} epochs), ` +
        `${hosting.method === 'qlora' ? 'QLoRA' : 'LoRA'} r=${hosting.loraRank} on ${self.architecture.name}: ${estimate.trainingFlops.toExponential(2)} FLOPs / ` +
        `(${formatNumber(self.training.spec.bf16DenseTflops)} TFLOP/s x ${formatNumber(hosting.trainingUtilisation)} utilisation) = ${formatNumber(estimate.gpuHours, 3)} GPU-h ` +
        `+ ${formatNumber(hosting.trainingOverheadHours)} h overhead, x $${self.training.gpuHourUSD.toFixed(2)}/GPU-h (${self.training.spec.name}, ${self.training.priceSource}) = ${formatUSD(usd)}`,
    },
  }
}
