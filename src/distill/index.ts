/** The distillation experiment: config, quality filter, cascade, learning curve. */

// Config
export { distillConfig, DistillConfigSchema, type DistillConfig } from './config.js'

// Quality filter
export { filterTeacherAnswers, type FilterCandidate, type FilterOptions, type FilterReason, type FilterResult } from './filter.js'

// Escalation (a two-stage cascade)
export { cascadeAgreementAt, chooseEscalationThreshold, measureCascade, type CascadeItem, type CascadeMeasurement } from './escalation.js'

// Learning curve
export { fitLearningCurve, callsWorthPaying, type LearningCurvePoint, type LearningCurveFit, type CallsWorthPaying } from './learning-curve.js'
