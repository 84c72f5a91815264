/**
 * Fine-tuning a small model on human-labelled examples (LoRA/QLoRA when self-hosted, the
 * provider's fine-tuning API otherwise). The instructions and few-shot examples leave the prompt:
 * the behaviour is in the weights.
 */
import { formatCount, formatUSD } from '../format.js'
import { adaptedStrategy } from './adapted.js'
import type { PricingContext } from './context.js'
import { definePart, type PartDefinition } from './part.js'
import type { StrategyDefinition } from './strategy.js'

/** Examples that need a label: training plus held-out. */
const labelsNeeded = (ctx: PricingContext) => ctx.scenario.adaptation.trainingExamples + ctx.scenario.adaptation.evalSetSize

/** Human labels to buy once: `max(0, training + evaluation examples - labelled examples on hand) x $/label`. */
const humanLabels: PartDefinition = definePart(
  'human labels',
  'oneTime',
  (ctx) => Math.max(0, labelsNeeded(ctx) - ctx.scenario.facts.labelledExamples) * ctx.scenario.adaptation.labelUSDPerExample,
  (ctx, usd) => {
    const { adaptation, facts } = ctx.scenario
    return `max(0, ${formatCount(adaptation.trainingExamples)} training + ${formatCount(adaptation.evalSetSize)} held-out - ${formatCount(facts.labelledExamples)} on hand) = ${formatCount(Math.max(0, labelsNeeded(ctx) - facts.labelledExamples))} labels x ${formatUSD(adaptation.labelUSDPerExample)} = ${formatUSD(usd)}`
  },
)

/** Fresh labels at each retraining: `fresh share x (training + evaluation) x $/label`. */
const freshLabels: PartDefinition = definePart(
  'human labels',
  'retraining',
  (ctx) => ctx.scenario.adaptation.retrainFreshShare * labelsNeeded(ctx) * ctx.scenario.adaptation.labelUSDPerExample,
  (ctx, usd) => {
    const { adaptation } = ctx.scenario
    return `${formatCount(adaptation.retrainFreshShare * labelsNeeded(ctx))} fresh labels (${adaptation.retrainFreshShare} x ${formatCount(labelsNeeded(ctx))}) x ${formatUSD(adaptation.labelUSDPerExample)} = ${formatUSD(usd)}`
  },
)

/**
 * Fine-tuning on human labels.
 *
 * @example
 * const ctx = pricingContext(defaultScenario())
 * finetuneStrategy(ctx).parts.filter((p) => p.kind === 'oneTime').map((p) => p.name) // => ['human labels', 'training', 'evaluation', 'setup people']
 */
export function finetuneStrategy(ctx: PricingContext): StrategyDefinition {
  return adaptedStrategy(ctx, {
    id: 'finetune',
    label: 'Fine-tune a small model (LoRA)',
    withRetrieval: false,
    trainingOutputTokens: (c) => c.scenario.task.outputTokens,
    data: [humanLabels],
    retrainingData: [freshLabels],
  })
}
