/**
 * Cohen's kappa: agreement between two raters (student and teacher) beyond what their label
 * frequencies would give by chance, with its large-sample standard error and interval.
 *
 * Sources: J. Cohen, "A coefficient of agreement for nominal scales", Educational and
 * Psychological Measurement 20 (1960) 37-46 (https://doi.org/10.1177/001316446002000104); the
 * variances from J. L. Fleiss, J. Cohen and B. S. Everitt, "Large sample standard errors of kappa
 * and weighted kappa", Psychological Bulletin 72 (1969) 323-327
 * (https://doi.org/10.1037/h0028106), in the form of statsmodels
 * `statsmodels.stats.inter_rater.cohens_kappa` (unweighted).
 */
import { normalSf } from '../../kernel/sim/distributions/standard-normal.js'
import { zForConfidence } from './confidence.js'
import { confusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.js'
import type { Label } from './labels.js'
import { agreementRules, invalidArgument, invalidArgumentShown, showArgument } from './messages.js'
import { checkConfidence, DEFAULT_CONFIDENCE } from './validate.js'

/** Cohen's kappa with its standard errors, interval and test of kappa = 0. */
export interface CohensKappa {
  /** Kappa = (po - pe) / (1 - pe), dimensionless, in [-1, 1]; 1 is perfect agreement, 0 chance. */
  kappa: number
  /** Observed agreement po, a fraction: the share of examples on the diagonal. */
  observedAgreement: number
  /** Chance agreement pe = Σ row share x column share, a fraction. */
  expectedAgreement: number
  /** Examples rated by both. */
  n: number
  /** Large-sample standard error of kappa (Fleiss, Cohen & Everitt 1969), statsmodels `std_kappa`. */
  standardError: number
  /** Standard error under kappa = 0, statsmodels `std_kappa0`, used by the test. */
  standardErrorUnderNull: number
  /** Two-sided confidence level of the interval, in (0, 1). */
  confidence: number
  /** kappa - z·standardError, clipped to [-1, 1] (statsmodels `kappa_low`, which is not clipped). */
  lower: number
  /** kappa + z·standardError, clipped to [-1, 1] (statsmodels `kappa_upp`, which is not clipped). */
  upper: number
  /** z = kappa / standardErrorUnderNull, statsmodels `z_value`. */
  zStatistic: number
  /** Two-sided p-value of kappa = 0 against kappa != 0, statsmodels `pvalue_two_sided`. */
  pValue: number
}

/** Options of {@link cohensKappa} and {@link cohensKappaFromTable}. */
export interface CohensKappaOptions extends ConfusionMatrixOptions {
  /** Two-sided confidence level of the interval, in (0, 1); default 0.95. */
  confidence?: number
}

/**
 * Checks a square table of non-negative integer counts with a positive total and returns k.
 */
function checkTable(table: unknown): number {
  if (!Array.isArray(table) || table.length === 0) throw invalidArgument('table', table, agreementRules.squareTable)
  const k = table.length
  let total = 0
  for (let i = 0; i < k; i++) {
    const row: unknown = table[i]
    if (!Array.isArray(row) || row.length !== k) throw invalidArgument(`table[${i}]`, row, agreementRules.squareTable)
    for (let j = 0; j < k; j++) {
      const count: unknown = row[j]
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        throw invalidArgument(`table[${i}][${j}]`, count, agreementRules.squareTable)
      }
      total += count
    }
  }
  if (total === 0) throw invalidArgument('table', table, agreementRules.emptyTable)
  return k
}

/**
 * Cohen's kappa from a k x k table of counts (rows: one rater, columns: the other; kappa and its
 * variances are symmetric under transposition). With p_ij = count_ij / n, row shares r_i and
 * column shares c_j, po = Σ p_ii and pe = Σ r_i c_i:
 * - kappa = (po - pe) / (1 - pe);
 * - Var(kappa) = [Σ_i p_ii (1 - (r_i + c_i)(1 - kappa))² + (1 - kappa)² Σ_{i≠j} p_ij (c_i + r_j)²
 *   - (kappa - pe (1 - kappa))²] / ((1 - pe)² n) (Fleiss, Cohen & Everitt 1969, eq. 13);
 * - Var0(kappa) = [pe + pe² - Σ_i r_i c_i (r_i + c_i)] / ((1 - pe)² n) (their eq. 14).
 * O(k²).
 *
 * @param table square array of non-negative integer counts with a positive total
 * @throws {InvalidArgumentError} on a table that is not square, a bad count, an all-zero table,
 *   a chance agreement of 1 (both raters use one and the same label throughout: kappa is
 *   undefined) or a confidence outside (0, 1)
 * @example
 * cohensKappaFromTable([[20, 5], [10, 15]]) // => { kappa: 0.4, observedAgreement: 0.7, expectedAgreement: 0.5, standardError: 0.126996062931, lower: 0.151092290477, upper: 0.648907709523 }
 * // kappa = (0.7 - 0.5) / (1 - 0.5): observed 35 of 50; expected (25 x 30 + 25 x 20) / 50²
 * // statsmodels.stats.inter_rater.cohens_kappa([[20, 5], [10, 15]])
 */
