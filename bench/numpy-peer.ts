/**
 * The NumPy peer of the simulation kernel (bench/sim_numpy_best.py): the meta it needs, derived
 * from the compiled model, and a runner that times it as a whole process.
 *
 * The meta carries each uncertain input's distribution parameters and, for each global value and
 * each strategy's 12 coefficients (kernel/sim/layout.ts), a formula in the inputs: a sum of
 * terms `w x prod x_i^(+-1)`. The formulas are found from the compiled model's `fill` alone:
 * which inputs a coefficient depends on (perturbing each input at the point), then a least-squares
 * fit over the candidate terms 1, x_i, 1/x_i, x_i x_j of those inputs at 200 sampled points,
 * pruned backwards while the fit stays exact (1e-11). {@link numpyPeerMeta} then has the Python
 * script evaluate its formulas at 100 fresh points (`--check`) and compares them with `fill`
 * to 1e-9 relative: the Python that runs in the benchmark is what is checked.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BAND_BINS,
  COEFF_SIZE,
  ChunkRunner,
  chunkCount,
  GLOBAL_SIZE,
  PAYBACK_BINS_PER_MONTH,
  VALUE_BINS,
  pointEvaluation,
  streamAt,
  type Distribution,
  type SimulationModel,
} from '../kernel/sim/index.js'
import { packagePath } from '../kernel/paths.js'
import type { ValidatedScenario } from '../src/scenario/validate.js'

export const PYTHON = '/usr/bin/python3'
export const NUMPY_PEER_SCRIPT = packagePath('bench', 'sim_numpy_best.py')

/** A distribution as the Python side samples it. */
export type PeerDistribution =
  | { kind: 'fixed'; value: number }
  | { kind: 'lognormal'; mu: number; sigma: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'triangular'; min: number; mode: number; max: number }
  | { kind: 'beta'; alpha: number; beta: number; min: number; max: number }
  | { kind: 'truncated'; base: PeerDistribution; lower: number | null; upper: number | null }

/** `sum of w x prod x_i^p` over terms; a term with no factors is a constant. */
export interface PeerExpression {
  terms: { w: number; f: [number, number][] }[]
}

export interface NumpyPeerMeta {
  scenario: string
  strategies: string[]
  horizonMonths: number
  inputs: { path: string; point: number; dist: PeerDistribution }[]
  globals: PeerExpression[]
  coefficients: PeerExpression[][]
  shifts: number[]
  valueBins: typeof VALUE_BINS
  bandBins: typeof BAND_BINS
  paybackBinsPerMonth: number
  /** Largest relative difference between the Python formulas and `fill` over the check points. */
  check: { points: number; maxRelativeError: number }
}

function peerDistribution(d: Distribution): PeerDistribution {
  const any = d as unknown as Record<string, unknown>
  const num = (k: string) => any[k] as number
  switch (d.kind) {
    case 'fixed':
      return { kind: 'fixed', value: num('value') }
    case 'lognormal':
      return { kind: 'lognormal', mu: num('mu'), sigma: num('sigma') }
    case 'normal':
      return { kind: 'normal', mean: num('mean'), sd: num('sd') }
    case 'uniform':
      return { kind: 'uniform', min: num('min'), max: num('max') }
    case 'triangular':
      return { kind: 'triangular', min: num('min'), mode: num('mode'), max: num('max') }
    case 'beta':
      return { kind: 'beta', alpha: num('alpha'), beta: num('beta'), min: num('min'), max: num('max') }
    case 'pert':
      return peerDistribution(any.beta as Distribution)
    case 'truncated':
      return { kind: 'truncated', base: peerDistribution(any.base as Distribution), lower: Number.isFinite(d.lower) ? d.lower : null, upper: Number.isFinite(d.upper) ? d.upper : null }
    default:
      throw new Error(`numpy peer: unsupported distribution ${d.kind}`)
  }
}

