// Beside the golden file (which guards the assembly against unnoticed change), this test
// recomputes the default scenario's distill horizon total and its breakeven volume against
// prompting from the scenario's own numbers, with every step of the arithmetic written out, and
// holds `payback decide --json` (the built CLI, the public entry) to it within 1e-9 relative.
// Nothing here calls src/costs or src/breakeven: the only inputs are the scenario file, the price
// table of @pydantic/genai-prices, data/gpus.json and the Qwen2.5-1.5B config.
import { calcPrice } from '@pydantic/genai-prices'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { payback } from '../helpers/cli.js'
import { expectClose } from '../helpers/expect-close.js'
import { DEFAULT_FILE, ROOT } from '../helpers/scenario.js'

const scenario = JSON.parse(readFileSync(DEFAULT_FILE, 'utf8'))
const gpus = JSON.parse(readFileSync(join(ROOT, 'data', 'gpus.json'), 'utf8'))

// ---- prices ------------------------------------------------------------------------------
// openai/gpt-4.1 in the genai-prices table: $2.00 input, $0.50 cached read, $8.00 output per
// million tokens; no cache-write price (OpenAI does not charge for writing its cache).
const INPUT_PER_TOKEN = 2.0 / 1e6
const CACHED_PER_TOKEN = 0.5 / 1e6
const OUTPUT_PER_TOKEN = 8.0 / 1e6
// NVIDIA L4: $0.7992 per GPU-hour (Modal), 121 TFLOP/s dense bf16; 730 hours a month.
const L4_USD_PER_HOUR = 0.7992
const L4_TFLOPS = 121
const HOURS_PER_MONTH = 730

// ---- the scenario's numbers (data/scenarios/support-tickets.json) --------------------------
const FIRST_MONTH_REQUESTS = 5_000_000
const GROWTH = 0.02
const MONTHS = 24
const PEOPLE_USD_PER_MONTH = 20_000
const REVIEW_USD = 0.4

// ---- one frontier call ---------------------------------------------------------------------
// prompt = 700 instruction + 1,200 few-shot (the cacheable prefix, 1,900) + 300 message tokens;
// 90 % of the prefix is read from cache: 1,710 cached, 190 + 300 = 490 uncached; 12 output.
// (490 x $2 + 1,710 x $0.50 + 12 x $8) / 1e6 = (980 + 855 + 96) / 1e6 = $0.001931
const FRONTIER_CALL = 490 * INPUT_PER_TOKEN + 1710 * CACHED_PER_TOKEN + 12 * OUTPUT_PER_TOKEN
// The teacher labels through the batch API at 50 % off: $0.0009655 a call.
const TEACHER_CALL = FRONTIER_CALL * 0.5

// ---- volume ----------------------------------------------------------------------------------
// Month m serves 5e6 x 1.02^(m - 1) requests; S = sum over m = 1..24 of 1.02^(m - 1)
// = (1.02^24 - 1) / 0.02 = 30.4218625; horizon requests = 5e6 x S = 152.1 M.
const monthFactors = Array.from({ length: MONTHS }, (_, i) => Math.pow(1 + GROWTH, i))
const S = monthFactors.reduce((a, b) => a + b, 0)

// ---- prompt ----------------------------------------------------------------------------------
// per request: the call + 0.2 % reviewed at $0.40 = 0.001931 + 0.0008 = $0.002731
const PROMPT_PER_REQUEST = FRONTIER_CALL + 0.002 * REVIEW_USD
// once: 0.5 person-months x $20,000 = $10,000; monthly: 0.05 x $20,000 = $1,000
const PROMPT_FIXED = 0.5 * PEOPLE_USD_PER_MONTH + MONTHS * (0.05 * PEOPLE_USD_PER_MONTH) // 10,000 + 24,000
const promptTotal = (firstMonthRequests: number) => PROMPT_FIXED + PROMPT_PER_REQUEST * firstMonthRequests * S

// ---- distill: per request --------------------------------------------------------------------
// 5 % escalated to a full frontier call + 0.25 % reviewed at $0.40:
// 0.05 x 0.001931 + 0.0025 x 0.40 = 0.00009655 + 0.001 = $0.00109655
const DISTILL_PER_REQUEST = 0.05 * FRONTIER_CALL + 0.0025 * REVIEW_USD

