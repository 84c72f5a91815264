/**
 * How long to wait before a retry: exponential backoff with full jitter, or what the server's
 * `retry-after` asks for.
 */
import { checkNumber } from '../../scenario/check-number.js'

/**
 * The wait before retry number `retry` (1 for the first retry), ms: "full jitter", a uniform
 * draw in [0, min(maxDelayMs, baseDelayMs x 2^(retry - 1))), so clients that failed together
 * do not retry together (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 * `random` returns numbers in [0, 1) (Math.random or a seeded source).
 *
 * @throws {InvalidArgumentError} for a retry below 1 or a negative delay: `invalid retry: 0 (must be >= 1)`
 * @example
 * backoffDelayMs(1, 100, 10_000, () => 0.5) // => 50 (0.5 x 100 x 2^0)
 * backoffDelayMs(4, 100, 10_000, () => 0.5) // => 400 (0.5 x 100 x 2^3)
 * backoffDelayMs(20, 100, 10_000, () => 0.5) // => 5000 (0.5 x the 10,000 ms cap)
 * backoffDelayMs(0, 100, 10_000, Math.random) // throws invalid retry: 0 (must be >= 1)
 */
export function backoffDelayMs(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  checkNumber('retry', retry, { min: 1, integer: true })
  checkNumber('baseDelayMs', baseDelayMs, { min: 0 })
  checkNumber('maxDelayMs', maxDelayMs, { min: 0 })
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(retry - 1, 52))
  return random() * ceiling
}

/**
 * The wait a `retry-after` header asks for, ms, capped at `capMs`: the header holds either
 * seconds (`0.2`, `120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, measured from
 * `nowMs`; a date in the past means 0). Undefined when there is no header or it is neither
 * (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after; fractional seconds are accepted
 * because some servers send them).
 *
 * @example
 * retryAfterMs('0.2', 0, 60_000) // => 200
 * retryAfterMs('120', 0, 60_000) // => 60000 (capped)
 * retryAfterMs('Thu, 01 Jan 1970 00:00:05 GMT', 1_000, 60_000) // => 4000
 * retryAfterMs('soon', 0, 60_000) // => undefined
 * retryAfterMs(null, 0, 60_000) // => undefined
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number, capMs: number): number | undefined {
  if (header === null || header === undefined) return undefined
  const text = header.trim()
  let waitMs: number
  if (/^\d+(\.\d+)?$/.test(text)) waitMs = Number(text) * 1000
  else {
    const at = Date.parse(text)
    if (!Number.isFinite(at) || !/[a-zA-Z]/.test(text)) return undefined
    waitMs = Math.max(0, at - nowMs)
  }
  return Math.min(waitMs, capMs)
}
