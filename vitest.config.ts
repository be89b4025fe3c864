import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built command; property tests may take a few seconds each.
    testTimeout: 60_000,
  },
});
