/**
 * The decision table as explicit rules over facts about the task. Each rule reads the scenario
 * (and, for the economic rules, the analysis) and returns findings: strategies it favours,
 * excludes, warns about, or modifies. The rules restate the decision table in DESIGN.md:
 *
 * | situation                                             | tool                              |
 * |-------------------------------------------------------|-----------------------------------|
 * | behaviour hard to specify, easy to demonstrate; stable | fine-tune                         |
 * | factual knowledge that changes often                  | RAG                               |
 * | good frontier outputs that must get cheaper at volume | distill                           |
 * | one-off, low-volume or still being defined            | prompt a capable model            |
 * | format guarantees                                     | fine-tune + constrained decoding  |
 *
 * and they combine: distill-then-retrieve when a good teacher meets changing facts.
 */
import type { Analysis } from '../breakeven/analysis.js'
import { formatCount, formatPercent, formatVolume } from '../format.js'
import type { Scenario, StrategyId } from '../scenario/schema.js'

/** A few hundred examples: fewer and a fine-tune overfits to noise. */
export const MIN_TRAINING_EXAMPLES = 300

/** What a finding does to a strategy. */
export type Effect = 'favour' | 'exclude' | 'warn' | 'modify'

/** One rule's conclusion about some strategies, in words with its numbers. */
export interface Finding {
  rule: string
  effect: Effect
  strategies: StrategyId[]
  text: string
}

/** A rule of the decision table. */
export interface Rule {
  id: string
  /** The situation it recognises, in words. */
  when: string
  evaluate(scenario: Scenario, analysis: Analysis): Finding[]
}

const ADAPTED: StrategyId[] = ['finetune', 'distill', 'distill+rag']
const TRAINED_WITHOUT_RETRIEVAL: StrategyId[] = ['finetune', 'distill']

const finding = (rule: string, effect: Effect, strategies: StrategyId[], text: string): Finding => ({ rule, effect, strategies, text })

