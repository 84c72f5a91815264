/**
 * The human form of a decision: an aligned table of the strategies and the recommendation with
 * its reasons, warnings, exclusions and what would change it.
 */
import type { DecisionResult } from '../decide/result.js'
import type { ServingSummary } from '../decide/serving-summary.js'
import { formatCount, formatNumber, formatPercent, formatUSD, formatVolume } from '../format.js'
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
  if (result.serving) lines.push('', ...servingLines(result.serving, result.scenario.task.horizonMonths))
  lines.push('', `Prices: ${provenance.priceTable}; inputs sha256 ${provenance.inputsHash.slice(0, 12)}; payback ${provenance.packageVersion}${provenance.gitCommit ? ` @ ${provenance.gitCommit.slice(0, 12)}` : ''}`)
  return lines.join('\n')
}

/** GPU-hours as a short figure: `1,460 h`. */
const hoursText = (hours: number) => `${formatCount(Math.round(hours))} h`

/**
 * The serving block of a decision: throughput and where it comes from (with the serving model's
 * own plan beside a stated figure), month 1's GPU-hours by cause, and each way of paying.
 *
 * @example
 * const lines = servingLines(decisionResult(analyseScenario(defaultScenario())).serving, 24)
 * lines[0] // => 'Serving: NVIDIA L4, always-on; traffic peaks at 2x the average'
 * lines[1].startsWith('  throughput 25 req/s per GPU (stated in the scenario') // => true
 */
export function servingLines(serving: ServingSummary, horizonMonths: number): string[] {
  const lines = [`Serving: ${serving.gpu}, ${serving.scaling.kind}; traffic peaks at ${formatNumber(serving.peakToAverage)}x the average`]
  lines.push(`  throughput ${serving.throughput.formula}${serving.throughputSource ? `: ${serving.throughputSource}` : ''}`)
  const model = serving.model
  if ('error' in model) lines.push(`  the serving model has no plan: ${model.error}`)
  else if (serving.throughput.source !== 'model') {
    lines.push(
      `  the serving model gives ${formatNumber(model.requestsPerSecond)} req/s (batch ${formatCount(model.batch)}, limited by the ${model.limitedBy === 'kv-cache' ? 'KV cache' : model.limitedBy === 'latency' ? 'latency target' : 'concurrency'}; ${formatNumber(model.ttftMs)} ms to first token, ${formatNumber(model.tpotMs)} ms a token): payback serve shows its formula`,
    )
  }
  for (const each of serving.monthOne) {
    const h = each.gpuHours
    const causes: [string, number][] = [
      ['busy', h.busy],
      ['headroom', h.headroom],
      ['peak', h.peak],
      ['min replicas', h.minReplicas],
      ['scale-up lag', h.scaleUpLag],
      ['idle', h.idle],
      [`${formatCount(Math.round(h.coldStartCount))} cold starts`, h.coldStarts],
    ]
    const shown = causes.filter(([, hours]) => hours > 0.5).map(([name, hours]) => `${name} ${hoursText(hours)}`)
    lines.push(`  ${each.id}: month 1 ${hoursText(h.total)} of GPU = ${shown.join(' + ')} -> ${formatUSD(each.usd)}`)
  }
  const table = renderTable(
    [{ header: 'way of paying' }, { header: 'strategy' }, { header: 'GPU-hours, month 1', align: 'right' }, { header: `${horizonMonths}-month total`, align: 'right' }, { header: 'breakeven vs prompt', align: 'right' }, { header: 'assumed' }],
    serving.byScaling.flatMap((option) =>
      option.strategies.map((s, i) => [
        i === 0 ? `${option.scaling.kind}${option.ownScaling ? ' *' : ''}` : '',
        s.id,
        hoursText(s.monthOneGpuHours),
        formatUSD(s.horizonTotalUSD),
        s.breakevenRequestsPerMonth === null ? 'never' : formatVolume(s.breakevenRequestsPerMonth),
        i === 0 ? option.assumed : '',
      ]),
    ),
  )
  lines.push('  Each way of paying for the GPUs (* = the scenario\'s):', ...table.split('\n').map((line) => `  ${line}`))
  return lines
}
