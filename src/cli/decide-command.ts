/** `payback decide [--scenario FILE] [--measured RUN.json] [--json]`; FILE may be a portfolio (a `tasks` array). */
import { dirname } from 'node:path'
import { analyseScenario } from '../breakeven/analysis.js'
import { decisionResult } from '../decide/result.js'
import { analysePortfolio } from '../portfolio/analyse.js'
import { portfolioResult } from '../portfolio/result.js'
import { validatePortfolio } from '../portfolio/validate.js'
import { invalidOption } from '../scenario/messages.js'
import { isPortfolio } from '../scenario/portfolio-schema.js'
import { readScenarioJson } from '../scenario/validate.js'
import { type CommandSpec, defaultsNote, JSON_OPTION, MEASURED_OPTION, measuredText, parseCommand, SCENARIO_OPTION, scenarioWithMeasurements, uncertaintyNote } from './args.js'
import { decisionText } from './decide-text.js'
import { UsageError } from './errors.js'
import { portfolioText } from './portfolio-text.js'

/** `decide`'s options: the table that parses them and prints `payback decide --help`. */
export const DECIDE_COMMAND: CommandSpec = {
  name: 'decide',
  summary: 'cost of prompt, rag, finetune, distill and distill+rag; breakeven volumes, payback months and the recommendation with its reasons. A portfolio file (a tasks array on one base model) gives each task\'s decision and the portfolio\'s: one deployment per task, one shared multi-LoRA fleet, or serverless LoRA.',
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
  const path = options.string('scenario')
  if (path !== undefined) {
    const raw = readScenarioJson(path)
    if (isPortfolio(raw)) {
      const measuredPath = options.string('measured')
      if (measuredPath !== undefined) throw new UsageError(invalidOption('--measured', measuredPath, 'not supported with a portfolio file: put the measured numbers in the task they belong to'))
      const decision = analysePortfolio(validatePortfolio(raw, path, dirname(path)))
      console.log(options.flag('json') ? JSON.stringify(portfolioResult(decision), null, 2) : portfolioText(decision))
      return
    }
  }
  const { validated, measured } = scenarioWithMeasurements(path, options.string('measured'))
  const result = decisionResult(analyseScenario(validated.point))
  if (options.flag('json')) {
    console.log(JSON.stringify({ ...result, uncertainInputs: validated.uncertain.map((u) => u.path), defaultsApplied: validated.defaultsApplied, ...(measured ? { measured } : {}) }, null, 2))
  } else {
    console.log(decisionText(result))
    for (const note of [measuredText(measured), uncertaintyNote(validated), defaultsNote(validated)]) if (note) console.log(`\n${note}`)
  }
}
