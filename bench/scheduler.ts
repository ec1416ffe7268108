// 3. The scheduler at scale: one tick's due query, claim-and-advance per 1,000, RSS after the tick.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledgeBase } from '../src/content/index.ts';
import { createLogger } from '../src/base/logger.ts';
import { createReminderJob } from '../src/reminders/job.ts';
import { openDatabase } from '../src/store/db.ts';
import { createStore } from '../src/store/index.ts';
import { DUE_REMINDERS_SQL } from '../src/store/reminders.ts';
import { stubMessenger, withPictures } from './stub-messenger.ts';
import { seedReminders } from './seed.ts';
import { summarize, timeSync, type Summary } from './stats.ts';

export interface SchedulerFigures {
  rows: number;
  due: number;
  seedSeconds: number;
  dueQuery: Summary;
  claimPer1000: Summary;
  dbPath: string;
}

/** Builds the 1M-row database (kept for the tick and start-up benches), times the due query and claims. */
export async function benchScheduler(total = 1_000_000, due = 10_000): Promise<SchedulerFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'lumbar-bench-'));
  const dbPath = join(dir, 'lumbar.db');
  const db = openDatabase(dbPath);
  const now = Date.parse('2026-11-22T07:30:00Z');
  const t0 = performance.now();
  seedReminders(db, total, due, now, (id) => `dm-${id}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  const seedSeconds = (performance.now() - t0) / 1000;
  // Claims change the database; measure them on a copy and keep the seeded one for the tick and start-up.
  const copy = join(dir, 'claims.db');
  copyFileSync(dbPath, copy);
  const cdb = openDatabase(copy);

  const dueStmt = cdb.prepare(DUE_REMINDERS_SQL);
  const dueQuery = timeSync(() => dueStmt.all(now, 500), 300, 20);

  const store = createStore(cdb);
  const logger = createLogger('silent');
  const job = createReminderJob({ reminders: store.reminders, deliveries: store.deliveries, ...withPictures(loadKnowledgeBase().knowledge), messenger: stubMessenger, logger });
  const claimSamples: number[] = [];
  for (;;) {
    const t = performance.now();
    const batch = await store.claimBatch((tx) => job.claimDue(tx, now, 1000));
    if (batch.scanned === 0) break;
    claimSamples.push(performance.now() - t);
  }
  cdb.close();
  return { rows: total, due, seedSeconds, dueQuery, claimPer1000: summarize(claimSamples), dbPath };
}

export function cleanupDb(dbPath: string): void {
  rmSync(join(dbPath, '..'), { recursive: true, force: true });
}
