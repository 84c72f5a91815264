/**
 * Fine-tuning a small model on human-labelled examples (LoRA/QLoRA when self-hosted, the
 * provider's fine-tuning API otherwise). The instructions and few-shot examples leave the prompt:
 * the behaviour is in the weights.
 */
import { formatCount, formatUSD } from '../format.js'
import { adaptedCost } from './adapted.js'
import type { PricingContext } from './context.js'
import type { CostPart, StrategyCost } from './strategy-cost.js'

/**
 * Human labels to buy: `max(0, training + evaluation examples - labelled examples the team has)
 * x $/label`; at retraining `fresh share x (training + evaluation) x $/label`.
 */
function labelParts(ctx: PricingContext): { data: CostPart; retraining: CostPart } {
  const { adaptation, facts } = ctx.scenario
  const needed = adaptation.trainingExamples + adaptation.evalSetSize
  const toBuy = Math.max(0, needed - facts.labelledExamples)
  const usd = toBuy * adaptation.labelUSDPerExample
  const fresh = adaptation.retrainFreshShare * needed
  const freshUSD = fresh * adaptation.labelUSDPerExample
  return {
    data: {
      name: 'human labels',
      usd,
      formula: `max(0, ${formatCount(adaptation.trainingExamples)} training + ${formatCount(adaptation.evalSetSize)} held-out - ${formatCount(facts.labelledExamples)} on hand) = ${formatCount(toBuy)} labels x ${formatUSD(adaptation.labelUSDPerExample)} = ${formatUSD(usd)}`,
    },
    retraining: {
      name: 'human labels',
      usd: freshUSD,
      formula: `${formatCount(fresh)} fresh labels (${adaptation.retrainFreshShare} x ${formatCount(needed)}) x ${formatUSD(adaptation.labelUSDPerExample)} = ${formatUSD(freshUSD)}`,
    },
  }
}

/**
 * Cost of fine-tuning on human labels.
 *
 * @example
 * finetuneCost(pricingContext(defaultScenario())).oneTime.map((p) => p.name)
 * // ['human labels', 'training', 'evaluation', 'setup people']
 */
export function finetuneCost(ctx: PricingContext): StrategyCost {
  const labels = labelParts(ctx)
  return adaptedCost(ctx, {
    id: 'finetune',
    label: 'Fine-tune a small model (LoRA)',
    contextTokens: 0,
    trainingOutputTokens: ctx.scenario.task.outputTokens,
    data: [labels.data],
    retrainingData: [labels.retraining],
  })
}
