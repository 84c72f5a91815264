/**
 * NumPy at its best for the simulation model (bench/sim_numpy_best.py, sampling included), the
 * peer the TypeScript kernel is measured against.
 *
 * Run: `node bench/run.mjs numpy-best [--draws 1000000] [--repeats 5] [--ten-million]
 *       [--chunks 4096,8192,16384,32768,65536,100000] [--scenario FILE] [--seed S] [--skip-typescript]`
 *
 * 1. The meta: each coefficient's formula found from `fill`, checked through the Python
 *    (`--check`) at 100 fresh points.
 *    Then the kernel's own draws (its Philox-sampled inputs) through the NumPy month loop and
 *    aggregation: every bin count compared with the kernel's Tally (float64: expect all equal).
 * 2. Chunk sweep: float32, 1 process, in-process draws/s (median of interleaved rounds of fresh processes).
 * 3. float32 against float64 on the same seed (the same draws: sampling is float64 in both):
 *    speed, and every mean, 5/50/95 % quantile, P(cheapest) and P(payback) difference in Monte
 *    Carlo standard errors.
 *    Then the bit generators (SFC64, PCG64DXSM, PCG64, Philox, MT19937) on the whole run.
 * 4. 1 and 2 processes at 100k, 1M (and 10M with --ten-million) draws: whole-process draws/s
 *    (wall time around the spawn, measured in Node: interpreter start, numpy import, work, exit)
 *    and in-process draws/s, start-up separately; medians of `--repeats` fresh processes.
 * 5. NumPy's means against `simulate(model, { draws, seed, workers: 1 })` of the TypeScript
 *    kernel (different random streams, same distributions): differences in standard errors,
 *    which should stay within 4.
 * Timings on a shared machine are noisy: medians are quoted, with the spread.
 */
import { median } from 'simple-statistics'
import { packagePath } from '../kernel/paths.js'
import { simulate } from '../kernel/sim/index.js'
import { loadScenarioInputFile } from '../src/scenario/validate.js'
import { compileScenario } from '../src/sim/compile.js'
import { compareBinsWithKernel, numpyPeerMeta, runNumpyPeer, type NumpyPeerMeta, type NumpyPeerResult } from './numpy-peer.js'

interface Args {
  draws: number
  repeats: number
  tenMillion: boolean
  chunks: number[]
  scenario: string
  seed: number
  skipTypescript: boolean
}

