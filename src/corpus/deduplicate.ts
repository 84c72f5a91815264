/**
 * Exact-duplicate removal: a model input seen twice counts once, so it cannot sit in both the
 * training and the test split.
 */
import type { CorpusRecord } from './corpus.js'

/** What {@link dropDuplicateTexts} kept and what it removed. */
export interface Deduplicated {
  /** The first record of each distinct text, in the input order. */
  records: CorpusRecord[]
  /** Each removed record's id and the id of the earlier record with the same text. */
  removed: { id: string; duplicateOf: string }[]
}

/**
 * Keeps the first record of each distinct `text` (exact match of the normalised text, compared
 * through its sha256) in the order given and removes the later ones. O(records).
 *
 * @example
 * const r = (id, text) => ({ id, text, label: null, group: null, period: null, date: null, sha256: textSha256(text) })
 * const { records, removed } = dropDuplicateTexts([r('a', 'x'), r('b', 'y'), r('c', 'x')])
 * records.map((k) => k.id) // => ['a', 'b']
 * removed // => [{ id: 'c', duplicateOf: 'a' }]
 */
export function dropDuplicateTexts(records: readonly CorpusRecord[]): Deduplicated {
  const firstBySha = new Map<string, string>()
  const kept: CorpusRecord[] = []
  const removed: Deduplicated['removed'] = []
  for (const record of records) {
    const first = firstBySha.get(record.sha256)
    if (first === undefined) {
      firstBySha.set(record.sha256, record.id)
      kept.push(record)
    } else {
      removed.push({ id: record.id, duplicateOf: first })
    }
  }
  return { records: kept, removed }
}
