/** `payback report [--scenario FILE] [--measured RUN.json] [--out FILE] [--json]` */
import { existsSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { chromiumPath, printReportPdf, type Paper } from '../report/pdf.js'
import { analyseScenario } from '../breakeven/analysis.js'
import { decisionResult } from '../decide/result.js'
import { stressTests } from '../decide/stress.js'
import { writeFileAtomic } from '../io/atomic.js'
import { slug } from '../format.js'
import { decisionReportHtml } from '../report/decision-report.js'
import { provenance } from '../provenance.js'
import { fileSystemReason, invalidOption, rules } from '../scenario/messages.js'
import { type CommandSpec, defaultsNote, JSON_OPTION, MEASURED_OPTION, measuredText, parseCommand, SCENARIO_OPTION, scenarioWithMeasurements, uncertaintyNote } from './args.js'
import { decisionText } from './decide-text.js'
import { UsageError } from './errors.js'


/** `report`'s options: the table that parses them and prints `payback report --help`. */
export const REPORT_COMMAND: CommandSpec = {
  name: 'report',
  summary: 'the decision table, and a self-contained HTML report (opens offline).',
  options: {
    scenario: SCENARIO_OPTION,
    measured: MEASURED_OPTION,
    out: { type: 'string', value: 'FILE', defaultNote: 'reports/payback-<scenario name>.html', help: 'where the HTML report goes (written atomically)' },
    pdf: { type: 'boolean', help: 'also print the report to a PDF beside the HTML (same name, .pdf) through headless Chromium: controls hidden, each section on a new page' },
    paper: { type: 'string', value: 'a4|letter', default: 'a4', help: 'the PDF\'s paper size' },
    json: JSON_OPTION,
  },
}

/**
 * Writes a command's output file (`--out`) atomically, turning a file-system mistake (a read-only
 * folder, a directory, a path under a file) into a usage error naming `--out`, the path and what
 * is wrong. `report` writes its HTML through it, `distill` its experiment record.
 */
export function writeOutFile(out: string, contents: string): void {
  try {
    writeFileAtomic(out, contents)
  } catch (error) {
    const reason = fileSystemReason(error)
    if (reason === undefined) throw error
    throw new UsageError(invalidOption('--out', out, rules.cannotWrite(reason)))
  }
}

/** Prints the decision and writes the HTML report atomically (and with --pdf the printed PDF). */
export async function runReport(args: string[]): Promise<void> {
  const options = parseCommand(REPORT_COMMAND, args)
  if (!options) return
  const outOption = options.string('out')
  const paper = options.string('paper') ?? 'a4'
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(invalidOption('--paper', paper, 'one of a4, letter'))
  if (outOption !== undefined && outOption.trim() === '') throw new UsageError(invalidOption('--out', outOption, rules.emptyPath))
  const { validated, measured } = scenarioWithMeasurements(options.string('scenario'), options.string('measured'))
  const scenario = validated.point
  const analysis = analyseScenario(scenario)
  const result = decisionResult(analysis)
  const withTime = { ...result, provenance: provenance(scenario, { generatedAt: new Date().toISOString() }) }
  const out = resolve(outOption ?? `reports/payback-${slug(scenario.name)}.html`)
  const stress = stressTests(scenario, result.recommendation.id)
  const scenarioPath = options.string('scenario')
  const html = decisionReportHtml(withTime, analysis, {
    stress,
    defaultsApplied: validated.defaultsApplied,
    measured,
    // What the page saves: the scenario as validated (its distributions kept, measurements applied).
    scenarioInput: validated.input,
    scenarioFileName: scenarioPath === undefined ? `${slug(scenario.name)}.json` : basename(scenarioPath),
    command: ['payback', 'report', ...args].join(' '),
  })
  const pdf = options.flag('pdf') ? out.replace(/\.html?$/i, '') + '.pdf' : null
  if (options.flag('json')) {
    writeOutFile(out, html)
    if (pdf) await printPdf(out, pdf, paper)
    console.log(JSON.stringify({ report: out, ...(pdf ? { pdf } : {}), ...result, defaultsApplied: validated.defaultsApplied, ...(measured ? { measured } : {}) }, null, 2))
    return
  }
  // The table first: when the report cannot be written, the decision is still on the screen.
  console.log(decisionText(result))
  for (const note of [measuredText(measured), uncertaintyNote(validated), defaultsNote(validated)]) if (note) console.log(`\n${note}`)
  writeOutFile(out, html)
  console.log(`\nReport: ${out} (live: move the what-if controls; print it, or run with --pdf)`)
  if (pdf) {
    await printPdf(out, pdf, paper)
    console.log(`PDF: ${pdf}`)
  }
}

/** Prints the written report to `pdf`; a missing Chromium or an unwritable path is a usage error naming --pdf. */
async function printPdf(html: string, pdf: string, paper: Paper): Promise<void> {
  if (!existsSync(chromiumPath())) throw new UsageError(invalidOption('--pdf', pdf, `needs Chromium at ${chromiumPath()}: apt-get install chromium (npm run setup does), or set PAYBACK_CHROMIUM`))
  try {
    await printReportPdf(html, pdf, paper)
  } catch (error) {
    const reason = fileSystemReason(error)
    if (reason === undefined) throw error
    throw new UsageError(invalidOption('--pdf', pdf, rules.cannotWrite(reason)))
  }
}
