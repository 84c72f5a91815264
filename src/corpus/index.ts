/**
 * Corpora for the distillation experiment: the embedded SpamAssassin emails and a user's own
 * JSONL or CSV, as records with hashes; deterministic splits; token counts with the model's
 * tokenizer. This index only re-exports; what it exports is the public API.
 */

// Records and hashes
export { corpusLabels, recordsSha256, textSha256, type Corpus, type CorpusProblem, type CorpusRecord } from './corpus.js'
export { dropDuplicateTexts, type Deduplicated } from './deduplicate.js'

// Text: normalisation, HTML, emails
export { normaliseText } from './normalise-text.js'
export { htmlToText } from './html-text.js'
export { parseEmail, DEFAULT_MAX_CHARS, type ParsedEmail, type ParseEmailOptions } from './parse-email.js'

// Sources
export {
  loadSpamAssassin,
  SPAM_ASSASSIN_PACKAGE,
  SPAM_ASSASSIN_PARSER_VERSION,
  type SpamAssassinOptions,
} from './spam-assassin.js'
export { readCorpusFile, MAX_CORPUS_FILE_BYTES, type CorpusFileOptions } from './corpus-file.js'
export { badFileError, badLinesError, lineMessage, LINES_SHOWN, type LineProblem } from './messages.js'

// Splits
export { splitCorpus, type CorpusSplits, type SplitOptions } from './split.js'

// Tokens
export { tokenEncodingFor, tokenEncoder, type TokenEncodingName } from './token-encoding.js'
export { countTokens } from './count-tokens.js'
export { tokenStats, tokenCountStats, type TokenStats } from './token-stats.js'
