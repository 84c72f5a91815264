// scripts/gpu_check.py: the GPU check that runs as plain python3. Here (no GPU) it says so and
// exits 0, and its --cpu dry run does every step on the CPU; the estimator's predictions it reads
// are current.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gpuCheckPredictions } from '../../src/training/gpu-check-predictions.js'

const ROOT = join(import.meta.dirname, '..', '..')
const PYTHON = process.env['PAYBACK_PYTHON'] ?? '/usr/bin/python3'
const env = { ...process.env, OMP_NUM_THREADS: '1' }

describe('scripts/gpu_check.py', () => {
  it('reads the estimator\'s current predictions (regenerate: node dist/src/training/gpu-check-predictions.js)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'scripts', 'gpu-check-predictions.json'), 'utf8'))
    expect(committed).toEqual(JSON.parse(JSON.stringify(gpuCheckPredictions())))
  })

  it.runIf(process.env['PAYBACK_LORA_DEVICE'] !== 'cuda')('without a GPU says so and exits 0', () => {
    const run = spawnSync(PYTHON, ['scripts/gpu_check.py'], { cwd: ROOT, encoding: 'utf8', env })
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/torch sees no CUDA GPU here; nothing to check/)
  })

  it('--cpu runs QLoRA against the estimator, training, MFU and 2 DDP processes, and passes', () => {
    const run = spawnSync(PYTHON, ['scripts/gpu_check.py', '--cpu'], { cwd: ROOT, encoding: 'utf8', env, timeout: 180_000 })
    expect(run.status, run.stderr).toBe(0)
    const rows = Object.fromEntries(run.stdout.trim().split('\n').filter((l) => !l.startsWith('gpu_check:')).map((l) => l.split(/\s{2,}/, 2) as [string, string]))
    // Block linears of the check's model: 4 blocks x (4 x 256^2 + 2 x 256 x 1,024) = 3,145,728 weights -> 1,572,864 bytes of codes.
    expect(rows['QLoRA NF4 codes']).toMatch(/^1,572,864 B; estimator 1,572,864 B; ratio 1\.000$/)
    expect(rows['QLoRA adapters']).toMatch(/ratio 2\.000$/)
    // The training's peak over the model within 20 % of the estimator's gradients + optimiser + activations at float32 (as in memory-peak.test.ts).
    const peakRatio = Number(/ratio (\d+\.\d+)$/.exec(rows['CPU peak increase'] ?? '')?.[1])
    expect(peakRatio).toBeGreaterThan(0.8)
    expect(peakRatio).toBeLessThan(1.2)
    expect(rows['DDP, 2 processes']).toMatch(/largest loss difference from one process/)
    expect(rows['MFU']).toMatch(/GFLOP\/s of model FLOPs/)
    expect(run.stdout).toMatch(/gpu_check: ok/)
  }, 200_000)
})
