/**
 * Command-line parsing on node:util's parseArgs, with usage errors that exit 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { overlayMeasurements, type AppliedMeasurements } from '../measured/overlay.js'
import { readExperimentRecord } from '../measured/read-record.js'
import { DEFAULT_SCENARIO_FILE, loadScenarioInputFile, readScenarioJson, validateScenarioInput, type ValidatedScenario } from '../scenario/validate.js'
import { formatNumber } from '../format.js'
import { packagePath } from '../../kernel/paths.js'
import { invalidOption } from '../scenario/messages.js'
import { isPortfolio } from '../scenario/portfolio-schema.js'
import { UsageError } from './errors.js'

/** One option of a command: how it parses, and how its help line reads. */
export interface OptionSpec {
  /** `string` takes a value; `boolean` is a flag. */
  type: 'string' | 'boolean'
  /** The value's name in help: `FILE`, `N`. */
  value?: string
  /** The value used when the option is not given; parsing applies it and help shows it. */
  default?: string
  /** A default that is computed (from the scenario, the machine), shown in help only. */
  defaultNote?: string
  /** What the option does, in a few words. */
  help: string
}

/** A command's options by long name: the one table that both parses them and prints `--help`. */
export type OptionTable = Record<string, OptionSpec>

/** A command as `--help` shows it: its name, synopsis line, summary and options. */
export interface CommandSpec {
  name: string
  /** What the command does, one or two sentences. */
  summary: string
  options: OptionTable
}

/** Parsed options: string values (the table's default when not given) and boolean flags by name. */
export interface ParsedOptions {
  string(name: string): string | undefined
  flag(name: string): boolean
  /** Whether the option was on the command line (not only its default). */
  given(name: string): boolean
}

const HELP: OptionSpec = { type: 'boolean', help: "this command's options" }

/**
 * Parses `args` against `options`; unknown options and positionals are usage errors. Every
 * command also takes `-h, --help` (read it with `flag('help')`).
 *
 * @example
 * const options = parseOptions(['--draws', '10'], { draws: { type: 'string', default: '100000', help: 'draws' }, seed: { type: 'string', default: '0', help: 'seed' } })
 * options.string('draws') // => '10'
 * options.string('seed') // => '0' (the default)
 * options.given('seed') // => false
 * parseOptions(['-h'], {}).flag('help') // => true
 */
export function parseOptions(args: string[], options: OptionTable): ParsedOptions {
  const config: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } }
  for (const [name, spec] of Object.entries(options)) config[name] = { type: spec.type }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>
  try {
    values = parseArgs({ args, options: config, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\.$/, ''))
  }
  return {
    string: (name) => (typeof values[name] === 'string' ? (values[name] as string) : options[name]?.default),
    flag: (name) => values[name] === true,
    given: (name) => values[name] !== undefined,
  }
}

/**
 * `payback <command> --help`: the command's options from the same table that parses them, each
 * with its default.
 *
 * @example
 * commandHelp({ name: 'simulate', summary: 'Monte Carlo.', options: { draws: { type: 'string', value: 'N', default: '100000', help: 'how many draws' } } }).split('\n')
 * // => ['payback simulate: Monte Carlo.', '', 'Options:', '  --draws N   how many draws (default: 100000)', '  -h, --help  this command\'s options']
 */
export function commandHelp(command: CommandSpec): string {
  const rows = Object.entries(command.options).map(([name, spec]) => {
    const shown = spec.default !== undefined ? spec.default : spec.defaultNote
    return [`--${name}${spec.value ? ` ${spec.value}` : ''}`, `${spec.help}${shown !== undefined ? ` (default: ${shown})` : ''}`]
  })
  rows.push(['-h, --help', HELP.help])
  const width = Math.max(...rows.map(([flag]) => flag!.length))
  return [`payback ${command.name}: ${command.summary}`, '', 'Options:', ...rows.map(([flag, text]) => `  ${flag!.padEnd(width)}  ${text}`)].join('\n')
}

