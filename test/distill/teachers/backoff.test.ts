// backoffDelayMs(retry, base, max, random) and retryAfterMs(header, now, cap).
import { describe, expect, it } from 'vitest'
import { backoffDelayMs, retryAfterMs } from '../../../src/distill/index.js'

describe('backoffDelayMs(retry, baseDelayMs, maxDelayMs, random)', () => {
  it('draws uniformly below min(cap, base x 2^(retry - 1)): full jitter', () => {
    // random 0.999: just below the ceiling 500 x 2^(3-1) = 2000
    expect(backoffDelayMs(3, 500, 30_000, () => 0.999)).toBeCloseTo(1998, 9)
    expect(backoffDelayMs(3, 500, 30_000, () => 0)).toBe(0)
    // ceiling min(30000, 500 x 2^9 = 256000) = 30000
    expect(backoffDelayMs(10, 500, 30_000, () => 0.5)).toBe(15_000)
    expect(backoffDelayMs(1000, 500, 30_000, () => 0.5)).toBe(15_000)
  })
})

describe('retryAfterMs(header, nowMs, capMs)', () => {
  it('reads seconds and HTTP dates, caps them, and ignores anything else', () => {
    expect(retryAfterMs('0', 0, 60_000)).toBe(0)
    expect(retryAfterMs(' 2 ', 0, 60_000)).toBe(2000)
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', now, 60_000)).toBe(30_000)
    expect(retryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now, 60_000)).toBe(0)
    expect(retryAfterMs('Wed, 21 Oct 2015 09:28:00 GMT', now, 60_000)).toBe(60_000)
    expect(retryAfterMs('-1', 0, 60_000)).toBeUndefined()
    expect(retryAfterMs('', 0, 60_000)).toBeUndefined()
    expect(retryAfterMs(undefined, 0, 60_000)).toBeUndefined()
  })
})
