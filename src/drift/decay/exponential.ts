/**
 * Exponential decay: agreement = a e^{-k t}, t in months since training; k is the relative loss
 * per month.
 *
 * Why not floor + (a - floor) e^{-k t}: agreement does level off at a floor (chance agreement),
 * but a few months of slight decay cannot tell the floor from k (the two trade off almost
 * exactly while k t is small), so the three-parameter fit is ill-conditioned, its standard
 * errors huge, and AICc would charge it a parameter it cannot use. Over the months the data
 * cover, a e^{-k t} with two parameters is what they can identify; it is compared with the linear
 * model on equal terms (both K = 3).
 */
import { driftArgumentError, driftRules } from '../messages.js'
import { checkAgreementMonths, type AgreementMonth } from './agreement-months.js'
import { decayFit, fitCurve, showParameter, type Curve, type DecayFit } from './decay-fit.js'

const EXPONENTIAL: Curve = {
  value: (t, [a, k]) => a * Math.exp(-k * t),
  gradient: (t, [a, k]) => [Math.exp(-k * t), -a * t * Math.exp(-k * t)],
}

/**
 * Fits agreement = a e^{-k t} by weighted least squares (weights n), starting from the weighted
 * least-squares line through ln(agreement) and refining by Gauss-Newton; standard errors
 * sqrt(diag(σ̂² (JᵀWJ)⁻¹)) with the Jacobian at the fit, σ̂² = Σ nᵢ rᵢ² / (m - 2). O(m) per step.
 *
 * @param months at least 3 months of { month, agreement, n }, every agreement > 0
 * @throws {InvalidArgumentError} on fewer than 3 months, a bad row or an agreement of 0
 * @example
 * const months = [0, 1, 2, 3].map((month) => ({ month, agreement: 0.9 * Math.exp(-0.05 * month), n: 50 }))
 * fitExponentialDecay(months).parameters // => { a: 0.9, k: 0.05 }
 */
export function fitExponentialDecay(months: readonly AgreementMonth[]): DecayFit {
  const rows = checkAgreementMonths(months)
  if (rows.some((row) => row.agreement <= 0)) throw driftArgumentError('months', months, driftRules.exponentialAgreement)
  // start: weighted least squares of ln(agreement) = ln a - k t
  const logRows = rows.map((row) => ({ month: row.month, agreement: Math.log(row.agreement), n: row.n }))
  const logLine: Curve = { value: (t, [logA, k]) => logA - k * t, gradient: (t) => [1, -t] }
  const [logA, k0] = fitCurve(logRows, logLine, [0, 0]).theta
  return decayFit('exponential', ['a', 'k'], fitCurve(rows, EXPONENTIAL, [Math.exp(logA), k0]), rows, (p) => `agreement = ${showParameter(p.a!)} exp(${p.k! < 0 ? '' : '-'}${showParameter(Math.abs(p.k!))} t)`)
}

/**
 * The exponential curve's agreement at month t: a e^{-k t}.
 *
 * @example
 * exponentialDecayAt({ a: 0.9, k: Math.LN2 / 10 }, 10) // => 0.45
 */
export function exponentialDecayAt(parameters: { a: number; k: number }, t: number): number {
  return EXPONENTIAL.value(t, [parameters.a, parameters.k])
}
