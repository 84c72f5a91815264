// The LoRA worker suite on its own: `npx vitest run --config test/lora/vitest.config.mjs`.
// npm run gpu-check uses it (with PAYBACK_LORA_DEVICE=cuda). These tests import the sources, not
// dist/, so unlike the root config this one does not build the project first: a type error
// elsewhere in the tree cannot stop a GPU check of the worker.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export default {
  root: join(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  test: {
    include: ['test/lora/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
}
