import { describe, expect, it } from 'vitest'
import { compareLabels, confusionMatrix, distinctLabels } from '../../src/agreement/index.js'

describe('confusionMatrix(reference, predicted, { labels })', () => {
  it('counts (reference, predicted) pairs with rows reference and columns predicted', () => {
    // By hand: (cat, cat) once; (dog, cat) once; (dog, dog) once.
    expect(confusionMatrix(['cat', 'dog', 'dog'], ['cat', 'cat', 'dog'])).toEqual({
      labels: ['cat', 'dog'],
      counts: [
        [1, 0],
        [1, 1],
      ],
      n: 3,
    })
  })

  it('orders the labels numbers first, ascending, then strings', () => {
    expect(distinctLabels([10, 'b', 2], ['a', 1])).toEqual([1, 2, 10, 'a', 'b'])
    expect(['b', 2, 'a', 1].sort(compareLabels)).toEqual([1, 2, 'a', 'b'])
  })

  it('includes labels that occur only in predicted, and honours an explicit order', () => {
    const matrix = confusionMatrix(['a', 'a'], ['a', 'z'], { labels: ['z', 'a', 'never'] })
    expect(matrix.labels).toEqual(['z', 'a', 'never'])
    expect(matrix.counts).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [0, 0, 0],
    ])
  })

  it('names a label missing from an explicit list, and duplicate labels', () => {
    expect(() => confusionMatrix(['a', 'b'], ['a', 'c'], { labels: ['a', 'b'] })).toThrow(
      'invalid predicted[1]: "c" (not one of the labels "a", "b")',
    )
    expect(() => confusionMatrix(['a'], ['a'], { labels: ['a', 'a'] })).toThrow('invalid labels: ["a","a"] (each label may be listed once)')
    expect(() => confusionMatrix(['a'], ['a'], { labels: [] })).toThrow('invalid labels: [] (must hold at least one label)')
  })

  it('rejects mismatched and empty arrays', () => {
    expect(() => confusionMatrix(['a'], ['a', 'b'])).toThrow('invalid predicted: 2 labels (must have the same length as reference (1))')
    expect(() => confusionMatrix([], [])).toThrow('invalid reference: [] (must hold at least one label)')
  })
})
