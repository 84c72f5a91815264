/**
 * Prompting the frontier model: every request carries the instructions and few-shot examples.
 * No training; the baseline the adaptations must beat.
 */
import { humanReview, frontierTokens, maintenancePeople, setupPeople } from './parts.js'
import type { StrategyDefinition } from './strategy.js'

/**
 * Prompting: per request the frontier call and human review; once the setup people (prompt
 * engineering, evaluation); monthly the maintenance people.
 *
 * @example
 * promptStrategy().parts.map((p) => p.name) // => ['frontier tokens', 'human review', 'setup people', 'maintenance people']
 */
export function promptStrategy(): StrategyDefinition {
  return {
    id: 'prompt',
    label: 'Prompt the frontier model',
    withRetrieval: false,
    smallModel: false,
    parts: [frontierTokens(false), humanReview('prompt'), setupPeople('prompt'), maintenancePeople('prompt')],
  }
}
