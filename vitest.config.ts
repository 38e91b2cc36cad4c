import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that spawn bin/aperture.js run the compiled CLI: compile it first (lib/ is never stale).
    // Then the folders the tests make under test/.tmp are removed when the run ends.
    globalSetup: ['test/helpers/compile-cli.ts', 'test/helpers/temp-folders.ts'],
    // Builds and browser runs share two cores; long, but bounded.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // No background standby folders (src/publish/standby.ts) racing with tests that delete their
    // output at once; test/build/standby.test.ts turns it on.
    env: { APERTURE_STANDBY: '0' },
  },
});
