/** The human form of a distillation experiment: data, teacher, filter, student, held-out numbers, gate, throughput, learning curve. */
import type { ExperimentResult } from '../distill/experiment.js'
import { formatCount, formatNumber, formatPercent, formatPercentWithInterval as interval, formatUSD } from '../format.js'
import { renderTable } from './table.js'


/**
 * The experiment as text: what data, what the teacher cost, what the filter passed, how the
 * student was trained, its agreement and accuracy with intervals, the escalation threshold, the
 * ship verdict with its explanation, the serving throughput and the learning curve.
 *
 * @example illustrative: needs an experiment result; test/cli/distill.test.ts checks the text of a real run
 */
export function distillText(result: ExperimentResult): string {
  const r = result.record
  const m = r.measurements
  const data = r.data as any
  const teacher = r.teacher as any
  const training = r.training as any
  const filter = r.filter as any
  const baseline = (r as any).baseline as { label: string; agreement: number }
  const config = r.config as any
  const lines: string[] = []
  lines.push(`payback distill: run ${r.id}`)
  lines.push('')
  lines.push(`Data: ${data.corpus.name} (${formatCount(data.corpus.records)} messages, ${formatCount(data.corpus.duplicatesRemoved)} duplicates removed; labels ${data.corpus.labels.join(', ')}); ` +
    `${data.used.teacherGold > 0 ? `${formatCount(data.used.teacherGold)} gold labels train the local teacher, ` : ''}${formatCount(data.used.studentInputs)} inputs for the student, ${formatCount(data.used.calibration)} calibration, ${formatCount(data.used.test)} test; ${formatCount(data.splits.sizes.later)} later-period messages kept apart`)
  const trainedTeacher = teacher.training ? ` (trained in ${formatNumber(teacher.training.seconds, 1)} s${teacher.training.fromCache ? ' by an earlier run, loaded from the cache' : ''})` : ''
  lines.push(`Teacher: ${teacher.kind}, ${teacher.model}${trainedTeacher}`)
  lines.push(`  ${formatCount(teacher.calls)} answers, ${formatUSD(teacher.costUSD)} (${teacher.pricing}); paid in this run ${formatUSD(teacher.paidUSD)}${teacher.cachedAnswers ? `, ${formatCount(teacher.cachedAnswers)} from the cache` : ''}${teacher.failed ? `, ${formatCount(teacher.failed)} unanswered` : ''}`)
  const problems = (teacher.problems ?? []) as { line?: number; problem: string }[]
  if (problems.length > 0) {
    lines.push(`  ${formatCount(problems.length)} problem${problems.length === 1 ? '' : 's'} on the way (skipped, not lost):`)
    for (const problem of problems.slice(0, 5)) lines.push(`    ${problem.line !== undefined ? `line ${problem.line}: ` : ''}${problem.problem}`)
    if (problems.length > 5) lines.push(`    ... and ${formatCount(problems.length - 5)} more in the record`)
  }
  if (m.teacherAccuracy) lines.push(`  teacher accuracy against gold on the test inputs: ${interval(m.teacherAccuracy)}`)
  const dropped = Object.entries(filter.dropped as Record<string, number>).filter(([, n]) => n > 0).map(([why, n]) => `${formatCount(n)} ${why}`).join(', ')
  lines.push(`Filter: ${formatCount(filter.kept)} of ${formatCount(filter.total)} answers passed, ${interval(m.passRate)}${dropped ? `; dropped ${dropped}` : ''}`)
  lines.push(`Student: ${config.student.layers} layers of the pretrained base, ${config.student.maxLen}-byte inputs, ${config.student.method === 'qlora' ? 'QLoRA (NF4 base)' : 'LoRA'} r=${config.student.r} on ${config.student.targets.join(', ')} + the head; ` +
    `${formatCount(training.pairs)} pairs, ${formatCount(training.steps)} steps in ${formatNumber(training.seconds, 1)} s on ${training.hardware}; at ${formatUSD(training.gpuUSDPerHour)}/GPU-hour that is ${formatUSD(training.costUSD)}`)
  lines.push('')
  lines.push(`Held out: ${formatCount(m.agreement.n)} test inputs the teacher answered (${Math.round(m.agreement.confidence * 100)} % Wilson intervals)`)
  const rows: string[][] = [
    ['agreement with the teacher', interval(m.agreement), `always "${baseline.label}": ${formatPercent(baseline.agreement)}`],
    ["Cohen's kappa", `${m.kappa.value.toFixed(3)} [${m.kappa.lower.toFixed(3)}, ${m.kappa.upper.toFixed(3)}]`, '0 = chance'],
  ]
  if (m.accuracy) rows.push(['accuracy against gold', interval(m.accuracy), m.teacherAccuracy ? `teacher ${formatPercent(m.teacherAccuracy.value)}` : ''])
  if (m.mcnemar) rows.push(['McNemar (exact), on gold', `p = ${m.mcnemar.pValue.toPrecision(3)}`, `only the student right ${m.mcnemar.studentOnlyCorrect}, only the teacher ${m.mcnemar.teacherOnlyCorrect}`])
  rows.push([`escalated (confidence < ${m.escalationThreshold.toFixed(4)})`, interval(m.escalationShare), 'threshold chosen on the calibration split'])
  rows.push(['cascade agreement', interval(m.cascadeAgreement), m.cascadeAccuracy ? `cascade accuracy ${interval(m.cascadeAccuracy)}` : ''])
  lines.push(renderTable([{ header: 'measure' }, { header: 'value [interval]' }, { header: 'beside it' }], rows).split('\n').map((line) => `  ${line}`).join('\n'))
  lines.push('')
  lines.push(`Ship gate (agreement must beat ${formatPercent(r.gate.target)}): ${r.gate.verdict.toUpperCase()}: ${r.gate.explanation}`)
  lines.push(`Serving: ${formatNumber(m.throughput.requestsPerSecond, 0)} requests/s, ${formatNumber(m.throughput.tokensPerSecond, 0)} bytes/s at batch ${m.throughput.batchSize} (p50 ${formatNumber(m.throughput.latencyMsP50, 1)} ms, p95 ${formatNumber(m.throughput.latencyMsP95, 1)} ms a batch) on ${m.throughput.hardware}`)
  lines.push(`Tokens (${m.inputTokens.encoding}, ${m.inputTokens.model}): inputs ${formatNumber(m.inputTokens.mean, 1)} mean, ${formatNumber(m.inputTokens.median, 1)} median, ${formatNumber(m.inputTokens.p95, 1)} p95; teacher answers ${formatNumber(m.outputTokens.mean, 1)} mean`)
  const curve = (r.learningCurve as any) ?? { points: [], fit: null }
  if (curve.points.length > 0) {
    lines.push('')
    lines.push('Learning curve (agreement with the teacher on the test inputs):')
    const curveRows = curve.points.map((p: any) => [formatCount(p.pairs), formatPercent(p.agreement), `${formatPercent(p.lower)}-${formatPercent(p.upper)}`, p.accuracy === null ? '' : formatPercent(p.accuracy)])
    lines.push(renderTable([{ header: 'pairs', align: 'right' }, { header: 'agreement', align: 'right' }, { header: 'interval', align: 'right' }, { header: 'accuracy', align: 'right' }], curveRows).split('\n').map((line) => `  ${line}`).join('\n'))
    const fit = curve.fit
    if (fit && fit.error === undefined) {
      lines.push(`  fit: agreement(n) = ${fit.a.toFixed(4)} - ${fit.b.toPrecision(3)} n^-${fit.c.toFixed(3)} (rmse ${fit.rmse.toFixed(4)})`)
      const worth = fit.callsWorthPaying
      if (worth) {
        const largest = curve.points[curve.points.length - 1].pairs
        const far = worth.pairs > 10 * largest ? `, more than 10x the largest size measured: a far extrapolation, measure more sizes before buying` : worth.extrapolated ? ', beyond the sizes measured: an extrapolation' : ''
        lines.push(`  teacher calls worth paying for: about ${formatCount(worth.calls)} (${formatCount(worth.pairs)} pairs at the ${formatPercent(m.passRate.value)} pass rate, predicted agreement ${formatPercent(worth.agreement)})${far}`)
        lines.push(`    ${fit.basis}; a call at ${formatUSD(fit.costPerCallUSD)}`)
      } else lines.push(`  teacher calls worth paying for: not estimated: ${fit.note}`)
    } else if (fit?.error) lines.push(`  no fit: ${fit.error}`)
  }
  return lines.join('\n')
}
