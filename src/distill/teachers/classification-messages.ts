/**
 * The classification prompt every chat teacher gets: the task, the label set and the answer
 * format, then the input.
 */

/** One chat message of the OpenAI chat-completions protocol. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** The task when the caller gives no instruction. */
export const DEFAULT_INSTRUCTION = 'Classify the input.'

/**
 * Chat messages asking for one label of `labels` as JSON `{"label": "<one of labels>"}`: a
 * system message with the instruction (or {@link DEFAULT_INSTRUCTION}) and the format rule,
 * then the input as the user message. Deterministic: the same arguments give the same messages,
 * which the HTTP teacher's cache key relies on.
 *
 * @example
 * const messages = classificationMessages('Win a prize now', ['spam', 'ham'], 'Is this email spam?')
 * messages[0].content // => 'Is this email spam?\nAnswer with JSON only: {"label": "<label>"}, where <label> is one of "spam", "ham".'
 * messages[1] // => { role: 'user', content: 'Win a prize now' }
 * classificationMessages('x', ['a', 'b'])[0].content.startsWith(DEFAULT_INSTRUCTION) // => true
 */
export function classificationMessages(input: string, labels: readonly string[], instruction?: string): ChatMessage[] {
  const task = (instruction ?? DEFAULT_INSTRUCTION).trim()
  const choices = labels.map((label) => JSON.stringify(label)).join(', ')
  return [
    { role: 'system', content: `${task}\nAnswer with JSON only: {"label": "<label>"}, where <label> is one of ${choices}.` },
    { role: 'user', content: input },
  ]
}
