/**
 * The estimator's training method for a self-hosted scenario: what the cost model prices, the
 * consistency checks size and the simulation fills from. One definition for all three.
 */
import type { SelfHosting } from '../scenario/schema.js'
import type { TrainingMethod } from './memory.js'

/**
 * The estimator's method for a self-hosted scenario: LoRA, or QLoRA with NF4 and double
 * quantisation, at the scenario's rank on its target modules.
 *
 * @example
 * trainingMethodOf({ method: 'qlora', loraRank: 16, targetModules: ['q_proj', 'v_proj'] }).kind // => 'qlora'
 */
export function trainingMethodOf(hosting: Pick<SelfHosting, 'method' | 'loraRank' | 'targetModules'>): TrainingMethod {
  return hosting.method === 'qlora'
    ? { kind: 'qlora', rank: hosting.loraRank, targetModules: hosting.targetModules, doubleQuantization: true }
    : { kind: 'lora', rank: hosting.loraRank, targetModules: hosting.targetModules }
}
