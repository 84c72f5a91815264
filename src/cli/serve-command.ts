/** `payback serve`: the serving plan of one GPU for a model and a token shape, and the roofline's calibration. */
import { formatCount, formatNumber, formatUSD } from '../format.js'
import { gpuById, listGpus } from '../prices/gpus.js'
import { invalidOption } from '../scenario/messages.js'
import { servingBenchmarks } from '../serving/benchmarks.js'
import { CALIBRATION_TOLERANCE, calibrationRows, servingGpu } from '../serving/calibration.js'
import { DEFAULT_EFFICIENCIES, servingPlan, type ServingPlan, type WeightBits } from '../serving/roofline.js'
import { architecturePreset, architecturePresetNames } from '../training/index.js'
import { type CommandSpec, JSON_OPTION, numberOption, parseCommand } from './args.js'
import { UsageError } from './errors.js'
import { renderTable } from './table.js'

export const SERVE_COMMAND: CommandSpec = {
  name: 'serve',
  summary: "one GPU's serving plan for a model and a token shape (roofline: prefill bound by compute, decode by memory bandwidth), with its formula; --calibration: the model against published benchmarks.",
  options: {
    model: { type: 'string', value: 'PRESET', default: 'qwen2.5-1.5b', help: 'architecture preset (payback estimate --list)' },
    gpu: { type: 'string', value: 'ID', default: 'nvidia-l4', help: 'GPU (payback estimate --list)' },
    input: { type: 'string', value: 'TOKENS', default: '1000', help: 'input tokens a request (the whole prompt)' },
    output: { type: 'string', value: 'TOKENS', default: '12', help: 'output tokens a request' },
    bits: { type: 'string', value: '16|8|4', default: '16', help: 'weight bits (8: fp8/int8 tensor cores where the GPU has them; 4: weight-only)' },
    'kv-bits': { type: 'string', value: '16|8', default: '16', help: 'KV-cache bits' },
    concurrency: { type: 'string', value: 'N', defaultNote: 'the most the KV cache holds', help: 'concurrent sequences (the batch)' },
    'ttft-ms': { type: 'string', value: 'MS', help: 'latency target: most time to first token' },
    'tpot-ms': { type: 'string', value: 'MS', help: 'latency target: most time per output token (the plan takes the largest batch that meets it)' },
    compute: { type: 'string', value: 'F', default: String(DEFAULT_EFFICIENCIES.compute), help: 'share of the compute peak prefill reaches (calibrated)' },
    bandwidth: { type: 'string', value: 'F', default: String(DEFAULT_EFFICIENCIES.bandwidth), help: 'share of the memory bandwidth decode reaches (calibrated)' },
    calibration: { type: 'boolean', help: 'print the model against each published serving figure (data/serving-benchmarks.json) instead' },
    json: JSON_OPTION,
  },
}

function planText(plan: ServingPlan, gpuId: string): string {
  const spec = gpuById(gpuId)
  const perMillion = spec.usdPerHour / 3600 / plan.requestsPerSecond * 1e6
  const rows: [string, string][] = [
    ['batch', `${formatCount(plan.batch)} sequences (limited by ${plan.limitedBy === 'kv-cache' ? 'the KV cache' : plan.limitedBy === 'latency' ? 'the latency target' : 'the concurrency asked for'}; the KV cache holds ${formatCount(plan.sizes.maxBatch)})`],
    ['weights', `${formatNumber(plan.sizes.weightBytes / 1e9, 2)} GB; KV cache ${formatNumber(plan.sizes.kvBytesPerToken / 1024, 1)} KiB a token`],
    ['time to first token', `${formatNumber(plan.ttftSeconds * 1000, 2)} ms (one prefill, at the ${plan.sizes.computePeak} peak)`],
    ['time per output token', `${formatNumber(plan.tpotSeconds * 1000, 2)} ms (decode step ${formatNumber(plan.decodeStepSeconds * 1000, 2)} ms, ${plan.decodeBound}-bound, plus the prefills between)`],
    ['requests/s per GPU', formatNumber(plan.requestsPerSecond, 2)],
    ['output tokens/s per GPU', formatCount(Math.round(plan.outputTokensPerSecond))],
    ['GPU cost per million requests', `${formatUSD(perMillion)} at ${formatUSD(spec.usdPerHour)}/GPU-hour fully busy (${spec.priceSource.provider}, ${spec.priceSource.asOf})`],
  ]
  return `${renderTable([{ header: 'serving plan' }, { header: '' }], rows)}\n\nformula: ${plan.formula}`
}

