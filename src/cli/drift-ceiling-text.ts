/** The human form of an experiment's drift and quality-ceiling sections. */
import type { CeilingMeasurements } from '../distill/ceiling-analysis.js'
import type { DriftExperiment } from '../distill/drift-experiment.js'
import type { RetrainPolicies } from '../drift/retrain-policies.js'
import { formatCount, formatNumber, formatPercent, formatPercentWithInterval as interval, formatUSD } from '../format.js'
import type { Cadence, ExperimentRecord } from '../measured/record.js'
import { renderTable } from './table.js'

const indent = (text: string) => text.split('\n').map((line) => `  ${line}`).join('\n')
const cadenceName = (months: number | null) => (months === null || months === 0 ? 'never' : `every ${months} month${months === 1 ? '' : 's'}`)

/**
 * The drift section as text: the periods, agreement month by month with intervals, input and
 * representation drift, the decay fit, and the retraining policies compared.
 *
 * @example illustrative: needs an experiment record; test/cli/drift-ceiling-text.test.ts checks one
 */
export function driftText(record: ExperimentRecord): string {
  const drift = (record as { drift?: DriftExperiment & { policies?: RetrainPolicies | null; cadence?: Cadence | null; policyNote?: string } }).drift
  if (!drift) return 'Drift: not in this record (made before drift was measured)'
  if (!drift.measured) return `Drift: not measured: ${drift.reason}`
  const lines: string[] = []
  lines.push(`Drift: a student trained on ${formatCount(drift.student.pairs)} teacher-labelled inputs dated before ${drift.cutoffMonth} (${drift.cutoffBasis}), then used on ${formatCount(drift.sample.evaluated)} inputs of the months after`)
  const monthRows = drift.months.map((m) => [String(m.month), m.calendarMonth, formatCount(m.n), interval(m.agreement), m.accuracy ? interval(m.accuracy) : ''])
  lines.push(indent(renderTable([{ header: 'month', align: 'right' }, { header: 'calendar' }, { header: 'n', align: 'right' }, { header: 'agreement [95 %]', align: 'right' }, { header: 'accuracy [95 %]', align: 'right' }], monthRows)))
  if (drift.leftOut.sparse + drift.leftOut.undated > 0) lines.push(`  left out: ${formatCount(drift.leftOut.sparse)} inputs in sparse months, ${formatCount(drift.leftOut.undated)} undated`)
  if (drift.inputs.length > 0) {
    lines.push('  inputs, training period against later (PSI: 0.1 watch, 0.2 act):')
    const rows = drift.inputs.map((f) => [f.feature, f.psi.toFixed(3), f.level, f.jensenShannon.toFixed(3), f.ks.statistic.toFixed(3), `${formatNumber(f.referenceMedian, 0)} -> ${formatNumber(f.laterMedian, 0)}`])
    lines.push(indent(indent(renderTable([{ header: 'feature' }, { header: 'PSI', align: 'right' }, { header: 'level' }, { header: 'JS distance', align: 'right' }, { header: 'KS D', align: 'right' }, { header: 'median', align: 'right' }], rows))))
  }
  if (drift.representation) {
    const r = drift.representation
    lines.push(`  representations: a domain classifier tells the periods apart with ROC AUC ${r.auc.toFixed(3)} [${r.roc.lower.toFixed(3)}, ${r.roc.upper.toFixed(3)}] (${r.folds}-fold, ${r.earlier} + ${r.later} inputs): ${r.certainty} (drift above ${r.threshold})`)
  }
  if (drift.decay && drift.loss) {
    const chosen = drift.decay.chosen
    lines.push(`  decay: ${chosen.model}, ${chosen.formula} (${drift.decay.criterion})`)
    lines.push(`  agreement lost per month: ${formatPercent(drift.loss.perMonth, 2)} [${formatPercent(drift.loss.lower, 2)}, ${formatPercent(drift.loss.upper, 2)}] over months ${drift.loss.span[0]}-${drift.loss.span[1]}`)
  }
  if (drift.escalationDriftPerMonth) lines.push(`  escalation drift per month: ${formatPercent(drift.escalationDriftPerMonth.value, 2)} (${drift.escalationDriftPerMonth.basis})`)
  const policies = drift.policies
  if (policies) {
    lines.push(`  retraining policies (${formatCount(policies.draws)} draws of the fitted decay over ${policies.horizonMonths} months; cheapest of each):`)
    const setting = (p: RetrainPolicies['calendar']['chosen'] | RetrainPolicies['monitored']['chosen'] | RetrainPolicies['costAware']['chosen']) => {
      const q = p.parameters as Partial<{ cadenceMonths: number | null; labelsPerMonth: number; threshold: number }>
      if (p.policy === 'calendar') return cadenceName(q.cadenceMonths ?? null)
      if (p.policy === 'monitored') return `${q.labelsPerMonth} labels a month, retrain below ${formatPercent(q.threshold!, 1)}`
      return q.labelsPerMonth === 0 ? 'staleness from the fitted curve, no labels' : `staleness from ${q.labelsPerMonth} labels a month`
    }
    const rows = [policies.calendar.chosen, policies.monitored.chosen, policies.costAware.chosen].map((p) => [
      `${p.policy}${p.policy === policies.best ? ' (cheapest)' : ''}`, setting(p), formatUSD(p.costPerMonthUSD.total.meanUSD), `${formatUSD(p.costPerMonthUSD.total.p5USD)}-${formatUSD(p.costPerMonthUSD.total.p95USD)}`,
      formatNumber(p.retrainsPerYear, 1), `${formatPercent(p.targetHeld.rate)} [${formatPercent(p.targetHeld.lower)}, ${formatPercent(p.targetHeld.upper)}]`,
    ])
    lines.push(indent(indent(renderTable([{ header: 'policy' }, { header: 'setting' }, { header: 'cost/month', align: 'right' }, { header: '90 % range', align: 'right' }, { header: 'retrains/yr', align: 'right' }, { header: 'P(target holds)', align: 'right' }], rows))))
    const t = policies.closedForm
    lines.push(`    closed form (linear decay at the mean loss ${formatPercent(t.decayPerMonth, 2)} a month): ${Number.isFinite(t.months) ? `retrain every ${formatNumber(t.months, 1)} months for ${formatUSD(t.costPerMonthUSD)} a month` : 'never retrain'}`)
  }
  if (drift.policyNote) lines.push(`  ${drift.policyNote}`)
  if (drift.cadence) lines.push(`  cadence into the scenario: ${cadenceName(drift.cadence.months)} (${drift.cadence.basis})`)
  for (const note of drift.notes) lines.push(`  note: ${note}`)
  return lines.join('\n')
}