export function cohensKappaFromTable(table: readonly (readonly number[])[], options: CohensKappaOptions = {}): CohensKappa {
  const k = checkTable(table)
  const confidence = checkConfidence(options.confidence ?? DEFAULT_CONFIDENCE)
  let n = 0
  for (const row of table) for (const count of row) n += count
  const share = (i: number, j: number) => (table[i] as readonly number[])[j]! / n
  const rowShare = new Array<number>(k).fill(0)
  const columnShare = new Array<number>(k).fill(0)
  let observedAgreement = 0
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      rowShare[i]! += share(i, j)
      columnShare[j]! += share(i, j)
    }
    observedAgreement += share(i, i)
  }
  let expectedAgreement = 0
  for (let i = 0; i < k; i++) expectedAgreement += rowShare[i]! * columnShare[i]!
  if (!(expectedAgreement < 1 - 1e-15)) throw invalidArgument('table', table, agreementRules.kappaUndefined)
  const kappa = (observedAgreement - expectedAgreement) / (1 - expectedAgreement)

  let termA = 0
  let termB = 0
  let nullTerm = 0
  for (let i = 0; i < k; i++) {
    const r = rowShare[i]!
    const c = columnShare[i]!
    termA += share(i, i) * (1 - (r + c) * (1 - kappa)) ** 2
    nullTerm += c * r * (c + r)
    for (let j = 0; j < k; j++) if (j !== i) termB += share(i, j) * (columnShare[i]! + rowShare[j]!) ** 2
  }
  termB *= (1 - kappa) ** 2
  const termC = (kappa - expectedAgreement * (1 - kappa)) ** 2
  const scale = (1 - expectedAgreement) ** 2 * n
  const variance = Math.max(0, (termA + termB - termC) / scale)
  const nullVariance = Math.max(0, (expectedAgreement + expectedAgreement ** 2 - nullTerm) / scale)
  const standardError = Math.sqrt(variance)
  const standardErrorUnderNull = Math.sqrt(nullVariance)
  const z = zForConfidence(confidence)
  const zStatistic = kappa / standardErrorUnderNull
  return {
    kappa,
    observedAgreement,
    expectedAgreement,
    n,
    standardError,
    standardErrorUnderNull,
    confidence,
    lower: Math.max(-1, kappa - z * standardError),
    upper: Math.min(1, kappa + z * standardError),
    zStatistic,
    pValue: Math.min(1, 2 * normalSf(Math.abs(zStatistic))),
  }
}

/**
 * Cohen's kappa of predicted labels (student) against reference labels (teacher or gold), from
 * their confusion matrix; see {@link cohensKappaFromTable} for the formulas. O(n + k²).
 *
 * @throws {InvalidArgumentError} on empty or mismatched arrays, a bad label, a confidence outside
 *   (0, 1), or when both use one and the same label throughout (kappa undefined)
 * @example
 * cohensKappa(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']) // => { kappa: 0.5, observedAgreement: 0.75, expectedAgreement: 0.5, n: 4 }
 */
export function cohensKappa(reference: readonly Label[], predicted: readonly Label[], options: CohensKappaOptions = {}): CohensKappa {
  const matrix = confusionMatrix(reference, predicted, options)
  const only = matrix.labels.findIndex((_, i) => matrix.counts[i]![i] === matrix.n)
  if (only >= 0) {
    throw invalidArgumentShown('reference and predicted', `every label ${showArgument(matrix.labels[only])}`, agreementRules.kappaUndefined)
  }
  return cohensKappaFromTable(matrix.counts, options)
}
