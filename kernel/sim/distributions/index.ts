/**
 * The distributions of the simulation kernel. This index only re-exports; what it exports is the
 * public API.
 */

// The contract
/** The distribution contract, its family names and interval moments (see `distribution.ts`). */
export type { Distribution, DistributionKind, IntervalMoments } from './distribution.js'

// Families
export { Fixed, fixed, checkFixed } from './fixed.js'
export { Uniform, uniform, checkUniform } from './uniform.js'
export { Triangular, triangular, checkTriangular } from './triangular.js'
export { Pert, pert, checkPert } from './pert.js'
export { Normal, normal, checkNormal } from './normal.js'
export { Lognormal, lognormal, checkLognormal, lognormalFromMoments, type LognormalParameters } from './lognormal.js'
export { Beta, beta, checkBeta } from './beta.js'

// Truncation of any family
export { Truncated, truncate, checkTruncation, type Truncation } from './truncated.js'

// Special functions
export { normalCdf, normalSf, normalPdf, normalQuantile, normalProbabilityBetween } from './standard-normal.js'
export { logGamma, logBeta, stirlingRemainder } from './log-gamma.js'
export {
  regularizedBeta,
  regularizedBetaComplement,
  inverseRegularizedBeta,
  inverseRegularizedBetaComplement,
} from './incomplete-beta.js'
export { gammaConstants, gammaVariate, logGammaVariate, type GammaConstants } from './gamma-variate.js'

// Messages
export { DistributionError, problemMessage, truncationRules, type ParameterProblem } from './messages.js'
