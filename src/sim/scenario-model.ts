/**
 * A scenario as a model for the simulation kernel's worker threads: they cannot receive the
 * compiled `fill` function, so each one imports this (small) module and compiles the scenario
 * again from its plain-data parts.
 */
import { builtModuleUrl } from '../../kernel/sim/built-module.js'
import type { ModelSource } from '../../kernel/sim/model.js'
import type { ValidatedScenario } from '../scenario/validate.js'
import { compileScenario, type CompiledScenario } from './compile.js'

/** What a worker thread needs to compile the scenario again: plain data. */
export type ScenarioModelArgument = Pick<ValidatedScenario, 'input' | 'uncertain'>

/**
 * Compiles a validated scenario from its plain-data parts: the entry worker threads call
 * (a {@link ModelSource} names it by `exportName: 'compileValidatedScenario'`).
 *
 * @example
 * const { input, uncertain } = loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json')
 * compileValidatedScenario({ input, uncertain }).inputs.length // => 15
 * compileValidatedScenario({ input, uncertain }).strategies // => ['prompt', 'rag', 'finetune', 'distill', 'distill+rag']
 */
export function compileValidatedScenario(argument: ScenarioModelArgument): CompiledScenario {
  return compileScenario(argument.input, argument.uncertain)
}

/**
 * Where worker threads get a scenario's model: this module (built) and
 * {@link compileValidatedScenario} with the scenario's input and uncertain fields.
 *
 * @example
 * const source = scenarioModelSource(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'))
 * source.exportName // => 'compileValidatedScenario'
 * source.module.endsWith('/dist/src/sim/scenario-model.js') // => true
 */
export function scenarioModelSource(validated: ScenarioModelArgument): ModelSource {
  return {
    module: builtModuleUrl(new URL(import.meta.url)),
    exportName: 'compileValidatedScenario',
    argument: { input: validated.input, uncertain: validated.uncertain },
  }
}

/**
 * The URL worker threads load a scenario's model from (this module's build): what a worker pool
 * started before the scenario is read can load meanwhile.
 *
 * @example
 * scenarioModelModule().endsWith('/dist/src/sim/scenario-model.js') // => true
 */
export function scenarioModelModule(): string {
  return builtModuleUrl(new URL(import.meta.url))
}
