// The PostgreSQL pool against the real test server: a transaction whose process froze in the middle of it (SIGSTOP,
// a paused VM) does not hold its row locks beyond IDLE_IN_TRANSACTION_MS, so the process that takes the sender lease
// over is not held up by them.
import { describe, expect, it } from 'vitest';
import { HEARTBEAT_MS, LEASE_MS } from '../../src/delivery/sender-lease.ts';
import { openPostgres } from '../../src/store/pg/open.ts';
import { createPgPool, IDLE_IN_TRANSACTION_MS } from '../../src/store/pg/pool.ts';
import { freshDatabase } from '../helpers/postgres.ts';

describe('the PostgreSQL pool', () => {
  it('ends a transaction left idle before another process can take the sender lease over', () => {
    // The earliest takeover: the frozen sender renewed its lease a heartbeat before it froze.
    expect(IDLE_IN_TRANSACTION_MS).toBeLessThan(LEASE_MS - HEARTBEAT_MS);
  });

  it('sets the limit on every connection', async () => {
    const pool = createPgPool(await freshDatabase());
    try {
      const { rows } = await pool.query<{ idle_in_transaction_session_timeout: string }>('SHOW idle_in_transaction_session_timeout');
      expect(rows[0]!.idle_in_transaction_session_timeout).toBe(`${IDLE_IN_TRANSACTION_MS / 1000}s`);
    } finally {
      await pool.end();
    }
  });

  it('releases the row locks of a transaction whose client stopped sending, so another connection proceeds', async () => {
    const url = await freshDatabase();
    await (await openPostgres(url)).end();
    const frozen = createPgPool(url, { max: 1, idleInTransactionMs: 300 });
    frozen.on('error', () => {}); // the server closes the frozen connection: expected here
    const other = createPgPool(url, { max: 1 });
    try {
      await other.query("INSERT INTO members (user_id, created_at) VALUES ('u1', 0)");
      const client = await frozen.connect();
      client.on('error', () => {});
      await client.query('BEGIN');
      await client.query("UPDATE members SET dm_status = 'open' WHERE user_id = 'u1'");
      // The client sends nothing more, as a frozen process would. Without the limit this update waits for ever.
      const { rowCount } = await other.query("UPDATE members SET dm_status = 'closed' WHERE user_id = 'u1'");
      expect(rowCount).toBe(1);
      // The frozen transaction was rolled back, not committed: the other connection's write stands.
      expect((await other.query<{ dm_status: string }>("SELECT dm_status FROM members WHERE user_id = 'u1'")).rows[0]!.dm_status).toBe('closed');
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
    } finally {
      await other.end();
      await frozen.end();
    }
  });
});
