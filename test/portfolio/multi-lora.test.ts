// The multi-LoRA penalty fitted from data/serving-benchmarks.json, recomputed by hand from the
// figures as the sources print them.
import { describe, expect, it } from 'vitest'
import { fitMultiLora, multiLoraFactor, multiLoraParameters } from '../../src/portfolio/multi-lora.js'
import { servingBenchmarks } from '../../src/serving/benchmarks.js'
import { expectClose } from '../helpers/expect-close.js'

describe('fitMultiLora()', () => {
  const fit = fitMultiLora()

  it('unmerged factor: vLLM PR 11267 (ShareGPT, one A100), mean of the two LoRA runs over the base run', () => {
    // (1,787.78 + 1,791.53) / 2 = 1,789.655 output tok/s with an unmerged adapter; 2,693.62 without:
    // 1,789.655 / 2,693.62 = 0.664405
    expectClose(fit.unmergedFactor, 1789.655 / 2693.62, 1e-12)
    expectClose(fit.unmergedFactor, 0.664405, 1e-6)
  })

  it('decline per doubling: pooled slope of ln(req/s) on log2(adapters) over the two S-LoRA settings', () => {
    // x = log2(5, 100, 1000, 2000) = 2.321928, 6.643856, 9.965784, 10.965784; mean 7.474338.
    // S1 (rank 8): y = ln(8.05, 7.99, 7.64, 7.61); S2 (ranks 64..8): y = ln(7.48, 7.29, 6.69, 6.71).
    // Same x in both settings, so the pooled slope is the mean of the two slopes:
    // numpy.polyfit(log2(n), log(rps), 1)[0] gives -0.0070183 (S1) and -0.0139371 (S2).
    const x = [5, 100, 1000, 2000].map(Math.log2)
    const mx = x.reduce((a, b) => a + b) / 4
    const slope = (rps: number[]) => {
      const y = rps.map(Math.log)
      const my = y.reduce((a, b) => a + b) / 4
      return x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0)
    }
    const s1 = slope([8.05, 7.99, 7.64, 7.61])
    const s2 = slope([7.48, 7.29, 6.69, 6.71])
    expectClose(s1, -0.0070183, 1e-4)
    expectClose(s2, -0.0139371, 1e-4)
    expect(fit.settings.map((s) => s.slope)).toEqual([s1, s2].map((s) => expect.closeTo(s, 12)))
    expectClose(fit.declinePerDoubling, Math.exp((s1 + s2) / 2), 1e-12)
    expectClose(fit.declinePerDoubling, 0.989577, 1e-6)
  })

  it('lists every multiLora figure of the data file with its source and what the fit did with it', () => {
    const figures = servingBenchmarks().multiLora
    expect(fit.rows.map((r) => r.id).sort()).toEqual(figures.map((f) => f.id).sort())
    expect(fit.rows.filter((r) => r.use === 'unmerged').map((r) => r.id)).toEqual(['vllm-pr11267-a100-llama2-7b-base', 'vllm-pr11267-a100-llama2-7b-lora-max1', 'vllm-pr11267-a100-llama2-7b-lora-max4'])
    expect(fit.rows.filter((r) => r.use === 'decline')).toHaveLength(8)
    for (const row of fit.rows) {
      expect(row.url).toMatch(/^https:\/\//)
      expect(row.date).toMatch(/^\d{4}-\d{2}/)
    }
    expect(fit.formula).toContain('https://github.com/vllm-project/vllm/pull/11267')
  })

  it('refuses figures it cannot fit', () => {
    expect(() => fitMultiLora([])).toThrow('no base run')
  })
})

describe('multiLoraFactor(adapters, parameters)', () => {
  const p = { unmergedFactor: 0.664405, declinePerDoubling: 0.989577 }
  it('is 1 for one adapter (merged) and unmerged x decline^log2(n) from two', () => {
    expect(multiLoraFactor(0, p)).toBe(1)
    expect(multiLoraFactor(1, p)).toBe(1)
    expectClose(multiLoraFactor(2, p), 0.664405 * 0.989577)
    // 3 adapters: 0.664405 x 0.989577^1.584963 = 0.653464
    expectClose(multiLoraFactor(3, p), 0.664405 * Math.pow(0.989577, Math.log2(3)))
    expectClose(multiLoraFactor(3, p), 0.653464, 1e-5)
  })
  it('falls with more adapters', () => {
    const factors = [2, 4, 8, 100, 1000].map((n) => multiLoraFactor(n, p))
    expect([...factors].sort((a, b) => b - a)).toEqual(factors)
  })
})

describe('multiLoraParameters(settings)', () => {
  it('takes the stated values and fits the rest', () => {
    expect(multiLoraParameters({ unmergedFactor: 0.9, declinePerDoubling: 0.95 })).toMatchObject({ unmergedFactor: 0.9, declinePerDoubling: 0.95, origin: 'stated' })
    const fitted = multiLoraParameters(undefined)
    expect(fitted.origin).toBe('fitted')
    expectClose(fitted.unmergedFactor, fitMultiLora().unmergedFactor)
  })
})
