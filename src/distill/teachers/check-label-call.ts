/**
 * The entry check shared by every teacher source: the requests and the label set of one call of
 * `label`, validated once, so each source can trust them.
 */
import { invalidArgument, invalidArgumentShown } from '../../agreement/messages.js'
import { teacherRules } from './messages.js'
import type { LabelOptions, TeacherRequest } from './teacher-source.js'

/**
 * Returns `labels` when it is a non-empty array of distinct non-empty strings, distinct also
 * ignoring case (the format check matches labels case-insensitively).
 *
 * @throws {InvalidArgumentError} `invalid labels: ["Spam","spam"] (must be an array of distinct ...)`
 * @example
 * checkLabels(['spam', 'ham']) // => ['spam', 'ham']
 * checkLabels([]) // throws invalid labels: [] (must hold at least one label)
 * checkLabels(['Spam', 'spam']) // throws invalid labels: ["Spam","spam"] (must be an array of distinct non-empty strings (distinct also ignoring case))
 */
export function checkLabels(labels: unknown): string[] {
  if (Array.isArray(labels) && labels.length === 0) throw invalidArgument('labels', labels, teacherRules.nonEmptyLabels)
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string' && l.trim() !== '')) throw invalidArgument('labels', labels, teacherRules.labels)
  const folded = new Set(labels.map((l: string) => l.trim().toLowerCase()))
  if (folded.size !== labels.length) throw invalidArgument('labels', labels, teacherRules.labels)
  return labels as string[]
}

/**
 * Checks one call of `label`: requests with unique non-empty string ids and string inputs, a
 * valid label set ({@link checkLabels}), an optional instruction string and AbortSignal.
 * O(requests).
 *
 * @throws {InvalidArgumentError} naming the bad argument: `invalid requests: ... (each id may appear once; "a" repeats)`
 * @example
 * checkLabelCall([{ id: 'a', input: 'hi' }], { labels: ['spam', 'ham'] }) // => undefined
 * checkLabelCall([{ id: 'a', input: 'x' }, { id: 'a', input: 'y' }], { labels: ['spam'] }) // throws invalid requests: 2 requests (each id may appear once; "a" repeats)
 * checkLabelCall([{ id: '', input: 'x' }], { labels: ['spam'] }) // throws invalid requests[0]: {"id":"","input":"x"} (must be an array of { id, input } with a non-empty string id and a string input)
 */
export function checkLabelCall(requests: unknown, options: LabelOptions): void {
  if (!Array.isArray(requests)) throw invalidArgument('requests', requests, teacherRules.requests)
  const seen = new Set<string>()
  requests.forEach((request: TeacherRequest, i) => {
    if (request === null || typeof request !== 'object' || typeof request.id !== 'string' || request.id === '' || typeof request.input !== 'string') {
      throw invalidArgument(`requests[${i}]`, request, teacherRules.requests)
    }
    if (seen.has(request.id)) throw invalidArgumentShown('requests', `${requests.length} requests`, teacherRules.duplicateId(request.id))
    seen.add(request.id)
  })
  if (options === null || typeof options !== 'object') throw invalidArgument('options', options, 'must be an object { labels, ... }')
  checkLabels(options.labels)
  if (options.instruction !== undefined && typeof options.instruction !== 'string') throw invalidArgument('instruction', options.instruction, teacherRules.text)
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw invalidArgument('signal', options.signal, teacherRules.signal)
}
