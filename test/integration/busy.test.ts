// Writes while another connection holds SQLite's write lock: they wait without blocking the event
// loop and land once the lock goes; past their patience they fail with a typed error.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, DatabaseBusyError, isBusy, retryWhileBusy } from '../../src/store/busy.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { createStore } from '../../src/store/index.ts';

let dir: string;
let db: Db;
let holder: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lumbar-busy-'));
  db = openDatabase(join(dir, 'lumbar.db'));
  holder = new Database(join(dir, 'lumbar.db'));
});
afterEach(() => {
  if (holder.inTransaction) holder.exec('ROLLBACK');
  holder.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insertMember = (id: string) => () => db.prepare('INSERT INTO members (user_id, created_at) VALUES (?, 0)').run(id).changes;
const members = () => (db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;

describe('writes while another connection holds the write lock', () => {
  it('the connection waits only briefly: a direct write fails fast with SQLITE_BUSY', () => {
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    holder.exec('BEGIN IMMEDIATE');
    let error: unknown;
    try {
      insertMember('1')();
    } catch (err) {
      error = err;
    }
    expect(isBusy(error)).toBe(true);
    expect(members()).toBe(0); // reads still work while the lock is held (WAL)
  });

  it('retryWhileBusy lands the write once the lock goes, and the event loop keeps running meanwhile', async () => {
    holder.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const counter = setInterval(() => ticks++, 10);
    setTimeout(() => holder.exec('COMMIT'), 400);
    let waited = false;
    const changes = await retryWhileBusy(insertMember('1'), { maxWaitMs: 10_000, onFirstWait: () => (waited = true) });
    clearInterval(counter);
    expect(changes).toBe(1);
    expect(waited).toBe(true);
    expect(members()).toBe(1);
    // Timers ran while the write waited: the loop was not blocked for the lock's duration.
    expect(ticks).toBeGreaterThan(5);
  });

  it('gives up with DatabaseBusyError after its patience and writes nothing', async () => {
    holder.exec('BEGIN IMMEDIATE');
    const err = await retryWhileBusy(insertMember('1'), { maxWaitMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseBusyError);
    expect(isBusy(err)).toBe(true);
    holder.exec('ROLLBACK');
    expect(members()).toBe(0);
  });

  it('any other error is thrown at once, not retried', async () => {
    let calls = 0;
    const write = () => {
      calls++;
      return db.prepare('INSERT INTO no_such_table VALUES (1)').run();
    };
    await expect(retryWhileBusy(write, { maxWaitMs: 5000 })).rejects.toThrow(/no such table/);
    expect(calls).toBe(1);
  });

  it('store.write runs a whole transaction once the lock goes', async () => {
    const store = createStore(db);
    holder.exec('BEGIN IMMEDIATE');
    setTimeout(() => holder.exec('COMMIT'), 300);
    const now = Date.parse('2026-11-21T12:00:00Z');
    const id = await store.write(() =>
      store.reminders.add({ userId: '7', localTime: '07:30', timeZone: 'UTC', days: 127, stretchId: null, next: { at: now, localDate: '2026-11-22' }, now }),
    );
    expect(await store.reminders.get('7', id)).toMatchObject({ local_time: '07:30' });
  });
});