/** The rules, in the order their findings are reported. */
export const RULES: Rule[] = [
  {
    id: 'one-off-or-undefined',
    when: 'the task is one-off or still being defined',
    evaluate: ({ facts }) =>
      facts.oneOff || facts.stillBeingDefined
        ? [
            finding(
              'one-off-or-undefined',
              'exclude',
              ADAPTED,
              `the task is ${facts.oneOff ? 'one-off' : 'still being defined'}: not worth a training investment yet; prompt a capable model`,
            ),
            finding('one-off-or-undefined', 'favour', ['prompt'], 'a capable model prompted directly suits a one-off or changing task'),
          ]
        : [],
  },
  {
    id: 'unstable-task',
    when: 'the task or its categories change often',
    evaluate: ({ facts, adaptation }) =>
      !facts.stable || facts.categoriesChangeOften
        ? [
            finding(
              'unstable-task',
              'exclude',
              ADAPTED,
              `${!facts.stable ? 'the task is not stable' : 'the categories change often'}: a trained model is stale the moment it ships` +
                (adaptation.retrainEveryMonths > 0 ? ` (retraining only every ${adaptation.retrainEveryMonths} months)` : '') +
                '; prefer prompting or retrieval',
            ),
          ]
        : [],
  },
  {
    id: 'changing-facts-retrieve',
    when: 'the task needs factual knowledge that changes often',
    evaluate: ({ facts }) =>
      facts.factsChangeOften
        ? [
            finding('changing-facts-retrieve', 'exclude', TRAINED_WITHOUT_RETRIEVAL, 'facts change often: do not bake changing facts into weights you must retrain to update'),
            finding('changing-facts-retrieve', 'favour', ['rag', 'distill+rag'], 'facts change often: retrieval supplies current knowledge at request time'),
          ]
        : [],
  },
  {
    id: 'demonstrate-not-specify',
    when: 'stable behaviour that is easy to demonstrate but hard to specify',
    evaluate: ({ facts }) =>
      facts.stable && facts.behaviourEasyToDemonstrateHardToSpecify
        ? [finding('demonstrate-not-specify', 'favour', ['finetune', 'distill', 'distill+rag'], 'the behaviour is easy to demonstrate but hard to specify: examples teach what instructions cannot')]
        : [],
  },
  {
    id: 'good-teacher-distill',
    when: 'the frontier model already produces good outputs',
    evaluate: ({ facts }) =>
      facts.goodFrontierOutputs
        ? [finding('good-teacher-distill', 'favour', ['distill', 'distill+rag'], 'the frontier model already produces good outputs: transfer that behaviour to a cheap student')]
        : [finding('good-teacher-distill', 'exclude', ['distill', 'distill+rag'], 'the frontier model does not yet produce good outputs: there is nothing good to distill')],
  },
  {
    id: 'distill-then-retrieve',
    when: 'a good teacher and facts that change',
    evaluate: ({ facts }) =>
      facts.goodFrontierOutputs && facts.factsChangeOften
        ? [finding('distill-then-retrieve', 'favour', ['distill+rag'], 'distill the behaviour, retrieve the facts: the student learns the how, retrieval supplies the what')]
        : [],
  },
  {
    id: 'too-few-examples',
    when: 'too few labelled examples to fine-tune on',
    evaluate: ({ facts, adaptation }) => {
      const needed = adaptation.trainingExamples + adaptation.evalSetSize
      const out: Finding[] = []
      if (facts.labelledExamples < needed && adaptation.labelUSDPerExample === 0) {
        out.push(
          finding(
            'too-few-examples',
            'exclude',
            ['finetune'],
            `${formatCount(facts.labelledExamples)} labelled examples on hand, ${formatCount(needed)} needed (training + held-out), and no labelling budget (labelUSDPerExample is 0)`,
          ),
        )
      } else if (facts.labelledExamples < MIN_TRAINING_EXAMPLES) {
        out.push(
          finding(
            'too-few-examples',
            'warn',
            ['finetune'],
            `only ${formatCount(facts.labelledExamples)} labelled examples on hand (fewer than ${MIN_TRAINING_EXAMPLES}): fine-tuning depends on buying ${formatCount(Math.max(0, needed - facts.labelledExamples))} labels; distillation makes its own from the teacher`,
          ),
        )
      }
      if (adaptation.trainingExamples < MIN_TRAINING_EXAMPLES) {
        out.push(
          finding(
            'too-few-examples',
            'warn',
            ADAPTED,
            `training on ${formatCount(adaptation.trainingExamples)} examples (fewer than ${MIN_TRAINING_EXAMPLES}) risks fitting noise`,
          ),
        )
      }
      return out
    },
  },
  {
    id: 'format-guarantees',
    when: 'outputs must always parse against a format',
    evaluate: ({ facts }) =>
      facts.formatGuaranteesNeeded
        ? [
            finding('format-guarantees', 'modify', ADAPTED, 'format guarantees: bake the format in by training and enforce it with constrained decoding'),
            finding('format-guarantees', 'modify', ['prompt', 'rag'], "format guarantees: use the provider's structured outputs (JSON schema) and validate every response"),
          ]
        : [],
  },
  {
    id: 'quality-target',
    when: 'a strategy is expected to miss the quality target',
    evaluate: ({ task }, analysis) =>
      analysis.strategies
        .filter((s) => s.quality < task.qualityTarget)
        .map((s) =>
          finding('quality-target', 'exclude', [s.id], `expected quality ${formatPercent(s.quality)} is below the target ${formatPercent(task.qualityTarget)}`),
        ),
  },
  {
    id: 'volume-below-breakeven',
    when: 'an adaptation at a volume where prompting is cheaper all-in',
    evaluate: ({ task }, analysis) =>
      analysis.strategies
        .filter((s) => ADAPTED.includes(s.id))
        .filter((s) => s.breakevenRequestsPerMonth === null || s.breakevenRequestsPerMonth > task.requestsPerMonth)
        .map((s) =>
          finding(
            'volume-below-breakeven',
            'warn',
            [s.id],
            s.breakevenRequestsPerMonth === null
              ? `${s.id} never becomes cheaper than prompting at any volume over ${task.horizonMonths} months`
              : `at ${formatVolume(task.requestsPerMonth)} prompting is cheaper all-in than ${s.id}, whose breakeven is ${formatVolume(s.breakevenRequestsPerMonth)}`,
          ),
        ),
  },
]

/**
 * Every finding of every rule for a scenario and its analysis.
 *
 * @example
 * const scenario = defaultScenario()
 * evaluateRules(scenario, analyseScenario(scenario)).map((f) => [f.rule, f.effect])
 * // => [['demonstrate-not-specify', 'favour'], ['good-teacher-distill', 'favour'], ['format-guarantees', 'modify'], ['format-guarantees', 'modify']]
 */
export function evaluateRules(scenario: Scenario, analysis: Analysis): Finding[] {
  return RULES.flatMap((rule) => rule.evaluate(scenario, analysis))
}
