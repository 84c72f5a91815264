/**
 * The counts behind every cascade statistic: the inputs sorted by the student's confidence with
 * prefix counts of correct answers, so the outcome at any pair of thresholds takes two binary
 * searches. The outcome, the threshold search and the frontier all read their numbers here.
 */
import { invalidArgument, invalidArgumentShown } from '../agreement/messages.js'
import { checkNumber } from '../scenario/check-number.js'
import { ceilingRules } from './messages.js'

/** One held-out input as a cascade sees it. */
export interface CascadeCase {
  /** The student's probability of its own answer, in [0, 1]. */
  confidence: number
  /** Whether the student's answer is right (against the gold label). */
  studentCorrect: boolean
  /** Whether the teacher's answer is right. */
  teacherCorrect: boolean
}

/** Counts of a cascade at thresholds (t1, t2): who answers how many inputs and how many of them rightly. */
export interface CascadeCounts {
  n: number
  /** Inputs with confidence >= t1, answered by the student. */
  studentCount: number
  /** Inputs with t2 <= confidence < t1, escalated to the teacher. */
  teacherCount: number
  /** Inputs with confidence < t2, sent to human review. */
  humanCount: number
  /** The student's right answers among its own. */
  studentCorrect: number
  /** The teacher's right answers among those escalated to it. */
  teacherCorrect: number
}

/** Sorted confidences and prefix counts of a list of cases. */
export interface CascadeTally {
  /** Confidences, ascending. */
  sorted: readonly number[]
  /** Counts of the cascade at (t1, t2), t2 <= t1, unvalidated. O(log n). */
  at(t1: number, t2: number): CascadeCounts
}

/**
 * Checks a list of cascade cases.
 *
 * @throws {InvalidArgumentError} on an empty list, a confidence outside [0, 1] or a flag that is
 *   not a boolean
 * @example
 * checkCascadeCases([{ confidence: 0.9, studentCorrect: true, teacherCorrect: true }], 'test') // => 1
 * checkCascadeCases([], 'test') // throws invalid test: [] (must hold at least one case)
 */
export function checkCascadeCases(cases: readonly CascadeCase[], name: string): number {
  if (!Array.isArray(cases)) throw invalidArgument(name, cases, ceilingRules.array('{ confidence, studentCorrect, teacherCorrect }'))
  if (cases.length === 0) throw invalidArgumentShown(name, '[]', ceilingRules.nonEmpty('case'))
  cases.forEach((item, i) => {
    checkNumber(`${name}[${i}].confidence`, item?.confidence, { min: 0, max: 1 })
    if (typeof item.studentCorrect !== 'boolean') throw invalidArgument(`${name}[${i}].studentCorrect`, item.studentCorrect, ceilingRules.boolean)
    if (typeof item.teacherCorrect !== 'boolean') throw invalidArgument(`${name}[${i}].teacherCorrect`, item.teacherCorrect, ceilingRules.boolean)
  })
  return cases.length
}

/** How many of the ascending `sorted` are below `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sorted[middle]! < value) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * The tally of `cases` (checked first, named `name` in messages). O(n log n) to build.
 *
 * @throws {InvalidArgumentError} as {@link checkCascadeCases}
 * @example
 * const tally = cascadeTally([{ confidence: 0.2, studentCorrect: false, teacherCorrect: true }, { confidence: 0.6, studentCorrect: false, teacherCorrect: true }, { confidence: 0.9, studentCorrect: true, teacherCorrect: true }], 'items')
 * tally.at(0.7, 0.3) // => { n: 3, studentCount: 1, teacherCount: 1, humanCount: 1, studentCorrect: 1, teacherCorrect: 1 }
 */
export function cascadeTally(cases: readonly CascadeCase[], name: string): CascadeTally {
  const n = checkCascadeCases(cases, name)
  const ordered = [...cases].sort((a, b) => a.confidence - b.confidence)
  const sorted = ordered.map((item) => item.confidence)
  // studentBelow[i], teacherBelow[i]: right answers among the i least confident.
  const studentBelow = [0]
  const teacherBelow = [0]
  ordered.forEach((item, i) => {
    studentBelow.push(studentBelow[i]! + (item.studentCorrect ? 1 : 0))
    teacherBelow.push(teacherBelow[i]! + (item.teacherCorrect ? 1 : 0))
  })
  return {
    sorted,
    at(t1: number, t2: number): CascadeCounts {
      const belowT1 = countBelow(sorted, t1)
      const belowT2 = Math.min(countBelow(sorted, t2), belowT1)
      return {
        n,
        studentCount: n - belowT1,
        teacherCount: belowT1 - belowT2,
        humanCount: belowT2,
        studentCorrect: studentBelow[n]! - studentBelow[belowT1]!,
        teacherCorrect: teacherBelow[belowT1]! - teacherBelow[belowT2]!,
      }
    },
  }
}
