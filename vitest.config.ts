import { defineConfig } from 'vitest/config';

const BROWSER_TESTS = 'packages/web/test/e2e/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // starts PostgreSQL when it is not running (the tests create their own databases in it)
    globalSetup: ['packages/server/test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['packages/*/test/**/*.test.ts'], exclude: [BROWSER_TESTS, '**/node_modules/**'], sequence: { groupOrder: 0 } },
      },
      {
        // The browser walks run after the rest, one file at a time: each drives Chromium, a real
        // server and live QR frames with a few seconds' validity, which a machine busy with the
        // other files (2 cores in CI) would make late. Nothing here asserts on time.
        extends: true,
        test: { name: 'browser', include: [BROWSER_TESTS], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
