import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds and browser runs share two cores; long, but bounded.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