function calibrationText(): string {
  const rows = calibrationRows(servingBenchmarks().throughput)
  const table = renderTable(
    [{ header: 'published figure' }, { header: 'engine' }, { header: 'gpu' }, { header: 'weights' }, { header: 'in/out' }, { header: 'published', align: 'right' }, { header: 'model', align: 'right' }, { header: 'model / published', align: 'right' }],
    rows.map((r) => [
      r.id,
      r.engine,
      r.gpu,
      r.weightPrecision,
      r.shape,
      `${formatNumber(r.published, 1)} ${r.metric === 'timeToFirstTokenMs' ? 'ms' : 'tok/s'}`,
      formatNumber(r.model_, 1),
      `${r.ratio.toFixed(2)}${r.calibrating ? '' : ' (upper bound)'}`,
    ]),
  )
  return (
    `The serving roofline against published figures (data/serving-benchmarks.json; efficiencies compute ${DEFAULT_EFFICIENCIES.compute}, bandwidth ${DEFAULT_EFFICIENCIES.bandwidth}: the best fit to the rows with a stated batch, each held within ${CALIBRATION_TOLERANCE}x by the tests):\n${table}\n\n` +
    'upper bound: the source does not state the batch, so the model runs at the most its KV cache holds and has no per-step engine overhead.'
  )
}

/** Runs `payback serve` with the given arguments. */
export function runServe(args: string[]): void {
  const options = parseCommand(SERVE_COMMAND, args)
  if (!options) return
  if (options.flag('calibration')) {
    console.log(options.flag('json') ? JSON.stringify(calibrationRows(servingBenchmarks().throughput), null, 2) : calibrationText())
    return
  }
  const model = options.string('model') as string
  if (!(architecturePresetNames() as string[]).includes(model)) throw new UsageError(invalidOption('--model', model, `known: ${architecturePresetNames().join(', ')}`))
  const gpuId = options.string('gpu') as string
  const known = listGpus().map((g) => g.id)
  if (!known.includes(gpuId)) throw new UsageError(invalidOption('--gpu', gpuId, `known: ${known.join(', ')}`))
  const bits = numberOption('--bits', options.string('bits'), { integer: true, min: 4, max: 16 }) as number
  if (bits !== 16 && bits !== 8 && bits !== 4) throw new UsageError(invalidOption('--bits', String(bits), 'one of 16, 8, 4'))
  const kvBits = numberOption('--kv-bits', options.string('kv-bits'), { integer: true, min: 8, max: 16 }) as number
  if (kvBits !== 16 && kvBits !== 8) throw new UsageError(invalidOption('--kv-bits', String(kvBits), 'one of 16, 8'))
  const ttft = numberOption('--ttft-ms', options.string('ttft-ms'), { min: 0, exclusiveMin: true })
  const tpot = numberOption('--tpot-ms', options.string('tpot-ms'), { min: 0, exclusiveMin: true })
  const input = {
    architecture: architecturePreset(model),
    gpu: servingGpu(gpuId),
    weightBits: bits as WeightBits,
    kvBits: kvBits as 16 | 8,
    inputTokens: numberOption('--input', options.string('input'), { integer: true, min: 1 }) as number,
    outputTokens: numberOption('--output', options.string('output'), { integer: true, min: 1 }) as number,
    concurrency: numberOption('--concurrency', options.string('concurrency'), { integer: true, min: 1 }),
    efficiencies: {
      compute: numberOption('--compute', options.string('compute'), { min: 0, exclusiveMin: true, max: 1 }) as number,
      bandwidth: numberOption('--bandwidth', options.string('bandwidth'), { min: 0, exclusiveMin: true, max: 1 }) as number,
      memory: DEFAULT_EFFICIENCIES.memory,
    },
  }
  let plan: ServingPlan
  try {
    plan = servingPlan(input, { ttftSeconds: ttft === undefined ? undefined : ttft / 1000, tpotSeconds: tpot === undefined ? undefined : tpot / 1000 })
  } catch (error) {
    // The weights do not fit, or no batch meets the latency target: the user's inputs, exit 2.
    if (error instanceof RangeError) throw new UsageError(error.message)
    throw error
  }
  console.log(options.flag('json') ? JSON.stringify({ input: { ...input, architecture: model, gpu: gpuId }, plan }, null, 2) : planText(plan, gpuId))
}
