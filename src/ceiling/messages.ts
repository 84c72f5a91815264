/**
 * Every rule the quality-ceiling statistics state for a bad argument, in one place (the part in
 * parentheses of `invalid <name>: <value> (<rule>)`). They are thrown as InvalidArgumentError,
 * which the CLI maps to exit code 2. Numbers are checked with `checkNumber` in its own words.
 */

/**
 * The rules broken by bad arguments, in words.
 *
 * @example
 * ceilingRules.sameLength('confidences', 3) // => 'must have the same length as confidences (3)'
 */
export const ceilingRules = {
  array: (what: string) => `must be an array of ${what}`,
  nonEmpty: (what: string) => `must hold at least one ${what}`,
  sameLength: (other: string, otherLength: number) => `must have the same length as ${other} (${otherLength})`,
  boolean: 'must be true or false',
  group: 'must be a non-empty string',
  strategy: 'must be "uniform" or "quantile"',
  thresholdOrder: (t1: number) => `must be <= t1 (${t1}): the teacher band lies between t2 and t1`,
} as const
