/**
 * A one-page summary a manager can read: the decision, the three numbers behind it, the risks
 * (drift, the quality ceiling, prices, volume) with what each does to the numbers, and where the
 * numbers come from.
 */
import type { DecisionResult } from '../decide/result.js'
import { keyNumbers } from '../decide/result.js'
import type { StressResult } from '../decide/stress.js'
import { formatPercent, formatUSD, formatVolume } from '../format.js'
import type { Provenance } from '../provenance.js'

/**
 * Markdown of the stakeholder summary for a decision and its stress tests.
 *
 * @example
 * const scenario = defaultScenario()
 * const result = decisionResult(analyseScenario(scenario))
 * const markdown = stakeholderSummaryMarkdown(result, stressTests(scenario, result.recommendation.id), provenance(scenario))
 * markdown.split('\n')[0] // => '## Distill the frontier model into a small student + constrained decoding'
 * // In a notebook: showMarkdown(markdown)
 */
export function stakeholderSummaryMarkdown(result: DecisionResult, stress: StressResult[], provenance: Provenance): string {
  const key = keyNumbers(result)
  const { scenario, recommendation } = result
  const chosen = result.strategies.find((s) => s.id === recommendation.id)
  const months = scenario.task.horizonMonths
  const adapted = key.recommendation !== 'prompt'
  const lines: string[] = [`## ${recommendation.label}`, '']
  lines.push(
    adapted
      ? `For **${scenario.name}** at ${formatVolume(key.requestsPerMonth)}, ${recommendation.id} costs less than prompting the frontier model over ${months} months, all costs included: people, training, hosting, retraining, escalation and review.`
      : `For **${scenario.name}** at ${formatVolume(key.requestsPerMonth)}, keep prompting the frontier model: no adaptation pays back all-in over ${months} months.`,
    '',
    '### The three numbers',
    '',
  )
  if (adapted) {
    lines.push(
      `1. **${formatUSD(key.savingsUSD)} saved over ${months} months** (${formatUSD(key.recommendedHorizonTotalUSD)} against ${formatUSD(key.promptHorizonTotalUSD)}; ${formatUSD(key.npvSavingsUSD)} in present value).`,
      `2. **Breakeven at ${key.breakevenRequestsPerMonth === null ? 'no volume' : formatVolume(key.breakevenRequestsPerMonth)}**; the task runs ${formatVolume(key.requestsPerMonth)}.`,
      `3. **Pays back in month ${key.paybackMonths === null ? `> ${months}` : key.paybackMonths.toFixed(1)}** on a one-time ${formatUSD(chosen?.oneTimeUSD ?? 0)}.`,
    )
  } else {
    const best = result.strategies.filter((s) => s.id !== 'prompt').sort((a, b) => a.horizonTotalUSD - b.horizonTotalUSD)[0]
    lines.push(
      `1. **${formatUSD(key.promptHorizonTotalUSD)} over ${months} months** for prompting.`,
      best
        ? `2. The best adaptation, ${best.id}, would cost **${formatUSD(best.horizonTotalUSD)}**.`
        : '2. No adaptation was priced.',
      best && best.breakevenRequestsPerMonth !== null
        ? `3. ${best.id} would break even at **${formatVolume(best.breakevenRequestsPerMonth)}** (now ${formatVolume(key.requestsPerMonth)}).`
        : '3. No adaptation breaks even at any volume with these inputs.',
    )
  }
  lines.push('', '### Risks, and what they do to the numbers', '')
  for (const s of stress) {
    const verdict =
      s.recommendation === recommendation.id ? `the decision holds` : `the decision changes to **${s.recommendation}**`
    const money = adapted
      ? (s.savingsUSD >= 0 ? `saves ${formatUSD(s.savingsUSD)}` : `costs ${formatUSD(-s.savingsUSD)} more than prompting`) +
        (s.paybackMonths === null ? ', with no payback within the horizon' : `, paying back in month ${s.paybackMonths.toFixed(1)}`)
      : `prompting still ${s.recommendation === 'prompt' ? 'wins' : 'loses'}`
    lines.push(`- *${s.risk}*: if ${s.change}, ${recommendation.id} ${money}; ${verdict}.`)
  }
  if (adapted && chosen) {
    lines.push(
      `- *quality ceiling*: expected quality ${formatPercent(chosen.quality)} against a target of ${formatPercent(scenario.task.qualityTarget)}, with ${formatPercent(scenario.hardTail.escalationShare)} of requests escalated to the frontier model. Ship only if measured agreement with the teacher on ${scenario.adaptation.evalSetSize} held-out examples clears the target.`,
    )
  }
  lines.push(
    '',
    '### Where the numbers come from',
    '',
    `Token prices: ${provenance.priceTable}; GPU prices: data/gpus.json (sha256 ${provenance.gpuTableHash}); inputs sha256 \`${provenance.inputsHash.slice(0, 16)}\`; payback ${provenance.packageVersion}${provenance.gitCommit ? ` at commit \`${provenance.gitCommit.slice(0, 12)}\`` : ''}` +
      `${provenance.seed !== undefined ? `; seed ${provenance.seed}` : ''}${provenance.generatedAt ? `; generated ${provenance.generatedAt}` : ''}.`,
  )
  return lines.join('\n')
}
