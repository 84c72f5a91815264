/**
 * Linear decay: agreement = a - b t, t in months since training; b is the agreement lost per month.
 */
import { checkAgreementMonths, type AgreementMonth } from './agreement-months.js'
import { decayFit, fitCurve, showParameter, type Curve, type DecayFit } from './decay-fit.js'

const LINEAR: Curve = {
  value: (t, [a, b]) => a - b * t,
  gradient: (t) => [1, -t],
}

/**
 * Fits agreement = a - b t by weighted least squares (weights n, the examples per month; one
 * Gauss-Newton step, the normal equations), with standard errors sqrt(diag(σ̂² (JᵀWJ)⁻¹)),
 * σ̂² = Σ nᵢ rᵢ² / (m - 2). O(m).
 *
 * @param months at least 3 months of { month, agreement, n }
 * @throws {InvalidArgumentError} on fewer than 3 months or a bad row
 * @example
 * fitLinearDecay([{ month: 0, agreement: 0.95, n: 100 }, { month: 1, agreement: 0.94, n: 200 }, { month: 2, agreement: 0.93, n: 100 }])
 * // => { model: 'linear', parameters: { a: 0.95, b: 0.01 }, formula: 'agreement = 0.95 - 0.01 t' }
 */
export function fitLinearDecay(months: readonly AgreementMonth[]): DecayFit {
  const rows = checkAgreementMonths(months)
  return decayFit('linear', ['a', 'b'], fitCurve(rows, LINEAR, [rows[0]!.agreement, 0]), rows, (p) => `agreement = ${showParameter(p.a!)} ${p.b! < 0 ? '+' : '-'} ${showParameter(Math.abs(p.b!))} t`)
}

/**
 * The linear curve's agreement at month t: a - b t.
 *
 * @example
 * linearDecayAt({ a: 0.95, b: 0.01 }, 5) // => 0.9
 */
export function linearDecayAt(parameters: { a: number; b: number }, t: number): number {
  return LINEAR.value(t, [parameters.a, parameters.b])
}
