// A year of history on PostgreSQL: bench/history.ts's rows (100,000 reminders x 365 days of 'sent' deliveries),
// written by the server from generate_series, and the same tick, prune batches, retention and sizes; the size
// is pg_total_relation_size('deliveries') (table, indexes, TOAST), before, after pruning, and after VACUUM FULL.
import type pg from 'pg';
import { openPostgres } from '../src/store/pg/open.ts';
import { createPgStore } from '../src/store/pg/store.ts';
import { dropPgDatabase, freshPgDatabase } from './postgres.ts';
import { seedRemindersPg } from './seed-pg.ts';
import { DAY_MS, HISTORY_NOW, historyTick, pruneAll, timePruneBatches, type HistoryFigures } from './history-common.ts';

/** 365 days of sent deliveries before HISTORY_NOW for every reminder, day by day as the ticks would have written them. */
async function seedHistoryPg(client: pg.ClientBase, days: number): Promise<void> {
  const firstDay = HISTORY_NOW - (HISTORY_NOW % DAY_MS) - days * DAY_MS;
  await client.query(
    `INSERT INTO deliveries (kind, target_id, local_date, user_id, scheduled_at, claimed_at, status, attempts, item_id,
       message_id, done_at, updated_at, nonce, send_started_at, owner)
     SELECT 'reminder', r.id, to_char(to_timestamp(d.t / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), r.user_id,
       d.t + (r.id % 1440) * 60000, d.t + (r.id % 1440) * 60000, 'sent', 1, 'hip-flexor-stretch',
       (1300000000000000000 + d.n * 1000000 + r.id)::text,
       CASE WHEN r.id % 3 = 0 THEN d.t + (r.id % 1440) * 60000 + 600000 END, d.t + (r.id % 1440) * 60000 + 400,
       to_hex(100000000000 + r.id * 1000 + d.n), d.t + (r.id % 1440) * 60000 + 50, 'lumbar-1:4242:0a1b2c3d'
     FROM (SELECT n, $1::bigint + n * ${DAY_MS} AS t FROM generate_series(0, $2::bigint - 1) AS n) AS d
     CROSS JOIN LATERAL (SELECT id, user_id FROM reminders ORDER BY id) AS r
     ORDER BY d.n, r.id`,
    [firstDay, days],
  );
}

const mb = async (client: pg.ClientBase) =>
  Number((await client.query<{ b: string }>("SELECT pg_total_relation_size('deliveries') AS b")).rows[0]!.b) / 1024 / 1024;

export async function benchHistoryPg(reminders = 100_000, days = 365, due = 10_000): Promise<HistoryFigures> {
  const url = await freshPgDatabase('history');
  const pool = await openPostgres(url);
  const client = await pool.connect();
  try {
    const t0 = performance.now();
    await seedRemindersPg(client, reminders, due, HISTORY_NOW);
    await seedHistoryPg(client, days);
    await client.query('VACUUM ANALYZE');
    const seedSeconds = (performance.now() - t0) / 1000;
    const store = createPgStore(pool);
    const restore = async () => {
      // Undo the tick's claims, so the tick after pruning finds the same 10,000 due.
      await client.query("UPDATE reminders SET next_fire_at = $1::bigint - 1000 - ((id - 1) % 60000), next_local_date = '2026-11-22', rotation = 0 WHERE id <= $2", [HISTORY_NOW, due]);
      await client.query('DELETE FROM deliveries WHERE scheduled_at >= $1', [HISTORY_NOW - 120_000]);
    };
    const rows = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM deliveries')).rows[0]!.n);
    const sizeBeforeMb = await mb(client);
    // Twice each: the first tick of a process also pays for compiling its code and opening the pool's connections.
    const tick = async () => {
      const figures = await historyTick(store);
      await restore();
      return figures;
    };
    const tickBefore = [await tick(), await tick()];
    const pruneBatch500 = await timePruneBatches(store, 20);
    const pruned = await pruneAll(store);
    const sizeAfterPruneMb = await mb(client);
    const tickAfter = [await tick(), await tick()];
    const rowsAfter = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM deliveries')).rows[0]!.n);
    const tv = performance.now();
    await client.query('VACUUM FULL deliveries');
    const vacuumSeconds = (performance.now() - tv) / 1000;
    const sizeAfterVacuumMb = await mb(client);
    return { backend: 'postgres', reminders, days, rows, seedSeconds, sizeBeforeMb, tickBefore, pruneBatch500, ...pruned, sizeAfterPruneMb, tickAfter, rowsAfter, vacuumSeconds, sizeAfterVacuumMb };
  } finally {
    client.release();
    await pool.end();
    await dropPgDatabase(url);
  }
}
