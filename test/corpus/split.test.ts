// splitCorpus on small hand-made corpora: stratification, null periods and groups, validation.
import { describe, expect, it } from 'vitest'
import type { CorpusRecord } from '../../src/corpus/corpus.js'
import { splitCorpus } from '../../src/corpus/split.js'

const record = (id: string, group: string | null, label: string | null, period: number | null): CorpusRecord => ({
  id,
  text: id,
  label,
  group,
  period,
  date: null,
  sha256: '',
})

describe('splitCorpus(corpus, options)', () => {
  it('stratifies by group, else by label; null period counts as period 1', () => {
    // 5 of group g (period null), 10 unlabelled-group records labelled x: shares 0.2 / 0.4.
    const records = [
      ...[0, 1, 2, 3, 4].map((i) => record(`g${i}`, 'g', null, null)),
      ...[...Array(10).keys()].map((i) => record(`x${i}`, null, 'x', 1)),
    ]
    const splits = splitCorpus({ records }, { calibrationShare: 0.2, testShare: 0.4 })
    // g: round(5 * 0.4) = 2 test, round(5 * 0.2) = 1 calibration, 2 train; x: 4, 2, 4.
    const count = (rs: CorpusRecord[], prefix: string) => rs.filter((r) => r.id.startsWith(prefix)).length
    expect([count(splits.test, 'g'), count(splits.calibration, 'g'), count(splits.train, 'g')]).toEqual([2, 1, 2])
    expect([count(splits.test, 'x'), count(splits.calibration, 'x'), count(splits.train, 'x')]).toEqual([4, 2, 4])
    expect(splits.later).toEqual([])
  })

  it('keeps the corpus order within a split and does not depend on the input order', () => {
    const records = [...Array(20).keys()].map((i) => record(`r${i}`, 'g', 'a', 1))
    const forward = splitCorpus({ records })
    const backward = splitCorpus({ records: [...records].reverse() })
    expect(backward.test.map((r) => r.id).sort()).toEqual(forward.test.map((r) => r.id).sort())
    const positions = forward.train.map((r) => records.indexOf(r))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
  })

  it('allows a zero share and checks shares and seed', () => {
    const records = [...Array(10).keys()].map((i) => record(`r${i}`, null, null, 1))
    expect(splitCorpus({ records }, { calibrationShare: 0 }).calibration).toEqual([])
    expect(() => splitCorpus({ records }, { testShare: 1 })).toThrow('invalid testShare: 1 (must be < 1)')
    expect(() => splitCorpus({ records }, { calibrationShare: -0.1 })).toThrow('invalid calibrationShare: -0.1 (must be >= 0)')
    expect(() => splitCorpus({ records }, { seed: 1.5 })).toThrow('invalid seed: 1.5 (must be integer)')
    expect(() => splitCorpus({ records }, { calibrationShare: 0.6, testShare: 0.5 })).toThrow('invalid calibrationShare + testShare: 1.1 (must be < 1)')
  })
})
