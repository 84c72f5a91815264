/**
 * Every message of the teacher sources in one place: the rules a bad argument breaks (thrown as
 * {@link InvalidArgumentError}, exit 2 in the CLI: `invalid labels: [] (must hold at least one
 * label)`), and the words an answer's `error` or a run's `problems` use. No trailing period.
 */
/**
 * The rules broken by bad arguments, in words (the part in parentheses of a message).
 *
 * @example
 * teacherRules.nonEmptyLabels // => 'must hold at least one label'
 */
export const teacherRules = {
  labels: 'must be an array of distinct non-empty strings (distinct also ignoring case)',
  nonEmptyLabels: 'must hold at least one label',
  requests: 'must be an array of { id, input } with a non-empty string id and a string input',
  duplicateId: (id: string) => `each id may appear once; "${id}" repeats`,
  text: 'must be a string',
  apiKey: 'must not contain spaces or control characters',
  url: 'must be an http:// or https:// URL',
  model: 'must be a non-empty string: the teacher model, e.g. gpt-4.1-mini',
  responseFormat: 'must be one of "json_schema", "json_object", "none"',
  boolean: 'must be one of 1, 0, true, false, yes, no',
  path: 'must be a non-empty path',
  signal: 'must be an AbortSignal',
} as const

/**
 * The words of an answer's `error`, a run's `problems` and the format check's `problem`.
 *
 * @example
 * teacherProblems.gaveUp(5, 'HTTP 503') // => 'gave up after 5 attempts: HTTP 503'
 */
export const teacherProblems = {
  notInLog: 'not in the log',
  aborted: 'aborted before an answer arrived',
  gaveUp: (attempts: number, last: string) => `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${last}`,
  http: (status: number, detail: string) => `HTTP ${status}${detail === '' ? '' : `: ${detail}`}`,
  timeout: (ms: number) => `no response within ${ms} ms`,
  connection: (detail: string) => `connection failed: ${detail}`,
  malformedBody: (detail: string) => `the response is not valid JSON: ${detail}`,
  noChoices: 'the response has no choices[0].message.content',
  noUsage: 'the response has no usage; its tokens and cost are counted as 0',
  emptyOutput: 'empty output',
  notJson: (detail: string) => `not valid JSON: ${detail}`,
  noLabelField: 'JSON without a string "label" field',
  unknownLabel: (label: string, labels: readonly string[]) => `label ${JSON.stringify(label)} is not one of ${labels.map((l) => JSON.stringify(l)).join(', ')}`,
  badConfidence: (value: unknown) => `confidence must be a number in [0, 1], got ${JSON.stringify(value) ?? String(value)}`,
  logLine: {
    json: (detail: string) => `not valid JSON: ${detail}`,
    notObject: 'not a JSON object',
    field: (name: string, rule: string, value: unknown) => `${name} ${rule}, got ${(JSON.stringify(value) ?? String(value)).slice(0, 80)}`,
    duplicateId: (id: string, firstLine: number) => `duplicate id ${JSON.stringify(id)} (first on line ${firstLine}); skipped`,
  },
  idInputDiffers: (id: string) => `id ${JSON.stringify(id)} is in the log with a different input; answered from the log by id`,
  missingTokens: (count: number) => `${count} answer${count === 1 ? '' : 's'} without token counts in the log; counted as 0 (count them with countTokens)`,
} as const
