/**
 * What the estimator predicts for `scripts/gpu_check.py`'s QLoRA run, written to
 * `scripts/gpu-check-predictions.json` (`node dist/src/training/gpu-check-predictions.js`; a
 * test checks the file is current). The GPU check runs as plain python3 on machines that may not
 * have Node, so it reads the estimator's numbers from that file and prints them beside what the
 * worker holds.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { packagePath } from '../../kernel/paths.js'
import { parameterCounts, type Architecture } from './architecture.js'
import { trainingFlops } from './flops.js'
import { trainingMemory } from './memory.js'
import type { TrainingMethod } from './memory.js'

/** The check's model: the worker's classifier at d_model 256, 4 blocks, 8 heads, MLP 1,024, 260 byte tokens. */
export const GPU_CHECK_CONFIG = { task: 'classification', vocab_size: 260, max_len: 128, d_model: 256, n_heads: 8, n_layers: 4, num_labels: 4 } as const
/** The same model as the estimator sees it. */
export const GPU_CHECK_ARCHITECTURE: Architecture = {
  name: 'gpu-check classifier', layers: 4, hidden: 256, intermediate: 1024, heads: 8, kvHeads: 8, vocab: 260, tiedEmbeddings: true, mlp: 'standard',
}
/** QLoRA r = 16 on every block linear, double quantisation. */
export const GPU_CHECK_METHOD: TrainingMethod = { kind: 'qlora', rank: 16, targetModules: ['all-linear'], doubleQuantization: true }
/** Sequences of 64 tokens, 32 a step. */
export const GPU_CHECK_SHAPE = { sequenceLength: 64, microBatchSize: 32, gradientCheckpointing: false } as const

/**
 * The predictions file's contents: the run's settings and the estimator's memory components and
 * training FLOPs per token.
 *
 * @example
 * gpuCheckPredictions().memory.quantizationConstantsBytes > 0 // => true
 */
export function gpuCheckPredictions() {
  const memory = trainingMemory(GPU_CHECK_ARCHITECTURE, GPU_CHECK_METHOD, GPU_CHECK_SHAPE)
  return {
    note: 'written by node dist/src/training/gpu-check-predictions.js from src/training (the estimator); read by scripts/gpu_check.py',
    config: GPU_CHECK_CONFIG,
    architecture: GPU_CHECK_ARCHITECTURE,
    method: GPU_CHECK_METHOD,
    shape: GPU_CHECK_SHAPE,
    blockLinearWeights: parameterCounts(GPU_CHECK_ARCHITECTURE).blockLinearWeights,
    memory,
    trainingFlopsPerToken: trainingFlops(GPU_CHECK_ARCHITECTURE, GPU_CHECK_METHOD, 1, false).total,
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = packagePath('scripts', 'gpu-check-predictions.json')
  writeFileSync(path, `${JSON.stringify(gpuCheckPredictions(), null, 2)}\n`)
  console.log(`wrote ${path}`)
}
