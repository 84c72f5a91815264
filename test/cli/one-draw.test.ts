// A standard error needs at least 2 draws. With 1, the text says n/a (test/cli/input-errors) and
// the JSON carries null with a note, never a standard error of 0.
import { describe, expect, it } from 'vitest'
import { payback } from '../helpers/cli.js'

describe('simulate --draws 1 --json', () => {
  it('gives every standard error as null and says why; 2 draws give numbers', () => {
    const one = payback(['simulate', '--draws', '1', '--json'])
    expect(one.code, one.stderr).toBe(0)
    const json = JSON.parse(one.stdout)
    expect(json.standardErrors).toBe('n/a: undefined below 2 draws (null below)')
    const errors = [...one.stdout.matchAll(/"(\w*standardError)": ([^,\n}]+)/gi)].map((m) => m[2])
    expect(errors.length).toBeGreaterThan(100)
    expect(new Set(errors)).toEqual(new Set(['null']))
    const two = JSON.parse(payback(['simulate', '--draws', '2', '--json']).stdout)
    expect(two.standardErrors).toBeUndefined()
    expect(typeof two.keyNumbers.cheapestStandardError).toBe('number')
  })
})
