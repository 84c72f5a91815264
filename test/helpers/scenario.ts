import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateScenario } from '../../src/scenario/validate.js'
import type { Scenario } from '../../src/scenario/schema.js'

export const ROOT = join(import.meta.dirname, '..', '..')
export const DEFAULT_FILE = join(ROOT, 'data', 'scenarios', 'support-tickets.json')

/** The default scenario as raw JSON (a fresh copy each call). */
export function defaultRaw(): any {
  return JSON.parse(readFileSync(DEFAULT_FILE, 'utf8'))
}

/** The default scenario changed by `change`, validated. */
export function variant(change: (raw: any) => void): Scenario {
  const raw = defaultRaw()
  change(raw)
  return validateScenario(raw, 'test variant')
}

/** An API-hosted small model variant with explicit prices everywhere: every cost is hand-checkable. */
export function apiScenario(change: (raw: any) => void = () => {}): Scenario {
  return variant((raw) => {
    raw.frontier.prices = { inputPerMTokUSD: 2, outputPerMTokUSD: 8, cacheReadPerMTokUSD: 0.5 }
    raw.smallModel = {
      name: 'API fine-tune',
      hosting: { kind: 'api', provider: 'openai', model: 'ft:gpt-4o-mini', prices: { inputPerMTokUSD: 0.3, outputPerMTokUSD: 1.2 }, trainingPerMTokUSD: 3 },
    }
    change(raw)
  })
}
