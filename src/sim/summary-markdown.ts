/**
 * What a simulation means for the decision, in words: how likely the adaptation pays back, how
 * likely it is the cheapest, how wide its NPV is, and which input to measure first.
 */
import { formatPercent, formatUSD } from '../format.js'
import { checkNumber } from '../scenario/check-number.js'
import { simulationKeyNumbers } from './key-numbers.js'
import type { ScenarioSimulation } from './simulate-scenario.js'

/** How sure the answer is, from P(the focus pays back within the horizon). */
export type Confidence = 'robust' | 'likely' | 'coin flip' | 'unlikely'

/**
 * The confidence band of a payback probability: >= 0.9 robust, >= 0.6 likely, >= 0.3 a coin
 * flip, below that unlikely. Thresholds are a convention for the prose, not a rule of the decision
 * engine.
 *
 * @throws {InvalidArgumentError} when the probability is outside [0, 1]
 * @example
 * confidenceOf(0.93) // => 'robust'
 * confidenceOf(0.9) // => 'robust'
 * confidenceOf(0.679) // => 'likely'
 * confidenceOf(0.3) // => 'coin flip'
 * confidenceOf(0.1) // => 'unlikely'
 * confidenceOf(1.2) // throws invalid paybackProbability: 1.2 (must be <= 1)
 */
export function confidenceOf(paybackProbability: number): Confidence {
  checkNumber('paybackProbability', paybackProbability, { min: 0, max: 1 })
  if (paybackProbability >= 0.9) return 'robust'
  if (paybackProbability >= 0.6) return 'likely'
  if (paybackProbability >= 0.3) return 'coin flip'
  return 'unlikely'
}

const ADVICE: Record<Confidence, string> = {
  robust: 'The uncertainty in the inputs does not change the answer: adapting pays back in almost every plausible world.',
  likely: 'Adapting probably pays back, but in a real share of plausible worlds it does not: measure the input that moves the answer most before committing people to it.',
  'coin flip': 'Whether adapting pays back depends on inputs nobody has measured yet: measure them (a pilot, a distillation experiment) before deciding.',
  unlikely: 'Adapting pays back only in a minority of plausible worlds: keep prompting, and revisit when volume grows or the inputs are measured.',
}

/**
 * Markdown paragraphs: the point decision, the probability the focus strategy pays back (with
 * its Monte Carlo error) and when, how often it is the cheapest, its NPV range, the confidence
 * band with advice, and the input to measure first.
 *
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * simulationSummaryMarkdown(sim).split('\n\n')[0] // => "At the inputs' means payback recommends **distill**."
 * simulationSummaryMarkdown(sim).includes('**Likely.**') // => true (pays back in 67.9 % of draws)
 */
export function simulationSummaryMarkdown(simulation: ScenarioSimulation): string {
  const key = simulationKeyNumbers(simulation)
  const horizon = simulation.result.horizonMonths
  const focus = key.focus
  const confidence = confidenceOf(key.paybackProbability)
  const lines: string[] = []
  lines.push(
    `At the inputs' means payback recommends **${key.recommendation}**` +
      (focus === key.recommendation ? '.' : `; the adaptation closest to paying back is **${focus}**.`),
  )
  const when = key.medianPaybackMonths === null ? `fewer than half of the draws pay back within ${horizon} months` : `the median payback month is ${key.medianPaybackMonths.toFixed(1)}`
  const within12 = key.paybackWithin12MonthsProbability === null ? '' : `, within 12 months in ${formatPercent(key.paybackWithin12MonthsProbability)}`
  lines.push(
    `Over ${key.draws.toLocaleString('en-US')} draws of the uncertain inputs, **${focus} pays back against prompting within ${horizon} months in ` +
      `${formatPercent(key.paybackProbability)}** of them (± ${formatPercent(key.paybackStandardError, 2)} Monte Carlo error)${within12}; ${when}. ` +
      `It is the cheapest strategy over the horizon in ${formatPercent(key.cheapestProbability)} of draws.`,
  )
  lines.push(
    `Its net present value against prompting averages ${formatUSD(key.npvSavingsUSD.mean)}; in 90 % of draws it lies between ` +
      `${formatUSD(key.npvSavingsUSD.p5)} and ${formatUSD(key.npvSavingsUSD.p95)}.`,
  )
  lines.push(`**${confidence[0]?.toUpperCase()}${confidence.slice(1)}.** ${ADVICE[confidence]}`)
  if (key.mostInfluentialInput !== null) {
    const bar = simulation.tornado.bars[0]
    lines.push(
      `Measure \`${key.mostInfluentialInput}\` first: alone, from its 10th to its 90th percentile, it swings ${focus}'s ${horizon}-month ` +
        `${simulation.tornado.metric === 'savings' ? 'savings against prompting' : 'total'} by ${formatUSD(bar?.swing ?? 0)}.`,
    )
  } else {
    lines.push('No input is uncertain in this scenario, so every draw is the same: write the guesses as distributions to see how sure the answer is.')
  }
  return lines.join('\n\n')
}
