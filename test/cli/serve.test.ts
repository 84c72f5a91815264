// `payback serve`: the plan and its formula, latency targets, the calibration table, bad input.
import { describe, expect, it } from 'vitest'
import { servingPlan } from '../../src/serving/roofline.js'
import { servingGpu } from '../../src/serving/calibration.js'
import { architecturePreset } from '../../src/training/index.js'
import { payback } from '../helpers/cli.js'

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/)

describe('payback serve', () => {
  it('prints the plan the library computes, with its formula', () => {
    const { code, stdout } = payback(['serve', '--model', 'qwen2.5-1.5b', '--gpu', 'nvidia-l4', '--input', '1000', '--output', '12', '--json'])
    expect(code).toBe(0)
    const { plan } = JSON.parse(stdout)
    const expected = servingPlan({ architecture: architecturePreset('qwen2.5-1.5b'), gpu: servingGpu('nvidia-l4'), weightBits: 16, kvBits: 16, inputTokens: 1000, outputTokens: 12 })
    expect(plan.requestsPerSecond).toBe(expected.requestsPerSecond)
    expect(plan.batch).toBe(expected.batch)
    const text = payback(['serve', '--model', 'qwen2.5-1.5b', '--gpu', 'nvidia-l4'])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/requests\/s per GPU +18\.\d\d/)
    expect(text.stdout).toMatch(/^formula: qwen2\.5-1\.5b at 16-bit weights/m)
  })

  it('takes the largest batch that meets a time per output token', () => {
    const { code, stdout } = payback(['serve', '--model', 'qwen2.5-1.5b', '--gpu', 'nvidia-l4', '--output', '100', '--tpot-ms', '40', '--json'])
    expect(code).toBe(0)
    const { plan } = JSON.parse(stdout)
    expect(plan.limitedBy).toBe('latency')
    expect(plan.tpotSeconds).toBeLessThanOrEqual(0.04)
  })

  it('plans the fleet for a volume: always-on, autoscaling and serverless GPU-hours by cause, by hand on a flat day', () => {
    const args = ['serve', '--input', '320', '--output', '12', '--tpot-ms', '50', '--requests-per-month', '200000', '--peak-to-average', '1', '--json']
    const { code, stdout } = payback(args)
    expect(code).toBe(0)
    const { plan, fleet } = JSON.parse(stdout)
    const [alwaysOn, autoscaling, serverless] = fleet.rows
    // 200,000 a month = 273.97 an hour; a GPU serves rps x 0.6 x 3,600 an hour (over 90,000): one GPU, but 2 replicas at least.
    expect(alwaysOn.gpuHours.total).toBe(1460)
    expect(autoscaling.gpuHours.total).toBeCloseTo(1460, 9)
    // Serverless, flat day: per hour max(r / capacity, 1 - e^(-r/3600 x 60)) + r e^(-r/3600 x 60) x 30 / 3,600; x 730 hours.
    const r = 200_000 / 730
    const capacity = plan.requestsPerSecond * 0.6 * 3600
    const missed = Math.exp((-r / 3600) * 60)
    const byHand = 730 * (Math.max(r / capacity, 1 - missed) + (r * missed * 30) / 3600)
    expect(serverless.gpuHours.total).toBeCloseTo(byHand, 9)
    expect(serverless.usdPerMonth).toBeCloseTo(byHand * 0.7992, 9) // the L4's $0.7992 a GPU-hour
    const text = payback(args.slice(0, -1))
    expect(text.stdout).toMatch(/fleet for 200,000 requests a month/)
    expect(text.stdout).toMatch(/serverless +\d/)
  })

  it('prints the calibration table', () => {
    const { code, stdout } = payback(['serve', '--calibration'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/trtllm-0\.6\.1-a100-fp16-llama7b-128-128/)
    expect(stdout).toMatch(/\(upper bound\)/)
  })

  it('exits 2 with the reason when the weights do not fit, or on a bad option', () => {
    const big = payback(['serve', '--model', 'llama-2-70b', '--gpu', 'nvidia-l4'])
    expect(big.code).toBe(2)
    expect(big.stderr).toMatch(/the weights do not fit: llama-2-70b at 16 bits needs 128\.5 GiB/)
    noStack(big.stderr)
    const bits = payback(['serve', '--bits', '6'])
    expect(bits.code).toBe(2)
    expect(bits.stderr).toMatch(/--bits/)
    const gpu = payback(['serve', '--gpu', 'nvidia-x'])
    expect(gpu.code).toBe(2)
    expect(gpu.stderr).toMatch(/invalid --gpu: "nvidia-x"/)
  })
})
