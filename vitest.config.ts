import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The CLI and notebook tests spawn processes; two cores, so keep the pool small.
    maxWorkers: 2,
  },
})
