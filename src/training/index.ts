/**
 * Training compute and memory estimator: what a full, LoRA or QLoRA fine-tune of an open model
 * needs in GPU memory, FLOPs, GPU-hours and dollars, and what serving it needs in memory.
 */

// Architectures and parameter counts
export {
  LINEAR_MODULE_NAMES,
  allLinearModuleNames,
  architectureShapeProblems,
  headDimension,
  linearModules,
  loraParameters,
  parameterCounts,
  resolveTargetModules,
  totalParameters,
  validateArchitecture,
  type Architecture,
  type ArchitectureShapeProblem,
  type LinearModule,
  type LinearModuleName,
  type ParameterCounts,
} from './architecture.js'

// Published configs
export {
  architecturePreset,
  architecturePresetNames,
  listArchitecturePresets,
  type ArchitecturePresetName,
} from './presets.js'

// Memory
export {
  ADAM_STATE_BYTES,
  BYTES_16BIT,
  DEFAULT_QLORA_BLOCK_SIZE,
  DOUBLE_QUANT_SECOND_BLOCK,
  MASTER_WEIGHT_BYTES,
  NF4_BITS,
  activationBytesPerLayer,
  activationMemory,
  inferenceMemoryBytes,
  kvCacheBytes,
  quantizationConstantBits,
  trainableParameters,
  trainingMemory,
  validateActivationShape,
  validateTrainingMethod,
  type ActivationMemory,
  type ActivationShape,
  type InferenceMemoryOptions,
  type TrainingMemory,
  type TrainingMethod,
} from './memory.js'

// Compute
export { attentionFlopsShare, gpuHoursFor, trainingFlops, type TrainingFlops } from './flops.js'

// The estimator
export {
  estimateTraining,
  type TrainingEstimate,
  type TrainingEstimateInput,
  type TrainingGpu,
} from './estimate.js'

// The method a self-hosted scenario trains with
export { trainingMethodOf } from './method.js'
