/**
 * Field-level agreement of JSON extraction outputs: parse the student's and the teacher's output
 * for each example, compare them field by field, and report per-field agreement rates with
 * intervals, the share of exact record matches, and the share of outputs that are valid JSON
 * objects. An output that does not parse, or parses to something other than an object, disagrees
 * on every field and is listed with the reason.
 */
import { checkPairedTexts } from './exact-match.js'
import { resolveJsonCompare, valuesEqual, type JsonCompareOptions } from './json-values-equal.js'
import { agreementRules, invalidArgument } from './messages.js'
import { proportionInterval, type ProportionInterval, type ProportionIntervalOptions } from './proportion-interval.js'

/** Options of {@link jsonFieldAgreement}. */
export interface JsonFieldAgreementOptions extends JsonCompareOptions, ProportionIntervalOptions {
  /**
   * The top-level fields to compare, in the order wanted. Default: every top-level key found in
   * any valid output, in order of first appearance (reference outputs first, then predicted).
   */
  fields?: readonly string[]
}

/** Agreement on one top-level field. */
export interface FieldAgreement extends ProportionInterval {
  /** The field (top-level key). */
  field: string
  /** Examples on which the field agrees (both valid; both absent, or present and equal), a count. */
  agreements: number
}

/** An output that is not a JSON object. */
export interface InvalidOutput {
  /** Its index (0-based). */
  index: number
  /** Why: the parser's message, or `not a JSON object (array)`. */
  reason: string
}

/** Field-level agreement of two sets of JSON outputs. */
export interface JsonFieldAgreement {
  /** Examples compared. */
  n: number
  /** The fields compared, in order. */
  fieldNames: string[]
  /** One entry per field, each with its agreement rate and interval. */
  fields: FieldAgreement[]
  /** Examples on which every field agrees (both valid), with interval. */
  allFields: ProportionInterval
  /** Share of reference outputs that are JSON objects, with interval. */
  referenceValid: ProportionInterval
  /** Share of predicted outputs that are JSON objects, with interval. */
  predictedValid: ProportionInterval
  /** The reference outputs that are not JSON objects. */
  invalidReference: InvalidOutput[]
  /** The predicted outputs that are not JSON objects. */
  invalidPredicted: InvalidOutput[]
}

type JsonObject = Record<string, unknown>

/** Parses one output to a JSON object, or says why it is not one. */
function parseObject(text: string): { value: JsonObject } | { reason: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { reason: `not valid JSON: ${(error as Error).message}` }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
    return { reason: `not a JSON object (${kind})` }
  }
  return { value: value as JsonObject }
}

function parseAll(texts: readonly string[], invalid: InvalidOutput[]): (JsonObject | undefined)[] {
  return texts.map((text, index) => {
    const parsed = parseObject(text)
    if ('value' in parsed) return parsed.value
    invalid.push({ index, reason: parsed.reason })
    return undefined
  })
}

function checkFields(fields: unknown): string[] {
  if (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string') || new Set(fields).size !== fields.length) {
    throw invalidArgument('fields', fields, agreementRules.fields)
  }
  return [...(fields as string[])]
}

/**
 * Field-level agreement of `predicted` (student outputs) with `reference` (teacher outputs), both
 * raw JSON texts, one per example. Per field, an example agrees when both outputs are JSON objects
 * and the field is absent from both or present in both with equal values (deep equality, see
 * `jsonValuesEqual`: strings optionally trimmed and case-folded, numbers within a tolerance).
 * Intervals: default 95 % Wilson. O(n·(fields + output size)).
 *
 * @throws {InvalidArgumentError} on empty or mismatched arrays, a non-string output, a bad
 *   `fields` list or tolerance, a confidence outside (0, 1) or an unknown method
 * @example
 * const report = jsonFieldAgreement(['{"name": "Ada", "age": 36}', '{"name": "Alan"}'], ['{"name": "ada ", "age": 36}', 'oops'], { normalizeStrings: true })
 * report.fieldNames // => ['name', 'age']
 * report.fields.map((f) => [f.field, f.agreements, f.n]) // => [['name', 1, 2], ['age', 1, 2]]
 * report.predictedValid // => { successes: 1, n: 2 }
 * report.invalidPredicted.map((output) => output.index) // => [1]
 */
export function jsonFieldAgreement(
  reference: readonly string[],
  predicted: readonly string[],
  options: JsonFieldAgreementOptions = {},
): JsonFieldAgreement {
  const n = checkPairedTexts('reference', reference, 'predicted', predicted)
  const compare = resolveJsonCompare(options)
  const intervalOptions: ProportionIntervalOptions = { confidence: options.confidence, method: options.method }
  // Validate confidence and method once, before the work.
  proportionInterval(0, 1, intervalOptions)
  const invalidReference: InvalidOutput[] = []
  const invalidPredicted: InvalidOutput[] = []
  const referenceObjects = parseAll(reference, invalidReference)
  const predictedObjects = parseAll(predicted, invalidPredicted)

  let fieldNames: string[]
  if (options.fields !== undefined) {
    fieldNames = checkFields(options.fields)
  } else {
    const seen = new Set<string>()
    for (const objects of [referenceObjects, predictedObjects]) {
      for (const object of objects) if (object) for (const key of Object.keys(object)) seen.add(key)
    }
    fieldNames = [...seen]
  }

  const fieldAgreements = new Array<number>(fieldNames.length).fill(0)
  let allAgree = 0
  for (let i = 0; i < n; i++) {
    const left = referenceObjects[i]
    const right = predictedObjects[i]
    if (!left || !right) continue
    let every = true
    fieldNames.forEach((field, f) => {
      const inLeft = Object.prototype.hasOwnProperty.call(left, field)
      const inRight = Object.prototype.hasOwnProperty.call(right, field)
      const agree = inLeft === inRight && (!inLeft || valuesEqual(left[field], right[field], compare))
      if (agree) fieldAgreements[f]! += 1
      else every = false
    })
    if (every) allAgree += 1
  }

  return {
    n,
    fieldNames,
    fields: fieldNames.map((field, f) => ({
      field,
      agreements: fieldAgreements[f]!,
      ...proportionInterval(fieldAgreements[f]!, n, intervalOptions),
    })),
    allFields: proportionInterval(allAgree, n, intervalOptions),
    referenceValid: proportionInterval(n - invalidReference.length, n, intervalOptions),
    predictedValid: proportionInterval(n - invalidPredicted.length, n, intervalOptions),
    invalidReference,
    invalidPredicted,
  }
}