/**
 * The options of `command` parsed from `args`, or `undefined` after printing the command's help
 * when `args` asks for it (`-h`, `--help`): the first line of every command.
 */
export function parseCommand(command: CommandSpec, args: string[]): ParsedOptions | undefined {
  const options = parseOptions(args, command.options)
  if (!options.flag('help')) return options
  console.log(commandHelp(command))
  return undefined
}

/** The validated scenario from `--scenario FILE`, or the embedded default. */
export function scenarioFrom(path: string | undefined): ValidatedScenario {
  return loadScenarioInputFile(path ?? packagePath(DEFAULT_SCENARIO_FILE))
}

/** `--scenario FILE` of the commands that read the embedded default scenario without it. */
export const SCENARIO_OPTION: OptionSpec = {
  type: 'string',
  value: 'FILE',
  defaultNote: `the embedded ${DEFAULT_SCENARIO_FILE}`,
  help: 'scenario JSON (schema: schemas/scenario.schema.json)',
}

/** `--json`: every command's machine-readable output. */
export const JSON_OPTION: OptionSpec = { type: 'boolean', help: 'machine-readable output on stdout' }

/** `--measured FILE`: the option every command that reads a scenario takes. */
export const MEASURED_OPTION: OptionSpec = {
  type: 'string',
  value: 'FILE',
  help: "an experiment record written by `payback distill`: its measured numbers replace the scenario's assumptions",
}

/**
 * The validated scenario from `--scenario FILE` (or `fallback`), with the measurements of
 * `--measured FILE` written over its assumptions when given (see `overlayMeasurements`); the
 * overlaid scenario is validated like any other, so a measurement outside a field's range is
 * refused with its path.
 */
export function scenarioWithMeasurements(scenarioPath: string | undefined, measuredPath: string | undefined, fallback: string = DEFAULT_SCENARIO_FILE): { validated: ValidatedScenario; measured: AppliedMeasurements | null } {
  const path = scenarioPath ?? packagePath(fallback)
  if (scenarioPath !== undefined && isPortfolio(readScenarioJson(path))) {
    throw new UsageError(invalidOption('--scenario', path, 'a portfolio file (a tasks array): payback decide takes it; this command takes a single scenario'))
  }
  if (measuredPath === undefined) return { validated: loadScenarioInputFile(path), measured: null }
  if (measuredPath.trim() === '') throw new UsageError(invalidOption('--measured', measuredPath, 'must name a file'))
  const record = readExperimentRecord(measuredPath)
  const overlay = overlayMeasurements(readScenarioJson(path), record)
  const validated = validateScenarioInput(overlay.scenario, `${path} with the measurements of ${measuredPath}`)
  return { validated, measured: { file: measuredPath, run: record.id, inputs: overlay.inputs, notes: overlay.notes } }
}

/** `0.78` or a distribution, as a short text: `Beta(780, 220)`. */
function shownInput(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value, 4)
  if (typeof value === 'object' && value !== null && (value as { dist?: unknown }).dist === 'beta') {
    const beta = value as { alpha: number; beta: number }
    return `Beta(${beta.alpha}, ${beta.beta})`
  }
  return JSON.stringify(value)
}

/**
 * The lines that say which inputs were measured: each field, the assumption it replaced, the
 * measured value with its interval and sample size, then the notes; `''` when nothing was measured.
 *
 * @example
 * measuredText({ file: 'run.json', run: 'abc', notes: ['a note'], inputs: [{ path: '/adaptation/teacherPassRate', assumed: 0.85, input: { dist: 'beta', alpha: 780, beta: 220 }, value: 0.78, interval: { lower: 0.7533, upper: 0.8046, confidence: 0.95, method: 'wilson' }, n: 1000, what: 'teacher outputs that passed the filter', run: 'abc' }] }).split('\n')
 * // => ['Measured (run abc, run.json); every other input is assumed:', '  /adaptation/teacherPassRate  0.85 -> 0.78 [0.7533, 0.8046] (95 % wilson, n = 1,000: teacher outputs that passed the filter; in the scenario as Beta(780, 220))', '  note: a note']
 */
