import { describe, expect, it } from 'vitest'
import { confusionFigure, escalationFigure, learningCurveFigure, trainingLossFigure } from '../../src/report/distill-figures.js'
import { experimentRecord } from '../helpers/experiment-record.js'

describe('learningCurveFigure(record)', () => {
  it('draws each point with its interval and the fitted curve a - b n^-c through the sizes', () => {
    const record = experimentRecord()
    record.learningCurve = {
      points: [
        { pairs: 100, agreement: 0.9, lower: 0.85, upper: 0.93 },
        { pairs: 400, agreement: 0.94, lower: 0.91, upper: 0.96 },
      ],
      fit: { a: 0.96, b: 0.6, c: 0.5, rmse: 0.001, callsWorthPaying: { pairs: 900, agreement: 0.94 } },
    }
    const figure = learningCurveFigure(record)
    const [points, fit] = figure.data as any[]
    expect(points.x).toEqual([100, 400])
    // Error bars: upper - value and value - lower.
    expect(points.error_y.array[0]).toBeCloseTo(0.03, 12)
    expect(points.error_y.arrayminus[1]).toBeCloseTo(0.03, 12)
    // The fit at its first x (100 pairs): 0.96 - 0.6 / sqrt(100) = 0.90.
    expect(fit.x[0]).toBe(100)
    expect(fit.y[0]).toBeCloseTo(0.9, 12)
    // The dashed line where buying more stops paying: 900 pairs.
    expect((figure.layout.shapes as any[])[0].x0).toBe(900)
  })

  it('does not draw an optimum beyond 10x the largest size measured', () => {
    const record = experimentRecord()
    record.learningCurve = {
      points: [100, 200, 400].map((pairs) => ({ pairs, agreement: 0.9, lower: 0.88, upper: 0.92 })),
      fit: { a: 1, b: 0.1, c: 0.1, rmse: 0.01, callsWorthPaying: { pairs: 4001, agreement: 0.97 } },
    }
    const figure = learningCurveFigure(record)
    expect(figure.layout.shapes).toEqual([])
    expect(Math.max(...(figure.data[1] as any).x)).toBeCloseTo(600, 6) // 1.5 x the largest size, 400
  })
})

describe('the other experiment figures', () => {
  it('confusion keeps the counts; escalation splits by agreement; loss follows the steps', () => {
    expect(confusionFigure({ labels: ['ham', 'spam'], counts: [[5, 1], [2, 9]] }).data[0]!.z).toEqual([[5, 1], [2, 9]])
    const rows = [
      { teacher: 'ham', student: 'ham', confidence: 0.95 },
      { teacher: 'spam', student: 'ham', confidence: 0.55 },
      { teacher: null, student: 'ham', confidence: 0.7 }, // the teacher gave no answer: left out
    ]
    const escalation = escalationFigure(rows, 0.8).data as any[]
    expect(escalation.map((t) => t.x)).toEqual([[0.95], [0.55]])
    expect(trainingLossFigure([{ step: 10, loss: 0.5 }]).data[0]).toMatchObject({ x: [10], y: [0.5] })
  })
})
