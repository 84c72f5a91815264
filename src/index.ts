/**
 * payback's public API: what this index exports is what is promised; nothing else is.
 */

// Scenario: schema, validation, messages
export { STRATEGY_IDS, ScenarioSchema, type Scenario, type ScenarioInput, type StrategyId } from './scenario/schema.js'
export {
  validateScenario,
  validateScenarioInput,
  loadScenario,
  loadScenarioFile,
  loadScenarioInputFile,
  readScenarioJson,
  defaultScenario,
  DEFAULT_SCENARIO_FILE,
  type ValidatedScenario,
} from './scenario/validate.js'
export { pointScenario, uncertainFields, type UncertainField } from './scenario/uncertain.js'
export { appliedDefaults, type AppliedDefault } from './scenario/defaults.js'
export { DistributionSchema, type DistributionSpec } from './scenario/distribution.js'
export { scenarioJsonSchema } from './scenario/json-schema.js'
export { InputError, InvalidArgumentError, formatIssues, type InputIssue } from './scenario/messages.js'
export { RANGES, type PlausibleMax } from './scenario/ranges.js'
export { scenarioWarnings, type ScenarioWarning } from './scenario/warnings.js'
export { NonFiniteResultError } from './scenario/finite.js'

// Prices
export { resolveTokenModel, requestPriceUSD, priceTableVersion, priceTableName, type PricedModel, type TokenUsage } from './prices/tokens.js'
export { gpuById, findGpu, listGpus, type GpuSpec } from './prices/gpus.js'

// Costs
export { strategyCosts } from './costs/strategies.js'
export { pricingContext } from './costs/pricing-context.js'
export type { PricingContext } from './costs/context.js'
export {
  perRequestUSD,
  oneTimeUSD,
  fixedMonthlyUSD,
  hostingUSD,
  gpusNeeded,
  retrainingEventUSD,
  type CostPart,
  type GpuHosting,
  type StrategyCost,
} from './costs/strategy-cost.js'

// Training estimator
export {
  estimateTraining,
  inferenceMemoryBytes,
  architecturePreset,
  architecturePresetNames,
  listArchitecturePresets,
  totalParameters,
  type Architecture,
  type TrainingEstimate,
  type TrainingEstimateInput,
  type TrainingMethod,
} from './training/index.js'

// Breakeven, payback, horizon
export { analyseScenario, volumePath, type Analysis, type StrategyEconomics, type Breakdown } from './breakeven/analysis.js'
export { breakevenRequestsPerMonth, linearBreakeven, pairwiseBreakeven, type BreakevenMatrix, type Horizon } from './breakeven/breakeven.js'
export {
  horizonParts,
  horizonTotalUSD,
  monthCost,
  partInMonthUSD,
  isRetrainingMonth,
  monthlyTimeline,
  presentValueUSD,
  requestsInMonth,
  retrainingMonths,
  type MonthCost,
  type VolumePath,
} from './breakeven/horizon.js'
export { paybackMonths } from './breakeven/payback.js'
export { logSpace, volumeSweep, type VolumeSweep } from './breakeven/sweep.js'

// Simulation: the compiled scenario, the engine run on a scenario, its figures and tables
export { compileScenario, type CompiledScenario, type UncertainInput } from './sim/compile.js'
export * from './sim/simulate-scenario.js'
export * from './sim/key-numbers.js'
export * from './sim/summary-markdown.js'
export * from './report/simulation-figures.js'
export * from './report/simulation-frames.js'

// Agreement statistics: intervals, kappa, McNemar, bootstrap, held-out size, ship gate
export * from './agreement/index.js'

// Drift statistics: PSI, Jensen-Shannon, Kolmogorov-Smirnov, domain-classifier AUC, decay models
export * from './drift/index.js'

// Corpus: SpamAssassin and a user's JSONL/CSV, email parsing, splits, token counts
export * from './corpus/index.js'

// Quality ceiling: calibration, quality by difficulty, two-threshold cascade, cost-quality frontier
export * from './ceiling/index.js'

// Measured numbers: experiment records and their overlay on a scenario
export * from './measured/index.js'

// Distillation: teachers, config, filter, cascade, learning curve, the experiment
export * from './distill/index.js'

// Decision
export { decide, type Reason, type Recommendation } from './decide/decide.js'
export { RULES, evaluateRules, type Finding, type Rule } from './decide/rules.js'
export { decisionResult, keyNumbers, type DecisionResult, type KeyNumbers } from './decide/result.js'
export { stressTests, type StressResult } from './decide/stress.js'
export { frontierPriceBreakeven, volumeSwitches } from './decide/sensitivity.js'

