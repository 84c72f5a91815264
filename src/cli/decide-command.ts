/** `payback decide [--scenario FILE] [--json]` */
import { decisionResult } from '../decide/result.js'
import { parseOptions, scenarioFrom } from './args.js'
import { decisionText } from './decide-text.js'

/** Prints the decision for the scenario: an aligned table, or JSON with `--json`. */
export function runDecide(args: string[]): void {
  const options = parseOptions(args, { scenario: { type: 'string' }, json: { type: 'boolean', default: false } })
  const result = decisionResult(scenarioFrom(options.string('scenario')))
  console.log(options.flag('json') ? JSON.stringify(result, null, 2) : decisionText(result))
}
