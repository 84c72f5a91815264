/** `payback estimate`: parameters, memory, FLOPs, GPU-hours and cost of one training run. */
import {
  architecturePreset,
  architecturePresetNames,
  estimateTraining,
  listArchitecturePresets,
  totalParameters,
  validateArchitecture,
  type Architecture,
  type TrainingEstimate,
  type TrainingMethod,
} from '../training/index.js'
import { formatCount, formatNumber, formatUSD } from '../format.js'
import { gpuById, listGpus } from '../prices/gpus.js'
import { numberOption, parseOptions, type ParsedOptions } from './args.js'
import { UsageError } from './errors.js'
import { renderTable } from './table.js'

const GB = 1e9
const GIB = 2 ** 30

function architectureFrom(options: ParsedOptions): Architecture {
  const model = options.string('model')
  const dims = ['layers', 'hidden', 'intermediate', 'heads', 'kv-heads', 'vocab'] as const
  const given = dims.filter((d) => options.string(d) !== undefined)
  if (model !== undefined) {
    if (given.length > 0) throw new UsageError(`give either --model or the dimensions (--${given.join(', --')}), not both`)
    if (!(architecturePresetNames() as string[]).includes(model)) {
      throw new UsageError(`invalid --model: ${JSON.stringify(model)} (known: ${architecturePresetNames().join(', ')})`)
    }
    return architecturePreset(model)
  }
  if (given.length === 0) return architecturePreset('llama-2-7b')
  const missing = dims.filter((d) => options.string(d) === undefined && d !== 'kv-heads')
  if (missing.length > 0) throw new UsageError(`a custom architecture needs --${missing.join(', --')}`)
  const int = (name: (typeof dims)[number]) => numberOption(`--${name}`, options.string(name), { integer: true, min: 1 }) as number
  const heads = int('heads')
  return validateArchitecture({
    name: 'custom',
    layers: int('layers'),
    hidden: int('hidden'),
    intermediate: int('intermediate'),
    heads,
    kvHeads: options.string('kv-heads') === undefined ? heads : int('kv-heads'),
    vocab: int('vocab'),
    tiedEmbeddings: options.flag('tied-embeddings'),
    mlp: options.flag('standard-mlp') ? 'standard' : 'gated',
  })
}

function methodFrom(options: ParsedOptions): TrainingMethod {
  const kind = options.string('method') ?? 'lora'
  const rank = numberOption('--rank', options.string('rank'), { integer: true, min: 1 }) ?? 16
  const targetModules = (options.string('targets') ?? 'all-linear').split(',').map((t) => t.trim()).filter(Boolean)
  if (kind === 'full') return { kind: 'full', masterWeights: options.flag('master-weights') }
  if (kind === 'lora') return { kind: 'lora', rank, targetModules }
  if (kind === 'qlora') return { kind: 'qlora', rank, targetModules, doubleQuantization: !options.flag('no-double-quant') }
  throw new UsageError(`invalid --method: ${JSON.stringify(kind)} (one of full, lora, qlora)`)
}

function listText(): string {
  const presets = renderTable(
    [{ header: 'preset' }, { header: 'parameters', align: 'right' }, { header: 'layers', align: 'right' }, { header: 'hidden', align: 'right' }, { header: 'kv heads', align: 'right' }],
    listArchitecturePresets().map((a) => [a.name, `${(totalParameters(a) / 1e9).toFixed(2)}B`, String(a.layers), String(a.hidden), `${a.kvHeads}/${a.heads}`]),
  )
  const gpus = renderTable(
    [{ header: 'gpu' }, { header: 'memory', align: 'right' }, { header: 'bf16 TFLOP/s', align: 'right' }, { header: '$/GPU-h', align: 'right' }, { header: 'price source' }],
    listGpus().map((g) => [g.id, `${g.memoryGiB} GiB`, formatNumber(g.bf16DenseTflops, 1), g.usdPerHour.toFixed(2), `${g.priceSource.provider}, ${g.priceSource.asOf}`]),
  )
  return `Architecture presets:\n${presets}\n\nGPUs (data/gpus.json):\n${gpus}`
}

