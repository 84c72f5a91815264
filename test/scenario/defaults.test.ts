import { describe, expect, it } from 'vitest'
import { appliedDefaults } from '../../src/scenario/defaults.js'
import { validateScenarioInput } from '../../src/scenario/validate.js'
import { defaultRaw } from '../helpers/scenario.js'

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)

describe('appliedDefaults(raw, filled)', () => {
  it('lists the keys only the filled object has, a default object as one entry', () => {
    const raw = { task: { a: 1 }, list: [1, 2] }
    const filled = { task: { a: 1, growth: 0 }, list: [1, 2], batch: { share: 0 } }
    expect(appliedDefaults(raw, filled)).toEqual([
      { path: '/task/growth', value: 0 },
      { path: '/batch', value: { share: 0 } },
    ])
  })

  it('escapes ~ and / in keys as JSON pointers do (RFC 6901)', () => {
    expect(appliedDefaults({}, { 'a/b': 1, 'c~d': 2 })).toEqual([
      { path: '/a~1b', value: 1 },
      { path: '/c~0d', value: 2 },
    ])
  })

  it('is empty when nothing was added', () => {
    expect(appliedDefaults({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([])
  })
})

describe('validateScenarioInput(raw).defaultsApplied', () => {
  it('names every field the default scenario leaves out, with the default from src/scenario/schema.ts', () => {
    const raw = defaultRaw()
    // Leave out four fields the file gives; the schema's defaults, read off schema.ts by hand:
    delete raw.task.monthlyGrowth // default 0
    delete raw.smallModel.hosting.peakToAverage // default 2
    delete raw.smallModel.hosting.minReplicas // default 2 (inside the hosting union: filled by its branch)
    delete raw.adaptation.epochs // default 3
    const { defaultsApplied, point } = validateScenarioInput(raw)
    const expected = [
      { path: '/task/monthlyGrowth', value: 0 },
      { path: '/smallModel/hosting/peakToAverage', value: 2 },
      { path: '/smallModel/hosting/minReplicas', value: 2 },
      { path: '/adaptation/epochs', value: 3 },
      // Fields data/scenarios/support-tickets.json never gives:
      { path: '/frontier/priceChangePerMonth', value: 0 },
      {
        path: '/smallModel/hosting/targetModules',
        value: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
      },
      { path: '/hardTail/escalationDriftPerMonth', value: 0 },
    ]
    expect([...defaultsApplied].sort(byPath)).toEqual(expected.sort(byPath))
    // The model computes with those values.
    expect(point.smallModel.hosting.kind === 'self-hosted' && point.smallModel.hosting.minReplicas).toBe(2)
    expect(point.adaptation.epochs).toBe(3)
  })

  it('is empty for a scenario that gives every defaulted field', () => {
    const raw = defaultRaw()
    raw.frontier.priceChangePerMonth = 0.01
    raw.smallModel.hosting.targetModules = ['q_proj', 'v_proj']
    raw.hardTail.escalationDriftPerMonth = 0.001
    expect(validateScenarioInput(raw).defaultsApplied).toEqual([])
  })
})
