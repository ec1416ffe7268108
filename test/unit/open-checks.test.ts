// openDatabase's start-up checks on real files: each bad DATABASE_PATH becomes one DatabaseOpenError
// that names the file and a fix; a healthy database still opens and keeps its data.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseOpenError, openDatabase } from '../../src/store/db.ts';
import { assertIntact, assertWritable, explainOpenFailure } from '../../src/store/open-checks.ts';
import { badDatabasePaths, lumbarDatabase } from '../helpers/bad-databases.ts';

const root = mkdtempSync(join(tmpdir(), 'lumbar-open-'));
const dir = (name: string) => {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  return d;
};
afterAll(() => rmSync(root, { recursive: true, force: true }));

function openError(path: string): DatabaseOpenError {
  try {
    openDatabase(path).close();
  } catch (err) {
    if (err instanceof DatabaseOpenError) return err;
    throw err;
  }
  throw new Error(`openDatabase(${path}) opened it`);
}

describe('openDatabase refuses', () => {
  for (const [name, { path, says }] of Object.entries(badDatabasePaths(dir))) {
    it(name, () => {
      const err = openError(path);
      expect(err.message).toMatch(says);
      expect(err.message).toContain(resolve(path));
      expect(err.message).toMatch(/\nFix: .+/);
    });
  }
});

describe('openDatabase accepts', () => {
  it("Lumbar's own database, with its rows, and an empty file", () => {
    const db = openDatabase(lumbarDatabase(dir('healthy')));
    expect(db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 400 });
    db.close();
    openDatabase(join(dir('empty'), 'new.db')).close();
  });
});

describe('the write probe', () => {
  it('catches a connection SQLite opened read-only, which BEGIN IMMEDIATE alone lets through', () => {
    const path = lumbarDatabase(dir('probe'));
    // A real read-only connection: what SQLite falls back to when it cannot write the file. Root
    // ignores permission bits, so this is how the probe itself is tested in CI.
    const db = new Database(path, { readonly: true });
    let thrown: unknown;
    try {
      assertWritable(db);
    } catch (err) {
      thrown = explainOpenFailure(path, err);
    }
    expect(db.inTransaction).toBe(false);
    db.close();
    expect(thrown).toBeInstanceOf(DatabaseOpenError);
    expect((thrown as Error).message).toMatch(/is not writable.*\nFix: give the user running Lumbar write access/s);
  });
});

describe('the check a large database gets (the same cost at any size)', () => {
  const opened = (path: string) => {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    return db;
  };

  it('passes a healthy database', () => {
    const db = opened(lumbarDatabase(dir('large-healthy')));
    try {
      expect(() => assertIntact(db, db.name, 0)).not.toThrow();
    } finally {
      db.close();
    }
  });

  it('refuses a truncated copy (by its header, or SQLite on the first read)', () => {
    const path = lumbarDatabase(dir('large-truncated'));
    writeFileSync(path, readFileSync(path).subarray(0, 4096 * 2));
    const check = () => {
      const db = opened(path);
      try {
        assertIntact(db, path, 0);
      } finally {
        db.close();
      }
    };
    expect(check).toThrow(/is damaged|malformed/);
  });
});