// Portfolio: many tasks on one base model; one deployment each, a shared multi-LoRA fleet, serverless LoRA
export { isPortfolio, portfolioJsonSchema, PortfolioSchema, TASK_OVERRIDE_SECTIONS, type PortfolioInput, type PortfolioTaskInput, type MultiLoraSettings, type ServerlessLoraOfferInput } from './scenario/portfolio-schema.js'
export { deepMerge, loadPortfolioFile, validatePortfolio, type Portfolio, type PortfolioTask } from './portfolio/validate.js'
export { fitMultiLora, multiLoraFactor, multiLoraParameters, type MultiLoraFit, type MultiLoraFitRow, type MultiLoraParameters } from './portfolio/multi-lora.js'
export { resolveServerlessLoraOffer, serverlessLoraRequest, type ServerlessLoraOffer } from './portfolio/serverless-lora.js'
export { sharedFleetBreakdown, sharedFleetMonth, type FleetLoad, type SharedFleetMonth } from './portfolio/shared-fleet.js'
export {
  ADAPT_RULE,
  ADAPTED_STRATEGIES,
  analysePortfolio,
  PORTFOLIO_OPTION_IDS,
  type OptionMonth,
  type PortfolioDecision,
  type PortfolioOption,
  type PortfolioOptionId,
  type SharedFleetReport,
  type TaskDecision,
} from './portfolio/analyse.js'
export { portfolioResult, type PortfolioResult, type PortfolioTaskResult } from './portfolio/result.js'

// Report: figures, HTML, provenance, notebook display
export { costVersusVolumeFigure, cumulativeCostFigure, costBreakdownFigure, STRATEGY_COLOURS, type PlotlyFigure } from './report/figures.js'
export { COST_CATEGORY_COLOURS, logAxis, logTickValues, plainUnitLabel, usdAxis, type AxisUnit } from './report/theme.js'
export { COST_CATEGORIES, costCategory, type CostCategory } from './report/cost-categories.js'
export { decisionReportHtml } from './report/decision-report.js'
export { provenance, canonicalJson, type Provenance } from './provenance.js'
export { showPlotly, plotlyFigureHtml, createPlotlySession, resetPlotlySession } from './report/plotly-display.js'
export { showTable, showMarkdown, frameHtml } from './report/table-display.js'
export { strategiesFrame, breakevenFrame, breakdownFrame, stressFrame } from './report/frames.js'
export { recommendationMarkdown } from './report/recommendation-markdown.js'
export { stakeholderSummaryMarkdown } from './report/stakeholder-summary.js'
export {
  agreementOverTimeFigure,
  inputDriftFigure,
  domainClassifierFigure,
  cadenceCostFigure,
  decayCurveAt,
  noDataFigure,
  DRIFT_COLOURS,
  PSI_WATCH,
  PSI_ACT,
  type AgreementOverTimeOptions,
  type InputDriftRow,
  type DomainClassifierFigureOptions,
  type CadenceCost,
  type PolicyCost,
  type CadenceCostOptions,
} from './report/drift-figures.js'
export {
  accuracyByGroupFigure,
  reliabilityFigure,
  escalationCurveFigure,
  costQualityFrontierFigure,
  cascadeOperatingPoint,
  qualityAtShare,
  type AccuracyByGroupOptions,
  type EscalationCurveOptions,
  type CostQualityFrontierOptions,
  type OperatingPoint,
} from './report/ceiling-figures.js'

// Formatting shared by tables and reports
export { formatUSD, formatVolume, formatPercent, formatCount } from './format.js'

// Analyses of an experiment record (notebooks 03-05): the record read or run, written atomically,
// and the decision with its measurements beside the assumed one
export { packagePath } from '../kernel/paths.js'
export { writeFileAtomic } from './io/atomic.js'
export { distillOnScenario, experimentScenario, type DistillationOnScenario, type DistillOnScenarioOptions } from './report/distill-run.js'
export {
  ANALYSIS_SCENARIO,
  defaultRecordPath,
  writeExperimentRecord,
  recordForAnalysis,
  decisionWithRecord,
  type RecordForAnalysis,
  type RecordForAnalysisOptions,
  type DecisionWithRecord,
} from './report/analysis-record.js'
export { measuredText } from './cli/args.js'

// Serving: the roofline, the published benchmarks, the calibration
export * from './serving/roofline.js'
export * from './serving/calibration.js'
export * from './serving/benchmarks.js'
