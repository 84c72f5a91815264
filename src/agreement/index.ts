/**
 * Agreement statistics for a distilled student against its teacher (and against gold labels):
 * rates with intervals, kappa, per-class metrics, McNemar's test, paired bootstrap intervals,
 * held-out sizes and the ship gate. This index only re-exports; what it exports is the public API.
 */

// Intervals for a proportion
export {
  proportionInterval,
  INTERVAL_METHODS,
  INTERVAL_METHOD_NAMES,
  type Bounds,
  type IntervalMethod,
  type ProportionInterval,
  type ProportionIntervalOptions,
} from './proportion-interval.js'
export { wilsonInterval } from './wilson-interval.js'
export { clopperPearsonInterval } from './clopper-pearson-interval.js'
export { agrestiCoullInterval } from './agresti-coull-interval.js'
export { waldInterval } from './wald-interval.js'
export { zForConfidence } from './confidence.js'

// Labels and classification agreement
export { compareLabels, distinctLabels, type GoldComparison, type Label } from './labels.js'
export { agreementRate, type AgreementRate } from './agreement-rate.js'
export { confusionMatrix, type ConfusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.js'
export { cohensKappa, cohensKappaFromTable, type CohensKappa, type CohensKappaOptions } from './cohens-kappa.js'
export { classMetrics, classMetricsFromMatrix, type ClassMetrics, type ClassReport } from './class-metrics.js'

// Student against teacher on gold labels
export {
  mcnemarTest,
  mcnemarFromTable,
  MCNEMAR_FORMS,
  MCNEMAR_EXACT_MAX_DISCORDANT,
  type McNemarForm,
  type McNemarOptions,
  type McNemarResult,
} from './mcnemar.js'

// Bootstrap
export {
  bootstrapMean,
  DEFAULT_RESAMPLES,
  MAX_RESAMPLES,
  type BootstrapInterval,
  type BootstrapOptions,
  type UniformSource,
} from './bootstrap.js'
export { bootstrapAgreementRate, bootstrapAccuracyDifference } from './paired-bootstrap.js'
export { quantileSorted } from './percentile.js'

// Held-out size and the ship gate
export {
  sampleSizeForMargin,
  marginForSampleSize,
  SAMPLE_SIZE_METHODS,
  type SampleSizeMethod,
  type SampleSizeOptions,
} from './sample-size.js'
export { heldOutSizeToSeparate } from './held-out-size.js'
export { measuredRate, type MeasuredRate } from './measured-rate.js'
export { shipGate, type AgreementCount, type ShipDecision, type ShipVerdict } from './ship-gate.js'

// Generated outputs
export { exactMatchRate, foldText, type ExactMatchOptions } from './exact-match.js'
export { jsonValuesEqual, type JsonCompareOptions } from './json-values-equal.js'
export {
  jsonFieldAgreement,
  type FieldAgreement,
  type InvalidOutput,
  type JsonFieldAgreement,
  type JsonFieldAgreementOptions,
} from './json-field-agreement.js'

// Defaults and messages
export { DEFAULT_CONFIDENCE } from './validate.js'
export { agreementRules } from './messages.js'
