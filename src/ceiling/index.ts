/**
 * The quality ceiling of a distilled student: calibration of its confidence, quality by
 * difficulty, a two-threshold cascade (student, teacher, human review) chosen on one split and
 * checked on another, a split-conformal threshold, and the cost-quality frontier. This index only
 * re-exports; what it exports is the public API.
 */

// Rates with intervals

// Calibration
export { reliabilityDiagram, type BinStrategy, type ReliabilityBin, type ReliabilityDiagram, type ReliabilityOptions } from './reliability-diagram.js'
export { expectedCalibrationError, maximumCalibrationError } from './calibration-error.js'

// Quality by difficulty
export { accuracyByGroup, type GroupQuality, type GroupRow } from './accuracy-by-group.js'

// Two-threshold cascade
export { type CascadeCase, type CascadeCounts } from './cascade-tally.js'
export { cascadeOutcome, type CascadeOutcome } from './cascade-outcome.js'
export { chooseCascadeThresholds, cascadeCostPerRequestUSD, type CascadeCosts, type CascadeTarget, type ChosenCascade } from './choose-cascade-thresholds.js'
export { evaluateCascade, type CascadeEvaluation } from './evaluate-cascade.js'
export { conformalThreshold, type ConformalCase, type ConformalThreshold } from './conformal-threshold.js'

// Cost-quality frontier
export { escalationCurve, type EscalationPoint } from './escalation-curve.js'
export { costQualityFrontier, frontierOfCurve, type CostQualityFrontier, type FrontierCosts, type FrontierPoint } from './cost-quality-frontier.js'
export { shareToCloseGap, type GapClosure } from './share-to-close-gap.js'
