/**
 * The ship gate: ship the student only when the confidence interval of its agreement with the
 * teacher (or its accuracy on gold labels) lies entirely above the target. The decision and the
 * reason, in numbers and in words.
 */
import { formatCount } from '../format.js'
import { heldOutSizeToSeparate } from './held-out-size.js'
import { agreementRules, invalidArgumentShown } from './messages.js'
import { INTERVAL_METHOD_NAMES, proportionInterval, type IntervalMethod, type ProportionIntervalOptions } from './proportion-interval.js'
import { checkCount, checkPositiveCount, checkProbability } from './validate.js'

/**
 * The three outcomes: `ship` (the lower bound is above the target), `worse` (the upper bound is
 * below it: the student misses the target) or `need-more-data` (the interval contains the target).
 */
export type ShipVerdict = 'ship' | 'worse' | 'need-more-data'

/** The measured agreement: `agreements` of `n` held-out examples (an `AgreementRate` fits). */
export interface AgreementCount {
  /** Examples on which student and teacher (or student and gold) agree, an integer in [0, n]. */
  agreements: number
  /** Held-out examples, an integer >= 1. */
  n: number
}

/** The ship decision with its numbers and its reason in words. */
export interface ShipDecision {
  /** True only when the interval's lower bound is above the target. */
  ship: boolean
  /** `ship`, `worse` or `need-more-data`. */
  verdict: ShipVerdict
  /** The measured rate agreements / n, a fraction. */
  rate: number
  /** Agreements, a count. */
  agreements: number
  /** Held-out examples, a count. */
  n: number
  /** The interval's lower bound, a fraction. */
  lowerBound: number
  /** The interval's upper bound, a fraction. */
  upperBound: number
  /** The target rate, a fraction. */
  target: number
  /** Two-sided confidence level of the interval, in (0, 1). */
  confidence: number
  /** The interval method. */
  method: IntervalMethod
  /**
   * For `need-more-data`: the held-out size (in all, not extra) at which the same rate would be
   * conclusive (see `heldOutSizeToSeparate`); null for the other verdicts and when the rate
   * equals the target.
   */
  heldOutNeeded: number | null
  /** Why, in one line: the rate, the interval, the comparison and what to do. */
  explanation: string
}

/** `93.4 %` with `digits` decimals. */
function percent(fraction: number, digits: number): string {
  return `${(fraction * 100).toFixed(digits)} %`
}

/**
 * The fewest decimals (1 to 4) at which the numbers of the explanation print honestly: each of
 * `pairs` prints as two different numbers (so it never reads `92.0 % is below 92.0 %`), and no
 * value short of 0 or 1 prints as `0.0 %` or `100.0 %`.
 */
function decimalsToShow(pairs: readonly (readonly [number, number])[]): number {
  const values = pairs.flat()
  for (let digits = 1; digits < 4; digits++) {
    const distinct = pairs.every(([a, b]) => a === b || percent(a, digits) !== percent(b, digits))
    const notRoundedToEnds = values.every(
      (value) => (value === 0 || percent(value, digits) !== percent(0, digits)) && (value === 1 || percent(value, digits) !== percent(1, digits)),
    )
    if (distinct && notRoundedToEnds) return digits
  }
  return 4
}

/** A count rounded up to three significant digits, grouped: 1443 -> `1,450`. */
function aboutCount(count: number): string {
  const step = count >= 1000 ? 10 ** (Math.floor(Math.log10(count)) - 2) : 1
  return formatCount(Math.ceil(count / step) * step)
}

/**
 * Decides whether to ship: with the interval (default 95 % Wilson) of `agreements` of `n`,
 * - lower bound > target: ship;
 * - upper bound < target: the student is worse than the target, do not ship;
 * - otherwise the interval contains the target: do not ship yet, and say how many held-out
 *   examples the same rate would need to be conclusive (`heldOutSizeToSeparate`).
 * The target sits on the boundary of "clears" only when strictly exceeded: a closed interval that
 * touches the target has not excluded it. O(1) (Wilson).
 *
 * @param measured agreements and n (an `AgreementRate` result works as is)
 * @param target the rate the student must beat, a fraction in (0, 1)
 * @throws {InvalidArgumentError} on n < 1, agreements outside [0, n], a target outside (0, 1), a
 *   confidence outside (0, 1) or an unknown method
 * @example
 * const gate = shipGate({ agreements: 934, n: 1000 }, 0.92)
 * gate // => { ship: false, verdict: 'need-more-data', heldOutNeeded: 1443, lowerBound: 0.916890724, upperBound: 0.947787650 }
 * gate.explanation
 * // => 'agreement 93.4 % (934 of 1,000); 95 % Wilson interval 91.7 %-94.8 %; lower bound 91.7 % is ' +
 * //    'below the target 92.0 %: do not ship yet; about 1,450 held-out examples would be needed to ' +
 * //    'show 93.4 % > 92.0 % (if the rate holds)'
 */
export function shipGate(measured: AgreementCount, target: number, options: ProportionIntervalOptions = {}): ShipDecision {
  if (typeof measured !== 'object' || measured === null) {
    throw invalidArgumentShown('measured', String(measured), agreementRules.agreementCount)
  }
  const n = checkPositiveCount('n', measured.n)
  const agreements = checkCount('agreements', measured.agreements, n)
  checkProbability('target', target, true)
  const interval = proportionInterval(agreements, n, options)
  const { rate, lower, upper, confidence, method } = interval
  const verdict: ShipVerdict = lower > target ? 'ship' : upper < target ? 'worse' : 'need-more-data'
  const heldOutNeeded = verdict === 'need-more-data' ? heldOutSizeToSeparate(rate, target, { confidence, method }) : null

  const digits = decimalsToShow([
    [lower, target],
    [upper, target],
    [rate, target],
    [lower, upper],
  ])
  const p = (fraction: number) => percent(fraction, digits)
  const level = `${Number((confidence * 100).toFixed(2))} %`
  const head = `agreement ${p(rate)} (${formatCount(agreements)} of ${formatCount(n)}); ${level} ${INTERVAL_METHOD_NAMES[method]} interval ${p(lower)}-${p(upper)}`
  let tail: string
  if (verdict === 'ship') {
    tail = `lower bound ${p(lower)} is above the target ${p(target)}: ship`
  } else if (verdict === 'worse') {
    tail = `upper bound ${p(upper)} is below the target ${p(target)}: the student is worse than the target; do not ship`
  } else {
    const comparison = `lower bound ${p(lower)} ${lower === target ? 'only reaches' : 'is below'} the target ${p(target)}`
    if (rate > target) {
      const need =
        heldOutNeeded === null
          ? `the rate is too close to the target for any practical held-out size to show ${p(rate)} > ${p(target)}`
          : `about ${aboutCount(heldOutNeeded)} held-out examples would be needed to show ${p(rate)} > ${p(target)} (if the rate holds)`
      tail = `${comparison}: do not ship yet; ${need}`
    } else if (rate < target) {
      const need =
        heldOutNeeded === null
          ? ''
          : `; about ${aboutCount(heldOutNeeded)} held-out examples would show ${p(rate)} < ${p(target)} if the rate holds`
      tail = `${comparison}: do not ship; the rate itself is below the target${need}`
    } else {
      tail = `${comparison}: do not ship yet; the rate equals the target, so no held-out size can show that it clears it`
    }
  }
  return {
    ship: verdict === 'ship',
    verdict,
    rate,
    agreements,
    n,
    lowerBound: lower,
    upperBound: upper,
    target,
    confidence,
    method,
    heldOutNeeded,
    explanation: `${head}; ${tail}`,
  }
}
