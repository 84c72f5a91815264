// Runs the worker's Python unit tests (test/lora/python/test_*.py: safetensors bytes, LoRA math,
// schema validator, checkpoint state, synthetic data) so that vitest, which CI runs, covers them.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { packagePath } from '../../kernel/paths.js'

const PYTHON = process.env['PAYBACK_PYTHON'] ?? '/usr/bin/python3'

describe('Python unit tests of kernel/lora/lora_worker', () => {
  it('python3 -m unittest discover test/lora/python passes', () => {
    const result = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', packagePath('test', 'lora', 'python'), '-p', 'test_*.py'], {
      cwd: packagePath(),
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
      timeout: 60_000,
    })
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
    expect(result.stderr).toMatch(/Ran \d+ tests/)
  })
})
