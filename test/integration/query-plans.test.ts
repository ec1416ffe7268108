// The statements a tick runs whatever the history holds must reach their rows through an index, never by walking
// the deliveries table (a year of history for 100,000 reminders is 36.5 M rows). Checked on the query plans of
// both backends, not on timings.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { DISOWN_SQL, PENDING_SQL } from '../../src/store/deliveries.ts';
import { openPostgres } from '../../src/store/pg/open.ts';
import { PG_DISOWN_SQL, PG_PENDING_SQL } from '../../src/store/pg/deliveries.ts';
import { freshDatabase } from '../helpers/postgres.ts';

describe('query plans over the deliveries table', () => {
  it('SQLite finds pending claims and a process’s unsent claims through deliveries_pending', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'lumbar-plan-')), 'lumbar.db'));
    try {
      const plan = (sql: string, ...args: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);
      expect(plan(PENDING_SQL, { now: 0, owner: 'me', staleMs: 20_000 })[0]).toMatch(/^SEARCH deliveries USING INDEX deliveries_pending/);
      expect(plan(DISOWN_SQL, 'me')[0]).toMatch(/^SEARCH deliveries USING INDEX deliveries_pending/);
    } finally {
      db.close();
    }
  });

  it('PostgreSQL can use deliveries_pending for the same statements', async () => {
    const url = await freshDatabase();
    await (await openPostgres(url)).end();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // An empty table is cheapest to scan; with scans priced out, a plan without the index means it cannot be used.
      await client.query('SET enable_seqscan = off');
      const plan = async (sql: string, values: unknown[]) => (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, values)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(await plan(PG_PENDING_SQL, [0, 'me', 20_000])).toMatch(/deliveries_pending/);
      expect(await plan(PG_DISOWN_SQL, ['me'])).toMatch(/deliveries_pending/);
    } finally {
      await client.end();
    }
  });
});