// ---- distill: one training run on an L4 ------------------------------------------------------
// Qwen2.5-1.5B (https://huggingface.co/Qwen/Qwen2.5-1.5B/blob/main/config.json): hidden 1,536,
// intermediate 8,960, 28 layers, 12 heads of 128, 2 key-value heads (k/v width 256), vocab
// 151,936, tied embeddings.
const h = 1536
const ffn = 8960
const kv = 2 * 128
const layers = 28
const vocab = 151_936
// Matrix-multiply weights per layer: q and o h x h, k and v h x 256, gate, up and down h x 8,960
// = 2 x 2,359,296 + 2 x 393,216 + 3 x 13,762,560 = 46,792,704; x 28 layers = 1,310,195,712;
// plus the output projection onto the vocabulary (tied, still multiplied) 151,936 x 1,536
// = 233,373,696: N = 1,543,569,408.
const N = layers * (2 * h * h + 2 * h * kv + 3 * h * ffn) + vocab * h
// LoRA r = 16 on all seven: r x (in + out) each = 16 x (2 x 3,072 + 2 x 1,792 + 3 x 10,496)
// = 16 x 41,216 = 659,456 a layer; x 28 = 18,464,768 adapter parameters.
const NA = layers * 16 * (2 * (h + h) + 2 * (h + kv) + 3 * (h + ffn))
// Tokens: (20 adapted instruction + 300 message + 12 output) x 5,000 examples x 3 epochs
// = 332 x 15,000 = 4,980,000.
const T = 332 * 5000 * 3
// FLOPs: forward 2 (N + NA) T; backward 2 (N + NA) T for activations + 2 NA T for the adapter
// weights; gradient checkpointing runs the forward once more: 6 (N + NA) T + 2 NA T
// = 6 x 1,562,034,176 x 4.98e6 + 2 x 18,464,768 x 4.98e6 = 4.66736e16 + 1.8391e14 = 4.68575e16 FLOPs.
const FLOPS = 6 * (N + NA) * T + 2 * NA * T
// At 35 % of 121 TFLOP/s: 4.68575e16 / 4.235e13 / 3,600 = 0.307343 GPU-hours; + 1 h overhead;
// x $0.7992 = $1.04483 a run.
const TRAINING_RUN = (FLOPS / (L4_TFLOPS * 1e12 * 0.35) / 3600 + 1) * L4_USD_PER_HOUR

// ---- distill: one-time, monthly, retraining --------------------------------------------------
// teacher data: 5,000 examples / 85 % pass = 5,882.35 calls x $0.0009655 = $5.6794;
// evaluation labels: 1,000 x $0.0009655 = $0.9655; evaluation runs on the training GPU inside
// its overhead hour ($0); setup 2 person-months x $20,000 = $40,000. In all:
// 5.6794 + 0.9655 + 1.0448 + 40,000 = $40,007.69.
const DISTILL_ONE_TIME = (5000 / 0.85) * TEACHER_CALL + 1000 * TEACHER_CALL + TRAINING_RUN + 2 * PEOPLE_USD_PER_MONTH
// maintenance: 0.2 person-months a month x $20,000 = $4,000
const DISTILL_MONTHLY = 0.2 * PEOPLE_USD_PER_MONTH
// retraining every 6 months of service, in months 7, 13 and 19: half the data fresh
// (0.5 x 5,000 / 0.85 = 2,941.18 teacher calls), the held-out labels again and a full run:
// 2.8397 + 0.9655 + 1.0448 = $4.8500 each.
const RETRAINING = (0.5 * 5000 / 0.85) * TEACHER_CALL + 1000 * TEACHER_CALL + TRAINING_RUN
const RETRAININGS = 3

// ---- distill: GPU hosting --------------------------------------------------------------------
// One L4 serves 25 req/s x 60 % utilisation / 2 peak-to-average x 2,628,000 s = 19,710,000
// requests a month; at least 2 replicas.
const REQUESTS_PER_GPU_MONTH = (25 * 0.6 * (HOURS_PER_MONTH * 3600)) / 2
const gpusInMonth = (requests: number) => Math.max(2, Math.ceil(requests / REQUESTS_PER_GPU_MONTH))
const hostingUSD = (firstMonthRequests: number) =>
  monthFactors.reduce((sum, f) => sum + gpusInMonth(firstMonthRequests * f) * L4_USD_PER_HOUR * HOURS_PER_MONTH, 0)

