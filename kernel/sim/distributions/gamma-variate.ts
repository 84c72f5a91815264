/**
 * Gamma(shape, 1) variates by Marsaglia and Tsang's squeeze-rejection method: "A simple method
 * for generating gamma variables", ACM TOMS 26(3) (2000) 363-372,
 * https://doi.org/10.1145/358407.358414. For shape >= 1 it needs one normal and one uniform
 * per try and accepts with probability above 0.95; shape < 1 uses their boost
 * Gamma(a) = Gamma(a + 1) * U^(1/a), kept in logs so tiny shapes do not underflow to 0.
 */
import type { Stream } from '../random.js'
import { normalQuantile } from './standard-normal.js'

/** The constants d = shape' - 1/3 and c = 1 / sqrt(9d) of the method for `shape`, with shape' = shape (>= 1) or shape + 1 (boost). */
export interface GammaConstants {
  readonly shape: number
  readonly d: number
  readonly c: number
}

/**
 * Precomputes {@link GammaConstants} for `shape` > 0.
 *
 * @example
 * gammaConstants(2) // => { shape: 2, d: 1.6666666666666667, c: 0.2581988897471611 } (d = 2 - 1/3, c = 1 / sqrt(9d))
 */
export function gammaConstants(shape: number): GammaConstants {
  const d = (shape >= 1 ? shape : shape + 1) - 1 / 3
  return { shape, d, c: 1 / Math.sqrt(9 * d) }
}

/** Marsaglia-Tsang for shape' = d + 1/3 >= 1; the normal by inverse CDF, one draw each. */
function gammaAtLeastOne(source: Stream, d: number, c: number): number {
  for (;;) {
    const x = normalQuantile(source.nextOpen01())
    let v = 1 + c * x
    if (v <= 0) continue
    v = v * v * v
    const u = source.nextOpen01()
    const xx = x * x
    if (u < 1 - 0.0331 * xx * xx) return d * v
    if (Math.log(u) < 0.5 * xx + d * (1 - v + Math.log(v))) return d * v
  }
}

/**
 * A Gamma(shape, 1) variate, consuming a random number of draws of `source`: two per try (a
 * normal and a uniform), at most 1.05 tries on average for any shape; one more draw for shape < 1.
 *
 * @example
 * const stream = createStream(1, 0)
 * const constants = gammaConstants(2.5)
 * gammaVariate(stream, constants) // => 4.523267495 (one Gamma(2.5, 1) draw)
 * let sum = 0
 * for (let i = 0; i < 100_000; i++) sum += gammaVariate(stream, constants)
 * sum / 100_000 // => 2.5 (the mean of Gamma(2.5, 1) is its shape; standard error 0.005)
 */
export function gammaVariate(source: Stream, constants: GammaConstants): number {
  const g = gammaAtLeastOne(source, constants.d, constants.c)
  return constants.shape >= 1 ? g : g * Math.pow(source.nextOpen01(), 1 / constants.shape)
}

/**
 * log of a Gamma(shape, 1) variate: finite even when the variate itself would underflow (shape
 * far below 1). Same draws as {@link gammaVariate}.
 *
 * @example
 * const stream = createStream(1, 0)
 * const constants = gammaConstants(0.01)
 * logGammaVariate(stream, constants) // => -38.92898903 (e^-38.9: a tiny Gamma(0.01, 1) draw; some are far below e^-745, where exp underflows)
 * let below = 0
 * for (let i = 0; i < 100_000; i++) if (logGammaVariate(stream, constants) < -745) below++
 * below / 100_000 // => 0.0006 (P(G < e^-745) = e^-7.45 / Γ(1.01) = 0.00058)
 */
export function logGammaVariate(source: Stream, constants: GammaConstants): number {
  const g = gammaAtLeastOne(source, constants.d, constants.c)
  return constants.shape >= 1 ? Math.log(g) : Math.log(g) + Math.log(source.nextOpen01()) / constants.shape
}
