/**
 * The human form of a decision: an aligned table of the strategies and the recommendation with
 * its reasons, warnings, exclusions and what would change it.
 */
import type { DecisionResult } from '../decide/result.js'
import { formatPercent, formatUSD, formatVolume } from '../format.js'
import { renderTable } from './table.js'
import { strategyCells } from '../decide/strategy-row.js'

/**
 * Renders a decision for the terminal.
 *
 * @example
 * const lines = decisionText(decisionResult(analyseScenario(defaultScenario()))).split('\n')
 * lines[0] // => 'payback: support-ticket triage'
 * lines[3].split(/\s{2,}/).slice(0, 5) // => ['strategy', 'per request', 'one-time', 'fixed/month', '24-month total']
 */
export function decisionText(result: DecisionResult): string {
  const { scenario, strategies, recommendation, provenance } = result
  const { task } = scenario
  const months = task.horizonMonths
  const header =
    `payback: ${scenario.name}\n` +
    `${formatVolume(task.requestsPerMonth)} in month 1, growing ${formatPercent(task.monthlyGrowth)} a month, over ${months} months; ` +
    `frontier ${scenario.frontier.provider}/${scenario.frontier.model}; small model ${scenario.smallModel.name} (${scenario.smallModel.hosting.kind})`
  const table = renderTable(
    [
      { header: 'strategy' },
      { header: 'per request', align: 'right' },
      { header: 'one-time', align: 'right' },
      { header: 'fixed/month', align: 'right' },
      { header: `${months}-month total`, align: 'right' },
      { header: 'present value', align: 'right' },
      { header: 'breakeven vs prompt', align: 'right' },
      { header: 'payback', align: 'right' },
      { header: 'quality', align: 'right' },
    ],
    strategies.map((s) => [s.id === recommendation.id ? `${s.id} *` : s.id, ...strategyCells(s, months)]),
  )
  const lines = [header, '', table, '', `Recommendation: ${recommendation.label} (${recommendation.id})`]
  for (const r of recommendation.reasons) lines.push(`  - ${r.text} [${r.rule}]`)
  for (const w of result.inputWarnings) lines.push(`  ! unusual input ${w.path}: ${w.message}`)
  if (recommendation.warnings.length > 0) {
    lines.push('Warnings:')
    for (const w of recommendation.warnings) lines.push(`  ! ${w.text} [${w.rule}]`)
  }
  if (recommendation.ruledOut.length > 0) {
    lines.push('Ruled out:')
    for (const r of recommendation.ruledOut) lines.push(`  x ${r.id}: ${r.reasons.map((x) => `${x.text} [${x.rule}]`).join('; ')}`)
  }
  if (recommendation.whatWouldChange.length > 0) {
    lines.push('What would change it:')
    for (const w of recommendation.whatWouldChange) lines.push(`  ~ ${w}`)
  }
  lines.push('', `Prices: ${provenance.priceTable}; inputs sha256 ${provenance.inputsHash.slice(0, 12)}; payback ${provenance.packageVersion}${provenance.gitCommit ? ` @ ${provenance.gitCommit.slice(0, 12)}` : ''}`)
  return lines.join('\n')
}
