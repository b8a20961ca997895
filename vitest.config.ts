import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Workflow and end-to-end tests share one Temporal dev server per file; run files one at a time
    // on this 2-core machine so timings stay predictable.
    fileParallelism: false,
  },
});