export function measuredText(measured: AppliedMeasurements | null): string {
  if (!measured || measured.inputs.length === 0) return ''
  const width = Math.max(...measured.inputs.map((input) => input.path.length))
  const lines = measured.inputs.map((input) => {
    const interval = input.interval ? ` [${formatNumber(input.interval.lower, 4)}, ${formatNumber(input.interval.upper, 4)}] (${Math.round(input.interval.confidence * 100)} % ${input.interval.method}, ` : ' ('
    const form = typeof input.input === 'number' ? '' : `; in the scenario as ${shownInput(input.input)}`
    return `  ${input.path.padEnd(width)}  ${shownInput(input.assumed)} -> ${formatNumber(input.value, 4)}${interval}n = ${input.n.toLocaleString('en-US')}: ${input.what}${form})`
  })
  return [`Measured (run ${measured.run}, ${measured.file}); every other input is assumed:`, ...lines, ...measured.notes.map((note) => `  note: ${note}`)].join('\n')
}

/** A line saying the decision used the means of the scenario's distributions, or '' when it has none. */
export function uncertaintyNote(validated: ValidatedScenario): string {
  const n = validated.uncertain.length
  if (n === 0) return ''
  return `Note: ${n} input${n === 1 ? ' is a distribution' : 's are distributions'} (${validated.uncertain.map((u) => u.path).join(', ')}); this decision uses their means. Run \`payback simulate\` for the spread.`
}

/**
 * A line naming the defaults validation filled in for fields the scenario leaves out, or `''`
 * when there were none.
 *
 * @example
 * defaultsNote({ defaultsApplied: [{ path: '/frontier/priceChangePerMonth', value: 0 }] }) // => 'Defaults used for fields the scenario leaves out: /frontier/priceChangePerMonth = 0'
 */
export function defaultsNote(validated: Pick<ValidatedScenario, 'defaultsApplied'>): string {
  if (validated.defaultsApplied.length === 0) return ''
  return `Defaults used for fields the scenario leaves out: ${validated.defaultsApplied.map((d) => `${d.path} = ${JSON.stringify(d.value)}`).join(', ')}`
}

/** A number in plain decimal, optionally scientific, notation: `12`, `-0.5`, `1e5`; not `0x10`, `0b1`, `Infinity`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * A number option: written in plain decimal (or scientific) notation, finite, and within its
 * rule, or a usage error naming the option, the value and the rule.
 *
 * @example
 * numberOption('--rank', '16', { integer: true, min: 1 }) // => 16
 * numberOption('--draws', '1e5', { integer: true, min: 1 }) // => 100000
 * numberOption('--rank', undefined) // => undefined (not given)
 * numberOption('--rank', '0', { integer: true, min: 1 }) // throws invalid --rank: "0" (must be >= 1)
 * numberOption('--draws', '0x10', { integer: true, min: 1 }) // throws invalid --draws: "0x10" (must be written in decimal, e.g. 16 or 1e5)
 */
export function numberOption(name: string, value: string | undefined, rule: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  const bad = (why: string) => new UsageError(invalidOption(name, value, why))
  if (value.trim() === '' || Number.isNaN(parsed)) throw bad('must be a number')
  if (!DECIMAL.test(value.trim())) throw bad('must be written in decimal, e.g. 16 or 1e5')
  if (!Number.isFinite(parsed)) throw bad('must be a finite number')
  if (rule.integer && !Number.isInteger(parsed)) throw bad('must be a whole number')
  if (rule.min !== undefined && (rule.exclusiveMin ? parsed <= rule.min : parsed < rule.min)) {
    throw bad(`must be ${rule.exclusiveMin ? '>' : '>='} ${rule.min}`)
  }
  if (rule.max !== undefined && parsed > rule.max) throw bad(`must be <= ${rule.max}`)
  return parsed
}
