// The processes sharing this database and the sender lease, on PostgreSQL: the same statements as SQLite's
// (src/store/processes.ts), on the server's clock, so machines whose clocks disagree still agree on who is alive.
import { GONE_AFTER_MS, SENDER_LEASE, type LeaseRow, type ProcessRow } from '../processes.ts';
import type { ProcessRepository } from '../repositories.ts';
import { PG_NOW, type PgPool } from './pool.ts';

export function createPgProcessRepository(pool: PgPool): ProcessRepository {
  return {
    async heartbeat(p) {
      await pool.query(
        `INSERT INTO lumbar_processes (owner, host, pid, shards, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, ${PG_NOW}, ${PG_NOW})
         ON CONFLICT (owner) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
        [p.owner, p.host, p.pid, p.shards],
      );
      await pool.query(`DELETE FROM lumbar_processes WHERE heartbeat_at < ${PG_NOW} - $1::bigint`, [GONE_AFTER_MS]);
    },
    // Taken when free or expired, renewed by its holder: one statement, so two processes never both get it.
    async acquireLease(owner, ms) {
      const r = await pool.query(
        `INSERT INTO scheduler_lease (name, owner, lease_until) VALUES ($1, $2, ${PG_NOW} + $3::bigint)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
         WHERE scheduler_lease.owner = excluded.owner OR scheduler_lease.lease_until < ${PG_NOW}`,
        [SENDER_LEASE, owner, ms],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async releaseLease(owner) {
      await pool.query('DELETE FROM scheduler_lease WHERE name = $1 AND owner = $2', [SENDER_LEASE, owner]);
    },
    async leave(owner) {
      await pool.query('DELETE FROM scheduler_lease WHERE name = $1 AND owner = $2', [SENDER_LEASE, owner]);
      await pool.query('DELETE FROM lumbar_processes WHERE owner = $1', [owner]);
    },
    list: async () => (await pool.query<ProcessRow>('SELECT * FROM lumbar_processes ORDER BY started_at, owner')).rows,
    lease: async () => (await pool.query<LeaseRow>('SELECT * FROM scheduler_lease WHERE name = $1', [SENDER_LEASE])).rows[0],
  };
}
