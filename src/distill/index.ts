/** The distillation experiment: teachers, config, quality filter, cascade, learning curve, the run. This index only re-exports. */

// Teachers
export * from './teachers/index.js'

// Config
export { distillCacheDir, distillConfig, DistillConfigSchema, type DistillConfig } from './config.js'

// Quality filter
export { filterTeacherAnswers, type FilterCandidate, type FilterOptions, type FilterReason, type FilterResult } from './filter.js'

// Escalation (a two-stage cascade)
export { cascadeAgreementAt, chooseEscalationThreshold, measureCascade, type CascadeItem, type CascadeMeasurement } from './escalation.js'

// Learning curve
export { fitLearningCurve, callsWorthPaying, type LearningCurvePoint, type LearningCurveFit, type CallsWorthPaying } from './learning-curve.js'

// The local teacher and the experiment
export { trainLocalTeacher, classifierOfBase, LocalTeacher, type LocalTeacherOptions, type LocalTeacherSettings, type LocalTeacherTraining } from './local-teacher.js'
export { runExperiment, type ExperimentOptions, type ExperimentProgress, type ExperimentResult, type ExperimentScenario } from './experiment.js'
