/**
 * Drift of a student trained on one period and used in the next, measured: its agreement and
 * accuracy month by month after training (with intervals), how far the inputs moved (PSI,
 * Jensen-Shannon distance and Kolmogorov-Smirnov on numeric features), how far its own
 * representations moved (a domain classifier's out-of-fold ROC AUC between the periods), and the
 * decay model fitted to agreement over time with the loss per month it implies. Pure: the
 * experiment gives it the rows; the retraining policies are simulated from its result elsewhere.
 */
import { agreementByMonth, type MonthOutcome } from '../drift/agreement-by-month.js'
import { agreementLossPerMonth, type AgreementLossPerMonth } from '../drift/decay/agreement-loss-per-month.js'
import { fitDecay, type DecayChoice } from '../drift/decay/fit-decay.js'
import { domainClassifier, type DomainClassifierResult } from '../drift/domain-classifier.js'
import { jensenShannonDistance } from '../drift/jensen-shannon.js'
import { ksTwoSample } from '../drift/ks-two-sample.js'
import { populationStabilityIndex, type PsiLevel } from '../drift/psi.js'
import { quantileEdges } from '../drift/bins.js'
import { measuredRate, type MeasuredRate } from '../agreement/measured-rate.js'
import { InvalidArgumentError } from '../scenario/messages.js'

/** One evaluated input: its date, the outcome and its numeric features. */
export interface DriftRow {
  /** ISO 8601 date, or null. */
  date: string | null
  /** The student agreed with the teacher. */
  agrees: boolean
  /** The student matched gold (null without a gold label). */
  correct: boolean | null
  /** Numeric features compared between periods, by name (e.g. characters, tokens). */
  features: Record<string, number>
}

/** What {@link measureDrift} takes. */
export interface DriftInput {
  /** The first month after the training period, `YYYY-MM`: month 1 of the series. */
  cutoffMonth: string
  /** Held-out inputs of the training period: month 0, the agreement right after training. */
  reference: readonly DriftRow[]
  /** Inputs dated from the cutoff month on. */
  later: readonly DriftRow[]
  /** The student's pooled representations of (a sample of) each period's inputs, or null. */
  embeddings?: { reference: readonly (readonly number[])[]; later: readonly (readonly number[])[] } | null
  /** Months with fewer rows are left out of the series; default 20. */
  minPerMonth?: number
  /** Two-sided confidence of the intervals; default 0.95. */
  confidence?: number
}

/** One numeric feature compared between the periods. */
export interface FeatureDrift {
  feature: string
  /** PSI over the reference's decile edges, with its level (0.1 watch, 0.2 act). */
  psi: number
  level: PsiLevel
  edges: number[]
  referenceCounts: number[]
  laterCounts: number[]
  /** Jensen-Shannon distance (base 2, in [0, 1]) over the same edges. */
  jensenShannon: number
  /** Two-sample Kolmogorov-Smirnov: the distance D, where it is largest, and its p-value (read D on samples this large). */
  ks: { statistic: number; at: number; pValue: number }
  referenceMedian: number
  laterMedian: number
}

