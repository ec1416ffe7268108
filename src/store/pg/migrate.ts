// Numbered PostgreSQL migrations (NNN_name.sql in src/store/pg/migrations/, the twins of SQLite's), applied in one
// transaction and tracked in schema_migrations. A transaction-scoped advisory lock makes processes that start
// at once take turns: the first applies what is pending, the others then find nothing left to do.
import { PG_MIGRATIONS_DIR } from '../../base/paths.ts';
import { readMigrations, type Migration } from '../db.ts';
import { inTransaction, type PgClient, type PgPool } from './pool.ts';

/** pg_advisory_xact_lock's key for migrating: "Lumb" in ASCII. Any fixed number shared by all Lumbar processes. */
export const MIGRATION_LOCK_KEY = 0x4c756d62;

export function readPgMigrations(dir = PG_MIGRATIONS_DIR): Migration[] {
  return readMigrations(dir);
}

async function appliedVersion(client: PgClient): Promise<number> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  const { rows } = await client.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

/** Applies the pending migrations; returns the schema version the database is at afterwards. */
export async function migratePg(pool: PgPool, migrations: Migration[] = readPgMigrations()): Promise<number> {
  return inTransaction(pool, async (client) => {
    // Held until COMMIT or ROLLBACK: a second process waits here, then sees the first one's work.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const current = await appliedVersion(client);
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new Error(`The database is at schema version ${current}, newer than this Lumbar knows (${latest}). Update Lumbar, or point DATABASE_URL elsewhere.`);
    }
    for (const m of migrations.filter((x) => x.version > current)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
    }
    return Math.max(current, latest);
  });
}
