// The delivery store on PostgreSQL: the same statements as SQLite's (src/store/deliveries.ts), with the same
// guarantees. A claim is INSERT … ON CONFLICT DO NOTHING on the primary key (kind, target_id, local_date), so of
// two processes claiming one key at once exactly one inserts; every update names its row by that key.
import type { DeliveryOps, DeliveryRepository } from '../delivery-repository.ts';
import type { DeliveryRow } from '../deliveries.ts';
import { inTransaction, type PgPool, type Queryable } from './pool.ts';


const KEY = 'kind = $1 AND target_id = $2 AND local_date = $3';

function ops(q: Queryable): DeliveryOps {
  const one = async (sql: string, values: unknown[]): Promise<DeliveryRow | undefined> => (await q.query<DeliveryRow>(sql, values)).rows[0];
  const changed = async (sql: string, values: unknown[]): Promise<boolean> => ((await q.query(sql, values)).rowCount ?? 0) > 0;
  return {
    claim: (c, now, status = 'claimed') =>
      changed(
        `INSERT INTO deliveries (kind, target_id, local_date, user_id, scheduled_at, claimed_at, status, item_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6)
         ON CONFLICT (kind, target_id, local_date) DO NOTHING`,
        [c.kind, c.targetId, c.localDate, c.userId, c.scheduledAt, now, status, c.itemId],
      ),
    finish: async (key, o, now) => {
      await q.query(
        `UPDATE deliveries SET status = $4, attempts = attempts + 1, message_id = coalesce($5, message_id),
           error_code = $6, retry_at = $7, updated_at = $8
         WHERE ${KEY}`,
        [key.kind, key.targetId, key.localDate, o.status, o.messageId ?? null, o.errorCode ?? null, o.retryAt ?? null, now],
      );
    },
    pending: async (now) =>
      (
        await q.query<DeliveryRow>(
          "SELECT * FROM deliveries WHERE status = 'claimed' OR (status = 'retry' AND retry_at <= $1) ORDER BY scheduled_at LIMIT 1000",
          [now],
        )
      ).rows,
    // Written before the request leaves, and kept across retries: the earliest moment a message can exist.
    markAttempt: async (key, nonce, realNow) => {
      await q.query(`UPDATE deliveries SET nonce = coalesce(nonce, $4), send_started_at = coalesce(send_started_at, $5) WHERE ${KEY}`, [
        key.kind,
        key.targetId,
        key.localDate,
        nonce,
        realNow,
      ]);
    },
    get: (key) => one(`SELECT * FROM deliveries WHERE ${KEY}`, [key.kind, key.targetId, key.localDate]),
    markDone: (targetId, localDate, userId, now) =>
      changed(
        "UPDATE deliveries SET done_at = $1, updated_at = $1 WHERE kind = 'reminder' AND done_at IS NULL AND target_id = $2 AND local_date = $3 AND user_id = $4",
        [now, targetId, localDate, userId],
      ),
    waitingRetry: (kind, targetId) =>
      one(`SELECT * FROM deliveries WHERE kind = $1 AND target_id = $2 AND status = 'retry' ORDER BY local_date COLLATE "C" DESC LIMIT 1`, [kind, targetId]),
    lastSent: (kind, targetId) =>
      one(`SELECT * FROM deliveries WHERE kind = $1 AND target_id = $2 AND status = 'sent' ORDER BY local_date COLLATE "C" DESC LIMIT 1`, [kind, targetId]),
  };
}

export function createPgDeliveryRepository(pool: PgPool): DeliveryRepository {
  return {
    ...ops(pool),
    claimBatch: (fn) => inTransaction(pool, (client) => fn(ops(client))),
  };
}
