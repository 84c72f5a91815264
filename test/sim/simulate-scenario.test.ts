import { describe, expect, it } from 'vitest'
import { NonFiniteResultError } from '../../src/scenario/finite.js'
import { loadScenarioInputFile } from '../../src/scenario/validate.js'
import { simulateScenario } from '../../src/sim/simulate-scenario.js'
import { ROOT } from '../helpers/scenario.js'

describe('simulateScenario(validated, options): finite by construction', () => {
  it('rejects with an internal error naming the statistic and the input when an unvalidated input overflows', async () => {
    const validated = loadScenarioInputFile(`${ROOT}/data/scenarios/support-tickets-uncertain.json`)
    // Changed after validation (the point scenario keeps $0.40): $1e308 per review x millions of
    // reviewed requests overflows every month's cost; Infinity - Infinity in the statistics is NaN.
    validated.input.hardTail.humanReviewUSDPerItem = 1e308
    const run = simulateScenario(validated, { draws: 100, seed: 1 })
    await expect(run).rejects.toBeInstanceOf(NonFiniteResultError)
    await expect(simulateScenario(validated, { draws: 100, seed: 1 })).rejects.toThrow(
      /^internal: simulation strategies\[0\]\.horizonTotalUSD\.\w+ is (NaN|Infinity) for the scenario's \/hardTail\/humanReviewUSDPerItem = 1e\+308 \(must be <= 10000\)$/,
    )
  })
})
