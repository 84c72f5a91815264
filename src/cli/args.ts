/**
 * Command-line parsing on node:util's parseArgs, with usage errors that exit 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { DEFAULT_SCENARIO_FILE, loadScenarioInputFile, type ValidatedScenario } from '../scenario/validate.js'
import { packagePath } from '../../kernel/paths.js'
import { UsageError } from './errors.js'

type Options = NonNullable<ParseArgsConfig['options']>

/** Parsed options: string values and boolean flags by name. */
export interface ParsedOptions {
  string(name: string): string | undefined
  flag(name: string): boolean
}

/** Parses `args` against `options`; unknown options and positionals are usage errors. */
export function parseOptions(args: string[], options: Options): ParsedOptions {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\.$/, ''))
  }
  return {
    string: (name) => (typeof values[name] === 'string' ? (values[name] as string) : undefined),
    flag: (name) => values[name] === true,
  }
}

/** The validated scenario from `--scenario FILE`, or the embedded default. */
export function scenarioFrom(path: string | undefined): ValidatedScenario {
  return loadScenarioInputFile(path ?? packagePath(DEFAULT_SCENARIO_FILE))
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

/**
 * A number option: parsed, finite, and within its rule, or a usage error naming the option.
 *
 * @example
 * numberOption('--rank', '16', { integer: true, min: 1 }) // => 16
 * numberOption('--rank', undefined) // => undefined (not given)
 * numberOption('--rank', '0', { integer: true, min: 1 }) // throws invalid --rank: "0" (must be >= 1)
 */
export function numberOption(name: string, value: string | undefined, rule: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  const bad = (why: string) => new UsageError(`invalid ${name}: ${JSON.stringify(value)} (${why})`)
  if (value.trim() === '' || !Number.isFinite(parsed)) throw bad('must be a number')
  if (rule.integer && !Number.isInteger(parsed)) throw bad('must be a whole number')
  if (rule.min !== undefined && (rule.exclusiveMin ? parsed <= rule.min : parsed < rule.min)) {
    throw bad(`must be ${rule.exclusiveMin ? '>' : '>='} ${rule.min}`)
  }
  if (rule.max !== undefined && parsed > rule.max) throw bad(`must be <= ${rule.max}`)
  return parsed
}
