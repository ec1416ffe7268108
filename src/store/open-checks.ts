// Start-up checks on DATABASE_PATH. Each problem becomes one DatabaseOpenError that names the file
// and the fix, so main.ts can print it and exit 2 (like a bad setting) instead of a stack trace,
// and so a database Lumbar cannot write, or one that is not Lumbar's, is refused before it is used.
import Database from 'better-sqlite3';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// Structural types, so this module does not import db.ts (which imports it).
type Db = Database.Database;
type Migration = { version: number; sql: string };

export class DatabaseOpenError extends Error {
  constructor(
    readonly path: string,
    problem: string,
    fix: string,
    /** 2: the user must change something; 1: it may clear up by itself, so a supervisor should retry. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(`Lumbar cannot start: the database ${path} ${problem}\nFix: ${fix}`);
    this.name = 'DatabaseOpenError';
  }
}

const ELSEWHERE = 'or set DATABASE_PATH to a new file to start with an empty database.';
// SQLite writes <file>-wal and <file>-shm next to the database, so the folder must be writable too.
const GRANT_WRITE = `give the user running Lumbar write access to the file and its folder (SQLite keeps -wal and -shm files next to it), ${ELSEWHERE}`;

/** Before SQLite sees the path: it must be a file (or nothing yet) in a folder Lumbar can create and write. */
export function preparePath(given: string): void {
  const path = resolve(given);
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      throw new DatabaseOpenError(path, `cannot be created: part of its folder path (${folder}) is a file, not a folder.`, `choose a DATABASE_PATH inside a folder, ${ELSEWHERE}`);
    }
    throw new DatabaseOpenError(path, `cannot be created: its folder ${folder} cannot be made (${code ?? 'unknown error'}).`, `create the folder with write access for the user running Lumbar, ${ELSEWHERE}`);
  }
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) {
    throw new DatabaseOpenError(path, 'is a folder, not a file.', `add a file name, e.g. DATABASE_PATH=${resolve(path, 'lumbar.db')}.`);
  }
  // Catches permission bits for ordinary users, and read-only file systems for everyone (access()
  // says EROFS even to root). Root passes permission bits; the SQLite write probe covers that case.
  for (const [target, what] of [[folder, 'its folder'], [path, 'the file']] as const) {
    if (target === path && !existing) continue;
    try {
      accessSync(target, constants.R_OK | constants.W_OK);
    } catch {
      throw new DatabaseOpenError(path, `is not writable: ${what} (${target}) is read-only for this user.`, GRANT_WRITE);
    }
  }
}

/** A SQLite failure while opening or checking, as a DatabaseOpenError when it says what is wrong with the file. */
export function explainOpenFailure(path: string, err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return err;
  const where = resolve(path);
  const detail = (err as Error).message;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    const fix = 'another program (a backup, the sqlite3 shell, a second Lumbar on this file) held its write lock for the whole start-up wait; close it and start again, or let your supervisor retry.';
    return new DatabaseOpenError(where, 'is locked by another program.', fix, 1);
  }
  if (code === 'SQLITE_NOTADB') {
    return new DatabaseOpenError(where, `is not a SQLite database (SQLite: ${detail}).`, `point DATABASE_PATH at Lumbar's database file, ${ELSEWHERE}`);
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseOpenError(where, `is damaged (SQLite: ${detail}).`, `restore it from a backup (see "What Lumbar stores" in the README), ${ELSEWHERE}`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new DatabaseOpenError(where, `is not writable (SQLite: ${detail}).`, GRANT_WRITE);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new DatabaseOpenError(where, `cannot be opened or created (SQLite: ${detail}).`, `make sure the path is a file in a folder the user running Lumbar can write, ${ELSEWHERE}`);
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return new DatabaseOpenError(where, `cannot be read or written (SQLite: ${detail}).`, `check the disk (space, errors) and try again, ${ELSEWHERE}`);
  }
  return err;
}

/**
 * SQLite falls back to read-only when it cannot write the file, and a read-only file in WAL mode
 * even takes BEGIN IMMEDIATE; only a page write tells. Rewriting user_version with its own value
 * inside a rolled-back transaction writes page 1 and changes nothing.
 */
export function assertWritable(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.pragma(`user_version = ${version}`);
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

/** Past this size a full page scan would make start-up grow with the database (about 0.2 s per 60 MB). */
export const FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024;

/**
 * A small database gets quick_check, which reads every page and finds damage the first query might not.
 * A large one gets checks that cost the same at any size: the file holds every page its header counts (a
 * truncated copy does not), and each table's first page reads. Damage deeper in a large file surfaces as
 * SQLITE_CORRUPT when a page is read, and the process guard (src/process-guard.ts) stops Lumbar then.
 */
export function assertIntact(db: Db, path: string, fullCheckMaxBytes = FULL_CHECK_MAX_BYTES): void {
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  const findings = size <= fullCheckMaxBytes ? quickCheck(db) : structuralCheck(db, path, size);
  if (findings.length === 0) return;
  const summary = findings.join('\n').split('\n').filter((l) => !l.startsWith('***')).slice(0, 2).join('; ');
  throw new DatabaseOpenError(resolve(path), `is damaged (SQLite: ${summary}).`, `restore it from a backup (see "What Lumbar stores" in the README), ${ELSEWHERE}`);
}

function quickCheck(db: Db): string[] {
  const findings = (db.pragma('quick_check(3)') as { quick_check: string }[]).map((r) => r.quick_check);
  return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
}

function structuralCheck(db: Db, path: string, size: number): string[] {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // Pages not yet checkpointed live in the -wal file, so only a file without one must hold them all.
  const walBytes = statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  if (walBytes === 0 && size < pages * pageSize) return [`the file is ${size} bytes but its header counts ${pages} pages of ${pageSize}: it was cut short`];
  for (const table of tableNames(db)) db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}" LIMIT 1`).get();
  return [];
}

/**
 * Lumbar creates its tables and sets user_version in one transaction, so a file with tables but no
 * version, or a version without its tables, belongs to another program (or lost its schema):
 * refuse it rather than add Lumbar's tables to someone else's data.
 */
export function assertLumbarSchema(db: Db, path: string, migrations: Migration[]): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  const where = resolve(path);
  if (version > latest) {
    throw new DatabaseOpenError(where, `is at schema version ${version}, newer than this Lumbar knows (${latest}).`, `update Lumbar, ${ELSEWHERE}`);
  }
  const present = new Set(tableNames(db));
  if (version === 0) {
    if (present.size === 0) return;
    const shown = [...present].slice(0, 5).join(', ');
    throw new DatabaseOpenError(where, `belongs to another application: it has tables (${shown}) but no Lumbar schema.`, `point DATABASE_PATH at Lumbar's own database, ${ELSEWHERE}`);
  }
  const missing = expectedTables(migrations.filter((m) => m.version <= version)).filter((t) => !present.has(t));
  if (missing.length === 0) return;
  throw new DatabaseOpenError(
    where,
    `says it is Lumbar schema version ${version} but lacks the tables ${missing.join(', ')}: it is another application's database or was damaged.`,
    `restore Lumbar's database from a backup, ${ELSEWHERE}`,
  );
}

function tableNames(db: Db): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all();
  return (rows as { name: string }[]).map((r) => r.name);
}

/** The tables these migrations leave behind, found by running them on a scratch in-memory database. */
function expectedTables(migrations: Migration[]): string[] {
  const scratch = new Database(':memory:');
  try {
    for (const m of migrations) scratch.exec(m.sql);
    return tableNames(scratch);
  } finally {
    scratch.close();
  }
}