/** Every target (4 globals, then S x 12 coefficients) at each row of input values. */
function fillRows(model: SimulationModel, rows: Float64Array[]): Float64Array[] {
  const S = model.strategies.length
  const globals = new Float64Array(GLOBAL_SIZE)
  const coeffs = new Float64Array(S * COEFF_SIZE)
  return rows.map((values) => {
    model.fill(values, globals, coeffs)
    return Float64Array.from([...globals, ...coeffs])
  })
}

/** Input values at `count` points drawn from the inputs' own distributions (stream offset `from`). */
function samplePoints(model: SimulationModel, count: number, seed: number): Float64Array[] {
  const columns = model.inputs.map((input, j) => {
    const out = new Float64Array(count)
    input.distribution.sampleInto(streamAt(seed, j, 0), out)
    return out
  })
  return Array.from({ length: count }, (_, i) => Float64Array.from(columns, (c) => c[i] as number))
}

type Factor = [number, number]

/** Least squares by Householder QR (columns scaled to unit norm); returns weights and max relative error. */
function leastSquares(columns: Float64Array[], y: Float64Array): { w: number[]; error: number } {
  const n = y.length
  const k = columns.length
  const scale = columns.map((c) => Math.hypot(...c) || 1)
  const a = columns.map((c, j) => Float64Array.from(c, (v) => v / (scale[j] as number)))
  const b = Float64Array.from(y)
  for (let j = 0; j < k; j++) {
    const col = a[j] as Float64Array
    let norm = 0
    for (let i = j; i < n; i++) norm += (col[i] as number) ** 2
    norm = Math.sqrt(norm)
    if (norm === 0) continue
    const alpha = (col[j] as number) > 0 ? -norm : norm
    const v = new Float64Array(n)
    for (let i = j; i < n; i++) v[i] = col[i] as number
    v[j] = (v[j] as number) - alpha
    let vv = 0
    for (let i = j; i < n; i++) vv += (v[i] as number) ** 2
    const apply = (x: Float64Array) => {
      let dot = 0
      for (let i = j; i < n; i++) dot += (v[i] as number) * (x[i] as number)
      const f = (2 * dot) / vv
      for (let i = j; i < n; i++) x[i] = (x[i] as number) - f * (v[i] as number)
    }
    for (let c = j; c < k; c++) apply(a[c] as Float64Array)
    apply(b)
  }
  const w = new Array<number>(k).fill(0)
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j] as number
    for (let c = j + 1; c < k; c++) s -= ((a[c] as Float64Array)[j] as number) * (w[c] as number)
    const d = (a[j] as Float64Array)[j] as number
    w[j] = d === 0 ? 0 : s / d
  }
  const weights = w.map((v, j) => v / (scale[j] as number))
  let error = 0
  const top = Math.max(...Array.from(y, Math.abs)) || 1
  for (let i = 0; i < n; i++) {
    let p = 0
    for (let j = 0; j < k; j++) p += (weights[j] as number) * ((columns[j] as Float64Array)[i] as number)
    error = Math.max(error, Math.abs(p - (y[i] as number)) / Math.max(Math.abs(y[i] as number), 1e-6 * top))
  }
  return { w: weights, error }
}

/** The formula of one target from its values at the sample points. */
function fitTarget(points: Float64Array[], y: Float64Array, depends: number[], pointValue: number): PeerExpression {
  if (depends.length === 0) return { terms: [{ w: pointValue, f: [] }] }
  let candidates: Factor[][] = [[]]
  for (const i of depends) candidates.push([[i, 1]], [[i, -1]])
  for (const i of depends) for (const j of depends) if (i < j) candidates.push([[i, 1], [j, 1]])
  const column = (f: Factor[]) => Float64Array.from(points, (x) => f.reduce((acc, [i, p]) => acc * (x[i] as number) ** p, 1))
  let fit = leastSquares(candidates.map(column), y)
  if (fit.error > 1e-11) throw new Error(`numpy peer: no exact formula (error ${fit.error.toExponential(2)}) over inputs ${depends.join(',')}`)
  // Backward elimination: drop the term whose removal keeps the fit exact, while one does.
  for (;;) {
    let best: { at: number; fit: ReturnType<typeof leastSquares> } | undefined
    for (let t = 0; t < candidates.length; t++) {
      const rest = candidates.filter((_, u) => u !== t)
      if (rest.length === 0) continue
      const f = leastSquares(rest.map(column), y)
      if (f.error <= 1e-11 && (!best || f.error < best.fit.error)) best = { at: t, fit: f }
    }
    if (!best) break
    const drop = best.at
    candidates = candidates.filter((_, u) => u !== drop)
    fit = best.fit
  }
  return { terms: candidates.map((f, t) => ({ w: fit.w[t] as number, f })) }
}

