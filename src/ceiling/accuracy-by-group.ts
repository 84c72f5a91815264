/**
 * Quality by difficulty: accuracy (against gold labels) and agreement (with the teacher) of the
 * student in each group of inputs, such as hard ham, easy ham and spam, with Wilson intervals.
 */
import { invalidArgument } from '../agreement/messages.js'
import { DEFAULT_CONFIDENCE } from '../agreement/validate.js'
import { ceilingRules } from './messages.js'
import { measuredRate, type MeasuredRate } from '../agreement/measured-rate.js'

/** One input: its group, whether the student was right, and whether it agreed with the teacher (if known). */
export interface GroupRow {
  /** The group's name, e.g. `hard_ham`. */
  group: string
  /** Whether the student's answer equals the gold label. */
  correct: boolean
  /** Whether the student's answer equals the teacher's; omit when the teacher did not label it. */
  agrees?: boolean
}

/** The student's quality in one group. */
export interface GroupQuality {
  group: string
  /** Inputs in the group. */
  n: number
  /** Accuracy against the gold labels, with its Wilson interval. */
  accuracy: MeasuredRate
  /** Agreement with the teacher on the inputs that say whether they agree; null when none do. */
  agreement: MeasuredRate | null
}

/**
 * Accuracy and agreement per group, the groups in the order they first appear. O(n).
 *
 * @throws {InvalidArgumentError} on an empty list, an empty group name or a flag that is not a
 *   boolean
 * @example
 * const rows = [{ group: 'spam', correct: true, agrees: true }, { group: 'hard_ham', correct: false, agrees: false }, { group: 'hard_ham', correct: true, agrees: false }, { group: 'spam', correct: true }]
 * const [spam, hardHam] = accuracyByGroup(rows)
 * spam // => { group: 'spam', n: 2, accuracy: { value: 1, successes: 2, n: 2 }, agreement: { value: 1, successes: 1, n: 1 } }
 * hardHam.accuracy // => { value: 0.5, lower: 0.0945, upper: 0.9055 }
 * accuracyByGroup([]) // throws invalid rows: [] (must hold at least one row)
 */
export function accuracyByGroup(rows: readonly GroupRow[], confidence = DEFAULT_CONFIDENCE): GroupQuality[] {
  if (!Array.isArray(rows)) throw invalidArgument('rows', rows, ceilingRules.array('{ group, correct, agrees? }'))
  if (rows.length === 0) throw invalidArgument('rows', rows, ceilingRules.nonEmpty('row'))
  const tallies = new Map<string, { n: number; correct: number; labelled: number; agreements: number }>()
  rows.forEach((row, i) => {
    if (typeof row?.group !== 'string' || row.group === '') throw invalidArgument(`rows[${i}].group`, row?.group, ceilingRules.group)
    if (typeof row.correct !== 'boolean') throw invalidArgument(`rows[${i}].correct`, row.correct, ceilingRules.boolean)
    if (row.agrees !== undefined && typeof row.agrees !== 'boolean') throw invalidArgument(`rows[${i}].agrees`, row.agrees, ceilingRules.boolean)
    const tally = tallies.get(row.group) ?? { n: 0, correct: 0, labelled: 0, agreements: 0 }
    tally.n += 1
    if (row.correct) tally.correct += 1
    if (row.agrees !== undefined) {
      tally.labelled += 1
      if (row.agrees) tally.agreements += 1
    }
    tallies.set(row.group, tally)
  })
  return [...tallies].map(([group, tally]) => ({
    group,
    n: tally.n,
    accuracy: measuredRate(tally.correct, tally.n, `${group} inputs the student labels correctly`, confidence),
    agreement: tally.labelled === 0 ? null : measuredRate(tally.agreements, tally.labelled, `${group} inputs on which the student agrees with the teacher`, confidence),
  }))
}
