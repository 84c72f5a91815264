/**
 * Choosing among the decay models by AICc: fit linear, exponential and step to the same months
 * and keep the one with the smallest AICc.
 */
import { checkAgreementMonths, type AgreementMonth } from './agreement-months.js'
import type { DecayFit } from './decay-fit.js'
import { fitExponentialDecay } from './exponential.js'
import { fitLinearDecay } from './linear.js'
import { fitStepDecay } from './step.js'

/** The chosen fit, every fit, and the criterion in words. */
export interface DecayChoice {
  /** The fit with the smallest AICc (linear when none has a finite AICc). */
  chosen: DecayFit
  /** Every model fitted, in the order linear, exponential, step. */
  fits: DecayFit[]
  /** Akaike weights exp(-Δᵢ/2) / Σ exp(-Δⱼ/2), Δ = AICc - min AICc, by model (0 for an infinite AICc). */
  akaikeWeights: Partial<Record<DecayFit['model'], number>>
  /** How the choice was made, in words, with the AICc values. */
  criterion: string
}

/**
 * Fits the linear, exponential and step decay models to agreement over time and chooses the one
 * with the smallest AICc (Hurvich and Tsai 1989, https://doi.org/10.1093/biomet/76.2.297; the
 * Gaussian likelihood of the n-weighted residuals), ties going to the earlier of linear,
 * exponential, step (the simpler). A model whose AICc is undefined (m <= K + 1: the linear and
 * exponential models need 5 months, the step model 6) is fitted but cannot be chosen; with fewer
 * than 5 months the linear model is taken by default, and `criterion` says so. The exponential
 * model is left out when a month's agreement is 0. O(m²).
 *
 * @param months at least 3 months of { month, agreement, n }
 * @throws {InvalidArgumentError} on fewer than 3 months or a bad row
 * @example
 * const months = [0, 1, 2, 3, 4, 5].map((month) => ({ month, agreement: month < 3 ? 0.9 : 0.8, n: 40 }))
 * fitDecay(months).chosen // => { model: 'step', changeMonth: 3 }
 */
export function fitDecay(months: readonly AgreementMonth[]): DecayChoice {
  const rows = checkAgreementMonths(months)
  const fits = [fitLinearDecay(rows)]
  const hasZero = rows.some((row) => row.agreement <= 0)
  if (!hasZero) fits.push(fitExponentialDecay(rows))
  fits.push(fitStepDecay(rows))
  const eligible = fits.filter((fit) => Number.isFinite(fit.aicc))
  const shown = fits.map((fit) => `${fit.model} ${Number.isFinite(fit.aicc) ? fit.aicc.toFixed(2) : 'undefined'}`).join(', ')
  const omitted = hasZero ? '; exponential left out (a month with agreement 0)' : ''
  if (eligible.length === 0) {
    return {
      chosen: fits[0]!,
      fits,
      akaikeWeights: {},
      criterion: `linear by default: ${rows.length} months are too few for AICc (linear and exponential need 5, step 6)${omitted}`,
    }
  }
  const chosen = eligible.reduce((best, fit) => (fit.aicc < best.aicc ? fit : best))
  const relative = fits.map((fit) => (Number.isFinite(fit.aicc) ? Math.exp(-(fit.aicc - chosen.aicc) / 2) : 0))
  const total = relative.reduce((sum, v) => sum + v, 0)
  const akaikeWeights = Object.fromEntries(fits.map((fit, i) => [fit.model, relative[i]! / total]))
  return { chosen, fits, akaikeWeights, criterion: `smallest AICc: ${shown}${omitted}` }
}