function parse(argv: string[]): Args {
  const value = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  return {
    draws: Number(value('--draws') ?? 1_000_000),
    repeats: Number(value('--repeats') ?? 5),
    tenMillion: argv.includes('--ten-million'),
    chunks: (value('--chunks') ?? '4096,8192,16384,32768,65536,100000').split(',').map(Number),
    scenario: value('--scenario') ?? packagePath('data', 'scenarios', 'support-tickets-uncertain.json'),
    seed: Number(value('--seed') ?? 1),
    skipTypescript: argv.includes('--skip-typescript'),
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const spread = (xs: number[]) => `${fmt(Math.min(...xs))}..${fmt(Math.max(...xs))}`
const METRICS = ['horizonTotalUSD', 'presentValueUSD', 'npvSavingsUSD'] as const
/** Standard normal density at the 5/50/95 % quantiles (z = -1.645, 0, 1.645). */
const PHI = { p5: 0.103136, p50: 0.398942, p95: 0.103136 } as const
const P_OF = { p5: 0.05, p50: 0.5, p95: 0.95 } as const

function describeMeta(meta: NumpyPeerMeta): void {
  const varying = meta.coefficients.flat().filter((e) => e.terms.some((t) => t.f.length > 0)).length
  console.log(
    `meta: ${meta.inputs.length} inputs, ${meta.strategies.length} strategies (${meta.strategies.join(', ')}), ${meta.horizonMonths} months; ` +
      `${varying} of ${meta.coefficients.flat().length} coefficients vary per draw; Python formulas vs fill at ${meta.check.points} fresh points: ` +
      `max relative difference ${meta.check.maxRelativeError.toExponential(2)}`,
  )
}

/** float32 against float64 on the same draws: differences in standard errors. */
function compareDtypes(a: NumpyPeerResult, b: NumpyPeerResult): number {
  const n = a.draws
  let worst = 0
  for (let s = 0; s < a.strategies.length; s++) {
    const x = a.strategies[s]!
    const y = b.strategies[s]!
    const parts: string[] = []
    for (const metric of METRICS) {
      const mx = x[metric]
      const my = y[metric]
      const ratio = (d: number, se: number) => (d === 0 ? 0 : d / se)
      const z = ratio(mx.mean - my.mean, my.standardError)
      worst = Math.max(worst, Math.abs(z))
      const qs = (['p5', 'p50', 'p95'] as const).map((q) => {
        // Normal-approximation standard error of a quantile: sd sqrt(p (1 - p) / n) / phi(z_p).
        const seQ = (my.sd * Math.sqrt((P_OF[q] * (1 - P_OF[q])) / n)) / PHI[q]
        const zq = ratio(mx[q] - my[q], seQ)
        worst = Math.max(worst, Math.abs(zq))
        return `${q} ${zq.toFixed(3)}`
      })
      parts.push(`${metric.replace('USD', '')} mean ${z.toFixed(4)}, ${qs.join(', ')}`)
    }
    const pSe = Math.sqrt((y.cheapest * (1 - y.cheapest)) / n) || 1 / n
    const zc = (x.cheapest - y.cheapest) / pSe
    worst = Math.max(worst, Math.abs(zc))
    parts.push(`P(cheapest) ${zc.toFixed(3)} (${x.cheapest} vs ${y.cheapest})`)
    if (y.paybackWithinHorizon !== undefined && x.paybackWithinHorizon !== undefined) {
      const pp = y.paybackWithinHorizon
      const zp = (x.paybackWithinHorizon - pp) / (Math.sqrt((pp * (1 - pp)) / n) || 1 / n)
      worst = Math.max(worst, Math.abs(zp))
      parts.push(`P(payback) ${zp.toFixed(3)}`)
    }
    console.log(`  ${x.id}: ${parts.join('; ')}`)
  }
  return worst
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2))
  const validated = loadScenarioInputFile(args.scenario)
  const model = compileScenario(validated.input, validated.uncertain)
  const report: Record<string, unknown> = { scenario: args.scenario, draws: args.draws, repeats: args.repeats }

  // 1. Meta and the formula check.
  const meta = numpyPeerMeta(validated, model, { scenario: args.scenario })
  describeMeta(meta)
  report.formulaCheck = meta.check

  // 1b. The kernel's own draws through the NumPy month loop and bins: counts compared bin by bin.
  const binDraws = Math.min(args.draws, 200_000)
  console.log(`the kernel's sampled inputs (${fmt(binDraws)} draws) through NumPy's month loop and aggregation, counts against the kernel's Tally:`)
  const binChecks = (['float64', 'float32'] as const).map((dtype) => compareBinsWithKernel(meta, model, { draws: binDraws, seed: args.seed, dtype }))
  for (const b of binChecks) {
    console.log(
      `  ${b.dtype}: ${fmt(b.movedValues)} of ${fmt(b.countedValues)} values in another bin (${b.differingBins} bins differ); exact extremes within ${b.maxExtremeRelativeDifference.toExponential(1)} relative`,
    )
  }
  report.binsAgainstKernel = binChecks

  // 2. Chunk sweep: rounds of one fresh process per chunk size, interleaved, so that a change in
  //    the machine's load falls on every size alike; median over the rounds.
  console.log(`\nchunk sweep: float32, 1 process, ${fmt(args.draws)} draws, in-process draws/s (median of ${args.repeats} interleaved rounds of fresh processes)`)
  const sweepRuns = new Map<number, number[]>(args.chunks.map((c) => [c, []]))
  for (let r = 0; r < args.repeats; r++) {
    for (const chunk of args.chunks) {
      const run = runNumpyPeer({ meta, draws: args.draws, chunk, dtype: 'float32', seed: args.seed })
      sweepRuns.get(chunk)!.push(args.draws / (run.seconds[0] as number))
    }
  }
  const sweep = args.chunks.map((chunk) => ({ chunk, drawsPerSecond: median(sweepRuns.get(chunk)!), all: sweepRuns.get(chunk)! }))
  for (const row of sweep) console.log(`  chunk ${String(row.chunk).padStart(6)}: ${fmt(row.drawsPerSecond)} draws/s (${spread(row.all)})`)
  const best = sweep.reduce((a, b) => (b.drawsPerSecond > a.drawsPerSecond ? b : a))
  const chunk = best.chunk
  console.log(`  chosen: ${chunk}`)
  report.chunkSweep = sweep

  // 3. float32 against float64, same seed and draws; speed from interleaved rounds.
  console.log(`\nfloat32 vs float64: chunk ${chunk}, ${fmt(args.draws)} draws, seed ${args.seed} (same draws: sampling is float64 in both)`)
  const f32Runs: NumpyPeerResult[] = []
  const f64Runs: NumpyPeerResult[] = []
  for (let r = 0; r < args.repeats; r++) {
    f32Runs.push(runNumpyPeer({ meta, draws: args.draws, chunk, dtype: 'float32', seed: args.seed }))
    f64Runs.push(runNumpyPeer({ meta, draws: args.draws, chunk, dtype: 'float64', seed: args.seed }))
  }
  const f32 = f32Runs[0]!
  const f64 = f64Runs[0]!
  const speed32 = median(f32Runs.map((r) => args.draws / (r.seconds[0] as number)))
  const speed64 = median(f64Runs.map((r) => args.draws / (r.seconds[0] as number)))
  console.log(`  speed: float32 ${fmt(speed32)} draws/s, float64 ${fmt(speed64)} draws/s (x${(speed32 / speed64).toFixed(2)}; in-process, median of ${args.repeats} interleaved)`)
  console.log('  float32 - float64, in standard errors of the float64 estimate (quantiles: normal-approximation standard error):')
  const worstDtype = compareDtypes(f32, f64)
  console.log(`  largest |difference|: ${worstDtype.toFixed(3)} standard errors; counts identical: ${f32.countsSha256 === f64.countsSha256}`)
  report.dtype = { float32DrawsPerSecond: speed32, float64DrawsPerSecond: speed64, largestDifferenceInStandardErrors: worstDtype, identicalCounts: f32.countsSha256 === f64.countsSha256 }

  // 3b. Bit generators: the whole run (sampling is a part), interleaved rounds.
  const generators = ['SFC64', 'PCG64DXSM', 'PCG64', 'Philox', 'MT19937']
  console.log(`\nbit generators: float32, chunk ${chunk}, ${fmt(args.draws)} draws, in-process draws/s (median of ${args.repeats} interleaved rounds)`)
  const genRuns = new Map<string, number[]>(generators.map((g) => [g, []]))
  for (let r = 0; r < args.repeats; r++) {
    for (const bitGenerator of generators) {
      const run = runNumpyPeer({ meta, draws: args.draws, chunk, dtype: 'float32', seed: args.seed, bitGenerator })
      genRuns.get(bitGenerator)!.push(args.draws / (run.seconds[0] as number))
    }
  }
  for (const g of generators) console.log(`  ${g.padEnd(10)}: ${fmt(median(genRuns.get(g)!))} draws/s (${spread(genRuns.get(g)!)})`)
  report.bitGenerators = Object.fromEntries(generators.map((g) => [g, median(genRuns.get(g)!)]))

  // 4. Processes: fresh processes, whole-process and in-process.
  const sizes = [100_000, 1_000_000, ...(args.tenMillion ? [10_000_000] : [])]
  console.log(`\nprocesses: float32, chunk ${chunk}; medians of ${args.repeats} fresh processes (whole = wall time around the spawn, in Node)`)
  const rows: Record<string, unknown>[] = []
  for (const draws of sizes) {
    for (const processes of [1, 2]) {
      const runs = Array.from({ length: args.repeats }, (_, r) => runNumpyPeer({ meta, draws, processes, chunk, dtype: 'float32', seed: args.seed + r }))
      const whole = runs.map((r) => draws / r.wallSeconds)
      const inside = runs.map((r) => draws / (r.seconds[0] as number))
      const startup = median(runs.map((r) => (r.interpreterStartSeconds ?? 0) + r.importSeconds))
      const importS = median(runs.map((r) => r.importSeconds))
      const mergeS = median(runs.map((r) => r.mergeSeconds[0] as number))
      const row = { draws, processes, wholeProcessDrawsPerSecond: median(whole), inProcessDrawsPerSecond: median(inside), startupSeconds: startup, importSeconds: importS, mergeSeconds: mergeS, wall: whole, inside }
      rows.push(row)
      console.log(
        `  ${fmt(draws).padStart(10)} draws, ${processes} process${processes > 1 ? 'es' : '  '}: whole ${fmt(median(whole)).padStart(9)} draws/s (${spread(whole)}); ` +
          `in-process ${fmt(median(inside)).padStart(9)} draws/s (${spread(inside)}); start-up ${(startup * 1000).toFixed(0)} ms (numpy import ${(importS * 1000).toFixed(0)} ms); merge ${(mergeS * 1000).toFixed(0)} ms`,
      )
    }
  }
  report.processes = rows

  // 5. Means against the TypeScript kernel.
  if (!args.skipTypescript) {
    console.log(`\nmeans: NumPy (float32, ${fmt(args.draws)} draws) vs TypeScript simulate(workers 1, ${fmt(args.draws)} draws), (a - b) / sqrt(se_a^2 + se_b^2)`)
    const tsStart = performance.now()
    const ts = await simulate(model, { draws: args.draws, seed: args.seed, workers: 1 })
    const tsSeconds = (performance.now() - tsStart) / 1000
    console.log(`  (for scale only, one run: the TypeScript kernel took ${tsSeconds.toFixed(2)} s, ${fmt(args.draws / tsSeconds)} draws/s on 1 worker; bench/sim-vs-numpy.ts times it properly)`)
    let worst = 0
    for (let s = 0; s < f32.strategies.length; s++) {
      const a = f32.strategies[s]!
      const b = ts.strategies[s]!
      const parts = METRICS.map((metric) => {
        const x = a[metric]
        const y = b[metric]
        const se = Math.hypot(x.standardError, y.standardError)
        const z = se === 0 ? (x.mean === y.mean ? 0 : Infinity) : (x.mean - y.mean) / se
        worst = Math.max(worst, Math.abs(z))
        return `${metric.replace('USD', '')} ${fmt(x.mean)} vs ${fmt(y.mean)} (${z.toFixed(2)})`
      })
      const pc = b.cheapest.probability
      const zc = (a.cheapest - pc) / (Math.hypot(Math.sqrt((a.cheapest * (1 - a.cheapest)) / args.draws), b.cheapest.standardError) || 1)
      worst = Math.max(worst, Math.abs(zc))
      console.log(`  ${a.id}: ${parts.join('; ')}; P(cheapest) ${a.cheapest.toFixed(4)} vs ${pc.toFixed(4)} (${zc.toFixed(2)})`)
    }
    const ok = worst <= 4
    console.log(`  largest |difference|: ${worst.toFixed(2)} standard errors: ${ok ? 'agree (within 4)' : 'DISAGREE (beyond 4)'}`)
    report.meansAgreement = { largestDifferenceInStandardErrors: worst, ok, typescriptOneRunSeconds: tsSeconds }
    if (!ok) process.exitCode = 1
  }
  console.log(`\n${JSON.stringify(report)}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