/**
 * The quality-ceiling section as text: quality by difficulty, calibration, the two-threshold
 * cascade checked on the test split, the conformal threshold, and the gap closures.
 *
 * @example illustrative: needs an experiment record; test/cli/drift-ceiling-text.test.ts checks one
 */
export function ceilingText(record: ExperimentRecord): string {
  const ceiling = (record as { ceiling?: CeilingMeasurements }).ceiling
  if (!ceiling) return 'Quality ceiling: not in this record (made before the ceiling was measured)'
  const lines: string[] = []
  lines.push(`Quality ceiling (test split; correct = ${ceiling.basis === 'gold' ? 'gold label' : 'the teacher\'s label'}): student ${interval(ceiling.student)}, teacher ${interval(ceiling.teacher)}`)
  const rows = ceiling.byGroup.map((g) => [g.group, formatCount(g.n), interval(g.accuracy), g.agreement ? interval(g.agreement) : ''])
  lines.push(indent(renderTable([{ header: 'group' }, { header: 'n', align: 'right' }, { header: 'accuracy', align: 'right' }, { header: 'agreement', align: 'right' }], rows)))
  lines.push(`  calibration: expected calibration error ${formatPercent(ceiling.calibration.ece, 2)}, maximum ${formatPercent(ceiling.calibration.mce, 2)} (${ceiling.calibration.diagram.bins.length} ${ceiling.calibration.diagram.strategy} bins)`)
  const c = ceiling.cascade
  if (c) {
    lines.push(`  cascade for a quality of ${formatPercent(ceiling.target)} (thresholds from the calibration split, measured on the test split): student at confidence >= ${c.t1.toFixed(4)}, teacher from ${c.t2.toFixed(4)}, human review below`)
    lines.push(`    quality ${interval(c.accuracy)}: ${c.targetHeld ? (c.targetHeldAtLowerBound ? 'the target held, even at the lower bound' : 'the target held at the estimate, not at the lower bound') : 'the target did NOT hold'}`)
    lines.push(`    to the teacher ${interval(c.teacherShare)}, to review ${interval(c.humanShare)}; ${formatUSD(c.costPerRequestUSD)} per request (student ${formatUSD(ceiling.costs.studentUSD)}, teacher call ${formatUSD(ceiling.costs.teacherUSD)}, review ${formatUSD(ceiling.costs.humanUSD)})`)
  }
  const k = ceiling.conformal
  lines.push(`  conformal (alpha ${formatPercent(k.alpha, 1)}): the student answers at confidence >= ${k.threshold.toFixed(4)}; on the test split it answered and was wrong on ${interval(k.testAnsweredWrong)} (${k.guaranteeHeld ? 'within' : 'above'} alpha)`)
  for (const g of ceiling.gapClosure) lines.push(`  closing ${formatPercent(g.fraction, 0)} of the gap to the teacher (${formatPercent(g.studentQuality)} -> ${formatPercent(g.targetQuality)}) takes ${formatPercent(g.interpolatedShare)} escalated`)
  for (const note of ceiling.notes) lines.push(`  note: ${note}`)
  return lines.join('\n')
}