function estimateText(estimate: TrainingEstimate, architecture: Architecture, method: TrainingMethod, gpuName: string, gpuCount: number): string {
  const m = estimate.memory
  const rows: [string, string][] = [
    ['model', `${architecture.name}: ${formatCount(estimate.totalParameters)} parameters`],
    ['method', method.kind === 'full' ? 'full fine-tuning (16-bit)' : `${method.kind.toUpperCase()} r=${method.rank} on ${method.targetModules.join(', ')}`],
    ['trainable parameters', `${formatCount(estimate.trainableParameters)} (${((100 * estimate.trainableParameters) / estimate.totalParameters).toPrecision(3)} %)`],
    ['weights', `${(m.weightsBytes / GB).toFixed(2)} GB`],
    ['quantisation constants', `${(m.quantizationConstantsBytes / GB).toFixed(2)} GB`],
    ['adapters', `${(m.adapterBytes / GB).toFixed(2)} GB`],
    ['gradients', `${(m.gradientsBytes / GB).toFixed(2)} GB`],
    ['optimiser state', `${(m.optimizerStateBytes / GB).toFixed(2)} GB`],
    ['activations', `${(m.activationsBytes / GB).toFixed(2)} GB`],
    ['total per GPU', `${(m.totalBytes / GB).toFixed(2)} GB (${(m.totalBytes / GIB).toFixed(2)} GiB)`],
    ['fits', `${estimate.fitsGpu ? 'yes' : 'NO'}: ${gpuCount} x ${gpuName} with ${(estimate.gpuMemoryBytes / GIB).toFixed(0)} GiB each`],
    ['training FLOPs', estimate.trainingFlops.toExponential(3)],
    ['GPU-hours', formatNumber(estimate.gpuHours, 3)],
    ['cost', formatUSD(estimate.costUSD)],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  return [...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`), '', 'Formulas:', ...estimate.notes.map((n) => `  - ${n}`)].join('\n')
}

/** Runs `payback estimate` with the given arguments. */
export function runEstimate(args: string[]): void {
  const options = parseOptions(args, {
    model: { type: 'string' },
    layers: { type: 'string' },
    hidden: { type: 'string' },
    intermediate: { type: 'string' },
    heads: { type: 'string' },
    'kv-heads': { type: 'string' },
    vocab: { type: 'string' },
    'tied-embeddings': { type: 'boolean' },
    'standard-mlp': { type: 'boolean' },
    method: { type: 'string' },
    rank: { type: 'string' },
    targets: { type: 'string' },
    'master-weights': { type: 'boolean' },
    'no-double-quant': { type: 'boolean' },
    seq: { type: 'string' },
    batch: { type: 'string' },
    'no-checkpointing': { type: 'boolean' },
    tokens: { type: 'string' },
    examples: { type: 'string' },
    'tokens-per-example': { type: 'string' },
    epochs: { type: 'string' },
    gpu: { type: 'string' },
    gpus: { type: 'string' },
    utilisation: { type: 'string' },
    'gpu-hour-usd': { type: 'string' },
    json: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  })
  if (options.flag('list')) {
    console.log(options.flag('json') ? JSON.stringify({ architectures: listArchitecturePresets(), gpus: listGpus() }, null, 2) : listText())
    return
  }
  const architecture = architectureFrom(options)
  const method = methodFrom(options)
  const sequenceLength = numberOption('--seq', options.string('seq'), { integer: true, min: 1 }) ?? 512
  const microBatchSize = numberOption('--batch', options.string('batch'), { integer: true, min: 1 }) ?? 1
  const gpuCount = numberOption('--gpus', options.string('gpus'), { integer: true, min: 1 }) ?? 1
  const utilisation = numberOption('--utilisation', options.string('utilisation'), { min: 0, exclusiveMin: true, max: 1 }) ?? 0.35
  const tokens = numberOption('--tokens', options.string('tokens'), { min: 0 })
  const examples = numberOption('--examples', options.string('examples'), { min: 0 }) ?? 5000
  const tokensPerExample = numberOption('--tokens-per-example', options.string('tokens-per-example'), { min: 0 }) ?? sequenceLength
  const epochs = numberOption('--epochs', options.string('epochs'), { min: 0, exclusiveMin: true }) ?? 3
  const gpuId = options.string('gpu') ?? 'nvidia-a100-80gb'
  const known = listGpus().map((g) => g.id)
  if (!known.includes(gpuId)) throw new UsageError(`invalid --gpu: ${JSON.stringify(gpuId)} (known: ${known.join(', ')})`)
  const spec = gpuById(gpuId)
  const hourUSD = numberOption('--gpu-hour-usd', options.string('gpu-hour-usd'), { min: 0 })
  const gpu = hourUSD === undefined ? spec : { ...spec, usdPerHour: hourUSD }
  const estimate = estimateTraining({
    architecture,
    method,
    sequenceLength,
    microBatchSize,
    gradientCheckpointing: !options.flag('no-checkpointing'),
    trainingTokens: tokens ?? examples * tokensPerExample * epochs,
    gpu,
    gpuCount,
    utilisation,
  })
  if (options.flag('json')) {
    console.log(JSON.stringify({ architecture, method, gpu, gpuCount, sequenceLength, microBatchSize, utilisation, ...estimate }, null, 2))
  } else {
    console.log(estimateText(estimate, architecture, method, spec.name, gpuCount))
  }
}
