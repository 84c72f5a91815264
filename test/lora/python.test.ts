// The worker's Python unit tests (test/lora/python/test_*.py: safetensors bytes, LoRA math, schema
// validator, checkpoint state, synthetic data, PEFT interop), each as a vitest test of its own, so
// that `npm test`'s summary counts every one of them and shows the skipped ones as skipped.
// test/lora/python/run_tests.py runs them once (OMP_NUM_THREADS=1: more threads are slower here)
// and prints one outcome a test; a failure shows Python's traceback.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const PYTHON = process.env['PAYBACK_PYTHON'] ?? '/usr/bin/python3'
const ROOT = join(import.meta.dirname, '..', '..')
const RUNNER = join(import.meta.dirname, 'python', 'run_tests.py')

interface PythonOutcome {
  /** unittest's id, e.g. `test_lora.TargetTest.test_matches_follows_peft_suffix_rule`. */
  id: string
  status: 'passed' | 'failed' | 'error' | 'skipped'
  /** The traceback of a failure or error, the reason of a skip. */
  detail: string
}

/** Runs every Python test once; `problem` says why there are no outcomes when the runner broke. */
function runPythonTests(): { outcomes: PythonOutcome[]; problem: string | null } {
  const result = spawnSync(PYTHON, [RUNNER], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 120_000,
  })
  const output = `${PYTHON} ${RUNNER} exited with ${result.status ?? result.signal ?? result.error}\n${result.stdout}\n${result.stderr}`
  if (result.status !== 0) return { outcomes: [], problem: output }
  try {
    return { outcomes: JSON.parse(result.stdout) as PythonOutcome[], problem: null }
  } catch {
    return { outcomes: [], problem: output }
  }
}

const { outcomes, problem } = runPythonTests()

describe('Python unit tests of kernel/lora/lora_worker', () => {
  it('the runner found the Python tests', () => {
    expect(problem).toBeNull()
    // 38 tests in eight files when this was written; fewer means a file stopped being discovered.
    expect(outcomes.length).toBeGreaterThanOrEqual(45)
  })

  for (const outcome of outcomes) {
    if (outcome.status === 'skipped') {
      it.skip(`${outcome.id} (skipped in Python: ${outcome.detail})`, () => {})
    } else {
      it(outcome.id, () => {
        if (outcome.status !== 'passed') expect.fail(`${outcome.status} in Python:\n${outcome.detail}`)
      })
    }
  }
})
