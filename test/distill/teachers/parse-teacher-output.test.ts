// parseTeacherOutput(output, labels), classificationMessages(input, labels, instruction) and
// labelLogprobConfidence(tokens, output): the format check, the prompt and logprob confidence.
import { describe, expect, it } from 'vitest'
import { classificationMessages, labelLogprobConfidence, parseTeacherOutput } from '../../../src/distill/index.js'

const LABELS = ['spam', 'ham']

describe('parseTeacherOutput(output, labels)', () => {
  it.each([
    ['{"label":"spam"}', 'spam', null],
    ['{"label": " Ham ", "confidence": 0}', 'ham', 0],
    ['{"label":"spam","confidence":1,"reason":"prize"}', 'spam', 1],
    ['"spam"', 'spam', null],
    ['SPAM', 'spam', null],
    ['\n  ham\t', 'ham', null],
    ['```\nspam\n```', 'spam', null],
    ['{"label":"ham","confidence":null}', 'ham', null],
  ])('accepts %j as %s', (output, label, confidence) => {
    expect(parseTeacherOutput(output, LABELS)).toEqual({ label, confidence, problem: null })
  })

  it.each([
    ['', 'empty output'],
    ['   ', 'empty output'],
    ['{"label": 1}', 'JSON without a string "label" field'],
    ['{"answer": "spam"}', 'JSON without a string "label" field'],
    ['[1]', 'label "[1]" is not one of "spam", "ham"'],
    ['{"label":"spam","confidence":-0.1}', 'confidence must be a number in [0, 1], got -0.1'],
    ['{"label":"spam","confidence":"high"}', 'confidence must be a number in [0, 1], got "high"'],
    ['spam, probably', 'label "spam, probably" is not one of "spam", "ham"'],
  ])('rejects %j: %s', (output, problem) => {
    expect(parseTeacherOutput(output, LABELS)).toEqual({ label: null, confidence: null, problem })
  })

  it('returns the label spelled as in the label set', () => {
    expect(parseTeacherOutput('positive', ['Positive', 'Negative']).label).toBe('Positive')
  })
})

describe('classificationMessages(input, labels, instruction)', () => {
  it('asks for JSON with one of the labels, then gives the input', () => {
    expect(classificationMessages('Win now', ['spam', 'ham'])).toEqual([
      { role: 'system', content: 'Classify the input.\nAnswer with JSON only: {"label": "<label>"}, where <label> is one of "spam", "ham".' },
      { role: 'user', content: 'Win now' },
    ])
  })
})

describe('labelLogprobConfidence(tokens, output)', () => {
  it('is exp of the summed logprobs of the tokens that spell the label', () => {
    // "{\"label\": \"spam\"}" in tokens; the label spans two tokens: 0.9 x 0.5 = 0.45
    const tokens = [
      { token: '{"label": "', logprob: Math.log(0.99) },
      { token: 'sp', logprob: Math.log(0.9) },
      { token: 'am', logprob: Math.log(0.5) },
      { token: '"}', logprob: 0 },
    ]
    expect(labelLogprobConfidence(tokens, '{"label": "spam"}')).toBeCloseTo(0.45, 12)
  })

  it('is null when the tokens do not spell the output or a logprob is missing', () => {
    expect(labelLogprobConfidence([], 'spam')).toBeNull()
    expect(labelLogprobConfidence([{ token: 'spam', logprob: Number.NaN }], 'spam')).toBeNull()
    expect(labelLogprobConfidence([{ token: 'spa', logprob: 0 }], 'spam')).toBeNull()
  })
})
