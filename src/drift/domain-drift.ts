/**
 * Drift read off a domain classifier: a model trained to tell the later period's examples (from
 * the student's representations) from the earlier ones'. If it cannot (AUC near 0.5) the inputs
 * have not moved; above 0.55 they have.
 */
import { checkNumber } from '../scenario/check-number.js'
import type { RocAucResult } from './roc-auc.js'

/** The AUC above which a domain classifier's separation counts as drift: 0.55. */
export const DOMAIN_DRIFT_AUC = 0.55

/** Whether a domain classifier's AUC shows drift, and how sure that is. */
export interface DomainDrift {
  /** The AUC that was read. */
  auc: number
  /** The threshold, {@link DOMAIN_DRIFT_AUC}. */
  threshold: number
  /** auc > threshold. */
  drift: boolean
  /**
   * With an interval: `drift` when even its lower bound is above the threshold, `no drift` when
   * its upper bound is at or below it, `unclear` when it straddles; without one, `point estimate`.
   */
  certainty: 'drift' | 'no drift' | 'unclear' | 'point estimate'
}

/**
 * Flags drift when a domain classifier's ROC AUC between periods is above 0.55 (a rule of thumb
 * of adversarial validation: 0.5 is no separation). Given a {@link rocAuc} result, also says
 * whether its interval clears the threshold. O(1).
 *
 * @param auc an AUC in [0, 1], or a {@link RocAucResult}
 * @throws {InvalidArgumentError} `invalid auc: 1.2 (must be <= 1)`
 * @example
 * domainDrift(0.6) // => { drift: true, certainty: 'point estimate' }
 * domainDrift({ auc: 0.6, lower: 0.52, upper: 0.68 }) // => { drift: true, certainty: 'unclear' }
 * domainDrift(1.2) // throws invalid auc: 1.2 (must be <= 1)
 */
export function domainDrift(auc: number | Pick<RocAucResult, 'auc' | 'lower' | 'upper'>): DomainDrift {
  const value = checkNumber('auc', typeof auc === 'number' ? auc : auc?.auc, { min: 0, max: 1 })
  const drift = value > DOMAIN_DRIFT_AUC
  if (typeof auc === 'number') return { auc: value, threshold: DOMAIN_DRIFT_AUC, drift, certainty: 'point estimate' }
  const lower = checkNumber('auc.lower', auc.lower, { min: 0, max: 1 })
  const upper = checkNumber('auc.upper', auc.upper, { min: 0, max: 1 })
  const certainty = lower > DOMAIN_DRIFT_AUC ? 'drift' : upper <= DOMAIN_DRIFT_AUC ? 'no drift' : 'unclear'
  return { auc: value, threshold: DOMAIN_DRIFT_AUC, drift, certainty }
}
