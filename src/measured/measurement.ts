/**
 * A measured number with its interval, sample size and method: what every measurement in an
 * experiment record carries, so a report can say where a figure came from and how sure it is.
 */
import { Type, type Static } from '@sinclair/typebox'
import { measuredRate } from '../agreement/measured-rate.js'
import { DEFAULT_CONFIDENCE } from '../agreement/validate.js'

/** A measured proportion: `successes` of `n`, its rate and a two-sided interval. */
export const MeasuredProportionSchema = Type.Object(
  {
    value: Type.Number({ minimum: 0, maximum: 1, description: 'the measured rate successes / n (fraction)' }),
    successes: Type.Integer({ minimum: 0, description: 'count of successes (agreements, passes, escalations)' }),
    n: Type.Integer({ minimum: 1, description: 'sample size' }),
    lower: Type.Number({ minimum: 0, maximum: 1, description: 'lower bound of the interval' }),
    upper: Type.Number({ minimum: 0, maximum: 1, description: 'upper bound of the interval' }),
    confidence: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'two-sided confidence level' }),
    method: Type.String({ description: 'interval method, e.g. wilson' }),
    what: Type.String({ description: 'what was counted, in words' }),
  },
  { additionalProperties: false },
)

/** A measured proportion: the rate, its interval, sample size and method. */
export type MeasuredProportion = Static<typeof MeasuredProportionSchema>

/**
 * The measured proportion `successes / n` with its Wilson interval (95 % unless stated), as the
 * experiment record stores it: `measuredRate` of src/agreement with whole counts.
 *
 * @param what what was counted, e.g. `student agrees with the teacher on held-out inputs`
 * @throws {InvalidArgumentError} when n < 1 or successes is outside [0, n]
 * @example
 * measuredProportion(930, 1000, 'agreement') // => { value: 0.93, successes: 930, n: 1000, lower: 0.9125, upper: 0.9442, method: 'wilson' }
 * measuredProportion(5, 4, 'x') // throws invalid successes: 5 (must be <= 4)
 */
export function measuredProportion(successes: number, n: number, what: string, confidence = DEFAULT_CONFIDENCE): MeasuredProportion {
  return measuredRate(successes, n, what, confidence)
}

/**
 * The beta distribution a measured proportion stands for in a scenario: `Beta(successes,
 * failures)`, whose mean is exactly the measured rate (so a decision on the means equals the
 * decision on the measured value) and whose spread shrinks as `n` grows; the simulation draws
 * from it. With no successes or no failures the beta is undefined and the rate stays a number.
 *
 * @example
 * proportionAsInput({ successes: 930, n: 1000 }) // => { dist: 'beta', alpha: 930, beta: 70 }
 * proportionAsInput({ successes: 10, n: 10, value: 1 }) // => 1
 */
export function proportionAsInput(measured: Pick<MeasuredProportion, 'successes' | 'n'> & { value?: number }): number | { dist: 'beta'; alpha: number; beta: number } {
  const failures = measured.n - measured.successes
  if (measured.successes === 0 || failures === 0) return measured.successes / measured.n
  return { dist: 'beta', alpha: measured.successes, beta: failures }
}
