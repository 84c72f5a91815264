// Issue 13 part 4: a portfolio of one task equals the single-task decision. With one adapter the
// shared fleet serves it merged (factor 1), so every option but serverless LoRA is the task's own
// prompt or recommended strategy, month by month, in every scaling mode.
import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { decide } from '../../src/decide/decide.js'
import { analysePortfolio } from '../../src/portfolio/analyse.js'
import { validatePortfolio } from '../../src/portfolio/validate.js'
import { validateScenario } from '../../src/scenario/validate.js'
import { expectClose } from '../helpers/expect-close.js'
import { defaultRaw } from '../helpers/scenario.js'

const SCALINGS: [string, (raw: any) => void][] = [
  ['always-on (the default scenario)', () => {}],
  ['autoscaling', (raw) => (raw.smallModel.hosting.scaling = { kind: 'autoscaling', scaleUpLagMinutes: 10 })],
  ['serverless GPUs', (raw) => (raw.smallModel.hosting.scaling = { kind: 'serverless', idleTimeoutSeconds: 60, coldStartSeconds: 20 })],
  ['a low volume that prompts', (raw) => (raw.task.requestsPerMonth = 100_000)],
]

describe('analysePortfolio(one task) equals the single-task analysis and decision', () => {
  for (const [name, change] of SCALINGS) {
    it(name, () => {
      const raw = defaultRaw()
      change(raw)
      const single = analyseScenario(validateScenario(raw, 'single'))
      const recommendation = decide(single)
      const decision = analysePortfolio(validatePortfolio({ name: 'one', base: raw, tasks: [{ name: 'only' }] }, 'one.json'))
      const task = decision.tasks[0]!
      // The task's own analysis: every strategy's totals, present values and payback.
      expect(task.analysis.strategies.map((s) => s.id)).toEqual(single.strategies.map((s) => s.id))
      single.strategies.forEach((s, i) => {
        expectClose(task.analysis.strategies[i]!.horizonTotalUSD, s.horizonTotalUSD, 1e-9, `${s.id} total`)
        expectClose(task.analysis.strategies[i]!.presentValueUSD, s.presentValueUSD, 1e-9, `${s.id} present value`)
      })
      expect(task.recommendation.id).toBe(recommendation.id)
      expect(task.recommendation.reasons).toEqual(recommendation.reasons)
      const total = (id: string) => single.strategies.find((s) => s.id === id)!.horizonTotalUSD
      const option = (id: string) => decision.options.find((o) => o.id === id)!
      expectClose(option('prompt-all').horizonTotalUSD, total('prompt'), 1e-9)
      const adapted = ['finetune', 'distill', 'distill+rag'].includes(recommendation.id)
      if (adapted) {
        expectClose(option('own-deployments').horizonTotalUSD, total(recommendation.id), 1e-9)
        // One adapter on the "shared" fleet is merged: the same fleet, month by month.
        const own = option('own-deployments').months
        option('shared-multi-lora').months.forEach((m, i) => expectClose(m.totalUSD, own[i]!.totalUSD, 1e-9, `shared month ${m.month}`))
        expect(decision.sharedFleet!.factor).toBe(1)
        expect(decision.recommendation.id === 'prompt-all').toBe(total(recommendation.id) > total('prompt'))
        expect(option('own-deployments').paybackMonths).toBeCloseTo(single.strategies.find((s) => s.id === recommendation.id)!.paybackMonths!, 9)
      } else {
        expect(decision.options.slice(1).every((o) => !o.available)).toBe(true)
        expect(decision.recommendation.id).toBe('prompt-all')
      }
    })
  }
})
