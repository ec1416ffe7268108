// What the year-of-history benchmarks (bench/history.ts on SQLite, bench/history-pg.ts on PostgreSQL) share: the
// tick they time, the prune batches, and the figures they report.
import { loadKnowledgeBase } from '../src/content/index.ts';
import { createLogger } from '../src/base/logger.ts';
import { createReminderJob } from '../src/reminders/job.ts';
import { createScheduler } from '../src/delivery/scheduler.ts';
import type { Store } from '../src/store/repositories.ts';
import { summarize, type Summary } from './stats.ts';
import { stubMessenger, withPictures } from './stub-messenger.ts';

export const DAY_MS = 86_400_000;
/** "Now" for the history benchmarks: the due rows' time, the day after the last day of history. */
export const HISTORY_NOW = Date.parse('2026-11-22T07:30:00Z');
export const HISTORY_DAYS = 90;
const PRUNE_BEFORE = HISTORY_NOW - HISTORY_DAYS * DAY_MS;

export interface TickFigures {
  ms: number;
  sent: number;
  pruned: number;
}

export interface HistoryFigures {
  backend: 'sqlite' | 'postgres';
  reminders: number;
  days: number;
  rows: number;
  seedSeconds: number;
  sizeBeforeMb: number;
  /** The tick twice, the 10,000 due set back in between. */
  tickBefore: TickFigures[];
  /** One prune batch of 500 (what a tick prunes) on the full table. */
  pruneBatch500: Summary;
  prunedRows: number;
  pruneAllSeconds: number;
  sizeAfterPruneMb: number;
  tickAfter: TickFigures[];
  rowsAfter: number;
  vacuumSeconds: number;
  sizeAfterVacuumMb: number;
}

/** One whole tick at HISTORY_NOW with HISTORY_DAYS=90: the due reminders claimed and (stubbed) sent, 500 pruned. */
export async function historyTick(store: Store): Promise<TickFigures> {
  const logger = createLogger('silent');
  const job = createReminderJob({ reminders: store.reminders, deliveries: store.deliveries, ...withPictures(loadKnowledgeBase().knowledge), messenger: stubMessenger, logger });
  const scheduler = createScheduler({ store, jobs: [job], clock: () => new Date(HISTORY_NOW), logger, historyDays: HISTORY_DAYS });
  const t = performance.now();
  const stats = await scheduler.tick();
  return { ms: performance.now() - t, sent: stats.sent, pruned: stats.pruned };
}

/** `runs` prune batches of 500, each timed; they take the oldest rows first, as the ticks do. */
export async function timePruneBatches(store: Store, runs: number): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await store.deliveries.prune(PRUNE_BEFORE, 500);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** Retention to the end, in batches of 100,000 (months of ticks at 500 each). */
export async function pruneAll(store: Store): Promise<{ prunedRows: number; pruneAllSeconds: number }> {
  const t = performance.now();
  let prunedRows = 0;
  for (let n = -1; n !== 0; prunedRows += n) n = await store.deliveries.prune(PRUNE_BEFORE, 100_000);
  return { prunedRows, pruneAllSeconds: (performance.now() - t) / 1000 };
}
