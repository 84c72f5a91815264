/**
 * Deterministic train / calibration / test splits of a corpus, stratified by group, with later
 * periods held apart for drift: the same corpus and seed give the same split on every machine.
 */
import { createHash } from 'node:crypto'
import { checkNumber } from '../scenario/check-number.js'
import { InvalidArgumentError } from '../scenario/messages.js'
import { recordsSha256, type Corpus, type CorpusRecord } from './corpus.js'

/** Options of {@link splitCorpus}. */
export interface SplitOptions {
  /** Integer seed of the hash that orders records; default 0. */
  seed?: number
  /** Share of each stratum's period-1 records for calibration, in [0, 1); default 0.2. */
  calibrationShare?: number
  /** Share of each stratum's period-1 records for the test, in [0, 1); default 0.2. */
  testShare?: number
}

/** A corpus split four ways; each split keeps the corpus's order. */
export interface CorpusSplits {
  seed: number
  /** Period 1 (or no period): what is left after calibration and test. */
  train: CorpusRecord[]
  /** Period 1 (or no period): for choosing thresholds (confidence, escalation). */
  calibration: CorpusRecord[]
  /** Period 1 (or no period): held out for the measured agreement and accuracy. */
  test: CorpusRecord[]
  /** Periods >= 2, all of them: for drift. */
  later: CorpusRecord[]
  /** {@link recordsSha256} of each split. */
  sha256: { train: string; calibration: string; test: string; later: string }
}

/**
 * Splits a corpus: records of period 2 or later go to `later`; the others (period 1 or null)
 * are split within each stratum (the record's group, else its label, else one stratum of the
 * unlabelled) so that each stratum keeps the shares: its records are ordered by the hex
 * SHA-256 of `${seed}:${id}`, the first `round(n * testShare)` go to test, the next
 * `round(n * calibrationShare)` to calibration, the rest to train. So every stratum's split
 * sizes are within half a record of its shares, a record's split depends only on the seed and
 * the ids in its stratum (not on the order, the texts or the machine), and adding a record
 * moves at most a record or two across a boundary. Each split lists its records in the
 * corpus's order. O(n log n).
 *
 * @throws {InvalidArgumentError} when seed is not an integer, a share is outside [0, 1), or
 * the two shares add up to 1 or more
 * @example
 * const record = (id, group, period) => ({ id, text: id, label: null, group, period, date: null, sha256: '' })
 * const records = [...Array(10).keys()].map((i) => record(`a${i}`, 'a', 1)).concat([record('late', 'a', 2)])
 * const splits = splitCorpus({ records }, { seed: 0 })
 * const sizes = [splits.train.length, splits.calibration.length, splits.test.length, splits.later.length] // => [6, 2, 2, 1]
 * splits.later[0].id // => 'late'
 * splitCorpus({ records }, { testShare: 0.5, calibrationShare: 0.5 })
 * // throws invalid calibrationShare + testShare: 1 (must be < 1)
 */
export function splitCorpus(corpus: Pick<Corpus, 'records'>, options: SplitOptions = {}): CorpusSplits {
  const seed = checkNumber('seed', options.seed ?? 0, { integer: true })
  const calibrationShare = checkNumber('calibrationShare', options.calibrationShare ?? 0.2, { min: 0, exclusiveMax: 1 })
  const testShare = checkNumber('testShare', options.testShare ?? 0.2, { min: 0, exclusiveMax: 1 })
  if (calibrationShare + testShare >= 1) {
    throw new InvalidArgumentError(`invalid calibrationShare + testShare: ${calibrationShare + testShare} (must be < 1)`)
  }
  const strata = new Map<string, { record: CorpusRecord; index: number; key: string }[]>()
  const splitOf: ('train' | 'calibration' | 'test' | 'later')[] = []
  corpus.records.forEach((record, index) => {
    if ((record.period ?? 1) >= 2) {
      splitOf[index] = 'later'
      return
    }
    const stratum = record.group !== null ? `group:${record.group}` : record.label !== null ? `label:${record.label}` : 'none'
    const key = createHash('sha256').update(`${seed}:${record.id}`, 'utf8').digest('hex')
    let members = strata.get(stratum)
    if (members === undefined) strata.set(stratum, (members = []))
    members.push({ record, index, key })
  })
  for (const members of strata.values()) {
    members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0))
    const testCount = Math.round(members.length * testShare)
    const calibrationCount = Math.round(members.length * calibrationShare)
    members.forEach((member, rank) => {
      splitOf[member.index] = rank < testCount ? 'test' : rank < testCount + calibrationCount ? 'calibration' : 'train'
    })
  }
  const pick = (split: (typeof splitOf)[number]) => corpus.records.filter((_, index) => splitOf[index] === split)
  const train = pick('train')
  const calibration = pick('calibration')
  const test = pick('test')
  const later = pick('later')
  return {
    seed,
    train,
    calibration,
    test,
    later,
    sha256: { train: recordsSha256(train), calibration: recordsSha256(calibration), test: recordsSha256(test), later: recordsSha256(later) },
  }
}
