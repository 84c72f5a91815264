/** `payback decide [--scenario FILE] [--json]` */
import { analyseScenario } from '../breakeven/analysis.js'
import { decisionResult } from '../decide/result.js'
import { defaultsNote, parseOptions, scenarioFrom, uncertaintyNote } from './args.js'
import { decisionText } from './decide-text.js'

/** Prints the decision for the scenario: an aligned table, or JSON with `--json`. */
export function runDecide(args: string[]): void {
  const options = parseOptions(args, { scenario: { type: 'string' }, json: { type: 'boolean', default: false } })
  const validated = scenarioFrom(options.string('scenario'))
  const result = decisionResult(analyseScenario(validated.point))
  if (options.flag('json')) {
    console.log(JSON.stringify({ ...result, uncertainInputs: validated.uncertain.map((u) => u.path), defaultsApplied: validated.defaultsApplied }, null, 2))
  } else {
    console.log(decisionText(result))
    for (const note of [uncertaintyNote(validated), defaultsNote(validated)]) if (note) console.log(`\n${note}`)
  }
}
