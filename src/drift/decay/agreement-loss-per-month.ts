/**
 * A decay fit as loss of agreement per month, with its uncertainty: the input the scenario's
 * `hardTail.escalationDriftPerMonth` wants (a share per month), from measured agreement.
 */
import { zForConfidence } from '../../agreement/confidence.js'
import { checkNumber } from '../../scenario/check-number.js'
import type { DecayFit } from './decay-fit.js'
import { exponentialDecayAt } from './exponential.js'
import { linearDecayAt } from './linear.js'

/** Agreement lost per month with its standard error and normal interval. */
export interface AgreementLossPerMonth {
  /** (fit(first month) - fit(last month)) / (last - first): agreement lost per month, a fraction per month (> 0: decaying). */
  perMonth: number
  /** Its standard error by the delta method, sqrt(gᵀ Σ g), g the gradient in the fit's two parameters. */
  standardError: number
  /** perMonth ± z·standardError. */
  lower: number
  /** See lower. */
  upper: number
  /** The interval's two-sided level. */
  confidence: number
  /** The model it comes from. */
  model: DecayFit['model']
  /** The months it averages over: the fit's span. */
  span: [number, number]
  /** The arithmetic, in words. */
  formula: string
}

/**
 * The agreement a fitted decay loses per month, averaged over the months it was fitted on:
 * (f(t₀) - f(t₁)) / (t₁ - t₀). Linear: b exactly. Exponential: a (e^{-k t₀} - e^{-k t₁}) / (t₁ - t₀),
 * the chord of the curve (its slope a k e^{-k t} falls over the span). Step: (before - after) /
 * (t₁ - t₀), the one-off drop spread over the span. Its standard error is the delta method's,
 * sqrt(gᵀ Σ g) with Σ the fit's covariance; the interval is normal, perMonth ± z·SE. O(1).
 *
 * @param fit a {@link DecayFit} (say `fitDecay(months).chosen`)
 * @param confidence the interval's two-sided level, default 0.95
 * @throws {InvalidArgumentError} `invalid confidence: 1 (must be < 1)`
 * @example
 * const fit = fitLinearDecay([{ month: 0, agreement: 0.95, n: 100 }, { month: 1, agreement: 0.94, n: 200 }, { month: 2, agreement: 0.93, n: 100 }])
 * agreementLossPerMonth(fit) // => { perMonth: 0.01, model: 'linear', span: [0, 2] }
 */
export function agreementLossPerMonth(fit: DecayFit, confidence = 0.95): AgreementLossPerMonth {
  const z = zForConfidence(checkNumber('confidence', confidence, { exclusiveMin: 0, exclusiveMax: 1 }))
  const [t0, t1] = fit.span
  const width = t1 - t0
  let perMonth: number
  let gradient: [number, number]
  let formula: string
  if (fit.model === 'linear') {
    const { a, b } = fit.parameters as { a: number; b: number }
    perMonth = (linearDecayAt({ a, b }, t0) - linearDecayAt({ a, b }, t1)) / width
    gradient = [0, 1]
    formula = 'b, the linear slope'
  } else if (fit.model === 'exponential') {
    const { a, k } = fit.parameters as { a: number; k: number }
    const e0 = Math.exp(-k * t0)
    const e1 = Math.exp(-k * t1)
    perMonth = (exponentialDecayAt({ a, k }, t0) - exponentialDecayAt({ a, k }, t1)) / width
    gradient = [(e0 - e1) / width, (a * (t1 * e1 - t0 * e0)) / width]
    formula = `a (exp(-k ${t0}) - exp(-k ${t1})) / ${width}`
  } else {
    const { before, after } = fit.parameters as { before: number; after: number }
    perMonth = (before - after) / width
    gradient = [1 / width, -1 / width]
    formula = `(before - after) / ${width}, the step at month ${fit.changeMonth} spread over months ${t0} to ${t1}`
  }
  const [[c00, c01], [, c11]] = fit.covariance
  const variance = gradient[0] * gradient[0] * c00 + 2 * gradient[0] * gradient[1] * c01 + gradient[1] * gradient[1] * c11
  const standardError = Math.sqrt(Math.max(0, variance))
  return {
    perMonth,
    standardError,
    lower: perMonth - z * standardError,
    upper: perMonth + z * standardError,
    confidence,
    model: fit.model,
    span: [t0, t1],
    formula,
  }
}
