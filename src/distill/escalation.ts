/**
 * The escalation threshold of a two-stage cascade: the student answers when its confidence is at
 * least the threshold, else the request escalates to the teacher (which then answers it). The
 * threshold is chosen on a calibration split and measured on a separate test split.
 */
import { checkNumber } from '../scenario/check-number.js'
import { measuredProportion, type MeasuredProportion } from '../measured/measurement.js'

/** One held-out input as the cascade sees it. */
export interface CascadeItem {
  /** The student's probability of its own answer, in [0, 1]. */
  confidence: number
  /** Whether the student's answer equals the teacher's. */
  agrees: boolean
}

/**
 * Agreement with the teacher of the cascade at `threshold` on `items`: escalated items get the
 * teacher's answer (so they agree); accepted items agree when the student does. O(n).
 *
 * @example
 * const items = [{ confidence: 0.99, agrees: true }, { confidence: 0.6, agrees: false }, { confidence: 0.9, agrees: true }, { confidence: 0.7, agrees: true }]
 * cascadeAgreementAt(items, 0) // => { escalated: 0, agreements: 3, n: 4 }
 * cascadeAgreementAt(items, 0.65) // => { escalated: 1, agreements: 4, n: 4 }
 */
export function cascadeAgreementAt(items: readonly CascadeItem[], threshold: number): { escalated: number; agreements: number; n: number } {
  let escalated = 0
  let agreements = 0
  for (const item of items) {
    if (item.confidence < threshold) {
      escalated += 1
      agreements += 1
    } else if (item.agrees) agreements += 1
  }
  return { escalated, agreements, n: items.length }
}

/**
 * The lowest threshold (so the fewest escalations) at which the cascade's agreement with the
 * teacher on `calibration` reaches `targetAgreement`; 0 when the student alone reaches it.
 * Candidates are 0 and the calibration confidences; escalating every input always reaches any
 * target (the threshold is then just above the highest confidence, above 1 when that is 1). O(n log n).
 *
 * @throws {InvalidArgumentError} on an empty calibration set or a target outside (0, 1]
 * @example
 * const items = [{ confidence: 0.99, agrees: true }, { confidence: 0.6, agrees: false }, { confidence: 0.9, agrees: true }, { confidence: 0.7, agrees: true }]
 * chooseEscalationThreshold(items, 0.7) // => 0
 * chooseEscalationThreshold(items, 0.9) // => 0.7 (escalates the 0.6 input: 4 of 4 agree)
 */
export function chooseEscalationThreshold(calibration: readonly CascadeItem[], targetAgreement: number): number {
  checkNumber('targetAgreement', targetAgreement, { exclusiveMin: 0, max: 1 })
  checkNumber('calibration items', calibration.length, { min: 1, integer: true })
  // Sorted by confidence, escalating the k least confident: agreement rises by one for each
  // disagreeing input escalated. The threshold that escalates exactly the first k is the
  // (k+1)-th confidence (ties escalate together).
  const sorted = [...calibration].sort((a, b) => a.confidence - b.confidence)
  const n = sorted.length
  let agreements = sorted.filter((item) => item.agrees).length
  if (agreements / n >= targetAgreement) return 0
  for (let k = 0; k < n; k++) {
    if (!sorted[k]!.agrees) agreements += 1
    const next = k + 1 < n ? sorted[k + 1]!.confidence : Number.POSITIVE_INFINITY
    if (next === sorted[k]!.confidence) continue
    if (agreements / n >= targetAgreement) return Number.isFinite(next) ? next : sorted[k]!.confidence * (1 + Number.EPSILON) + Number.MIN_VALUE
  }
  // Unreachable: escalating every input makes every answer the teacher's.
  return Number.POSITIVE_INFINITY
}

/** The cascade measured on a test split at a chosen threshold. */
export interface CascadeMeasurement {
  threshold: number
  /** Share of test inputs escalated to the teacher. */
  escalationShare: MeasuredProportion
  /** Agreement with the teacher of the cascade's answers. */
  cascadeAgreement: MeasuredProportion
  /** Agreement of the student on the inputs it kept. */
  acceptedAgreement: MeasuredProportion | null
}

/**
 * Measures the cascade at `threshold` on `test` (a split the threshold was not chosen on).
 *
 * @example
 * const test = [{ confidence: 0.95, agrees: true }, { confidence: 0.5, agrees: false }, { confidence: 0.8, agrees: true }, { confidence: 0.99, agrees: false }]
 * const measured = measureCascade(test, 0.7)
 * measured.escalationShare.value // => 0.25
 * measured.cascadeAgreement.value // => 0.75
 * measured.acceptedAgreement.value // => 0.6667
 */
export function measureCascade(test: readonly CascadeItem[], threshold: number, confidence?: number): CascadeMeasurement {
  checkNumber('threshold', threshold, { min: 0 })
  const { escalated, agreements, n } = cascadeAgreementAt(test, threshold)
  const accepted = test.filter((item) => item.confidence >= threshold)
  const acceptedAgreements = accepted.filter((item) => item.agrees).length
  return {
    threshold,
    escalationShare: measuredProportion(escalated, n, `held-out inputs escalated to the teacher (student confidence below ${threshold.toFixed(4)})`, confidence),
    cascadeAgreement: measuredProportion(agreements, n, 'held-out inputs on which the cascade (student, escalating to the teacher) agrees with the teacher', confidence),
    acceptedAgreement: accepted.length > 0 ? measuredProportion(acceptedAgreements, accepted.length, 'inputs the student kept on which it agrees with the teacher', confidence) : null,
  }
}
