// Start-up on PostgreSQL: connect (retrying a server that is not up yet, with backoff), then migrate. What goes
// wrong ends as one PostgresOpenError naming the server (never the password) and the fix: exit 1 for a server
// that stayed unreachable (a supervisor may retry later), exit 2 for a setting to fix (password, database name).
import type { Migration } from '../db.ts';
import { migratePg, readPgMigrations } from './migrate.ts';
import { createPgPool, type PgPool } from './pool.ts';

export class PostgresOpenError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PostgresOpenError';
  }
}

export interface OpenPostgresOptions {
  /** Connection attempts before giving up; the pauses between them double from firstDelayMs. */
  attempts?: number;
  firstDelayMs?: number;
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
  migrations?: Migration[];
}

// Network errors, and PostgreSQL's "starting up / shutting down / too many connections": worth waiting for.
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', '57P03', '53300']);

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error && /timeout/i.test(err.message) ? 'ETIMEDOUT' : 'unknown';
}

/** "host:port/database as user": what a message may show of the URL. */
export function describeServer(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}/${decodeURIComponent(u.pathname.slice(1))} as ${decodeURIComponent(u.username) || '(default user)'}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connectWithRetry(pool: PgPool, url: string, o: OpenPostgresOptions): Promise<void> {
  const attempts = o.attempts ?? 5;
  let delay = o.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      (await pool.connect()).release();
      return;
    } catch (err) {
      const code = codeOf(err);
      if (!TRANSIENT.has(code)) {
        throw new PostgresOpenError(
          `Lumbar could not use the PostgreSQL server at ${describeServer(url)}: ${(err as Error).message} (${code}). Fix: check DATABASE_URL's user, password and database name, and that the database exists.`,
          2,
          { cause: err },
        );
      }
      if (attempt >= attempts) {
        throw new PostgresOpenError(
          `The PostgreSQL server at ${describeServer(url)} could not be reached after ${attempts} attempts (${code}). Fix: start the server or correct DATABASE_URL's host and port; Lumbar exits so its supervisor can retry.`,
          1,
          { cause: err },
        );
      }
      o.onRetry?.(attempt, delay, code);
      await sleep(delay);
      delay *= 2;
    }
  }
}

/** A migrated pool, ready for the repositories; throws PostgresOpenError. */
export async function openPostgres(url: string, o: OpenPostgresOptions = {}): Promise<PgPool> {
  const pool = createPgPool(url);
  try {
    await connectWithRetry(pool, url, o);
    await migratePg(pool, o.migrations ?? readPgMigrations());
    return pool;
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof PostgresOpenError) throw err;
    throw new PostgresOpenError(`Migrating the PostgreSQL database at ${describeServer(url)} failed: ${(err as Error).message}`, 1, { cause: err });
  }
}
