import { describe, expect, it } from 'vitest'
import { classMetrics, classMetricsFromMatrix, confusionMatrix } from '../../src/agreement/index.js'

describe('classMetrics(reference, predicted)', () => {
  // reference: cat cat cat dog dog fox fox fox
  // predicted: cat cat dog dog cat cat dog dog
  // Confusion matrix by hand (rows reference, columns predicted; order cat, dog, fox):
  //   cat: [2, 1, 0]; dog: [1, 1, 0]; fox: [1, 2, 0]
  const reference = ['cat', 'cat', 'cat', 'dog', 'dog', 'fox', 'fox', 'fox']
  const predicted = ['cat', 'cat', 'dog', 'dog', 'cat', 'cat', 'dog', 'dog']
  const report = classMetrics(reference, predicted)

  it('builds the matrix', () => {
    expect(report.matrix.counts).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [1, 2, 0],
    ])
  })

  it('gives per-class precision, recall and F1 computed by hand', () => {
    // cat: TP 2, support 3, predicted 4: precision 2/4, recall 2/3, F1 2·2/(3 + 4) = 4/7
    // dog: TP 1, support 2, predicted 4: precision 1/4, recall 1/2, F1 2·1/(2 + 4) = 1/3
    // fox: TP 0, support 3, never predicted: precision undefined (null), recall 0, F1 0/(3 + 0) = 0
    expect(report.classes).toEqual([
      { label: 'cat', support: 3, predicted: 4, truePositives: 2, precision: 0.5, recall: 2 / 3, f1: 4 / 7 },
      { label: 'dog', support: 2, predicted: 4, truePositives: 1, precision: 0.25, recall: 0.5, f1: 2 / 6 },
      { label: 'fox', support: 3, predicted: 0, truePositives: 0, precision: null, recall: 0, f1: 0 },
    ])
  })

  it('checks F1 against the harmonic mean 2PR/(P + R) where both are defined', () => {
    for (const entry of report.classes.slice(0, 2)) {
      const { precision, recall, f1 } = entry as { precision: number; recall: number; f1: number }
      expect(f1).toBeCloseTo((2 * precision * recall) / (precision + recall), 15)
    }
  })

  it('gives accuracy and macro averages over the defined values', () => {
    // accuracy (2 + 1 + 0) / 8; macro precision (0.5 + 0.25) / 2 (fox's is undefined);
    // macro recall (2/3 + 1/2 + 0) / 3 = 7/18; macro F1 (4/7 + 1/3 + 0) / 3 = 19/63
    expect(report.accuracy).toBe(3 / 8)
    expect(report.macroPrecision).toBe(0.375)
    expect(report.macroRecall).toBeCloseTo(7 / 18, 15)
    expect(report.macroF1).toBeCloseTo(19 / 63, 15)
  })

  it('classMetricsFromMatrix gives the same report from the matrix', () => {
    expect(classMetricsFromMatrix(confusionMatrix(reference, predicted))).toEqual(report)
  })

  it('gives null F1 only for a listed class that occurs nowhere', () => {
    const sparse = classMetrics(['a'], ['a'], { labels: ['a', 'b'] })
    expect(sparse.classes[1]).toEqual({ label: 'b', support: 0, predicted: 0, truePositives: 0, precision: null, recall: null, f1: null })
    expect(sparse.macroF1).toBe(1)
  })

  it('rejects mismatched arrays', () => {
    expect(() => classMetrics(['a', 'b'], ['a'])).toThrow('invalid predicted: 1 labels (must have the same length as reference (2))')
  })
})