const distillTotal = (firstMonthRequests: number) =>
  DISTILL_ONE_TIME + MONTHS * DISTILL_MONTHLY + RETRAININGS * RETRAINING + DISTILL_PER_REQUEST * firstMonthRequests * S + hostingUSD(firstMonthRequests)

// ---- breakeven of distill against prompt -----------------------------------------------------
// While 2 GPUs serve every month (first-month volume v with v x 1.02^23 <= 2 x 19,710,000, i.e.
// v <= 24.87 M), hosting is the fixed 24 x 2 x $0.7992 x 730 = $28,003.97 and both totals are
// linear in v:  distill(v) = A_d + c_d v S,  prompt(v) = A_p + c_p v S,  so
//   v* = (A_d - A_p) / ((c_p - c_d) S)
// with A_d = one-time + 24 x $4,000 + 3 retrainings + $28,003.97, A_p = $34,000,
// c_p - c_d = 0.002731 - 0.00109655 = $0.00163445 a request.
const TWO_GPU_HOSTING = MONTHS * 2 * L4_USD_PER_HOUR * HOURS_PER_MONTH
const A_DISTILL = DISTILL_ONE_TIME + MONTHS * DISTILL_MONTHLY + RETRAININGS * RETRAINING + TWO_GPU_HOSTING
const BREAKEVEN = (A_DISTILL - PROMPT_FIXED) / ((PROMPT_PER_REQUEST - DISTILL_PER_REQUEST) * S)

