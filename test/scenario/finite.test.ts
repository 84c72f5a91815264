import { describe, expect, it } from 'vitest'
import { assertFinite, NonFiniteResultError } from '../../src/scenario/finite.js'
import { inputsBehind } from '../../src/scenario/inputs-behind.js'
import { defaultScenario } from '../../src/scenario/validate.js'

describe('assertFinite(result, label, cause)', () => {
  it('returns the result when every number is finite (strings, nulls and booleans are not numbers)', () => {
    const result = { a: 1, b: [2, null, 'x'], c: { d: new Float64Array([3, 4]), e: true } }
    expect(assertFinite(result, 'r', 'input')).toBe(result)
  })

  it('names the first non-finite number by its path: object keys, array and typed-array indices', () => {
    expect(() => assertFinite({ a: { b: [1, NaN] } }, 'result', 'x = 1')).toThrow('internal: result a.b[1] is NaN for x = 1')
    expect(() => assertFinite([{ usd: -Infinity }], 'timeline', 'x = 1')).toThrow('internal: timeline[0].usd is -Infinity for x = 1')
    expect(() => assertFinite({ p50: new Float64Array([1, Infinity]) }, 'sim', 'x = 1')).toThrow('internal: sim p50[1] is Infinity for x = 1')
    expect(() => assertFinite(NaN, 'total', 'x = 1')).toThrow('internal: total is NaN for x = 1')
  })

  it('throws NonFiniteResultError (an internal error, exit 1) and calls a lazy cause only on failure', () => {
    let calls = 0
    const cause = () => {
      calls++
      return 'y = 2'
    }
    assertFinite({ ok: 1 }, 'r', cause)
    expect(calls).toBe(0)
    expect(() => assertFinite({ bad: Infinity }, 'r', cause)).toThrow(NonFiniteResultError)
    expect(calls).toBe(1)
  })
})

describe('inputsBehind(scenario)', () => {
  it('names the fields the schema refuses, with value and rule, or the scenario when none', () => {
    const scenario = defaultScenario()
    expect(inputsBehind(scenario)).toBe("the scenario 'support-ticket triage' (every input within the schema's ranges)")
    const bad = { ...scenario, people: { ...scenario.people, loadedMonthlyUSD: 1e308 } }
    expect(inputsBehind(bad)).toBe("the scenario's /people/loadedMonthlyUSD = 1e+308 (must be <= 1000000)")
  })
})
