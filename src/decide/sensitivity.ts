/**
 * What would change the decision: the volumes at which another strategy becomes the cheapest,
 * and how far frontier prices would have to fall before prompting wins again.
 */
import { volumePath } from '../breakeven/analysis.js'
import { strategyCosts } from '../costs/strategies.js'
import { horizonTotalByVolume, type Horizon } from '../breakeven/breakeven.js'
import { checkHorizon, horizonParts } from '../breakeven/horizon.js'
import { checkNumber } from '../scenario/check-number.js'
import type { StrategyCost } from '../costs/strategy-cost.js'
import { resolveTokenModel } from '../prices/tokens.js'
import type { Scenario, StrategyId } from '../scenario/schema.js'

/**
 * The cheapest of `costs` at a first-month volume by horizon total (ties: earlier in the list).
 *
 * @throws {InvalidArgumentError} for a negative or non-finite volume, or a horizon out of the scenario's bounds
 * @example
 * const { firstMonthRequests, ...horizon } = volumePath(defaultScenario())
 * cheapestAt(strategyCosts(defaultScenario()), horizon, 1e6) // => 'prompt'
 * cheapestAt(strategyCosts(defaultScenario()), horizon, -1) // throws invalid volume: -1 (must be >= 0)
 */
export function cheapestAt(costs: StrategyCost[], horizon: Horizon, volume: number): StrategyId {
  checkNumber('volume', volume, { min: 0 })
  return cheapestOf(costs.map((cost) => horizonTotalByVolume(cost, horizon)), costs)(volume)
}

/** The cheapest at any volume, from each strategy's total as a function of volume. */
function cheapestOf(totals: ((volume: number) => number)[], costs: StrategyCost[]): (volume: number) => StrategyId {
  return (volume) => {
    let best = 0
    let bestUSD = Infinity
    totals.forEach((total, i) => {
      const usd = total(volume)
      if (usd < bestUSD) {
        best = i
        bestUSD = usd
      }
    })
    return (costs[best] as StrategyCost).id
  }
}

/** A volume at which the cheapest strategy changes. */
export interface Switch {
  /** First-month volume of the change (requests per month). */
  volume: number
  /** The cheapest strategy beyond the change (below it for `direction: 'below'`). */
  id: StrategyId
  direction: 'below' | 'above'
}

/**
 * The nearest volumes below and above `volume` where the cheapest of `costs` changes, found on a
 * log grid (100 points a decade, three decades each side) and refined by bisection to 1e-9
 * relative. Empty where the winner holds over the whole range.
 *
 * @throws {InvalidArgumentError} for a volume that is not positive and finite, or a horizon out of the scenario's bounds
 * @example
 * const analysis = analyseScenario(defaultScenario())
 * const { firstMonthRequests, ...horizon } = analysis.path
 * volumeSwitches(analysis.costs, horizon, 5_000_000) // => [{ volume: 2.615e6, id: 'prompt', direction: 'below' }]
 * // below 2.62M requests a month prompting is cheapest: distill's breakeven against prompting
 */
export function volumeSwitches(costs: StrategyCost[], horizon: Horizon, volume: number): Switch[] {
  checkHorizon(horizon)
  checkNumber('volume', volume, { exclusiveMin: 0 })
  if (costs.length < 2) return []
  const cheapest = cheapestOf(costs.map((cost) => horizonTotalByVolume(cost, horizon)), costs)
  const winner = cheapest(volume)
  const refine = (inside: number, outside: number): number => {
    for (let i = 0; i < 100 && Math.abs(outside - inside) > 1e-9 * Math.max(inside, outside); i++) {
      const mid = Math.sqrt(inside * outside)
      if (cheapest(mid) === winner) inside = mid
      else outside = mid
    }
    return outside
  }
  const switches: Switch[] = []
  for (const direction of ['below', 'above'] as const) {
    const factor = direction === 'below' ? Math.pow(10, -1 / 100) : Math.pow(10, 1 / 100)
    let inside = volume
    for (let i = 1; i <= 300; i++) {
      const next = volume * Math.pow(factor, i)
      const id = cheapest(next)
      if (id !== winner) {
        const at = refine(inside, next)
        switches.push({ volume: at, id: cheapest(at), direction })
        break
      }
      inside = next
    }
  }
  return switches
}

