import { describe, expect, it } from 'vitest'
import { jsonFieldAgreement, jsonValuesEqual } from '../../src/agreement/index.js'

// Wilson intervals quoted from Debian statsmodels 0.13.5 (/usr/bin/python3):
// statsmodels.stats.proportion.proportion_confint(k, 5, alpha=0.05, method='wilson')
const WILSON_OF_5: Record<number, [number, number]> = {
  1: [0.036224108632430196, 0.6244653702374748],
  2: [0.11762077423264788, 0.7692757187239871],
  3: [0.2307242812760129, 0.8823792257673522],
  4: [0.3755346297625252, 0.9637758913675698],
}

describe('jsonValuesEqual(a, b, options)', () => {
  it('is deep equality: objects regardless of key order, arrays in order, types strict', () => {
    expect(jsonValuesEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true)
    expect(jsonValuesEqual([1, 2], [2, 1])).toBe(false)
    expect(jsonValuesEqual({ a: 1 }, { a: 1, b: null })).toBe(false)
    expect(jsonValuesEqual('5', 5)).toBe(false)
    expect(jsonValuesEqual(null, undefined)).toBe(false)
    expect(jsonValuesEqual(null, null)).toBe(true)
    expect(jsonValuesEqual([], {})).toBe(false)
    expect(jsonValuesEqual(true, true)).toBe(true)
  })

  it('normalises strings and compares numbers within a tolerance when asked', () => {
    expect(jsonValuesEqual({ a: [1, 'X '] }, { a: [1.0000001, 'x'] })).toBe(false)
    expect(jsonValuesEqual({ a: [1, 'X '] }, { a: [1.0000001, 'x'] }, { normalizeStrings: true, absoluteTolerance: 1e-6 })).toBe(true)
    // relative: |1000 - 1000.5| = 0.5 <= 1e-3 · 1000.5
    expect(jsonValuesEqual(1000, 1000.5, { relativeTolerance: 1e-3 })).toBe(true)
    expect(jsonValuesEqual(1000, 1002, { relativeTolerance: 1e-3 })).toBe(false)
  })

  it('rejects a negative tolerance', () => {
    expect(() => jsonValuesEqual(1, 1, { absoluteTolerance: -1 })).toThrow('invalid absoluteTolerance: -1 (must be a finite number >= 0)')
  })
})

describe('jsonFieldAgreement(reference, predicted, options)', () => {
  const reference = [
    '{"name": "Ada Lovelace", "age": 36, "tags": ["math", "poetry"]}',
    '{"name": "Alan Turing", "age": 41}',
    '{"name": "Grace Hopper", "age": 85, "tags": ["navy"]}',
    '{"name": "Edsger Dijkstra", "age": 72}',
    "Sorry, I can't help with that.",
  ]
  const predicted = [
    '{"name": " ada lovelace", "age": 36.0000001, "tags": ["Math", "poetry"]}',
    '{"age": 41, "name": "Alan Turing"}',
    '```json\n{"name": "Grace Hopper", "age": 85}\n```',
    '[1, 2]',
    '{"name": "X"}',
  ]

  it('compares field by field; invalid outputs disagree on every field and are reported', () => {
    // By hand, strict comparison: example 0 differs on every field (" ada lovelace", 36.0000001, "Math");
    // example 1 agrees on all three (tags absent from both); examples 2 and 3 (student output not an
    // object) and 4 (teacher output not JSON) disagree everywhere. Every field: 1 of 5.
    const result = jsonFieldAgreement(reference, predicted)
    expect(result.n).toBe(5)
    expect(result.fieldNames).toEqual(['name', 'age', 'tags'])
    for (const field of result.fields) {
      expect(field.agreements).toBe(1)
      expect(field.lower).toBeCloseTo(WILSON_OF_5[1]![0], 14)
      expect(field.upper).toBeCloseTo(WILSON_OF_5[1]![1], 14)
    }
    expect(result.allFields.successes).toBe(1)
    // Valid JSON objects: teacher 4 of 5, student 3 of 5 (indices 0, 1, 4).
    expect(result.referenceValid.successes).toBe(4)
    expect(result.referenceValid.lower).toBeCloseTo(WILSON_OF_5[4]![0], 14)
    expect(result.predictedValid.successes).toBe(3)
    expect(result.predictedValid.upper).toBeCloseTo(WILSON_OF_5[3]![1], 14)
    expect(result.invalidReference).toHaveLength(1)
    expect(result.invalidReference[0]!.index).toBe(4)
    expect(result.invalidReference[0]!.reason).toMatch(/^not valid JSON: /)
    expect(result.invalidPredicted.map((entry) => entry.index)).toEqual([2, 3])
    expect(result.invalidPredicted[1]!.reason).toBe('not a JSON object (array)')
  })

  it('normalises strings and allows a numeric tolerance when asked', () => {
    // Example 0 now agrees on all fields: "ada lovelace" both ways, |36.0000001 - 36| <= 1e-6,
    // ["math", "poetry"] both ways. Every field: 2 of 5.
    const result = jsonFieldAgreement(reference, predicted, { normalizeStrings: true, absoluteTolerance: 1e-6 })
    expect(result.fields.map((field) => field.agreements)).toEqual([2, 2, 2])
    expect(result.fields[0]!.lower).toBeCloseTo(WILSON_OF_5[2]![0], 14)
    expect(result.allFields.successes).toBe(2)
  })

  it('compares only the fields asked for, in that order', () => {
    const result = jsonFieldAgreement(reference, predicted, { fields: ['age', 'missing'] })
    expect(result.fieldNames).toEqual(['age', 'missing'])
    // "missing" is absent from both in the valid pairs 0 and 1: 2 of 5.
    expect(result.fields.map((field) => field.agreements)).toEqual([1, 2])
    expect(result.allFields.successes).toBe(1)
  })

  it('uses the requested interval method', () => {
    const result = jsonFieldAgreement(['{"a": 1}'], ['{"a": 1}'], { method: 'clopper-pearson' })
    // proportion_confint(1, 1, alpha=0.05, method='beta') = (0.025, 1): alpha/2 in floating point
    expect(result.fields[0]!.lower).toBe((1 - 0.95) / 2)
    expect(result.fields[0]!.method).toBe('clopper-pearson')
  })

  it('rejects bad input', () => {
    expect(() => jsonFieldAgreement(['{}'], ['{}', '{}'])).toThrow('invalid predicted: 2 outputs (must have the same length as reference (1))')
    expect(() => jsonFieldAgreement([], [])).toThrow('invalid reference: [] (must hold at least one output)')
    expect(() => jsonFieldAgreement(['{}'], [null as unknown as string])).toThrow('invalid predicted[0]: null (must be a string)')
    expect(() => jsonFieldAgreement(['{}'], ['{}'], { fields: ['a', 'a'] })).toThrow(
      'invalid fields: ["a","a"] (must be an array of distinct field names (strings))',
    )
    expect(() => jsonFieldAgreement(['{}'], ['{}'], { confidence: 1.2 })).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
    expect(() => jsonFieldAgreement(['{}'], ['{}'], { relativeTolerance: Number.NaN })).toThrow(
      'invalid relativeTolerance: NaN (must be a finite number >= 0)',
    )
  })
})
