import { defineConfig } from 'vitest/config';

/** The end-to-end files that run the bot as one process; they run a second time with the bot on PostgreSQL. */
const SINGLE_PROCESS_E2E = ['bot', 'reminders', 'clubtips', 'forged', 'forged-input', 'delivery', 'sync', 'pictures', 'routines', 'user-install'].map((f) => `test/e2e/${f}.test.ts`);

export default defineConfig({
  test: {
    // One real PostgreSQL for the run (or TEST_DATABASE_URL's), torn down at the end.
    globalSetup: ['./test/helpers/postgres-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/count-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'all', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e on PostgreSQL', include: SINGLE_PROCESS_E2E, env: { LUMBAR_E2E_BACKEND: 'postgres' } } },
    ],
  },
});
