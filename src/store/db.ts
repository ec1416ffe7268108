// Opens the SQLite file (creating its folder), sets its pragmas (WAL, synchronous = NORMAL, foreign keys), and applies
// numbered migrations (NNN_name.sql) in one transaction, tracked by PRAGMA user_version.
// A file that is not a usable Lumbar database is refused with a DatabaseOpenError (open-checks.ts).
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../base/paths.ts';
import { BUSY_TIMEOUT_MS } from './busy.ts';
import { assertIntact, assertLumbarSchema, assertWritable, explainOpenFailure, preparePath } from './open-checks.ts';

export type Db = Database.Database;

const STARTUP_BUSY_TIMEOUT_MS = 30_000;

export { MIGRATIONS_DIR };
export { DatabaseOpenError } from './open-checks.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 001, 002, … without gaps; found ${m.name} at position ${i + 1}.`);
  });
  return migrations;
}

/** Throws DatabaseOpenError (a message naming the file and the fix) when the file cannot serve as Lumbar's database. */
export function openDatabase(path: string, migrations: Migration[] = readMigrations()): Db {
  if (path !== ':memory:') preparePath(path);
  let db: Db | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Nothing else runs yet, so start-up may block while another program finishes with the lock.
    db.pragma(`busy_timeout = ${STARTUP_BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    assertWritable(db);
    assertIntact(db, path);
    assertLumbarSchema(db, path, migrations);
    migrate(db, migrations);
    // From here on, writers retry asynchronously (busy.ts) instead of blocking the event loop.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (err) {
    db?.close();
    throw explainOpenFailure(path, err);
  }
}

export function migrate(db: Db, migrations: Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`The database is at schema version ${current}, newer than this Lumbar knows (${latest}). Update Lumbar, or point DATABASE_PATH elsewhere.`);
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return latest;
}
