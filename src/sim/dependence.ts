/**
 * Which coefficients of a compiled scenario an uncertain input can reach, found by watching what
 * the cost model reads: the simulation fills the others once instead of once per draw.
 *
 * A copy of the point scenario gets an accessor on each uncertain field that notes when it is
 * read; the pricing context's refresh and then each coefficient's terms are evaluated on that
 * copy. A coefficient none of whose terms read an uncertain field computes the same number on
 * every draw (its terms are functions of the scenario alone, and a branch on an uncertain field
 * reads it), so it is constant. When the refresh itself reads an uncertain field (uncertain token
 * counts or prices), the cached call prices change per draw, and every coefficient is treated as
 * varying.
 */
import { COEFF_SIZE } from '../../kernel/sim/layout.js'
import { pricingContext, refreshPricingContext } from '../costs/pricing-context.js'
import { strategyDefinitions } from '../costs/strategies.js'
import type { Scenario } from '../scenario/schema.js'
import { coefficientTerms } from './coefficients.js'

/** What varies per draw. */
export interface CoefficientDependence {
  /** True when the pricing context's refresh reads an uncertain field (it then runs per draw). */
  refresh: boolean
  /** Per coefficient index (strategy x COEFF_SIZE + slot): true when it can vary per draw. */
  varies: boolean[]
  /** Per coefficient index, per term (in `coefficientTerms` order): true when it can vary per draw. */
  termVaries: boolean[][]
  /** Per coefficient index: the uncertain inputs (indices into `paths`) its terms read. */
  inputs: number[][]
}

/** The object holding a JSON pointer's field, and the field's key. */
function holder(root: unknown, path: string): { parent: Record<string, unknown>; key: string } {
  const keys = path.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
  let parent = root as Record<string, unknown>
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>
  return { parent, key: keys[keys.length - 1] as string }
}

/**
 * Finds which coefficients the uncertain fields at `paths` reach in the point scenario `point`.
 *
 * @example
 * const { input, uncertain } = loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json')
 * const point = pointScenario(input, uncertain)
 * const dependence = coefficientDependence(point, uncertain.map((u) => u.path))
 * dependence.refresh // => false (no token count or price is uncertain)
 * dependence.varies.filter(Boolean).length // => 28 (of 60: people, pass rate, escalation, drift and throughput reach these)
 * dependence.inputs[3 * 17 + 7] // => [4] (distill's retraining teacher calls: the pass rate, input 4)
 */
export function coefficientDependence(point: Scenario, paths: readonly string[]): CoefficientDependence {
  const probe = structuredClone(point)
  const reads = new Set<number>()
  paths.forEach((path, j) => {
    const { parent, key } = holder(probe, path)
    let value = parent[key]
    Object.defineProperty(parent, key, {
      enumerable: true,
      configurable: true,
      get() {
        reads.add(j)
        return value
      },
      set(next: unknown) {
        value = next
      },
    })
  })
  const ctx = pricingContext(probe)
  const definitions = strategyDefinitions(ctx)
  const terms = coefficientTerms(definitions, ctx)
  reads.clear()
  refreshPricingContext(ctx)
  const refresh = reads.size > 0
  // Each term on its own (does it read an uncertain field?), and what the coefficient's terms read together.
  const inputs: number[][] = []
  const termVaries = terms.map((each) => {
    const together = new Set<number>()
    const flags = each.map((term) => {
      reads.clear()
      term(ctx)
      for (const j of reads) together.add(j)
      return refresh || reads.size > 0
    })
    inputs.push([...together].sort((a, b) => a - b))
    return flags
  })
  if (terms.length !== definitions.length * COEFF_SIZE) throw new Error(`internal: ${terms.length} coefficient terms for ${definitions.length} strategies`)
  return { refresh, varies: termVaries.map((flags) => flags.some(Boolean)), termVaries, inputs }
}
