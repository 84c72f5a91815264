/**
 * Every message the distributions give for bad parameters, in one place. A problem names the
 * parameter, the rule and the bad value; {@link problemMessage} turns it into
 * `invalid triangular at /task/monthlyGrowth: min 0.1 > mode 0.05 (must be min <= mode <= max)`
 * (no trailing period). The scenario layer reuses the same problems, adding the JSON path.
 */

/** One broken rule in a distribution's parameters. */
export interface ParameterProblem {
  /** The parameter at fault (`sigma`, `truncate`), or undefined when several are (min > mode). */
  field: string | undefined
  /** The rule in words: `triangular requires min <= mode <= max`, `sigma must be > 0`. */
  rule: string
  /** The offending value(s): a number, or an object of the parameters involved. */
  value: unknown
  /** The bad values and the rule, for the message: `min 0.1 > mode 0.05 (must be min <= mode <= max)`. */
  detail: string
}

/**
 * `invalid <kind>[ at <path>]: <detail>`.
 *
 * @example
 * problemMessage('lognormal', { field: 'sigma', rule: 'sigma must be > 0', value: 0, detail: 'sigma 0 (must be > 0)' }, '/task/x')
 * // => 'invalid lognormal at /task/x: sigma 0 (must be > 0)'
 */
export function problemMessage(kind: string, problem: ParameterProblem, path?: string): string {
  return `invalid ${kind}${path === undefined || path === '' ? '' : ` at ${path}`}: ${problem.detail}`
}

/**
 * Thrown by a distribution's constructor for bad parameters; `message` has one line per problem.
 *
 * @example
 * normal(0, -1) // throws invalid normal: sd -1 (must be > 0)
 * let rules: string[] = []
 * try { normal(0, -1) } catch (e) { rules = (e as DistributionError).problems.map((p) => p.rule) }
 * rules // => ['sd must be > 0']
 */
export class DistributionError extends RangeError {
  readonly kind: string
  readonly problems: ParameterProblem[]
  constructor(kind: string, problems: ParameterProblem[]) {
    super(problems.map((problem) => problemMessage(kind, problem)).join('\n'))
    this.name = 'DistributionError'
    this.kind = kind
    this.problems = problems
  }
}

/**
 * Throws a {@link DistributionError} when `problems` is not empty.
 *
 * @throws {DistributionError} naming each bad parameter and value
 * @example
 * throwIfProblems('normal', checkNormal(0, 1)) // => undefined
 * throwIfProblems('normal', checkNormal(0, 0)) // throws invalid normal: sd 0 (must be > 0)
 */
export function throwIfProblems(kind: string, problems: ParameterProblem[]): void {
  if (problems.length > 0) throw new DistributionError(kind, problems)
}

/**
 * `<field> <value> (must be a finite number)` when `value` is not a finite number.
 *
 * @example
 * notFinite('sd', Number.NaN)?.detail // => 'sd NaN (must be a finite number)'
 * notFinite('sd', 1) // => undefined
 */
export function notFinite(field: string, value: unknown): ParameterProblem | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return undefined
  return { field, rule: `${field} must be a finite number`, value, detail: `${field} ${String(value)} (must be a finite number)` }
}

/**
 * Finiteness problems of several named parameters, in order.
 *
 * @example
 * notFiniteAll({ min: 0, max: Infinity }).map((p) => p.field) // => ['max']
 */
export function notFiniteAll(values: Record<string, unknown>): ParameterProblem[] {
  const problems: ParameterProblem[] = []
  for (const [field, value] of Object.entries(values)) {
    const problem = notFinite(field, value)
    if (problem) problems.push(problem)
  }
  return problems
}

/**
 * `<field> <value> (must be > 0)` when the (finite) `value` is not positive.
 *
 * @example
 * notPositive('sigma', 0)?.detail // => 'sigma 0 (must be > 0)'
 */
export function notPositive(field: string, value: number, rule = `${field} must be > 0`): ParameterProblem | undefined {
  if (value > 0) return undefined
  return { field, rule, value, detail: `${field} ${value} (must be > 0)` }
}

/**
 * `min 3 > max 1 (must be min < max)` for a distribution whose support is [min, max].
 *
 * @example
 * notIncreasing('uniform', 3, 1)?.rule // => 'uniform requires min < max'
 */
export function notIncreasing(kind: string, min: number, max: number): ParameterProblem | undefined {
  if (min < max) return undefined
  return {
    field: undefined,
    rule: `${kind} requires min < max`,
    value: { min, max },
    detail: `min ${min} ${min === max ? '=' : '>'} max ${max} (must be min < max)`,
  }
}

/**
 * Problems of (min, mode, max) for triangular and PERT: min < max and min <= mode <= max.
 *
 * @example
 * modeProblems('triangular', 0.1, 0.05, 0.2)[0].detail // => 'min 0.1 > mode 0.05 (must be min <= mode <= max)'
 */
export function modeProblems(kind: string, min: number, mode: number, max: number): ParameterProblem[] {
  const rule = `${kind} requires min <= mode <= max`
  const value = { min, mode, max }
  const ordered = notIncreasing(kind, min, max)
  if (ordered) return [{ ...ordered, value }]
  if (mode < min) return [{ field: undefined, rule, value, detail: `min ${min} > mode ${mode} (must be min <= mode <= max)` }]
  if (mode > max) return [{ field: undefined, rule, value, detail: `mode ${mode} > max ${max} (must be min <= mode <= max)` }]
  return []
}

/** Rules of a truncation `{min?, max?}`. */
export const truncationRules = {
  order: 'truncation min must be < max',
  mass: 'truncation must keep some probability',
  fixed: 'truncation must contain the fixed value',
} as const