/**
 * The meta bench/sim_numpy_best.py reads, with its formulas checked against `fill` through the
 * Python itself at `checkPoints` fresh points (throws beyond 1e-9 relative).
 */
export function numpyPeerMeta(validated: ValidatedScenario, model: SimulationModel, options: { checkPoints?: number; scenario?: string } = {}): NumpyPeerMeta {
  const S = model.strategies.length
  const targets = GLOBAL_SIZE + S * COEFF_SIZE
  const point = Float64Array.from(model.point)
  const [atPoint] = fillRows(model, [point]) as [Float64Array]
  // Dependencies: which inputs move which targets (two perturbations each, so a kink cannot hide one).
  const depends: number[][] = Array.from({ length: targets }, () => [])
  model.inputs.forEach((_, i) => {
    const rows = [1.03, 0.97].map((f) => {
      const x = Float64Array.from(point)
      x[i] = (x[i] as number) === 0 ? 1e-3 : (x[i] as number) * f
      return x
    })
    for (const moved of fillRows(model, rows)) {
      for (let t = 0; t < targets; t++) {
        const a = atPoint[t] as number
        const b = moved[t] as number
        if (Math.abs(a - b) > 1e-14 * Math.max(Math.abs(a), Math.abs(b)) && !(depends[t] as number[]).includes(i)) (depends[t] as number[]).push(i)
      }
    }
  })
  const points = samplePoints(model, 200, 987654321)
  const values = fillRows(model, points)
  const expressions = Array.from({ length: targets }, (_, t) =>
    fitTarget(points, Float64Array.from(values, (v) => v[t] as number), (depends[t] as number[]).sort((a, b) => a - b), atPoint[t] as number),
  )
  const { shifts } = pointEvaluation(model)
  const meta: NumpyPeerMeta = {
    scenario: options.scenario ?? validated.input.name ?? '',
    strategies: [...model.strategies],
    horizonMonths: model.horizonMonths,
    inputs: model.inputs.map((input) => ({ path: input.path, point: input.pointValue, dist: peerDistribution(input.distribution) })),
    globals: expressions.slice(0, GLOBAL_SIZE),
    coefficients: Array.from({ length: S }, (_, s) => expressions.slice(GLOBAL_SIZE + s * COEFF_SIZE, GLOBAL_SIZE + (s + 1) * COEFF_SIZE)),
    shifts: Array.from(shifts),
    valueBins: VALUE_BINS,
    bandBins: BAND_BINS,
    paybackBinsPerMonth: PAYBACK_BINS_PER_MONTH,
    check: { points: 0, maxRelativeError: NaN },
  }
  // The check: the Python evaluates its formulas at fresh points; they must equal fill's.
  const checkPoints = options.checkPoints ?? 100
  const fresh = samplePoints(model, checkPoints, 123456789)
  const expected = fillRows(model, fresh)
  const dir = mkdtempSync(join(tmpdir(), 'payback-numpy-peer-'))
  try {
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta))
    writeFileSync(join(dir, 'points.json'), JSON.stringify(fresh.map((x) => Array.from(x))))
    const run = spawnSync(PYTHON, [NUMPY_PEER_SCRIPT, join(dir, 'meta.json'), '--check', join(dir, 'points.json')], { encoding: 'utf8', maxBuffer: 1 << 28 })
    if (run.status !== 0) throw new Error(`sim_numpy_best.py --check failed: ${run.stderr}`)
    const got = JSON.parse(run.stdout) as { globals: number[][]; coefficients: number[][][] }
    let worst = 0
    let where = ''
    for (let i = 0; i < checkPoints; i++) {
      const row = [...got.globals.map((g) => g[i] as number), ...got.coefficients.flatMap((block) => block.map((c) => c[i] as number))]
      for (let t = 0; t < targets; t++) {
        const a = (expected[i] as Float64Array)[t] as number
        const b = row[t] as number
        const err = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))
        if (err > worst) {
          worst = err
          where = t < GLOBAL_SIZE ? `global ${t}` : `${model.strategies[Math.floor((t - GLOBAL_SIZE) / COEFF_SIZE)]} coefficient ${(t - GLOBAL_SIZE) % COEFF_SIZE}`
        }
      }
    }
    if (!(worst <= 1e-9)) throw new Error(`numpy peer: Python formulas differ from fill by ${worst.toExponential(2)} relative (${where})`)
    meta.check = { points: checkPoints, maxRelativeError: worst }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return meta
}

