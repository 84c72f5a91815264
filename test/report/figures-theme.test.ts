// The plain-unit axes every figure uses (src/report/theme.ts): tick values and labels written
// out by hand for known ranges.
import { describe, expect, it } from 'vitest'
import { extentWithZero, linearTickValues, logAxis, logTickValues, plainUnitLabel, positiveExtent, usdAxis } from '../../src/report/theme.js'

describe('plainUnitLabel(value, unit)', () => {
  it('writes counts with k, M, B, T and money with $ in front', () => {
    expect([1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e12].map((v) => plainUnitLabel(v, 'volume'))).toEqual([
      '1', '10', '100', '1k', '10k', '100k', '1M', '10M', '100M', '1B', '10B', '1T',
    ])
    expect([100, 1e3, 1e4, 1e6].map((v) => plainUnitLabel(v, 'usd'))).toEqual(['$100', '$1k', '$10k', '$1M'])
  })
  it('keeps 3 significant digits, drops trailing zeros, and writes cents and signs', () => {
    expect(plainUnitLabel(2_500_000, 'volume')).toBe('2.5M')
    expect(plainUnitLabel(2_620_000, 'volume')).toBe('2.62M')
    expect(plainUnitLabel(999, 'volume')).toBe('999')
    expect(plainUnitLabel(0.02, 'usd')).toBe('$0.02')
    expect(plainUnitLabel(0, 'usd')).toBe('$0')
    expect(plainUnitLabel(-5_000, 'usd')).toBe('-$5k')
  })
})

describe('logTickValues(from, to)', () => {
  it('steps by decade from the decade at or below from to the one at or above to', () => {
    // 26,150 .. 50,000,000: 50M / 26,150 = 1,912, 3 decades or more: decades only, 10^4 .. 10^8
    expect(logTickValues(26_150, 50_000_000)).toEqual([1e4, 1e5, 1e6, 1e7, 1e8])
    // exact decades are their own bounds
    expect(logTickValues(1_000, 1_000_000)).toEqual([1e3, 1e4, 1e5, 1e6])
  })
  it('adds 2 and 5 within each decade when to / from is under 1000', () => {
    // 261,501 .. 50,000,000: 50M / 261,501 = 191
    expect(logTickValues(261_501, 50_000_000)).toEqual([1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8])
    expect(logTickValues(150, 4_000)).toEqual([100, 200, 500, 1_000, 2_000, 5_000, 10_000])
    // a range inside one decade still gets the decade on either side
    expect(logTickValues(3, 3)).toEqual([1, 2, 5, 10])
    // below 1: exact decimals, no floating-point dust
    expect(logTickValues(0.03, 0.4)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1])
  })
  it('refuses a range that cannot be on a log axis', () => {
    expect(() => logTickValues(0, 10)).toThrow('invalid from: 0 (must be > 0)')
    expect(() => logTickValues(10, 5)).toThrow('invalid to: 5 (must be >= 10)')
    expect(() => logTickValues(1, Infinity)).toThrow('invalid to: Infinity (must be a finite number)')
  })
})

describe('logAxis(unit, from, to)', () => {
  it('labels volume ticks 1k, 10k, 100k, 1M, 10M', () => {
    expect(logAxis('volume', 1_000, 10_000_000)).toEqual({
      type: 'log',
      tickmode: 'array',
      tickvals: [1e3, 1e4, 1e5, 1e6, 1e7],
      ticktext: ['1k', '10k', '100k', '1M', '10M'],
    })
  })
  it('labels money ticks $100, $1k, $10k, $100k, $1M', () => {
    expect(logAxis('usd', 100, 1_000_000).ticktext).toEqual(['$100', '$1k', '$10k', '$100k', '$1M'])
    expect(logAxis('usd', 300, 9_000).ticktext).toEqual(['$100', '$200', '$500', '$1k', '$2k', '$5k', '$10k'])
  })
  it('writes billions as B, where plotly\'s SI format writes G', () => {
    expect(logAxis('volume', 1e8, 1e11).ticktext).toEqual(['100M', '1B', '10B', '100B'])
  })
})

describe('linearTickValues(from, to)', () => {
  it('steps by 1, 2 or 5 x a power of ten, about 5 intervals, covering the range', () => {
    // 0 .. 450,000: 450,000 / 5 = 90,000 -> step 100,000
    expect(linearTickValues(0, 450_000)).toEqual([0, 100_000, 200_000, 300_000, 400_000, 500_000])
    // 0 .. 1,300,000: 260,000 -> step 500,000
    expect(linearTickValues(0, 1_300_000)).toEqual([0, 500_000, 1_000_000, 1_500_000])
    // 0 .. 0.0042 a request: 0.00084 -> step 0.001, exact decimals
    expect(linearTickValues(0, 0.0042)).toEqual([0, 0.001, 0.002, 0.003, 0.004, 0.005])
    // a range across zero, and a range of one value
    expect(linearTickValues(-30, 70)).toEqual([-40, -20, 0, 20, 40, 60, 80])
    expect(linearTickValues(0, 0)).toEqual([0])
  })
  it('refuses a reversed or non-finite range', () => {
    expect(() => linearTickValues(5, 1)).toThrow('invalid to: 1 (must be >= 5)')
    expect(() => linearTickValues(NaN, 1)).toThrow('invalid from: NaN (must be a finite number)')
  })
})

describe('usdAxis(from, to)', () => {
  it('labels money ticks $0, $200k, ... $1M, not plotly\'s 200k or $0.8M', () => {
    expect(usdAxis(0, 950_000)).toEqual({
      tickmode: 'array',
      tickvals: [0, 200_000, 400_000, 600_000, 800_000, 1_000_000],
      ticktext: ['$0', '$200k', '$400k', '$600k', '$800k', '$1M'],
    })
    expect(usdAxis(-120_000, 80_000).ticktext).toEqual(['-$150k', '-$100k', '-$50k', '$0', '$50k', '$100k'])
    expect(usdAxis(0, 0.031).ticktext).toEqual(['$0', '$0.01', '$0.02', '$0.03', '$0.04'])
  })
})

describe('extentWithZero(values)', () => {
  it('spans zero and every finite value', () => {
    expect(extentWithZero([5, 2, NaN, 40])).toEqual([0, 40])
    expect(extentWithZero([-3, Infinity])).toEqual([-3, 0])
    expect(extentWithZero([])).toEqual([0, 0])
  })
})

describe('positiveExtent(values)', () => {
  it('skips zeros, negatives and non-finite values', () => {
    expect(positiveExtent([0, 5, NaN, 2, Infinity, -3, 40])).toEqual([2, 40])
    expect(positiveExtent(Float64Array.from([3]))).toEqual([3, 3])
    expect(positiveExtent([])).toBeUndefined()
  })
})
