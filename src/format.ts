/**
 * Number formatting shared by formulas, tables and reports (en-US, fixed so output is the same
 * on every machine).
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** `1,234,567` */
export function formatCount(value: number): string {
  return grouped.format(value)
}

// One formatter per number of digits: building an Intl.NumberFormat costs ~0.1 ms, and cost
// formulas format thousands of numbers while the decision searches (decide took 0.18 s more).
const fractional = new Map<number, Intl.NumberFormat>()

/** Tokens or counts that may be fractional averages: `1,850` or `2.5`. */
export function formatNumber(value: number, digits = 2): string {
  if (Number.isInteger(value)) return grouped.format(value)
  let formatter = fractional.get(digits)
  if (!formatter) fractional.set(digits, (formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })))
  return formatter.format(value)
}

/**
 * USD with a precision that suits the size: `$1.23T`, `$83.08B`, `$12.35M`, `$45,678`, `$12.35`,
 * `$0.001235`.
 *
 * @example
 * formatUSD(3.6e12) // => '$3.60T' (a trillion and up: trillions)
 * formatUSD(3.63e40) // => '$3.63e+40' (a quadrillion and up: powers of ten, where suffixes stop helping)
 * formatUSD(83_082_140_000) // => '$83.08B' (a billion and up: billions, 2 decimals)
 * formatUSD(12_345_678) // => '$12.35M' (10 million and up: millions, 2 decimals)
 * formatUSD(45_678.4) // => '$45,678' (1,000 and up: whole dollars, grouped)
 * formatUSD(12.3456) // => '$12.35'
 * formatUSD(0.00123456) // => '$0.001235' (below $1: 4 significant digits)
 * formatUSD(-2.5) // => '-$2.50'
 * formatUSD(0) // => '$0'
 */
export function formatUSD(value: number): string {
  const sign = value < 0 ? '-' : ''
  const abs = Math.abs(value)
  if (abs >= 1e15) return `${sign}$${abs.toExponential(2)}`
  if (abs >= 1e12) return `${sign}$${(abs / 1e12).toFixed(2)}T`
  if (abs >= 1e9) return `${sign}$${(abs / 1e9).toFixed(2)}B`
  if (abs >= 10_000_000) return `${sign}$${(abs / 1e6).toFixed(2)}M`
  if (abs >= 1000) return `${sign}$${grouped.format(Math.round(abs))}`
  if (abs >= 1) return `${sign}$${abs.toFixed(2)}`
  if (abs === 0) return '$0'
  return `${sign}$${abs.toPrecision(4)}`
}

/** `$2.00/MTok` */
export function formatPerMTok(value: number): string {
  return `$${value.toFixed(value < 0.1 ? 3 : 2)}/MTok`
}

/** `12.5 %` from a fraction. */
export function formatPercent(fraction: number, digits = 1): string {
  return `${Number((fraction * 100).toFixed(digits))} %`
}

/**
 * A measured rate with its interval, as percentages: `95 % [93 %, 96.4 %]`.
 *
 * @example
 * formatPercentWithInterval({ value: 0.95, lower: 0.93, upper: 0.9641 }) // => '95 % [93 %, 96.4 %]'
 */
export function formatPercentWithInterval(rate: { value: number; lower: number; upper: number }, digits = 1): string {
  return `${formatPercent(rate.value, digits)} [${formatPercent(rate.lower, digits)}, ${formatPercent(rate.upper, digits)}]`
}

/**
 * Requests per month: `2.00M/month`, `350k/month`; trillions as T, and powers of ten beyond.
 *
 * @example
 * formatVolume(2e6) // => '2.00M/month'
 * formatVolume(3.6e12) // => '3.60T/month'
 * formatVolume(3.63e31) // => '3.63e+31/month'
 */
export function formatVolume(requestsPerMonth: number): string {
  if (requestsPerMonth >= 1e15) return `${requestsPerMonth.toExponential(2)}/month`
  if (requestsPerMonth >= 1e12) return `${(requestsPerMonth / 1e12).toFixed(2)}T/month`
  if (requestsPerMonth >= 1e9) return `${(requestsPerMonth / 1e9).toFixed(2)}B/month`
  if (requestsPerMonth >= 1e6) return `${(requestsPerMonth / 1e6).toFixed(2)}M/month`
  if (requestsPerMonth >= 1e3) return `${(requestsPerMonth / 1e3).toFixed(1)}k/month`
  return `${requestsPerMonth.toFixed(0)}/month`
}

/**
 * A file-name slug of a name: `support-ticket triage` -> `support-ticket-triage`.
 *
 * @example
 * slug('support-ticket triage') // => 'support-ticket-triage'
 * slug('!!!') // => 'scenario'
 */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario'
}
