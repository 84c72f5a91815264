/**
 * The teacher's probability of its label from the token log-probabilities a chat-completions
 * endpoint returns with `logprobs: true`.
 */

/** One output token with its log-probability (natural log), as in `choices[0].logprobs.content`. */
export interface TokenLogprob {
  token: string
  logprob: number
}

/** The label value inside `{"label": "..."}`: group 1. */
const LABEL_VALUE = /"label"\s*:\s*"((?:[^"\\]|\\.)*)"/

/**
 * The probability the teacher gave the tokens that spell its label: exp of the sum of the
 * log-probabilities of the output tokens overlapping the label's characters (the label value of
 * a JSON answer, else the trimmed bare output). A one-token label gets that token's probability;
 * a label of several tokens gets their joint probability. Null when the tokens do not spell
 * the output (they cannot be aligned), the label cannot be found, or a logprob is not a number.
 * O(output length + tokens).
 *
 * @example
 * const tokens = [{ token: '{"', logprob: 0 }, { token: 'label', logprob: 0 }, { token: '":"', logprob: 0 },
 *   { token: 'spam', logprob: Math.log(0.9) }, { token: '"}', logprob: 0 }]
 * labelLogprobConfidence(tokens, '{"label":"spam"}') // => 0.9
 * labelLogprobConfidence([{ token: 'h', logprob: Math.log(0.5) }, { token: 'am', logprob: Math.log(0.8) }], 'ham') // => 0.4
 * labelLogprobConfidence([{ token: 'x', logprob: 0 }], 'ham') // => null
 */
export function labelLogprobConfidence(tokens: readonly TokenLogprob[], output: string): number | null {
  if (!Array.isArray(tokens) || tokens.length === 0) return null
  if (tokens.map((t) => t?.token).join('') !== output) return null
  let start: number
  let end: number
  const value = LABEL_VALUE.exec(output)
  if (value) {
    start = value.index + value[0].length - 1 - (value[1] ?? '').length
    end = start + (value[1] ?? '').length
  } else {
    const trimmed = output.trim()
    if (trimmed === '') return null
    start = output.indexOf(trimmed)
    end = start + trimmed.length
  }
  if (end <= start) return null
  let sum = 0
  let offset = 0
  for (const { token, logprob } of tokens) {
    const tokenEnd = offset + token.length
    if (tokenEnd > start && offset < end) {
      if (typeof logprob !== 'number' || !Number.isFinite(logprob)) return null
      sum += logprob
    }
    offset = tokenEnd
  }
  return Math.exp(sum)
}
