// A year of history on SQLite (issue 11): 100,000 reminders, each with 365 days of 'sent' deliveries (36.5 M rows),
// 10,000 of them due now. Timed: a whole tick (claims and stubbed sends of the 10,000, and its prune of 500), one
// prune batch of 500 on the full table, then retention (HISTORY_DAYS=90) run to the end in large batches as months
// of ticks would, the tick again, and the file's size before, after pruning, and after VACUUM.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../src/store/db.ts';
import { createStore } from '../src/store/index.ts';
import { seedReminders } from './seed.ts';
import { DAY_MS, HISTORY_NOW, historyTick, pruneAll, timePruneBatches, type HistoryFigures } from './history-common.ts';

/** 365 days of sent deliveries before HISTORY_NOW for every reminder, day by day as the ticks would have written them. */
function seedHistory(db: Db, days: number): void {
  const firstDay = HISTORY_NOW - (HISTORY_NOW % DAY_MS) - days * DAY_MS;
  db.prepare(
    `INSERT INTO deliveries (kind, target_id, local_date, user_id, scheduled_at, claimed_at, status, attempts, item_id,
       message_id, done_at, updated_at, nonce, send_started_at, owner)
     WITH RECURSIVE d(n, ld, t) AS (SELECT 0, date(@first / 1000, 'unixepoch'), @first
                                    UNION ALL SELECT n + 1, date(ld, '+1 day'), t + 86400000 FROM d WHERE n < @days - 1)
     SELECT 'reminder', r.id, d.ld, r.user_id, d.t + (r.id % 1440) * 60000, d.t + (r.id % 1440) * 60000, 'sent', 1,
       'hip-flexor-stretch', CAST(1300000000000000000 + d.n * 1000000 + r.id AS TEXT),
       CASE WHEN r.id % 3 = 0 THEN d.t + (r.id % 1440) * 60000 + 600000 END, d.t + (r.id % 1440) * 60000 + 400,
       printf('%x', 100000000000 + r.id * 1000 + d.n), d.t + (r.id % 1440) * 60000 + 50, 'lumbar-1:4242:0a1b2c3d'
     FROM d CROSS JOIN reminders AS r`,
  ).run({ first: firstDay, days });
}

/** The schema by Lumbar's own migrations, then the seed in rollback-journal mode: in WAL mode the one transaction
 *  would put every page of the 9 GB file into the -wal first, then copy it over (a seed, not Lumbar's writes; the
 *  journal of a new file is tiny, and better-sqlite3's defensive mode refuses journal_mode = OFF). */
function seed(path: string, reminders: number, due: number, days: number): void {
  openDatabase(path).close();
  const raw = new Database(path);
  try {
    raw.pragma('journal_mode = DELETE');
    raw.pragma('synchronous = OFF');
    raw.pragma('cache_size = -1000000'); // 1 GB, so index pages stay in memory while rows go in day by day
    raw.transaction(() => {
      seedReminders(raw, reminders, due, HISTORY_NOW, (id) => `dm-${id}`);
      seedHistory(raw, days);
    })();
    raw.exec('ANALYZE');
    raw.pragma('journal_mode = WAL');
  } finally {
    raw.close();
  }
}

/** The file as it stands, its -wal folded in first. */
function fileMb(db: Db, path: string): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(path).size / 1024 / 1024;
}

export async function benchHistorySqlite(reminders = 100_000, days = 365, due = 10_000): Promise<HistoryFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'lumbar-bench-'));
  const path = join(dir, 'history.db');
  try {
    const t0 = performance.now();
    seed(path, reminders, due, days);
    const seedSeconds = (performance.now() - t0) / 1000;
    const db = openDatabase(path);
    const restore = () => {
      // Undo the tick's claims, so the tick after pruning finds the same 10,000 due.
      db.prepare("UPDATE reminders SET next_fire_at = @now - 1000 - ((id - 1) % 60000), next_local_date = '2026-11-22', rotation = 0 WHERE id <= @due").run({ now: HISTORY_NOW, due });
      db.prepare('DELETE FROM deliveries WHERE scheduled_at >= ?').run(HISTORY_NOW - 120_000);
    };
    const store = createStore(db);
    const rows = (db.prepare('SELECT count(*) FROM deliveries').pluck().get() as number);
    const sizeBeforeMb = fileMb(db, path);
    // Twice each: the first tick of a process also pays for compiling its code.
    const tick = async () => {
      const figures = await historyTick(store);
      restore();
      return figures;
    };
    const tickBefore = [await tick(), await tick()];
    const pruneBatch500 = await timePruneBatches(store, 20);
    // Months of ticks in a few minutes: the bulk prune gets a large page cache (Lumbar keeps SQLite's 2 MB).
    db.pragma('cache_size = -1000000');
    const pruned = await pruneAll(store);
    db.pragma('cache_size = -2000');
    const sizeAfterPruneMb = fileMb(db, path);
    const tickAfter = [await tick(), await tick()];
    const rowsAfter = db.prepare('SELECT count(*) FROM deliveries').pluck().get() as number;
    const tv = performance.now();
    db.exec('VACUUM');
    const vacuumSeconds = (performance.now() - tv) / 1000;
    const sizeAfterVacuumMb = fileMb(db, path);
    db.close();
    return { backend: 'sqlite', reminders, days, rows, seedSeconds, sizeBeforeMb, tickBefore, pruneBatch500, ...pruned, sizeAfterPruneMb, tickAfter, rowsAfter, vacuumSeconds, sizeAfterVacuumMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
