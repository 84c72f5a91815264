import { describe, expect, it } from 'vitest'
import { filterTeacherAnswers } from '../../src/distill/filter.js'

const answer = (id: string, input: string, label: string | null, confidence: number | null = null, error: string | null = null) => ({ id, input, label, confidence, error })

describe('filterTeacherAnswers(candidates, options)', () => {
  it('drops each answer for the first rule it breaks and measures the pass rate', () => {
    const answers = [
      answer('1', 'a', 'spam', 0.9),
      answer('2', 'b', null, null, 'gave up after 6 attempts'), // no answer
      answer('3', 'c', null), // format
      answer('4', 'd', 'phishing', 0.99), // label set
      answer('5', 'e', 'ham', 0.5), // low confidence
      answer('6', 'a', 'spam', 0.95), // duplicate of 1
      answer('7', 'e', 'ham', 0.8), // 'e' was dropped for confidence, so this one is kept
      answer('8', 'f', 'ham'), // no confidence stated: kept
    ]
    const result = filterTeacherAnswers(answers, { labels: ['spam', 'ham'], minConfidence: 0.6 })
    expect(result.kept.map((a) => a.id)).toEqual(['1', '7', '8'])
    expect(result.counts).toEqual({ 'no-answer': 1, format: 1, 'label-set': 1, 'low-confidence': 1, duplicate: 1 })
    // 3 of 8 pass: Wilson 95 % = [0.1369, 0.6943] (centre (0.375 + 1.9208/8)/(1 + 3.8415/8) = 0.4155,
    // half-width 1.96 sqrt(0.375 x 0.625/8 + 3.8415/256)/1.4802 = 0.2787).
    expect(result.passRate.value).toBe(0.375)
    expect(result.passRate.lower).toBeCloseTo(0.1368, 3)
    expect(result.passRate.upper).toBeCloseTo(0.6943, 3)
  })
  it('keeps repeated inputs when dedupe is off', () => {
    const result = filterTeacherAnswers([answer('1', 'a', 'ham'), answer('2', 'a', 'ham')], { labels: ['ham'], dedupe: false })
    expect(result.kept).toHaveLength(2)
  })
})
