/** `payback report [--scenario FILE] [--out FILE] [--json]` */
import { resolve } from 'node:path'
import { analyseScenario } from '../breakeven/analysis.js'
import { decisionResult } from '../decide/result.js'
import { stressTests } from '../decide/stress.js'
import { writeFileAtomic } from '../io/atomic.js'
import { decisionReportHtml } from '../report/decision-report.js'
import { provenance } from '../provenance.js'
import { defaultsNote, parseOptions, scenarioFrom, uncertaintyNote } from './args.js'
import { decisionText } from './decide-text.js'

/** A file-name slug of a scenario name: `support-ticket triage` -> `support-ticket-triage`. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario'
}

/** Prints the decision and writes the HTML report atomically. */
export function runReport(args: string[]): void {
  const options = parseOptions(args, {
    scenario: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  })
  const validated = scenarioFrom(options.string('scenario'))
  const scenario = validated.point
  const analysis = analyseScenario(scenario)
  const result = decisionResult(analysis)
  const withTime = { ...result, provenance: provenance(scenario, { generatedAt: new Date().toISOString() }) }
  const out = resolve(options.string('out') ?? `reports/payback-${slug(scenario.name)}.html`)
  const stress = stressTests(scenario, result.recommendation.id)
  writeFileAtomic(out, decisionReportHtml(withTime, analysis, { stress, defaultsApplied: validated.defaultsApplied }))
  if (options.flag('json')) {
    console.log(JSON.stringify({ report: out, ...result, defaultsApplied: validated.defaultsApplied }, null, 2))
  } else {
    console.log(decisionText(result))
    for (const note of [uncertaintyNote(validated), defaultsNote(validated)]) if (note) console.log(`\n${note}`)
    console.log(`\nReport: ${out}`)
  }
}
