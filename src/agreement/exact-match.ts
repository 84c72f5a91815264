/**
 * Exact match of generated outputs: the share of examples on which the student's text equals the
 * teacher's, optionally after trimming and case-folding both.
 */
import type { AgreementRate } from './agreement-rate.js'
import { agreementRules, invalidArgument } from './messages.js'
import { proportionInterval, type ProportionIntervalOptions } from './proportion-interval.js'
import { checkBoolean, checkPairedArrays } from './validate.js'

/**
 * Trims white space at both ends and case-folds: `toUpperCase().toLowerCase()`, which folds what
 * plain lower-casing misses (`'Straße'` and `'STRASSE'` both become `'strasse'`; final sigma
 * `ς` becomes `σ`). An approximation of Unicode full case folding (CaseFolding.txt, status C + F)
 * that agrees with it on the common scripts. O(length).
 *
 * @example
 * foldText('  Straße \n') // => 'strasse'
 */
export function foldText(text: string): string {
  return text.trim().toUpperCase().toLowerCase()
}

/**
 * Checks two paired arrays of texts (non-empty, same length, strings) and returns n.
 *
 * @throws {InvalidArgumentError} `invalid predicted[2]: null (must be a string)`
 * @example
 * checkPairedTexts('reference', ['a'], 'predicted', ['b']) // => 1
 */
export function checkPairedTexts(referenceName: string, reference: unknown, predictedName: string, predicted: unknown): number {
  const n = checkPairedArrays(referenceName, reference, predictedName, predicted, 'output')
  for (const [name, texts] of [
    [referenceName, reference as unknown[]],
    [predictedName, predicted as unknown[]],
  ] as const) {
    for (let i = 0; i < n; i++) if (typeof texts[i] !== 'string') throw invalidArgument(`${name}[${i}]`, texts[i], agreementRules.text)
  }
  return n
}

/** Options of {@link exactMatchRate}. */
export interface ExactMatchOptions extends ProportionIntervalOptions {
  /** Compare after trimming and case-folding both texts ({@link foldText}); default false. */
  normalize?: boolean
}

/**
 * The exact-match rate of `predicted` (student outputs) against `reference` (teacher outputs),
 * with its interval (default 95 % Wilson) and the indices that differ. O(total text length).
 *
 * @throws {InvalidArgumentError} on empty or mismatched arrays, a non-string output, a non-boolean
 *   `normalize`, a confidence outside (0, 1) or an unknown method
 * @example
 * exactMatchRate(['Paris', 'Berlin'], [' paris', 'Bonn'], { normalize: true })
 * // => { agreements: 1, n: 2, rate: 0.5, disagreements: [1] }
 */
export function exactMatchRate(reference: readonly string[], predicted: readonly string[], options: ExactMatchOptions = {}): AgreementRate {
  const n = checkPairedTexts('reference', reference, 'predicted', predicted)
  const normalize = checkBoolean('normalize', options.normalize ?? false)
  const disagreements: number[] = []
  for (let i = 0; i < n; i++) {
    const a = reference[i] as string
    const b = predicted[i] as string
    if (normalize ? foldText(a) !== foldText(b) : a !== b) disagreements.push(i)
  }
  const agreements = n - disagreements.length
  return { ...proportionInterval(agreements, n, options), agreements, disagreements }
}