/** Everything measured about drift. */
export interface DriftMeasurements {
  cutoffMonth: string
  /** The month before the cutoff: month 0. */
  referenceMonth: string
  reference: { n: number; agreement: MeasuredRate; accuracy: MeasuredRate | null }
  later: { n: number; agreement: MeasuredRate; accuracy: MeasuredRate | null }
  /** Month 0 (the reference) and each later month with enough inputs. */
  months: MonthOutcome[]
  leftOut: { undated: number; sparse: number; beforeCutoff: number }
  inputs: FeatureDrift[]
  /** The domain classifier between the periods' representations, or null without embeddings. */
  representation: DomainClassifierResult | null
  /** The decay models fitted to the monthly agreement (null with fewer than 3 months) and the choice. */
  decay: DecayChoice | null
  /** Agreement lost per month under the chosen model, with its interval. */
  loss: AgreementLossPerMonth | null
  /**
   * Escalation drift per month: the agreement lost per month, taken as the extra share of requests
   * a confidence cascade escalates to keep its quality (0 when agreement does not fall), with the
   * loss's standard error for the simulation's distribution.
   */
  escalationDriftPerMonth: { value: number; standardError: number; lower: number; upper: number; basis: string } | null
  notes: string[]
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function monthBefore(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + m - 2
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

function featureDrift(feature: string, reference: number[], later: number[]): FeatureDrift {
  const edges = quantileEdges(reference, 10)
  const psi = populationStabilityIndex(reference, later, { edges })
  const ks = ksTwoSample(reference, later)
  return {
    feature, psi: psi.psi, level: psi.level, edges: psi.edges, referenceCounts: psi.expectedCounts, laterCounts: psi.actualCounts,
    // Over PSI's bins: the same counts, not binned again.
    jensenShannon: jensenShannonDistance(psi.expectedCounts, psi.actualCounts),
    ks: { statistic: ks.statistic, at: ks.at, pValue: ks.pValue },
    referenceMedian: median(reference), laterMedian: median(later),
  }
}

/**
 * Measures drift between a training period and the months after it; see the module comment.
 * The series starts with month 0, the held-out inputs of the training period, followed by each
 * calendar month from `cutoffMonth` on (month 1, 2, ...) with at least `minPerMonth` inputs.
 * O(n log n) for the series and features, plus the domain classifier's k fits.
 *
 * @throws {InvalidArgumentError} on a malformed cutoff month or an empty reference
 * @example
 * const row = (date, agrees) => ({ date, agrees, correct: agrees, features: { characters: agrees ? 100 : 300 } })
 * const reference = Array.from({ length: 40 }, (_, i) => row('2002-07-10', i % 20 !== 0))
 * const later = ['2002-08', '2002-09', '2002-10', '2002-11'].flatMap((m, k) => Array.from({ length: 40 }, (_, i) => row(`${m}-15`, i % 20 >= k + 1)))
 * const drift = measureDrift({ cutoffMonth: '2002-08', reference, later })
 * drift.months.map((m) => [m.month, m.agreement.value]) // => [[0, 0.95], [1, 0.95], [2, 0.9], [3, 0.85], [4, 0.8]]
 * // the linear fit (smallest AICc) over months 0-4: slope -0.4 / 10 = -0.04 a month
 * drift.decay.chosen.model // => 'linear'
 * drift.loss.perMonth // => 0.04
 */
export function measureDrift(input: DriftInput): DriftMeasurements {
  if (!/^\d{4}-\d{2}$/.test(input.cutoffMonth)) throw new InvalidArgumentError(`invalid cutoffMonth: ${JSON.stringify(input.cutoffMonth)} (must be a month, YYYY-MM)`)
  if (input.reference.length === 0) throw new InvalidArgumentError('invalid reference: [] (must hold the held-out inputs of the training period)')
  const confidence = input.confidence ?? 0.95
  const minPerMonth = input.minPerMonth ?? 20
  const referenceMonth = monthBefore(input.cutoffMonth)
  const notes: string[] = []
  const rate = (rows: readonly DriftRow[], what: string) => {
    const labelled = rows.filter((r) => r.correct !== null)
    return {
      n: rows.length,
      agreement: measuredRate(rows.filter((r) => r.agrees).length, Math.max(rows.length, 1), `${what}: the student agrees with the teacher`, confidence),
      accuracy: labelled.length > 0 ? measuredRate(labelled.filter((r) => r.correct).length, labelled.length, `${what}: the student labels as gold does`, confidence) : null,
    }
  }
  const reference = rate(input.reference, 'held-out inputs of the training period')
  const dated = input.later.filter((r) => r.date !== null && r.date.slice(0, 7) >= input.cutoffMonth)
  const beforeCutoff = input.later.filter((r) => r.date !== null && r.date.slice(0, 7) < input.cutoffMonth).length
  const later = rate(dated, `inputs dated ${input.cutoffMonth} or later`)
  const byMonth = agreementByMonth(input.later.filter((r) => r.date === null || r.date.slice(0, 7) >= input.cutoffMonth), referenceMonth, minPerMonth)
  const month0: MonthOutcome = { calendarMonth: `${referenceMonth} and before`, month: 0, n: reference.n, agreement: reference.agreement, accuracy: reference.accuracy }
  const months = [month0, ...byMonth.months]

  const names = Object.keys(input.reference[0]!.features)
  const inputs = dated.length > 0 ? names.map((name) => featureDrift(name, input.reference.map((r) => r.features[name]!), dated.map((r) => r.features[name]!))) : []
  for (const f of inputs) if (f.level !== 'stable') notes.push(`${f.feature}: PSI ${f.psi.toFixed(3)} (${f.level}: 0.1 watch, 0.2 act)`)

  let representation: DomainClassifierResult | null = null
  const embeddings = input.embeddings
  if (embeddings && embeddings.reference.length >= 5 && embeddings.later.length >= 5) representation = domainClassifier(embeddings.reference, embeddings.later, 5)
  else notes.push('no representation drift: too few embedded inputs in a period (at least 5 each)')

  let decay: DecayChoice | null = null
  let loss: AgreementLossPerMonth | null = null
  let escalationDriftPerMonth: DriftMeasurements['escalationDriftPerMonth'] = null
  const series = months.map((m) => ({ month: m.month, agreement: m.agreement.value, n: m.n }))
  if (series.length >= 3) {
    decay = fitDecay(series)
    loss = agreementLossPerMonth(decay.chosen, confidence)
    const value = Math.max(0, loss.perMonth)
    escalationDriftPerMonth = {
      value, standardError: loss.standardError, lower: Math.max(0, loss.lower), upper: Math.max(0, loss.upper),
      basis: `agreement lost per month under the ${decay.chosen.model} fit over months ${loss.span[0]}-${loss.span[1]} (${decay.criterion}), each point lost sent to the teacher to keep the cascade's quality${loss.perMonth < 0 ? '; agreement rose over the months measured, so no drift is charged' : ''}`,
    }
  } else {
    notes.push(`only ${series.length} month(s) with at least ${minPerMonth} inputs: too few to fit a decay (3 needed)`)
  }
  if (byMonth.leftOut.sparse > 0) notes.push(`${byMonth.leftOut.sparse} inputs in months with fewer than ${minPerMonth} were left out of the series`)
  return {
    cutoffMonth: input.cutoffMonth, referenceMonth, reference, later, months,
    leftOut: { ...byMonth.leftOut, beforeCutoff }, inputs, representation, decay, loss, escalationDriftPerMonth, notes,
  }
}