export interface NumpyPeerOptions {
  meta: NumpyPeerMeta
  draws: number
  processes?: number
  chunk?: number
  dtype?: 'float32' | 'float64'
  seed?: number
  /** Repeats inside one Python process (the whole-process wall time covers them all). */
  repeats?: number
  bitGenerator?: string
}

export interface NumpyPeerStrategy {
  id: string
  horizonTotalUSD: NumpyPeerMoney
  presentValueUSD: NumpyPeerMoney
  npvSavingsUSD: NumpyPeerMoney
  cheapest: number
  paybackWithinHorizon?: number
}

export interface NumpyPeerMoney {
  mean: number
  sd: number
  standardError: number
  min: number
  max: number
  p5: number
  p50: number
  p95: number
}

export interface NumpyPeerResult {
  numpy: string
  python: string
  draws: number
  processes: number
  chunk: number
  dtype: string
  seed: number
  bitGenerator: string
  /** `import numpy` inside the script. */
  importSeconds: number
  /** From Node's spawn to the script's first line (interpreter start-up), wall clock. */
  interpreterStartSeconds: number | null
  /** In-process time of each repeat: sampling to summary, fork and merge included. */
  seconds: number[]
  mergeSeconds: number[]
  inProcessDrawsPerSecond: number
  scriptSeconds: number
  strategies: NumpyPeerStrategy[]
  countsTotal: number
  /** SHA-256 of the counts in the kernel's Tally layout (uint32): equal runs count the same. */
  countsSha256: string
  /** Measured in Node around the spawn: the whole process (start-up, import, work, exit). */
  wallSeconds: number
}

