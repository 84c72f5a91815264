#!/usr/bin/env node
// `npm run gpu-check`: on a machine with an NVIDIA GPU, in under 5 minutes,
//  1. runs the LoRA worker's tests (test/lora) on CUDA (PAYBACK_LORA_DEVICE=cuda), among them
//     test/lora/cpu-gpu.test.ts, which trains a small adapter on the GPU, loads base and adapter
//     into a CPU worker too, and compares their held-out predictions (CPU/GPU agreement);
//  2. runs the LoRA-vs-full throughput benchmark (bench/lora-vs-full.py) on CUDA;
//  3. runs scripts/gpu_check.py (plain python3): QLoRA's bytes against the estimator, bf16
//     autocast, DDP over the visible GPUs, MFU against data/gpus.json's peak, the PEFT reload;
// then prints a short table (device, examples/s, tokens/s, peak memory, optimiser state,
// CPU/GPU agreement). Without an NVIDIA GPU it says so plainly and exits 0.
//
// Options: --cpu runs the same steps on the CPU (to try this script on a machine without a GPU);
// --skip-tests leaves out step 1. The tests run with test/lora/vitest.config.mjs (the LoRA suite
// alone, from the sources: no build). Python: PAYBACK_PYTHON, else the first of python3 and
// /usr/bin/python3 whose torch sees CUDA. Exit status: 0 when every step passed (or no GPU), 1 otherwise.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)
const args = new Set(process.argv.slice(2))
const onCpu = args.has('--cpu')
const device = onCpu ? 'cpu' : 'cuda'
const started = Date.now()
const BUDGET_MS = 5 * 60 * 1000
const say = (line) => console.log(line)
const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`
const remaining = () => BUDGET_MS - (Date.now() - started)

// 0. Is there an NVIDIA GPU, and a Python whose torch can use it?
function nvidiaGpus() {
  const result = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 20_000 })
  if (result.error || result.status !== 0) return []
  return result.stdout.split('\n').filter((line) => line.startsWith('GPU '))
}
function probe(python) {
  const code = 'import json, torch; print(json.dumps({"torch": torch.__version__, "cuda": torch.cuda.is_available(), "cuda_version": torch.version.cuda, "name": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None}))'
  const result = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 120_000 })
  if (result.status !== 0) return null
  try {
    return JSON.parse(result.stdout.trim().split('\n').pop())
  } catch {
    return null
  }
}

let gpus = []
if (!onCpu) {
  gpus = nvidiaGpus()
  if (gpus.length === 0) {
    say('gpu-check: no NVIDIA GPU found (nvidia-smi is missing or lists no GPU); nothing to check on this machine.')
    say('gpu-check: the LoRA worker runs on the CPU here (npm test covers it); run npm run gpu-check on a GPU machine.')
    process.exit(0)
  }
}
const candidates = [...new Set([process.env.PAYBACK_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean))]
let python
let torchInfo
for (const candidate of candidates) {
  const found = probe(candidate)
  if (found && (onCpu || found.cuda)) {
    python = candidate
    torchInfo = found
    break
  }
}
if (!python) {
  say(`gpu-check: ${gpus.length ? `found ${gpus[0]}, but ` : ''}no Python with ${onCpu ? 'torch' : 'a CUDA build of torch'} among: ${candidates.join(', ')}`)
  say('gpu-check: install torch with CUDA for one of them, or set PAYBACK_PYTHON to one that has it')
  process.exit(1)
}
say(`gpu-check: ${onCpu ? 'CPU dry run' : gpus[0]}; ${python}: torch ${torchInfo.torch}${torchInfo.cuda_version ? `, CUDA ${torchInfo.cuda_version}` : ''}`)

const rows = []
let failed = false
const env = { ...process.env, PAYBACK_PYTHON: python, PAYBACK_LORA_DEVICE: device }

// 1. The worker's tests on the device, CPU/GPU agreement among them.
if (!args.has('--skip-tests')) {
  const scratch = mkdtempSync(join(tmpdir(), 'payback-gpu-check-'))
  const report = join(scratch, 'vitest.json')
  const agreementReport = join(scratch, 'agreement.json')
  const t0 = Date.now()
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/lora/vitest.config.mjs', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...env, PAYBACK_GPU_CHECK_REPORT: agreementReport, ...(onCpu ? { PAYBACK_LORA_AGREEMENT: '1' } : {}) },
      timeout: Math.min(200_000, remaining() - 90_000),
    },
  )
  let summary = 'did not report'
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'))
    summary = `${json.numPassedTests} passed, ${json.numFailedTests} failed`
    if (json.numFailedTests > 0 || json.numPassedTests === 0) failed = true
  } else {
    failed = true
  }
  if (result.status !== 0) failed = true
  rows.push([`worker tests on ${device}`, `${summary}${result.error ? ` (${result.error.message})` : ''} in ${seconds(Date.now() - t0)}`])
  if (existsSync(agreementReport)) {
    const a = JSON.parse(readFileSync(agreementReport, 'utf8'))
    rows.push([
      'CPU/GPU agreement',
      `${a.same}/${a.n} held-out labels (${(100 * a.agreement).toFixed(1)}%), max |p_${device} - p_cpu| ${a.maxDifference.toFixed(4)} (${a.autocast ?? 'float32'} on ${device}; accuracy ${(100 * a.accuracy).toFixed(1)}%)`,
    ])
  } else {
    rows.push(['CPU/GPU agreement', 'not measured (test/lora/cpu-gpu.test.ts did not finish)'])
  }
  rmSync(scratch, { recursive: true, force: true })
}

// 2. Throughput: LoRA vs full fine-tuning.
const formatBytes = (bytes) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`)
const bench = spawnSync(
  python,
  ['bench/lora-vs-full.py', '--device', device, '--json', '--repeats', '3', ...(onCpu ? ['--steps', '6'] : ['--steps', '30', '--batch-size', '64'])],
  { encoding: 'utf8', env, timeout: Math.max(30_000, Math.min(120_000, remaining() - 60_000)) },
)
let benchReport
try {
  benchReport = JSON.parse(bench.stdout.trim().split('\n').pop())
} catch {
  benchReport = undefined
}
if (!benchReport) {
  failed = true
  rows.push(['benchmark', `failed (exit ${bench.status}${bench.error ? `, ${bench.error.message}` : ''}): ${(bench.stderr || '').trim().split('\n').slice(-3).join(' / ')}`])
} else {
  const { lora, full } = benchReport
  if (!Object.values(benchReport.checks).every(Boolean)) failed = true
  rows.push(['device', `${benchReport.device}: ${benchReport.device_name}`])
  rows.push([`examples/s (batch ${benchReport.batch_size})`, `LoRA ${lora.examples_per_s.toFixed(0)}, full ${full.examples_per_s.toFixed(0)} (LoRA step ${benchReport.speedup.toFixed(2)}x faster)`])
  rows.push(['tokens/s', `LoRA ${lora.tokens_per_s.toFixed(0)}, full ${full.tokens_per_s.toFixed(0)}`])
  rows.push(['peak memory', onCpu ? `process RSS ${formatBytes(Math.max(lora.peak_memory_bytes, full.peak_memory_bytes))}` : `LoRA ${formatBytes(lora.peak_memory_bytes)}, full ${formatBytes(full.peak_memory_bytes)}`])
  rows.push(['optimiser state', `LoRA ${lora.optimizer_state_bytes.toLocaleString('en-US')} B, full ${full.optimizer_state_bytes.toLocaleString('en-US')} B (${benchReport.optimizer_state_ratio.toFixed(0)}x)`])
}

