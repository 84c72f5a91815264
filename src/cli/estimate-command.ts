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
import { invalidOption } from '../scenario/messages.js'
import { type CommandSpec, JSON_OPTION, numberOption, parseCommand, type ParsedOptions } from './args.js'
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

/** The options that mean something for one training method only, and the methods they apply to. */
const METHOD_ONLY: Record<string, TrainingMethod['kind'][]> = {
  rank: ['lora', 'qlora'],
  targets: ['lora', 'qlora'],
  'no-double-quant': ['qlora'],
  'master-weights': ['full'],
}

function methodFrom(options: ParsedOptions): TrainingMethod {
  const kind = options.string('method') as string
  if (kind !== 'full' && kind !== 'lora' && kind !== 'qlora') throw new UsageError(invalidOption('--method', kind, 'one of full, lora, qlora'))
  for (const [name, kinds] of Object.entries(METHOD_ONLY)) {
    if (options.given(name) && !kinds.includes(kind)) {
      const rule = `applies to --method ${kinds.join(' or ')} only, not ${kind}`
      throw new UsageError(ESTIMATE_COMMAND.options[name]!.type === 'boolean' ? `--${name} ${rule}` : invalidOption(`--${name}`, options.string(name) as string, rule))
    }
  }
  if (kind === 'full') return { kind: 'full', masterWeights: options.flag('master-weights') }
  const rank = numberOption('--rank', options.string('rank'), { integer: true, min: 1 }) as number
  const targetModules = (options.string('targets') as string).split(',').map((t) => t.trim()).filter(Boolean)
  if (kind === 'lora') return { kind: 'lora', rank, targetModules }
  return { kind: 'qlora', rank, targetModules, doubleQuantization: !options.flag('no-double-quant') }
}

/** How a method is written: `LoRA`, `QLoRA` (as in the papers that named them). */
const METHOD_NAMES: Record<TrainingMethod['kind'], string> = { full: 'full fine-tuning', lora: 'LoRA', qlora: 'QLoRA' }

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
    ['method', method.kind === 'full' ? 'full fine-tuning (16-bit)' : `${METHOD_NAMES[method.kind]} r=${method.rank} on ${method.targetModules.join(', ')}`],
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

/** `estimate`'s options: the table that parses them and prints `payback estimate --help`. */
export const ESTIMATE_COMMAND: CommandSpec = {
  name: 'estimate',
  summary: 'parameters, memory, FLOPs, GPU-hours and cost of training a model, and whether it fits the GPU.',
  options: {
    model: { type: 'string', value: 'PRESET', defaultNote: 'llama-2-7b, unless the dimensions below are given', help: 'architecture preset (see --list)' },
    layers: { type: 'string', value: 'N', help: 'custom architecture: transformer layers' },
    hidden: { type: 'string', value: 'N', help: 'custom architecture: hidden size' },
    intermediate: { type: 'string', value: 'N', help: 'custom architecture: MLP intermediate size' },
    heads: { type: 'string', value: 'N', help: 'custom architecture: attention heads' },
    'kv-heads': { type: 'string', value: 'N', defaultNote: '--heads', help: 'custom architecture: key/value heads' },
    vocab: { type: 'string', value: 'N', help: 'custom architecture: vocabulary size' },
    'tied-embeddings': { type: 'boolean', help: 'custom architecture: input and output embeddings shared' },
    'standard-mlp': { type: 'boolean', help: 'custom architecture: a two-matrix MLP instead of a gated one' },
    method: { type: 'string', value: 'full|lora|qlora', default: 'lora', help: 'training method' },
    rank: { type: 'string', value: 'R', default: '16', help: 'LoRA/QLoRA rank' },
    targets: { type: 'string', value: 'q_proj,v_proj,...', default: 'all-linear', help: 'LoRA/QLoRA target modules' },
    'master-weights': { type: 'boolean', help: 'full: keep 32-bit master weights' },
    'no-double-quant': { type: 'boolean', help: 'QLoRA: without double quantisation' },
    seq: { type: 'string', value: 'TOKENS', default: '512', help: 'sequence length' },
    batch: { type: 'string', value: 'N', default: '1', help: 'micro-batch size per GPU' },
    'no-checkpointing': { type: 'boolean', help: 'without gradient checkpointing (more activation memory)' },
    tokens: { type: 'string', value: 'N', defaultNote: '--examples x --tokens-per-example x --epochs', help: 'training tokens in all' },
    examples: { type: 'string', value: 'N', default: '5000', help: 'training examples, >= 1' },
    'tokens-per-example': { type: 'string', value: 'N', defaultNote: '--seq', help: 'tokens per example' },
    epochs: { type: 'string', value: 'N', default: '3', help: 'passes over the examples' },
    gpu: { type: 'string', value: 'ID', default: 'nvidia-a100-80gb', help: 'GPU (see --list)' },
    gpus: { type: 'string', value: 'N', default: '1', help: 'GPUs in the run' },
    utilisation: { type: 'string', value: 'F', default: '0.35', help: 'fraction of peak bf16 FLOP/s achieved, in (0, 1]' },
    'gpu-hour-usd': { type: 'string', value: 'USD', defaultNote: "the GPU's price in data/gpus.json", help: 'price of one GPU-hour' },
    json: JSON_OPTION,
    list: { type: 'boolean', help: 'list the architecture presets and GPUs' },
  },
}

/** Runs `payback estimate` with the given arguments. */
export function runEstimate(args: string[]): void {
  const options = parseCommand(ESTIMATE_COMMAND, args)
  if (!options) return
  if (options.flag('list')) {
    console.log(options.flag('json') ? JSON.stringify({ architectures: listArchitecturePresets(), gpus: listGpus() }, null, 2) : listText())
    return
  }
  const architecture = architectureFrom(options)
  const method = methodFrom(options)
  const sequenceLength = numberOption('--seq', options.string('seq'), { integer: true, min: 1 }) as number
  const microBatchSize = numberOption('--batch', options.string('batch'), { integer: true, min: 1 }) as number
  const gpuCount = numberOption('--gpus', options.string('gpus'), { integer: true, min: 1 }) as number
  const utilisation = numberOption('--utilisation', options.string('utilisation'), { min: 0, exclusiveMin: true, max: 1 }) as number
  const tokens = numberOption('--tokens', options.string('tokens'), { min: 1 })
  const examples = numberOption('--examples', options.string('examples'), { integer: true, min: 1 }) as number
  const tokensPerExample = numberOption('--tokens-per-example', options.string('tokens-per-example'), { min: 1 }) ?? sequenceLength
  const epochs = numberOption('--epochs', options.string('epochs'), { min: 0, exclusiveMin: true }) as number
  const gpuId = options.string('gpu') as string
  const known = listGpus().map((g) => g.id)
  if (!known.includes(gpuId)) throw new UsageError(invalidOption('--gpu', gpuId, `known: ${known.join(', ')}`))
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
