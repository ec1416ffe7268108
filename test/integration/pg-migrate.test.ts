// PostgreSQL migrations on the real test server: the schema SQLite has, applied once, even by processes
// that start at the same moment.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, readMigrations } from '../../src/store/db.ts';
import { migratePg, readPgMigrations } from '../../src/store/pg/migrate.ts';
import { createPgPool, type PgPool } from '../../src/store/pg/pool.ts';
import { freshDatabase } from '../helpers/postgres.ts';

const pools: PgPool[] = [];
async function pool(url: string, max = 2): Promise<PgPool> {
  const p = createPgPool(url, { max });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});

async function columnsByTable(p: PgPool): Promise<Record<string, string[]>> {
  const { rows } = await p.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position`,
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.table_name] ??= []).push(r.column_name);
  return out;
}

function sqliteColumnsByTable(): Record<string, string[]> {
  const db = openDatabase(':memory:');
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  const out: Record<string, string[]> = {};
  for (const { name } of tables) out[name] = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().map((c) => c.name);
  db.close();
  return out;
}

/** SQLite's own indexes (not those it makes for primary keys and UNIQUE constraints), by name. */
function sqliteIndexNames(): string[] {
  const db = openDatabase(':memory:');
  const names = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name").all();
  db.close();
  return names.map((n) => n.name);
}

describe('PostgreSQL migrations', () => {
  it('are numbered like SQLite\'s and give a fresh database the same tables and columns', async () => {
    const p = await pool(await freshDatabase());
    expect(await migratePg(p)).toBe(readPgMigrations().length);
    expect(readPgMigrations().map((m) => m.name)).toEqual(readMigrations().map((m) => m.name));
    expect(await columnsByTable(p)).toEqual(sqliteColumnsByTable());
    const indexes = await p.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key' ORDER BY 1");
    expect(indexes.rows.map((r) => r.indexname)).toEqual(sqliteIndexNames());
    expect(indexes.rows.map((r) => r.indexname)).toContain('reminders_due');
  });

  it('keeps the CHECKs and returns epoch milliseconds as numbers', async () => {
    const p = await pool(await freshDatabase());
    await migratePg(p);
    const big = Date.UTC(2026, 10, 30, 7, 30);
    await p.query("INSERT INTO members (user_id, created_at) VALUES ('1', $1)", [big]);
    const { rows } = await p.query<{ created_at: unknown }>('SELECT created_at FROM members');
    expect(rows[0]!.created_at).toBe(big);
    await expect(p.query("UPDATE members SET dm_status = 'ajar'")).rejects.toThrow(/check constraint/);
    await expect(
      p.query("INSERT INTO reminders (user_id, local_time, time_zone, days, created_at) VALUES ('1', '07:30', 'UTC', 0, 1)"),
    ).rejects.toThrow(/check constraint/);
  });

  it('does nothing the second time', async () => {
    const p = await pool(await freshDatabase());
    await migratePg(p);
    await p.query("INSERT INTO members (user_id, created_at) VALUES ('1', 1)");
    expect(await migratePg(p)).toBe(readPgMigrations().length);
    const applied = await p.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.rows.map((r) => r.version)).toEqual(readPgMigrations().map((m) => m.version));
    expect((await p.query('SELECT count(*)::int AS n FROM members')).rows[0].n).toBe(1);
  });

  it('runs each migration exactly once when several processes start at once', async () => {
    const url = await freshDatabase();
    // A migration with a visible side effect: without the lock, two migrators both see version 0 and both run it
    // (or one fails on CREATE TABLE).
    const migrations = [
      { version: 1, name: '001_counter.sql', sql: 'CREATE TABLE runs (n INTEGER); SELECT pg_sleep(0.2);' },
      { version: 2, name: '002_count.sql', sql: 'INSERT INTO runs VALUES (1);' },
    ];
    const migrators = await Promise.all(Array.from({ length: 6 }, () => pool(url, 1)));
    const results = await Promise.allSettled(migrators.map((p) => migratePg(p, migrations)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
    const p = migrators[0]!;
    expect((await p.query('SELECT count(*)::int AS n FROM runs')).rows[0].n).toBe(1);
    expect((await p.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version)).toEqual([1, 2]);
  });

  it('refuses a database newer than this Lumbar and leaves it as it was', async () => {
    const p = await pool(await freshDatabase());
    await migratePg(p);
    await expect(migratePg(p, readPgMigrations().slice(0, 2))).rejects.toThrow(/newer than this Lumbar knows/);
  });
});