describe('the default scenario by hand (data/scenarios/support-tickets.json)', () => {
  let decided: any
  const strategy = (id: string) => decided.strategies.find((s: any) => s.id === id)

  beforeAll(() => {
    const { code, stdout, stderr } = payback(['decide', '--json'])
    expect(code, stderr).toBe(0)
    decided = JSON.parse(stdout)
  })

  it('is the scenario `payback decide` uses when given none, with the numbers written above', () => {
    expect(decided.scenario.name).toBe(scenario.name)
    const { task, frontier, adaptation, smallModel, people, hardTail } = scenario
    expect([task.requestsPerMonth, task.monthlyGrowth, task.horizonMonths]).toEqual([FIRST_MONTH_REQUESTS, GROWTH, MONTHS])
    expect([task.instructionTokens, task.fewShotTokens, task.inputTokens, task.outputTokens, task.adaptedInstructionTokens]).toEqual([700, 1200, 300, 12, 20])
    expect([frontier.provider, frontier.model, frontier.promptCaching, frontier.batch]).toEqual([
      'openai', 'gpt-4.1', { enabled: true, hitRate: 0.9 }, { share: 0, discount: 0.5, teacherUsesBatch: true },
    ])
    expect(adaptation).toEqual({ trainingExamples: 5000, teacherPassRate: 0.85, epochs: 3, evalSetSize: 1000, labelUSDPerExample: 0.6, retrainEveryMonths: 6, retrainFreshShare: 0.5 })
    expect(smallModel.hosting).toMatchObject({ gpu: 'nvidia-l4', requestsPerSecondPerGpu: 25, targetUtilisation: 0.6, peakToAverage: 2, minReplicas: 2, architecture: 'qwen2.5-1.5b', method: 'lora', loraRank: 16, trainingUtilisation: 0.35, trainingOverheadHours: 1 })
    // targetModules is not in the file: the schema's default is all seven linear modules.
    expect(decided.scenario.smallModel.hosting.targetModules).toEqual(['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'])
    expect(people.loadedMonthlyUSD).toBe(PEOPLE_USD_PER_MONTH)
    expect([people.setupPersonMonths.prompt, people.setupPersonMonths.distill, people.maintenancePersonMonthsPerMonth.prompt, people.maintenancePersonMonthsPerMonth.distill]).toEqual([0.5, 2, 0.05, 0.2])
    expect([hardTail.escalationShare, hardTail.humanReviewShare.prompt, hardTail.humanReviewShare.distill, hardTail.humanReviewUSDPerItem]).toEqual([0.05, 0.002, 0.0025, REVIEW_USD])
    // No price trend and no escalation drift: every month prices the same.
    expect([decided.scenario.frontier.priceChangePerMonth, decided.scenario.hardTail.escalationDriftPerMonth]).toEqual([0, 0])
  })

  it('uses the prices of @pydantic/genai-prices and data/gpus.json', () => {
    const price = (usage: Record<string, number>) => calcPrice({ input_tokens: 0, output_tokens: 0, ...usage }, 'gpt-4.1', { providerId: 'openai' })!.total_price
    expectClose(price({ input_tokens: 1e6 }), INPUT_PER_TOKEN * 1e6)
    expectClose(price({ input_tokens: 1e6, cache_read_tokens: 1e6 }), CACHED_PER_TOKEN * 1e6)
    expectClose(price({ output_tokens: 1e6 }), OUTPUT_PER_TOKEN * 1e6)
    expectClose(price({ input_tokens: 2200, cache_read_tokens: 1710, output_tokens: 12 }), 0.001931)
    const l4 = gpus.gpus.find((g: any) => g.id === 'nvidia-l4')
    expect([l4.usdPerHour, l4.bf16DenseTflops]).toEqual([L4_USD_PER_HOUR, L4_TFLOPS])
  })

  it('prices each request as written out: prompt $0.002731, distill $0.00109655', () => {
    expectClose(FRONTIER_CALL, 0.001931, 1e-12)
    expectClose(strategy('prompt').perRequestUSD, PROMPT_PER_REQUEST, 1e-9)
    expectClose(strategy('distill').perRequestUSD, DISTILL_PER_REQUEST, 1e-9)
  })

  it('counts N and the adapters of Qwen2.5-1.5B as written out', () => {
    expect(N).toBe(1_543_569_408)
    expect(NA).toBe(18_464_768)
    expect(T).toBe(4_980_000)
    expectClose(S, (Math.pow(1.02, 24) - 1) / 0.02, 1e-13)
    expectClose(FLOPS, 4.68575e16, 1e-5)
    expectClose(TRAINING_RUN, 1.04483, 1e-5)
  })

  it("distill's one-time cost and each retraining", () => {
    expectClose(DISTILL_ONE_TIME, 40_007.69, 1e-7)
    expectClose(RETRAINING, 4.85, 1e-4)
    expectClose(strategy('distill').oneTimeUSD, DISTILL_ONE_TIME, 1e-9)
    expectClose(strategy('distill').retrainingUSD, RETRAINING, 1e-9)
  })

  it('needs 2 L4s (the minimum) in every month at 5 M requests growing 2 % a month', () => {
    // month 24: 5e6 x 1.02^23 = 7.88 M requests < 19.71 M a GPU
    expect(monthFactors.map((f) => gpusInMonth(FIRST_MONTH_REQUESTS * f))).toEqual(Array(MONTHS).fill(2))
    expectClose(hostingUSD(FIRST_MONTH_REQUESTS), 28_003.968, 1e-12)
  })

  it("distill's 24-month total is one-time + people + retraining + requests + hosting", () => {
    // 40,007.69 + 96,000 + 14.55 + 0.00109655 x 5e6 x 30.4219 + 28,003.97 = $330,821.67
    const total = distillTotal(FIRST_MONTH_REQUESTS)
    expectClose(strategy('distill').horizonTotalUSD, total, 1e-9)
    expect(Math.round(total)).toBe(330_822) // the README's figure
    // 10,000 + 24,000 + 0.002731 x 5e6 x 30.4219 = $449,410.64
    expectClose(strategy('prompt').horizonTotalUSD, promptTotal(FIRST_MONTH_REQUESTS), 1e-9)
    expect(Math.round(promptTotal(FIRST_MONTH_REQUESTS))).toBe(449_411)
  })

  it('breaks even with prompting at 2.62 M requests a month, where 2 GPUs serve every month', () => {
    // Month 24 at the crossing: 2.615 M x 1.02^23 = 4.12 M requests, within one GPU's 19.71 M;
    // the 2-replica minimum applies in all 24 months, so the linear solution above holds.
    expect(monthFactors.map((f) => gpusInMonth(BREAKEVEN * f))).toEqual(Array(MONTHS).fill(2))
    expect(BREAKEVEN * monthFactors[MONTHS - 1]!).toBeLessThan(2 * REQUESTS_PER_GPU_MONTH)
    // Both totals meet there, and below it distill is dearer (the breakeven is the first such volume).
    expectClose(distillTotal(BREAKEVEN), promptTotal(BREAKEVEN), 1e-12)
    expect(distillTotal(BREAKEVEN * 0.999)).toBeGreaterThan(promptTotal(BREAKEVEN * 0.999))
    expectClose(strategy('distill').breakevenRequestsPerMonth, BREAKEVEN, 1e-9)
    expect((BREAKEVEN / 1e6).toFixed(2)).toBe('2.62') // the README's figure
  })
})
