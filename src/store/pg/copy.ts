// `npm run db:copy`: an existing SQLite database into an empty PostgreSQL one, for a club that outgrows the file.
// Everything happens in ONE PostgreSQL transaction: the target is locked and found empty, every table is copied
// in batches (ids kept), the identity sequences are moved past the copied ids, and each table's row count is
// compared with SQLite's before COMMIT. Anything wrong rolls it all back, leaving the target as it was.
import type { Db } from '../db.ts';
import { inTransaction, type PgClient, type PgPool } from './pool.ts';

/** Every table of Lumbar's schema, parents before children (foreign keys), with the identity column if any. */
export const COPY_TABLES: readonly { name: string; identity?: string }[] = [
  { name: 'members' },
  { name: 'reminders', identity: 'id' },
  { name: 'club_channels', identity: 'id' },
  { name: 'club_tips_posted' },
  { name: 'deliveries' },
];

/** The running processes' heartbeats and the sender lease: state of processes, not data; the bot is stopped for a copy. */
export const RUNTIME_TABLES: readonly string[] = ['lumbar_processes', 'scheduler_lease'];

export const COPY_BATCH_ROWS = 1000;

export class CopyError extends Error {
  constructor(
    message: string,
    /** 2: the user must change something (pick another target); 1: the copy itself went wrong. */
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'CopyError';
  }
}

export interface CopyReport {
  schemaVersion: number;
  tables: { name: string; rows: number }[];
}

function sqliteTables(db: Db): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((t) => t.name);
}

function sqliteColumns(db: Db, table: string): string[] {
  return db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table).map((c) => c.name);
}

async function pgColumns(client: PgClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
    [table],
  );
  return rows.map((r) => r.column_name);
}

/** The same tables and columns on both sides, or a CopyError: a table this code does not know is never silently left behind. */
async function checkSchemas(db: Db, client: PgClient): Promise<Map<string, string[]>> {
  const known = COPY_TABLES.map((t) => t.name);
  const unknown = sqliteTables(db).filter((t) => !known.includes(t) && !RUNTIME_TABLES.includes(t));
  if (unknown.length > 0) {
    throw new CopyError(`The SQLite database has tables this copy does not know (${unknown.join(', ')}). Fix: update Lumbar.`, 2);
  }
  const columns = new Map<string, string[]>();
  for (const table of known) {
    const mine = sqliteColumns(db, table);
    const theirs = await pgColumns(client, table);
    const missing = mine.filter((c) => !theirs.includes(c));
    if (mine.length === 0 || missing.length > 0) {
      throw new CopyError(`The PostgreSQL table ${table} lacks columns the SQLite one has (${missing.join(', ') || 'the table itself'}).`, 1);
    }
    columns.set(table, mine);
  }
  return columns;
}

async function checkVersions(db: Db, client: PgClient): Promise<number> {
  const sqlite = db.pragma('user_version', { simple: true }) as number;
  const { rows } = await client.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations');
  const pg = rows[0]?.v ?? 0;
  if (sqlite !== pg) {
    throw new CopyError(`The schema versions differ: SQLite is at ${sqlite}, PostgreSQL at ${pg}. Fix: run the same Lumbar version against both.`, 2);
  }
  return sqlite;
}

/** Locks every table (no bot may write while we look and copy) and refuses one that already has a row. */
async function checkEmpty(client: PgClient): Promise<void> {
  await client.query(`LOCK TABLE ${COPY_TABLES.map((t) => t.name).join(', ')} IN EXCLUSIVE MODE`);
  const filled: string[] = [];
  for (const { name } of COPY_TABLES) {
    const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${name}) AS any`);
    if (rows[0]?.any) filled.push(name);
  }
  if (filled.length > 0) {
    throw new CopyError(
      `The target database is not empty: ${filled.join(', ')} already ${filled.length === 1 ? 'has' : 'have'} rows. Nothing was copied. Fix: copy into a new, empty database (CREATE DATABASE …), or drop this one's rows yourself if they are not needed.`,
      2,
    );
  }
}

type Row = Record<string, unknown>;

async function insertBatch(client: PgClient, table: string, columns: string[], rows: Row[]): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${columns.map((c) => `$${values.push(row[c] ?? null)}`).join(', ')})`);
  await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
}

/** Copies one table in rowid order, COPY_BATCH_ROWS per INSERT; returns the rows read. */
async function copyTable(db: Db, client: PgClient, table: string, columns: string[]): Promise<number> {
  // Integers as BigInt: a value beyond 2^53 is copied exactly instead of rounded.
  const page = db
    .prepare<[bigint, number], Row & { _rowid: bigint }>(`SELECT rowid AS _rowid, ${columns.join(', ')} FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`)
    .safeIntegers(true);
  let after = -(2n ** 63n);
  let copied = 0;
  for (;;) {
    const rows = page.all(after, COPY_BATCH_ROWS);
    if (rows.length === 0) return copied;
    await insertBatch(client, table, columns, rows);
    copied += rows.length;
    after = rows[rows.length - 1]!._rowid;
  }
}

/** The next id PostgreSQL hands out is one past the largest copied (1 for an empty table). */
async function resetSequence(client: PgClient, table: string, column: string): Promise<void> {
  await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), (SELECT coalesce(max(${column}), 0) + 1 FROM ${table}), false)`, [table, column]);
}

async function verifyCounts(db: Db, client: PgClient): Promise<{ name: string; rows: number }[]> {
  const counts = [];
  for (const { name } of COPY_TABLES) {
    const sqlite = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${name}`).get()?.n ?? 0;
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`);
    const pg = rows[0]?.n ?? 0;
    if (pg !== sqlite) throw new CopyError(`Verification failed: ${name} has ${sqlite} rows in SQLite but ${pg} in PostgreSQL. Nothing was copied (rolled back).`, 1);
    counts.push({ name, rows: pg });
  }
  return counts;
}

/** Copies `db` into the migrated, empty PostgreSQL behind `pool`; throws CopyError (target untouched) on any refusal. */
export async function copySqliteToPostgres(db: Db, pool: PgPool): Promise<CopyReport> {
  return inTransaction(pool, async (client) => {
    const schemaVersion = await checkVersions(db, client);
    const columns = await checkSchemas(db, client);
    await checkEmpty(client);
    // One snapshot of the SQLite file for the whole copy: a bot still writing to it cannot split the copy.
    db.exec('BEGIN');
    try {
      for (const { name, identity } of COPY_TABLES) {
        await copyTable(db, client, name, columns.get(name)!);
        if (identity) await resetSequence(client, name, identity);
      }
      return { schemaVersion, tables: await verifyCounts(db, client) };
    } finally {
      db.exec('COMMIT');
    }
  });
}