/** Runs bench/sim_numpy_best.py once as a child process; throws when it fails. */
export function runNumpyPeer(options: NumpyPeerOptions): NumpyPeerResult {
  const dir = mkdtempSync(join(tmpdir(), 'payback-numpy-peer-'))
  try {
    const metaPath = join(dir, 'meta.json')
    writeFileSync(metaPath, JSON.stringify(options.meta))
    const args = [
      NUMPY_PEER_SCRIPT,
      metaPath,
      ...['--draws', String(options.draws)],
      ...['--processes', String(options.processes ?? 1)],
      ...['--chunk', String(options.chunk ?? 8192)],
      ...['--dtype', options.dtype ?? 'float32'],
      ...['--seed', String(options.seed ?? 1)],
      ...['--repeats', String(options.repeats ?? 1)],
      ...['--bitgen', options.bitGenerator ?? 'SFC64'],
    ]
    const spawnedAt = Date.now() / 1000
    const start = performance.now()
    const run = spawnSync(PYTHON, [...args, '--spawned-at', String(spawnedAt)], { encoding: 'utf8', maxBuffer: 1 << 26 })
    const wallSeconds = (performance.now() - start) / 1000
    if (run.status !== 0) throw new Error(`sim_numpy_best.py failed (${run.status}): ${run.stderr}`)
    return { ...(JSON.parse(run.stdout) as Omit<NumpyPeerResult, 'wallSeconds'>), wallSeconds }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export interface BinComparison {
  draws: number
  dtype: string
  /** Bins whose counts differ between the kernel and NumPy. */
  differingBins: number
  /** Values counted in another bin by NumPy than by the kernel (half the sum of |differences|). */
  movedValues: number
  /** Values counted in all (draws x 145 for 5 strategies over 24 months). */
  countedValues: number
  /** Largest relative difference of the exact extremes (money minima and maxima, band minima and maxima). */
  maxExtremeRelativeDifference: number
}

/**
 * The kernel's own draws through the NumPy month loop and aggregation: TypeScript samples the
 * inputs with its Philox streams, the Python computes the coefficients, months and bins from
 * them (`--inputs`), and its counts are compared bin by bin with the kernel's Tally of the same
 * draws. Checks the bin layouts, the payback and cheapest counting and the month loop; the
 * coefficient formulas and the summation order differ in the last bits, so a value lying on a
 * bin edge may move (expect none or a handful).
 */
export function compareBinsWithKernel(meta: NumpyPeerMeta, model: SimulationModel, options: { draws: number; seed: number; dtype?: 'float32' | 'float64' }): BinComparison {
  const chunkSize = 16384
  const { draws, seed } = options
  const inputs = model.inputs.length
  const rows = new Float64Array(draws * inputs)
  const column = new Float64Array(chunkSize)
  for (let start = 0; start < draws; start += chunkSize) {
    const length = Math.min(chunkSize, draws - start)
    model.inputs.forEach((input, j) => {
      input.distribution.sampleInto(streamAt(seed, j, start), column.subarray(0, length))
      for (let i = 0; i < length; i++) rows[(start + i) * inputs + j] = column[i] as number
    })
  }
  const { shifts } = pointEvaluation(model)
  const runner = new ChunkRunner(model, { seed, draws, chunkSize, shifts })
  for (let k = 0; k < chunkCount({ draws, chunkSize }); k++) runner.run(k)
  const dir = mkdtempSync(join(tmpdir(), 'payback-numpy-peer-'))
  try {
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta))
    writeFileSync(join(dir, 'inputs.f64'), new Uint8Array(rows.buffer))
    const countsPath = join(dir, 'counts.u32')
    const dtype = options.dtype ?? 'float64'
    const run = spawnSync(PYTHON, [NUMPY_PEER_SCRIPT, join(dir, 'meta.json'), '--inputs', join(dir, 'inputs.f64'), '--counts-out', countsPath, '--dtype', dtype], { encoding: 'utf8' })
    if (run.status !== 0) throw new Error(`sim_numpy_best.py --inputs failed: ${run.stderr}`)
    const bytes = readFileSync(countsPath)
    const counts = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
    const kernel = runner.tally.counts
    if (counts.length !== kernel.length) throw new Error(`counts length ${counts.length}, kernel's ${kernel.length}`)
    let differingBins = 0
    let moved = 0
    let counted = 0
    for (let i = 0; i < kernel.length; i++) {
      const d = (counts[i] as number) - (kernel[i] as number)
      if (d !== 0) differingBins += 1
      moved += Math.abs(d)
      counted += kernel[i] as number
    }
    const eb = readFileSync(countsPath + '.extremes')
    const extremes = new Float64Array(eb.buffer.slice(eb.byteOffset, eb.byteOffset + eb.byteLength))
    let worst = 0
    for (let i = 0; i < extremes.length; i++) {
      const a = extremes[i] as number
      const b = runner.tally.extremes[i] as number
      if (a !== b) worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)))
    }
    return { draws, dtype, differingBins, movedValues: moved / 2, countedValues: counted, maxExtremeRelativeDifference: worst }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
