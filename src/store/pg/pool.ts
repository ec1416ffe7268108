// The PostgreSQL connection pool: epoch-ms BIGINT columns come back as numbers, as SQLite gives them.
import pg from 'pg';

const INT8_OID = 20;

// Epoch milliseconds and row ids stay far below 2^53, so a JavaScript number holds them exactly.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/** The server's clock in epoch milliseconds (several machines share one clock this way). */
export const PG_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/** A pool (each call its own connection) or one connection inside a transaction. */
export interface Queryable {
  query<R extends object>(sql: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** A server that does not answer within this long counts as unreachable (a silent host would otherwise hang). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A transaction left waiting for its client this long is ended by the server, its connection closed and its locks
 * released. Lumbar sends a transaction's statements back to back (a claim batch leaves milliseconds between them);
 * one that waits longer belongs to a process that froze (SIGSTOP, a paused VM, a machine cut off from the network)
 * in the middle of it, and its row locks would hold up, for as long as its connection lives, the process that takes
 * the sender lease over. That can happen LEASE_MS - HEARTBEAT_MS (15 s) after the freeze at the earliest, so this
 * is shorter (src/delivery/sender-lease.ts; test/integration/pg-pool.test.ts checks the two agree).
 */
export const IDLE_IN_TRANSACTION_MS = 10_000;

export function createPgPool(url: string, options: { max?: number; idleInTransactionMs?: number } = {}): PgPool {
  return new pg.Pool({
    connectionString: url,
    types,
    max: options.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: options.idleInTransactionMs ?? IDLE_IN_TRANSACTION_MS,
  });
}

/** Runs `fn` in one transaction on one connection of the pool: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
