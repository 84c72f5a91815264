/**
 * Drift statistics: how far inputs and a student's agreement have moved between periods (PSI,
 * Jensen-Shannon distance, Kolmogorov-Smirnov, a domain classifier's AUC) and decay models
 * fitted to agreement over time. This index only re-exports; what it exports is the public API.
 */

// Shared bins for two samples
export { quantileEdges, binCounts } from './bins.js'

// Distances between input distributions
export { populationStabilityIndex, psiFromCounts, psiLevel, PSI_BINS, PSI_EPSILON, type PsiLevel, type PsiOptions, type PsiResult } from './psi.js'
export { jensenShannonDistance, jensenShannonDistanceOfSamples, type SampleBinsOptions } from './jensen-shannon.js'
export { ksTwoSample, kolmogorovSf, type KsTwoSampleResult } from './ks-two-sample.js'

// Drift in representations: a domain classifier between periods
export { rocAuc, type RocAucResult } from './roc-auc.js'
export { domainDrift, DOMAIN_DRIFT_AUC, type DomainDrift } from './domain-drift.js'

// Decay of agreement over time: models, the choice by AICc, loss per month
export { checkAgreementMonths, type AgreementMonth } from './decay/agreement-months.js'
export { DECAY_MODELS, type DecayFit, type DecayModel } from './decay/decay-fit.js'
export { fitLinearDecay, linearDecayAt } from './decay/linear.js'
export { fitExponentialDecay, exponentialDecayAt } from './decay/exponential.js'
export { fitStepDecay } from './decay/step.js'
export { fitDecay, type DecayChoice } from './decay/fit-decay.js'
export { agreementLossPerMonth, type AgreementLossPerMonth } from './decay/agreement-loss-per-month.js'

// Retraining cadence
export { costAwareRetrainInterval, type RetrainInterval } from './cost-aware-retrain-interval.js'

// Retraining policies simulated forward: calendar, monitored, cost-aware trigger
export {
  simulateRetrainPolicies,
  monitoredThresholds,
  MONITORED_LABELS,
  COST_AWARE_LABELS,
  MONITORING_STREAM,
  type RetrainPolicyInputs,
  type RetrainPolicyOptions,
  type RetrainPolicies,
  type RetrainPolicyName,
  type PolicyComparison,
  type PolicyOutcome,
  type PolicyGridPoint,
  type PolicyCostPerMonth,
  type CostSpread,
  type CalendarParameters,
  type MonitoredParameters,
  type CostAwareParameters,
} from './retrain-policies.js'
export {
  checkRetrainDecay,
  agreementByAge,
  meanLossByAge,
  DECAY_PARAMETER_STREAM,
  type RetrainDecay,
  type LinearDecayInput,
  type CheckedDecay,
} from './retrain-decay-draws.js'
export { observedAgreement, observedAgreementWithNormal, NORMAL_APPROXIMATION_MIN_VARIANCE } from './observed-agreement.js'

// Domain classifier between periods
export { fitLogistic, predictLogistic, domainClassifier, type LogisticModel, type DomainClassifierResult } from './domain-classifier.js'

// Agreement over time
export { agreementByMonth, type DatedOutcome, type MonthOutcome, type MonthlyOutcomes } from './agreement-by-month.js'
