// Start-up on PostgreSQL against the real test server and a port where nothing listens.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openPostgres, PostgresOpenError } from '../../src/store/pg/open.ts';
import { readPgMigrations } from '../../src/store/pg/migrate.ts';
import { freshDatabase } from '../helpers/postgres.ts';

/** A port that was free a moment ago: nothing listens there. */
function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function openError(url: string, retries: string[] = []): Promise<PostgresOpenError> {
  const err = await openPostgres(url, { attempts: 3, firstDelayMs: 1, onRetry: (n, _ms, code) => retries.push(`${n}:${code}`) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PostgresOpenError);
  return err as PostgresOpenError;
}

describe('opening PostgreSQL at start-up', () => {
  it('connects and migrates a fresh database', async () => {
    const pool = await openPostgres(await freshDatabase());
    try {
      const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(readPgMigrations().map((m) => m.version));
    } finally {
      await pool.end();
    }
  });

  it('retries an unreachable server with backoff, then gives up with exit 1, never showing the password', async () => {
    const retries: string[] = [];
    const port = await deadPort();
    const err = await openError(`postgres://lumbar:hunter2-secret@127.0.0.1:${port}/lumbar`, retries);
    expect(retries).toEqual(['1:ECONNREFUSED', '2:ECONNREFUSED']);
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(new RegExp(`server at 127\\.0\\.0\\.1:${port}/lumbar as lumbar could not be reached after 3 attempts`));
    expect(err.message).not.toContain('hunter2-secret');
  });

  it('does not retry a wrong password or a missing database: exit 2 with the fix', async () => {
    const good = new URL(await freshDatabase());
    const wrong = new URL(good);
    wrong.password = 'not-the-password-x1';
    const retries: string[] = [];
    const bad = await openError(wrong.toString(), retries);
    expect(retries).toEqual([]);
    expect(bad.exitCode).toBe(2);
    expect(bad.message).toMatch(/password authentication failed.*28P01.*Fix: check DATABASE_URL/);
    expect(bad.message).not.toContain('not-the-password-x1');
    const missing = new URL(good);
    missing.pathname = '/lumbar_no_such_db';
    const gone = await openError(missing.toString());
    expect(gone.exitCode).toBe(2);
    expect(gone.message).toMatch(/lumbar_no_such_db.*3D000/);
    expect(gone.message).not.toContain(good.password);
  });
});
