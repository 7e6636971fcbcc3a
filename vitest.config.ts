import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // starts PostgreSQL when it is not running (the tests create their own databases in it)
    globalSetup: ['packages/server/test/support/global-setup.ts'],
  },
});
