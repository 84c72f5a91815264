/**
 * Step decay: agreement = before until a change month, after from it on (a one-off shift in the
 * inputs, such as a new product or a new spam campaign).
 */
import { checkAgreementMonths, type AgreementMonth } from './agreement-months.js'
import { decayFit, fitCurve, showParameter, type Curve, type DecayFit } from './decay-fit.js'

/**
 * Fits the step model by weighted least squares (weights n): for every change month c among the
 * measured months after the first, before = the n-weighted mean agreement of the months < c,
 * after = that of the months >= c; the c with the smallest weighted RSS wins (the earliest on a
 * tie). Standard errors of before and after from σ̂² (JᵀWJ)⁻¹ = σ̂² / Σn on each side; the change
 * month is chosen, not estimated with an error, and AICc counts it as a fourth parameter. O(m²).
 *
 * @param months at least 3 months of { month, agreement, n }
 * @throws {InvalidArgumentError} on fewer than 3 months or a bad row
 * @example
 * fitStepDecay([{ month: 0, agreement: 0.9, n: 10 }, { month: 1, agreement: 0.9, n: 10 }, { month: 2, agreement: 0.8, n: 10 }, { month: 3, agreement: 0.8, n: 10 }])
 * // => { model: 'step', parameters: { before: 0.9, after: 0.8 }, changeMonth: 2 }
 */
export function fitStepDecay(months: readonly AgreementMonth[]): DecayFit {
  const rows = checkAgreementMonths(months)
  let best: (ReturnType<typeof fitCurve> & { changeMonth: number }) | undefined
  for (let i = 1; i < rows.length; i++) {
    const changeMonth = rows[i]!.month
    const curve: Curve = {
      value: (t, [before, after]) => (t < changeMonth ? before : after),
      gradient: (t) => (t < changeMonth ? [1, 0] : [0, 1]),
    }
    const fit = fitCurve(rows, curve, [rows[0]!.agreement, rows[rows.length - 1]!.agreement])
    if (best === undefined || fit.weightedRss < best.weightedRss) best = { ...fit, changeMonth }
  }
  const { changeMonth, ...fitted } = best!
  return decayFit('step', ['before', 'after'], fitted, rows, (p) => `agreement = ${showParameter(p.before!)} before month ${changeMonth}, ${showParameter(p.after!)} from it`, changeMonth)
}
