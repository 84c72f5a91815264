/**
 * A one-page summary a manager can read: the decision, the three numbers behind it, the risks
 * (drift, the quality ceiling, prices, volume) with what each does to the numbers, and where the
 * numbers come from.
 */
import type { DecisionResult } from '../decide/result.js'
import { keyNumbers } from '../decide/result.js'
import type { StressResult } from '../decide/stress.js'
import { formatPercent, formatPercentWithInterval as withInterval, formatUSD, formatVolume } from '../format.js'
import type { Provenance } from '../provenance.js'
import type { CeilingMeasurements } from '../distill/ceiling-analysis.js'
import type { DriftExperiment } from '../distill/drift-experiment.js'
import type { RetrainPolicies } from '../drift/retrain-policies.js'
import type { Cadence, ExperimentRecord } from '../measured/record.js'


/**
 * The risks a measured run speaks to, in a manager's words: the quality ceiling (the student
 * alone, the hardest group, the cascade that reaches the target and what it costs) and drift (the
 * agreement lost a month, how far the inputs moved, the cadence and the chance the target holds).
 * Empty when the record has neither section.
 *
 * @example illustrative: needs an experiment record; test/report/stakeholder-summary.test.ts checks one
 */
export function measuredRiskLines(record: ExperimentRecord, qualityTarget: number): string[] {
  const lines: string[] = []
  const ceiling = (record as { ceiling?: CeilingMeasurements }).ceiling
  if (ceiling) {
    const hardest = [...ceiling.byGroup].sort((a, b) => a.accuracy.value - b.accuracy.value)[0]
    const c = ceiling.cascade
    lines.push(
      `- *quality ceiling (measured, run ${record.id})*: the student alone is right on ${withInterval(ceiling.student)} of ${ceiling.student.n} held-out inputs, the teacher on ${formatPercent(ceiling.teacher.value)}` +
        (hardest && ceiling.byGroup.length > 1 ? `; on ${hardest.group} only ${withInterval(hardest.accuracy)} (${hardest.n} inputs)` : '') +
        '. ' +
        (c
          ? `To reach ${formatPercent(qualityTarget)}, a cascade sends ${withInterval(c.teacherShare)} of requests to the frontier model and ${withInterval(c.humanShare)} to human review; on inputs it was not tuned on it reached ${withInterval(c.accuracy)}, so the target ${c.targetHeld ? 'held' : '**did not hold**'}, at ${formatUSD(c.costPerRequestUSD)} a request.`
          : `No cascade reached ${formatPercent(qualityTarget)} on the calibration inputs.`),
    )
  }
  const drift = (record as { drift?: DriftExperiment & { policies?: RetrainPolicies | null; cadence?: Cadence | null } }).drift
  if (drift && !drift.measured) lines.push(`- *drift (not measured, run ${record.id})*: ${drift.reason}.`)
  else if (drift && drift.measured) {
    const moved = drift.inputs.map((f) => `${f.feature} PSI ${f.psi.toFixed(2)}`).join(', ')
    const loss = drift.loss ? `${formatPercent(drift.loss.perMonth, 2)} of agreement a month [${formatPercent(drift.loss.lower, 2)}, ${formatPercent(drift.loss.upper, 2)}]` : 'too few months to fit a decay'
    const calendar = drift.policies?.calendar.chosen
    lines.push(
      `- *drift (measured, run ${record.id})*: a student trained on mail before ${drift.cutoffMonth} and used for the ${drift.months.length - 1} months after lost ${loss}` +
        `${moved ? `; its inputs moved (${moved}; 0.1 watch, 0.2 act)` : ''}` +
        `${drift.representation ? ` and a classifier tells the periods apart with AUC ${drift.representation.auc.toFixed(2)} (drift above 0.55)` : ''}.` +
        (drift.cadence && calendar
          ? ` Retraining ${drift.cadence.months === 0 ? 'never' : `every ${drift.cadence.months} month${drift.cadence.months === 1 ? '' : 's'}`} costs ${formatUSD(calendar.costPerMonthUSD.total.meanUSD)} a month in retraining and staleness, and keeps the quality target with probability ${formatPercent(calendar.targetHeld.rate)} over the horizon.`
          : ''),
    )
  }
  return lines
}

/**
 * Markdown of the stakeholder summary for a decision and its stress tests; with an experiment
 * record (`payback distill`), the risks say what was measured about drift and the quality ceiling
 * in place of the assumptions (see {@link measuredRiskLines}).
 *
 * @example
 * const scenario = defaultScenario()
 * const result = decisionResult(analyseScenario(scenario))
 * const markdown = stakeholderSummaryMarkdown(result, stressTests(scenario, result.recommendation.id), provenance(scenario))
 * markdown.split('\n')[0] // => '## Distill the frontier model into a small student + constrained decoding'
 * // In a notebook: showMarkdown(markdown)
 */
export function stakeholderSummaryMarkdown(result: DecisionResult, stress: StressResult[], provenance: Provenance, measured: ExperimentRecord | null = null): string {
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
  const measuredLines = measured ? measuredRiskLines(measured, scenario.task.qualityTarget) : []
  lines.push(...measuredLines)
  if (adapted && chosen && !measuredLines.some((line) => line.startsWith('- *quality ceiling'))) {
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
  if (measured) {
    const commit = measured.versions.commit ? ` at commit \`${String(measured.versions.commit).slice(0, 12)}\`` : ''
    lines.push('', `Measured inputs: experiment run \`${measured.id}\` of ${measured.createdAt} (payback ${measured.versions.payback ?? '?'}${commit}; teacher ${measured.teacher.kind}, ${measured.teacher.model}); the scenario's other inputs are assumed.`)
  }
  return lines.join('\n')
}
