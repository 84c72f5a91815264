// Cases the fuzz campaign (test/fuzz) found, each pinned with its message.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/scenario/messages.js'
import { validateScenarioInput } from '../../src/scenario/validate.js'
import { defaultRaw } from '../helpers/scenario.js'
import { thrownBy } from '../helpers/thrown.js'

function messageOf(change: (raw: any) => void): string {
  const raw = defaultRaw()
  change(raw)
  return thrownBy(() => validateScenarioInput(raw, 'found.json'), InputError).message
}

describe('found by the fuzz campaign', () => {
  it('a pass rate whose mean is near 0 (beta(17, 1e308): mean 17 / (17 + 1e308)) is refused at its path, not an unbounded teacher cost', () => {
    const message = messageOf((raw) => (raw.adaptation.teacherPassRate = { dist: 'beta', alpha: 17, beta: 1e308 }))
    expect(message).toMatch(/^invalid found\.json at \/adaptation\/teacherPassRate: 1\.7\d*e-307 \(the pass rate \(a distribution's mean\) must be >= 0\.01/)
  })

  it('a plain pass rate of 0.5 % is refused the same way; 1 % is accepted', () => {
    expect(messageOf((raw) => (raw.adaptation.teacherPassRate = 0.005))).toContain('at /adaptation/teacherPassRate: 0.005 (the pass rate')
    const raw = defaultRaw()
    raw.adaptation.teacherPassRate = 0.01
    expect(validateScenarioInput(raw, 'ok.json').point.adaptation.teacherPassRate).toBe(0.01)
  })

  it('a PERT whose finite parameters overflow its sampler is an input error at the field, not a DistributionError', () => {
    const message = messageOf((raw) => (raw.people.setupPersonMonths.distill = { dist: 'pert', min: -1e308, mode: 1, max: 1e308 }))
    expect(message).toContain('at /people/setupPersonMonths/distill')
    expect(message).toContain('parameters too extreme for a pert')
  })
})

describe('a scenario nested thousands of levels deep, given to the library (not from a file)', () => {
  it('is refused before anything walks it recursively (it overflowed the stack in structuredClone)', () => {
    let deep: unknown = 1
    for (let i = 0; i < 5000; i++) deep = { x: deep }
    const raw = defaultRaw()
    raw.task.description = deep
    expect(() => validateScenarioInput(raw, 'deep.json')).toThrow(/invalid deep\.json at \(root\): "\(the whole scenario\)" \(nested more than 64 levels deep; a scenario nests arrays and objects at most 64 levels deep\)/)
  })
})
