/** `payback decide [--scenario FILE] [--measured RUN.json] [--json]` */
import { analyseScenario } from '../breakeven/analysis.js'
import { decisionResult } from '../decide/result.js'
import { type CommandSpec, defaultsNote, JSON_OPTION, MEASURED_OPTION, measuredText, parseCommand, SCENARIO_OPTION, scenarioWithMeasurements, uncertaintyNote } from './args.js'
import { decisionText } from './decide-text.js'

/** `decide`'s options: the table that parses them and prints `payback decide --help`. */
export const DECIDE_COMMAND: CommandSpec = {
  name: 'decide',
  summary: 'cost of prompt, rag, finetune, distill and distill+rag; breakeven volumes, payback months and the recommendation with its reasons.',
  options: {
    scenario: SCENARIO_OPTION,
    measured: MEASURED_OPTION,
    json: JSON_OPTION,
  },
}

/** Prints the decision for the scenario: an aligned table, or JSON with `--json`. */
export function runDecide(args: string[]): void {
  const options = parseCommand(DECIDE_COMMAND, args)
  if (!options) return
  const { validated, measured } = scenarioWithMeasurements(options.string('scenario'), options.string('measured'))
  const result = decisionResult(analyseScenario(validated.point))
  if (options.flag('json')) {
    console.log(JSON.stringify({ ...result, uncertainInputs: validated.uncertain.map((u) => u.path), defaultsApplied: validated.defaultsApplied, ...(measured ? { measured } : {}) }, null, 2))
  } else {
    console.log(decisionText(result))
    for (const note of [measuredText(measured), uncertaintyNote(validated), defaultsNote(validated)]) if (note) console.log(`\n${note}`)
  }
}
