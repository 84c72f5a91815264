/** `payback serve`: the serving plan of one GPU for a model and a token shape, and the roofline's calibration. */
import { dailyProfile, gpuHoursBreakdown, HOSTING_MODE, type GpuHoursBreakdown } from '../../kernel/sim/gpu-hours.js'
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
    'requests-per-month': { type: 'string', value: 'N', help: 'also plan the fleet for this volume: GPU-hours a month by cause, always-on against autoscaling against serverless' },
    'peak-to-average': { type: 'string', value: 'R', default: '2', help: 'fleet: the peak hour over the day\'s average (a von Mises day)' },
    utilisation: { type: 'string', value: 'F', default: '0.6', help: 'fleet: share of a GPU planned to be used (headroom for bursts)' },
    'min-replicas': { type: 'string', value: 'N', default: '2', help: 'fleet: GPUs always-on and autoscaling keep whatever the load' },
    'scale-up-lag-min': { type: 'string', value: 'MIN', default: '5', help: 'fleet: minutes an autoscaled GPU starts before the hour that needs it' },
    'idle-timeout-s': { type: 'string', value: 'S', default: '60', help: 'fleet: seconds a serverless container stays up after its last request' },
    'cold-start-s': { type: 'string', value: 'S', default: '30', help: 'fleet: GPU-seconds billed per serverless cold start (Replicate custom deployments, lower figure: data/serving-benchmarks.json)' },
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
  const volume = numberOption('--requests-per-month', options.string('requests-per-month'), { min: 0 })
  const fleet =
    volume === undefined
      ? null
      : fleetPlan(plan, gpuId, volume, {
          peakToAverage: numberOption('--peak-to-average', options.string('peak-to-average'), { min: 1, max: 100 }) as number,
          utilisation: numberOption('--utilisation', options.string('utilisation'), { min: 0, exclusiveMin: true, max: 1 }) as number,
          minReplicas: numberOption('--min-replicas', options.string('min-replicas'), { integer: true, min: 0 }) as number,
          scaleUpLagHours: (numberOption('--scale-up-lag-min', options.string('scale-up-lag-min'), { min: 0, max: 60 }) as number) / 60,
          idleTimeoutSeconds: numberOption('--idle-timeout-s', options.string('idle-timeout-s'), { min: 0, max: 3600 }) as number,
          coldStartSeconds: numberOption('--cold-start-s', options.string('cold-start-s'), { min: 0, max: 3600 }) as number,
        })
  if (options.flag('json')) {
    console.log(JSON.stringify({ input: { ...input, architecture: model, gpu: gpuId }, plan, ...(fleet ? { fleet } : {}) }, null, 2))
    return
  }
  console.log(planText(plan, gpuId))
  if (fleet) console.log(`\n${fleetText(fleet, volume as number)}`)
}

/** The fleet's settings besides the plan's throughput. */
interface FleetSettings {
  peakToAverage: number
  utilisation: number
  minReplicas: number
  scaleUpLagHours: number
  idleTimeoutSeconds: number
  coldStartSeconds: number
}

/** One way of paying for GPUs at the volume: GPU-hours a month by cause and their cost. */
interface FleetRow {
  scaling: 'always-on' | 'autoscaling' | 'serverless'
  gpuHours: GpuHoursBreakdown
  usdPerMonth: number
}

/**
 * The fleet for `requestsPerMonth` on the plan's throughput: always-on replicas for the peak,
 * autoscaling whole GPUs hour by hour, serverless billed per second (kernel/sim/gpu-hours.ts),
 * at the GPU's list price per hour (per second / 3,600 for serverless).
 */
function fleetPlan(plan: ServingPlan, gpuId: string, requestsPerMonth: number, settings: FleetSettings): { settings: FleetSettings; rows: FleetRow[] } {
  const weights = dailyProfile(settings.peakToAverage, 0, new Float64Array(24))
  const perGpuHour = plan.requestsPerSecond * settings.utilisation * 3600
  const price = gpuById(gpuId).usdPerHour
  const common = {
    requestsPerGpuHour: perGpuHour,
    requestsPerGpuMonth: (perGpuHour * 730) / settings.peakToAverage,
    utilisation: settings.utilisation,
    scaleUpLagHours: settings.scaleUpLagHours,
    idleTimeoutSeconds: settings.idleTimeoutSeconds,
    coldStartSeconds: settings.coldStartSeconds,
  }
  const modes = [
    ['always-on', HOSTING_MODE.ALWAYS_ON, settings.minReplicas],
    ['autoscaling', HOSTING_MODE.AUTOSCALING, settings.minReplicas],
    ['serverless', HOSTING_MODE.SERVERLESS, 0],
  ] as const
  const rows = modes.map(([scaling, mode, minReplicas]) => {
    const gpuHours = gpuHoursBreakdown(requestsPerMonth, weights, { ...common, mode, minReplicas })
    return { scaling, gpuHours, usdPerMonth: gpuHours.total * price }
  })
  return { settings, rows }
}

function fleetText(fleet: { settings: FleetSettings; rows: FleetRow[] }, requestsPerMonth: number): string {
  const { settings } = fleet
  const hours = (value: number) => formatCount(Math.round(value))
  const table = renderTable(
    [
      { header: 'way of paying' },
      { header: 'GPU-hours', align: 'right' },
      { header: 'busy', align: 'right' },
      { header: 'headroom', align: 'right' },
      { header: 'peak', align: 'right' },
      { header: 'min replicas', align: 'right' },
      { header: 'scale-up lag', align: 'right' },
      { header: 'idle', align: 'right' },
      { header: 'cold starts', align: 'right' },
      { header: 'USD a month', align: 'right' },
    ],
    fleet.rows.map((r) => [
      r.scaling,
      hours(r.gpuHours.total),
      hours(r.gpuHours.busy),
      hours(r.gpuHours.headroom),
      hours(r.gpuHours.peak),
      hours(r.gpuHours.minReplicas),
      hours(r.gpuHours.scaleUpLag),
      hours(r.gpuHours.idle),
      `${hours(r.gpuHours.coldStarts)} (${formatCount(Math.round(r.gpuHours.coldStartCount))})`,
      formatUSD(r.usdPerMonth),
    ]),
  )
  return (
    `fleet for ${formatCount(requestsPerMonth)} requests a month (a day peaking at ${formatNumber(settings.peakToAverage)}x the average; ${formatNumber(settings.utilisation)} utilisation planned; ` +
    `${settings.minReplicas} min replicas; GPUs started ${formatNumber(settings.scaleUpLagHours * 60)} min early; serverless: ${formatNumber(settings.idleTimeoutSeconds)} s idle timeout, ${formatNumber(settings.coldStartSeconds)} s a cold start):\n${table}\n\n` +
    'GPU-hours by cause (kernel/sim/gpu-hours.ts): busy = the requests at full speed; headroom = the planned utilisation\'s spare; peak = capacity above the load; min replicas = GPUs kept beyond the load; scale-up lag = GPUs started early; idle = serverless containers waiting out their timeout; cold starts = GPU-hours (count) of serverless start-ups.'
  )
}
