// loadSpamAssassin and splitCorpus on the whole SpamAssassin corpus (6,046 messages). One load
// through the default cache (shared with the doc-test; the first in a fresh clone parses, about
// 6-12 s), one fresh parse without a cache to show the cache gives the same corpus.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Corpus, CorpusRecord } from '../../src/corpus/corpus.js'
import { recordsSha256, textSha256 } from '../../src/corpus/corpus.js'
import { loadSpamAssassin } from '../../src/corpus/spam-assassin.js'
import { splitCorpus } from '../../src/corpus/split.js'

let corpus: Corpus
beforeAll(async () => {
  corpus = await loadSpamAssassin()
})

const countBy = (records: CorpusRecord[], key: (r: CorpusRecord) => string) => {
  const counts: Record<string, number> = {}
  for (const r of records) counts[key(r)] = (counts[key(r)] ?? 0) + 1
  return counts
}

describe('loadSpamAssassin', () => {
  it('keeps every message but the exact duplicates: 6,046 - 136 = 5,910, counted per folder', () => {
    // The package: easy-ham-1 2500, easy-ham-2 1400, hard-ham-1 250, spam-1 500, spam-2 1396.
    // Duplicates removed (same normalised text as an earlier message in package order):
    // 28, 11, 2, 19 and 76 = 136.
    expect(countBy(corpus.records, (r) => r.id.split('/')[0] as string)).toEqual({
      'easy-ham-1': 2500 - 28,
      'easy-ham-2': 1400 - 11,
      'hard-ham-1': 250 - 2,
      'spam-1': 500 - 19,
      'spam-2': 1396 - 76,
    })
    expect(corpus.duplicatesRemoved).toBe(136)
    expect(corpus.records.length).toBe(6046 - 136)
    const removed = corpus.problems.filter((p) => p.problem.startsWith('duplicate of '))
    expect(removed.length).toBe(136)
  })

  it('labels, groups and periods follow the folder', () => {
    expect(corpus.labels).toEqual(['ham', 'spam'])
    expect(countBy(corpus.records, (r) => `${r.label}/${r.group}/${r.period}`)).toEqual({
      'ham/easy-ham/1': 2472,
      'ham/easy-ham/2': 1389,
      'ham/hard-ham/1': 248,
      'spam/spam/1': 481,
      'spam/spam/2': 1320,
    })
  })

  it('has unique ids and texts, each text hashed, capped at 4,000 characters and starting with its Subject', () => {
    expect(new Set(corpus.records.map((r) => r.id)).size).toBe(corpus.records.length)
    expect(new Set(corpus.records.map((r) => r.text)).size).toBe(corpus.records.length)
    for (const r of corpus.records) {
      expect(r.text.length).toBeLessThanOrEqual(4000)
      expect(r.text).toMatch(/^Subject:( \S|\n|$)/) // 'Subject:' alone when there is none
      expect(r.sha256).toBe(textSha256(r.text))
    }
    expect(corpus.sha256).toBe(recordsSha256(corpus.records))
  })

  it('records, not throws, what went wrong: the one file whose MD5 differs from the package checksum', () => {
    // The package's checksum of hard-ham-1/00230 is 244a63cd... (also its file name), but the
    // file's bytes hash to 30e1fcfc... (md5sum of the .txt).
    expect(corpus.problems).toContainEqual({
      id: 'hard-ham-1/00230',
      problem: "raw file MD5 30e1fcfccb8a25b8550c292233698b67 differs from the package's checksum 244a63cd74c81123ef26129453e32c95",
    })
    // Dates: most parse; the 27 null ones are listed ("+-0500", "Eastern Daylight Time", ...).
    const nullDates = corpus.records.filter((r) => r.date === null).length
    expect(nullDates).toBe(27)
  })

  it('is deterministic: a fresh parse without the cache gives the same records and hash', async () => {
    const fresh = await loadSpamAssassin({ cacheDir: null })
    expect(fresh.sha256).toBe(corpus.sha256)
    expect(fresh.records).toEqual(corpus.records)
    expect(fresh.problems).toEqual(corpus.problems)
  }, 120_000)

  it('checks maxChars', async () => {
    await expect(loadSpamAssassin({ maxChars: 0 })).rejects.toThrow('invalid maxChars: 0 (must be >= 1)')
  })
})

describe('splitCorpus on SpamAssassin', () => {
  it('gives each period-1 group its shares, rounded: by hand, 0.2 of 2472, 248 and 481', () => {
    const splits = splitCorpus(corpus)
    // easy-ham: round(2472 * 0.2) = round(494.4) = 494 test, 494 calibration, 2472 - 988 = 1484 train;
    // hard-ham: round(49.6) = 50, 50, 148; spam: round(96.2) = 96, 96, 289.
    const byGroup = (records: CorpusRecord[]) => countBy(records, (r) => r.group as string)
    expect(byGroup(splits.test)).toEqual({ 'easy-ham': 494, 'hard-ham': 50, spam: 96 })
    expect(byGroup(splits.calibration)).toEqual({ 'easy-ham': 494, 'hard-ham': 50, spam: 96 })
    expect(byGroup(splits.train)).toEqual({ 'easy-ham': 1484, 'hard-ham': 148, spam: 289 })
    // Within one record of the share, for every group and split.
    const period1 = byGroup(corpus.records.filter((r) => r.period === 1))
    for (const [split, share] of [
      [splits.test, 0.2],
      [splits.calibration, 0.2],
      [splits.train, 0.6],
    ] as const) {
      for (const [group, n] of Object.entries(byGroup(split))) expect(Math.abs(n - share * (period1[group] as number))).toBeLessThanOrEqual(1)
    }
  })

  it('puts exactly the period-2 records in later, and no record in two splits', () => {
    const splits = splitCorpus(corpus)
    expect(splits.later.map((r) => r.id)).toEqual(corpus.records.filter((r) => r.period === 2).map((r) => r.id))
    expect(splits.later.length).toBe(1389 + 1320)
    const all = [...splits.train, ...splits.calibration, ...splits.test, ...splits.later].map((r) => r.id)
    expect(all.length).toBe(corpus.records.length)
    expect(new Set(all).size).toBe(corpus.records.length)
  })

  it('is the same twice, and different under another seed (later unchanged)', () => {
    const a = splitCorpus(corpus, { seed: 0 })
    const b = splitCorpus(corpus, { seed: 0 })
    const c = splitCorpus(corpus, { seed: 1 })
    expect(b.sha256).toEqual(a.sha256)
    expect(b.test.map((r) => r.id)).toEqual(a.test.map((r) => r.id))
    expect(c.sha256.test).not.toBe(a.sha256.test)
    expect(c.sha256.train).not.toBe(a.sha256.train)
    expect(c.sha256.later).toBe(a.sha256.later)
    expect(c.test.length).toBe(a.test.length)
    expect(a.sha256.test).toBe(recordsSha256(a.test))
  })
})
