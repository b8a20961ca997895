import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary folder for the whole run, removed at its end (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Workflow and end-to-end tests share one Temporal dev server per file; run files one at a time
    // on this 2-core machine so timings stay predictable.
    fileParallelism: false,
  },
});
