import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real PostgreSQL for the run (or TEST_DATABASE_URL's), torn down at the end.
    globalSetup: ['./test/helpers/postgres-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/count-reporter.ts'],
  },
});