// 3. QLoRA memory against the estimator, bf16 autocast, DDP over the visible GPUs, MFU, PEFT reload:
//    scripts/gpu_check.py, which also runs alone as plain python3 where there is no Node.
const check = spawnSync(python, ['scripts/gpu_check.py', ...(onCpu ? ['--cpu'] : [])], {
  encoding: 'utf8',
  env: { ...env, OMP_NUM_THREADS: '1' },
  timeout: Math.max(60_000, remaining() - 10_000),
})
const checkLines = (check.stdout || '').trim().split('\n').filter((line) => line && !line.startsWith('gpu_check:'))
for (const line of checkLines) {
  const [name, ...value] = line.split(/\s{2,}/)
  rows.push([name, value.join('  ')])
}
if (check.status !== 0) {
  failed = true
  rows.push(['scripts/gpu_check.py', `failed (exit ${check.status}${check.error ? `, ${check.error.message}` : ''}): ${(check.stderr || '').trim().split('\n').slice(-3).join(' / ')}`])
}

rows.push(['total time', `${seconds(Date.now() - started)} (budget ${seconds(BUDGET_MS)})`])
const width = Math.max(...rows.map(([name]) => name.length))
say('')
for (const [name, value] of rows) say(`${name.padEnd(width)}  ${value}`)
say(failed ? 'gpu-check: FAILED' : 'gpu-check: ok')
process.exit(failed ? 1 : 0)
