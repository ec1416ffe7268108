// 3. The scheduler at scale on PostgreSQL, beside SQLite's figures: the same 1,000,000 reminders (bench/seed-pg.ts),
// one tick's due query and claim-and-advance in batches of 1,000, through Lumbar's PostgreSQL store.
import { loadKnowledgeBase } from '../src/content/index.ts';
import { createLogger } from '../src/base/logger.ts';
import { createReminderJob } from '../src/reminders/job.ts';
import { openPostgres } from '../src/store/pg/open.ts';
import { createPgStore } from '../src/store/pg/store.ts';
import { dropPgDatabase, freshPgDatabase } from './postgres.ts';
import { seedRemindersPg } from './seed-pg.ts';
import { summarize, type Summary } from './stats.ts';
import { stubMessenger, withPictures } from './stub-messenger.ts';

export interface PgSchedulerFigures {
  rows: number;
  seedSeconds: number;
  dueQuery: Summary;
  claimPer1000: Summary;
}

/** The due query as the PostgreSQL store runs it (src/store/pg/reminders.ts), on one connection, `runs` times. */
async function timeDueQuery(client: { query(sql: string, v: unknown[]): Promise<unknown> }, now: number, runs: number): Promise<Summary> {
  const sql = 'SELECT id FROM reminders WHERE next_fire_at <= $1 ORDER BY next_fire_at, id LIMIT $2';
  const samples: number[] = [];
  for (let i = 0; i < runs + 20; i++) {
    const t = performance.now();
    await client.query(sql, [now, 500]);
    if (i >= 20) samples.push(performance.now() - t);
  }
  return summarize(samples);
}

export async function benchSchedulerPg(total = 1_000_000, due = 10_000): Promise<PgSchedulerFigures> {
  const url = await freshPgDatabase('scheduler');
  const pool = await openPostgres(url);
  try {
    const now = Date.parse('2026-11-22T07:30:00Z');
    const t0 = performance.now();
    const client = await pool.connect();
    try {
      await seedRemindersPg(client, total, due, now);
      await client.query('VACUUM ANALYZE members');
      await client.query('VACUUM ANALYZE reminders');
    } finally {
      client.release();
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const conn = await pool.connect();
    const dueQuery = await timeDueQuery(conn, now, 300).finally(() => conn.release());

    const store = createPgStore(pool);
    const logger = createLogger('silent');
    const job = createReminderJob({ reminders: store.reminders, deliveries: store.deliveries, ...withPictures(loadKnowledgeBase().knowledge), messenger: stubMessenger, logger });
    const claimSamples: number[] = [];
    for (;;) {
      const t = performance.now();
      const batch = await store.claimBatch((tx) => job.claimDue(tx, now, 1000));
      if (batch.scanned === 0) break;
      claimSamples.push(performance.now() - t);
    }
    return { rows: total, seedSeconds, dueQuery, claimPer1000: summarize(claimSamples) };
  } finally {
    await pool.end();
    await dropPgDatabase(url);
  }
}