/**
 * A copy of the scenario whose frontier token prices are the current ones times `scale`.
 *
 * @throws {InvalidArgumentError} for a negative or non-finite scale
 * @example
 * withFrontierPriceScale(defaultScenario(), 0.5).frontier.prices?.inputPerMTokUSD // => 1 (gpt-4.1's $2 input price, halved)
 * withFrontierPriceScale(defaultScenario(), -1) // throws invalid scale: -1 (must be >= 0)
 */
export function withFrontierPriceScale(scenario: Scenario, scale: number): Scenario {
  checkNumber('scale', scale, { min: 0 })
  const { frontier } = scenario
  const current = resolveTokenModel(frontier.provider, frontier.model, frontier.prices)
  if (!current) throw new Error(`internal: cannot price ${frontier.provider}/${frontier.model}`)
  const scaled = (value: number | undefined) => (value === undefined ? undefined : value * scale)
  return {
    ...scenario,
    frontier: {
      ...frontier,
      prices: {
        inputPerMTokUSD: current.inputPerMTokUSD * scale,
        outputPerMTokUSD: current.outputPerMTokUSD * scale,
        ...(current.cacheReadPerMTokUSD !== undefined ? { cacheReadPerMTokUSD: scaled(current.cacheReadPerMTokUSD) } : {}),
        ...(current.cacheWritePerMTokUSD !== undefined ? { cacheWritePerMTokUSD: scaled(current.cacheWritePerMTokUSD) } : {}),
      },
    },
  }
}

/**
 * The factor on every frontier token price (teacher and escalation included) at which prompting
 * costs as much over the horizon as `id`: e.g. 0.42 means prompting wins once frontier prices
 * fall 58 %. Every frontier-priced part (tokens, teacher data, escalation and its drift) scales
 * with the factor and nothing else does, so each horizon total is `other + factor x frontier`
 * (summed from {@link horizonParts}) and the factor solves `other_p + f frontier_p = other_id + f
 * frontier_id` in closed form. `null` when prompting stays dearer even with free frontier tokens,
 * or `id` is prompting; 1 when prompting is already no dearer.
 *
 * @example
 * const scenario = defaultScenario()
 * frontierPriceBreakeven(scenario, 'distill') // => 0.575 (prompting wins once frontier prices fall 42.5 %)
 * stressTests(scenario, 'distill').find((s) => s.id === 'frontier-prices-halved')?.paybackMonths // => null (at 0.5, below 0.575, distill never pays back)
 * frontierPriceBreakeven(scenario, 'prompt') // => null
 */
export function frontierPriceBreakeven(scenario: Scenario, id: StrategyId): number | null {
  if (id === 'prompt') return null
  const path = volumePath(scenario)
  const costs = strategyCosts(scenario)
  const split = (sid: StrategyId) => {
    const parts = horizonParts(costs.find((c) => c.id === sid) as StrategyCost, path)
    const sum = (frontierPriced: boolean) => parts.filter((p) => p.frontierPriced === frontierPriced).reduce((total, p) => total + p.usd, 0)
    return { otherUSD: sum(false), frontierUSD: sum(true) }
  }
  const prompt = split('prompt')
  const other = split(id)
  // gap(f) = prompting's total - id's total, at factor f on frontier prices.
  const gapAtZero = prompt.otherUSD - other.otherUSD
  const slope = prompt.frontierUSD - other.frontierUSD
  if (gapAtZero >= 0) return null
  if (gapAtZero + slope <= 0) return 1
  return -gapAtZero / slope
}
