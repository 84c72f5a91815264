/**
 * The human form of a portfolio decision: each task's own decision ("does adapting this task
 * pay"), the portfolio options over the horizon ("does the portfolio pay"), the shared fleet's
 * month 1 by cause and each task's share, and the recommendation with its reasons.
 */
import { formatCount, formatNumber, formatPercent, formatPerMTok, formatUSD, formatVolume } from '../format.js'
import type { PortfolioDecision } from '../portfolio/analyse.js'
import { renderTable } from './table.js'

const payback = (months: number | null, horizon: number) => (months === null ? `> ${horizon} months` : `month ${months.toFixed(1)}`)

/**
 * Renders a portfolio decision for the terminal.
 *
 * @example
 * const lines = portfolioText(analysePortfolio(loadPortfolioFile('data/scenarios/portfolio-support.json'))).split('\n')
 * lines[0] // => 'payback portfolio: support inbox portfolio'
 * lines.includes('Does the portfolio pay? 24 months, every task on its own volume path') // => true
 */
export function portfolioText(decision: PortfolioDecision): string {
  const horizon = decision.horizonMonths
  const lines: string[] = [`payback portfolio: ${decision.name}`]
  const first = decision.tasks[0]?.analysis.scenario
  if (first) {
    lines.push(`${decision.tasks.length} tasks on ${first.smallModel.name} (${first.smallModel.hosting.kind}${first.smallModel.hosting.kind === 'self-hosted' ? `, ${first.smallModel.hosting.gpu}, ${first.smallModel.hosting.scaling.kind}` : ''}); frontier ${first.frontier.provider}/${first.frontier.model}; ${horizon} months at ${formatPercent(decision.annualDiscountRate)} a year`)
  }
  lines.push('', 'Does adapting each task pay? (its own single-task decision)')
  lines.push(
    renderTable(
      [
        { header: 'task' },
        { header: 'month 1', align: 'right' },
        { header: 'growth', align: 'right' },
        { header: 'own decision' },
        { header: `prompt ${horizon} mo`, align: 'right' },
        { header: `decision ${horizon} mo`, align: 'right' },
        { header: 'payback', align: 'right' },
        { header: 'merged req/s/GPU', align: 'right' },
        { header: 'in the portfolio' },
      ],
      decision.tasks.map((t) => {
        const chosen = t.analysis.strategies.find((s) => s.id === t.recommendation.id)
        return [
          t.name,
          formatVolume(t.analysis.scenario.task.requestsPerMonth).replace('/month', ''),
          formatPercent(t.analysis.scenario.task.monthlyGrowth),
          t.recommendation.id,
          formatUSD(t.promptHorizonTotalUSD),
          formatUSD(t.recommendedHorizonTotalUSD),
          t.recommendation.id === 'prompt' ? '–' : payback(chosen?.paybackMonths ?? null, horizon),
          t.mergedRequestsPerSecond === null ? '–' : formatNumber(t.mergedRequestsPerSecond),
          t.adaptedStrategy ? `adapter (${t.adaptedStrategy})` : t.unadaptedStrategy,
        ]
      }),
    ),
  )
  lines.push('', `Does the portfolio pay? ${horizon} months, every task on its own volume path`)
  lines.push(
    renderTable(
      [
        { header: 'option' },
        { header: `${horizon}-month total`, align: 'right' },
        { header: 'present value', align: 'right' },
        { header: 'saving vs prompt', align: 'right' },
        { header: 'payback', align: 'right' },
        { header: 'GPU-h month 1', align: 'right' },
        { header: 'hosting month 1', align: 'right' },
      ],
      decision.options.map((o) => {
        const baseline = decision.options[0]
        if (!o.available) return [o.label, `not compared: ${o.why}`, '', '', '', '', '']
        const month1 = o.months[1]
        return [
          o.id === decision.recommendation.id ? `${o.label} *` : o.label,
          formatUSD(o.horizonTotalUSD),
          formatUSD(o.presentValueUSD),
          o === baseline || !baseline ? 'baseline' : formatUSD(baseline.horizonTotalUSD - o.horizonTotalUSD),
          o === baseline ? '–' : payback(o.paybackMonths, horizon),
          formatCount(Math.round(month1?.gpuHours ?? 0)),
          formatUSD(month1?.hostingUSD ?? 0),
        ]
      }),
    ),
  )
  const fleet = decision.sharedFleet
  if (fleet) {
    const b = fleet.month1.breakdown
    lines.push(
      '',
      `Shared fleet (multi-LoRA): ${fleet.adapters} adapters at ${formatNumber(fleet.factor, 4)}x the merged throughput (${fleet.multiLora.origin}: unmerged ${formatNumber(fleet.multiLora.unmergedFactor, 4)}, ${formatNumber(fleet.multiLora.declinePerDoubling, 4)} kept per doubling of adapters)`,
    )
    lines.push(
      renderTable(
        [
          { header: 'task' },
          { header: 'req/s/GPU shared', align: 'right' },
          { header: 'requests month 1', align: 'right' },
          { header: 'share of fleet', align: 'right' },
          { header: 'GPU-h month 1', align: 'right' },
          { header: 'cost month 1', align: 'right' },
          { header: `fleet cost ${horizon} mo`, align: 'right' },
        ],
        fleet.shares.map((s) => [
          s.name,
          formatNumber(s.sharedRequestsPerSecond),
          formatCount(s.month1Requests),
          formatPercent(s.month1Share),
          formatNumber(s.month1GpuHours, 0),
          formatUSD(s.month1USD),
          `${formatUSD(s.horizonUSD)} (${formatPercent(s.horizonShare)})`,
        ]),
      ),
    )
    lines.push(
      `  month 1 GPU-hours by cause: busy ${formatNumber(b.busy, 0)}, headroom ${formatNumber(b.headroom, 0)}, peak ${formatNumber(b.peak, 0)}, min replicas ${formatNumber(b.minReplicas, 0)}, scale-up lag ${formatNumber(b.scaleUpLag, 0)}, idle ${formatNumber(b.idle, 0)}, cold starts ${formatNumber(b.coldStarts, 0)} = ${formatNumber(b.total, 0)} (one deployment per task: ${formatNumber(fleet.ownDeploymentsMonth1GpuHours, 0)})`,
      `  ${fleet.month1.formula}`,
    )
  }
  if (decision.serverlessLora) {
    lines.push('', `Serverless LoRA offer: ${decision.serverlessLora.provider}, ${formatPerMTok(decision.serverlessLora.inputPerMTokUSD)} input and ${formatPerMTok(decision.serverlessLora.outputPerMTokUSD)} output tokens at the base model's rate (${decision.serverlessLora.source})`)
  }
  const r = decision.recommendation
  lines.push('', `Portfolio recommendation: ${r.label} (${r.id})`)
  for (const reason of r.reasons) lines.push(`  - ${reason.text} [${reason.rule}]`)
  for (const warning of r.warnings) lines.push(`  ! ${warning.text} [${warning.rule}]`)
  lines.push('', `Which tasks are adapted: ${decision.adaptRule}. Every figure's formula: payback decide --scenario FILE --json.`)
  return lines.join('\n')
}
