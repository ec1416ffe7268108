// The delivery store on PostgreSQL: the same statements as SQLite's (src/store/deliveries.ts), with the same
// guarantees. A claim is INSERT … ON CONFLICT DO NOTHING on the primary key (kind, target_id, local_date), so of
// two processes claiming one key at once exactly one inserts; every update names its row by that key.
import type { DeliveryOps, DeliveryRepository, StatusedClaim } from '../repositories.ts';
import type { DeliveryRow } from '../deliveries.ts';
import { PG_NOW, type PgPool, type Queryable } from './pool.ts';

const KEY = 'kind = $1 AND target_id = $2 AND local_date = $3';

/** Owners whose heartbeat is recent on the server's clock: their claims are theirs alone. */
const LIVE_OWNERS = (staleMs: string) => `SELECT owner FROM lumbar_processes WHERE heartbeat_at >= ${PG_NOW} - ${staleMs}::bigint`;

/** Claims not yet confirmed and retries now due. PostgreSQL proves on its own that the condition implies the
 *  partial index deliveries_pending's (SQLite needs it spelled out: PENDING_SQL in ../deliveries.ts). */
export const PG_PENDING_SQL = `SELECT * FROM deliveries WHERE (status = 'claimed' OR (status = 'retry' AND retry_at <= $1))
             AND ($2::text IS NULL OR owner IS NULL OR owner = $2 OR owner NOT IN (${LIVE_OWNERS('$3')}))
           ORDER BY scheduled_at LIMIT 1000`;

export const PG_DISOWN_SQL = "UPDATE deliveries SET owner = NULL WHERE owner = $1 AND status = 'claimed'";

/** Claims with distinct keys in one statement (a batch of 500 was 500 round trips); for each, whether it was new. */
async function claimAll(q: Queryable, claims: readonly StatusedClaim[], now: number): Promise<boolean[]> {
  if (claims.length === 0) return [];
  const column = <T>(f: (c: StatusedClaim) => T): T[] => claims.map(f);
  const { rows } = await q.query<{ kind: string; target_id: number; local_date: string }>(
    `INSERT INTO deliveries (kind, target_id, local_date, user_id, scheduled_at, claimed_at, status, item_id, updated_at, owner)
     SELECT c.kind, c.target_id, c.local_date, c.user_id, c.scheduled_at, $9, c.status, c.item_id, $9, c.owner
     FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[])
       AS c(kind, target_id, local_date, user_id, scheduled_at, status, item_id, owner)
     ON CONFLICT (kind, target_id, local_date) DO NOTHING
     RETURNING kind, target_id, local_date`,
    [
      column((c) => c.kind),
      column((c) => c.targetId),
      column((c) => c.localDate),
      column((c) => c.userId),
      column((c) => c.scheduledAt),
      column((c) => c.status ?? 'claimed'),
      column((c) => c.itemId),
      column((c) => c.owner ?? null),
      now,
    ],
  );
  const inserted = new Set(rows.map((r) => `${r.kind}\0${r.target_id}\0${r.local_date}`));
  // Each inserted key counts once, for its first claim (the keys are meant to be distinct).
  return claims.map((c) => inserted.delete(`${c.kind}\0${c.targetId}\0${c.localDate}`));
}

export function pgDeliveryOps(q: Queryable): DeliveryOps {
  const one = async (sql: string, values: unknown[]): Promise<DeliveryRow | undefined> => (await q.query<DeliveryRow>(sql, values)).rows[0];
  const changed = async (sql: string, values: unknown[]): Promise<boolean> => ((await q.query(sql, values)).rowCount ?? 0) > 0;
  return {
    claim: (c, now, status = 'claimed') =>
      changed(
        `INSERT INTO deliveries (kind, target_id, local_date, user_id, scheduled_at, claimed_at, status, item_id, updated_at, owner)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6, $9)
         ON CONFLICT (kind, target_id, local_date) DO NOTHING`,
        [c.kind, c.targetId, c.localDate, c.userId, c.scheduledAt, now, status, c.itemId, c.owner ?? null],
      ),
    claimAll: (claims, now) => claimAll(q, claims, now),
    finish: (key, o, now, owner = null) =>
      changed(
        `UPDATE deliveries SET status = $4, attempts = attempts + 1, message_id = coalesce($5, message_id),
           error_code = $6, retry_at = $7, updated_at = $8, owner = CASE WHEN $4 = 'retry' THEN NULL ELSE owner END
         WHERE ${KEY} AND ($9::text IS NULL OR owner IS NOT DISTINCT FROM $9)`,
        [key.kind, key.targetId, key.localDate, o.status, o.messageId ?? null, o.errorCode ?? null, o.retryAt ?? null, now, owner],
      ),
    // Mine, anyone's, or a gone process's: never a claim another live process is sending.
    pending: async (now, who) => (await q.query<DeliveryRow>(PG_PENDING_SQL, [now, who?.owner ?? null, who?.staleMs ?? 0])).rows,
    disown: async (owner) => (await q.query(PG_DISOWN_SQL, [owner])).rowCount ?? 0,
    // One statement: a second process taking over the same claim waits on the row lock, then finds a live owner.
    adopt: (key, who) =>
      changed(
        `UPDATE deliveries SET owner = $4 WHERE ${KEY} AND status IN ('claimed', 'retry')
           AND (owner IS NULL OR owner = $4 OR owner NOT IN (${LIVE_OWNERS('$5')}))`,
        [key.kind, key.targetId, key.localDate, who.owner, who.staleMs],
      ),
    // Written before the request leaves, and kept across retries: the earliest moment a message can exist.
    // With an owner, only while the claim is still this process's: one taken over meanwhile is not sent.
    markAttempt: (key, nonce, realNow, owner = null) =>
      changed(
        `UPDATE deliveries SET nonce = coalesce(nonce, $4), send_started_at = coalesce(send_started_at, $5)
         WHERE ${KEY} AND ($6::text IS NULL OR owner IS NOT DISTINCT FROM $6)`,
        [key.kind, key.targetId, key.localDate, nonce, realNow, owner],
      ),
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
    ...pgDeliveryOps(pool),
    // Oldest first through deliveries_age; a pending row (claimed, or waiting for a retry) is never pruned.
    prune: async (before, limit) =>
      (
        await pool.query(
          `DELETE FROM deliveries WHERE (kind, target_id, local_date) IN (
             SELECT kind, target_id, local_date FROM deliveries
             WHERE scheduled_at < $1 AND status NOT IN ('claimed', 'retry') ORDER BY scheduled_at LIMIT $2)`,
          [before, limit],
        )
      ).rowCount ?? 0,
  };
}
