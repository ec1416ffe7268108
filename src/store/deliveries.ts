// One row per target per local date: the guard that makes every post and reminder go out at most
// once, and the record of how it went.
import type { Db } from './db.ts';
import { SQLITE_NOW } from './processes.ts';

export type DeliveryKind = 'reminder' | 'snooze' | 'tip';
export type DeliveryStatus = 'claimed' | 'sent' | 'failed' | 'retry' | 'skipped';

export interface DeliveryKey {
  kind: DeliveryKind;
  targetId: number;
  localDate: string;
}

export interface DeliveryRow {
  kind: DeliveryKind;
  target_id: number;
  local_date: string;
  user_id: string | null;
  scheduled_at: number;
  claimed_at: number;
  status: DeliveryStatus;
  attempts: number;
  retry_at: number | null;
  item_id: string | null;
  message_id: string | null;
  error_code: number | null;
  done_at: number | null;
  updated_at: number;
  /** The nonce of the first send attempt. */
  nonce: string | null;
  /** Real wall-clock ms when the first send attempt started; null: never attempted. */
  send_started_at: number | null;
  /** The process that claimed it (or took it over); null: anyone's. */
  owner: string | null;
}

export interface NewClaim extends DeliveryKey {
  userId: string | null;
  scheduledAt: number;
  itemId: string | null;
  /** The process making the claim (store/processes.ts); null: anyone's. */
  owner?: string | null;
}

/** Who asks, and how long a silent process counts as still alive. */
export interface Liveness {
  owner: string;
  /** A process whose last heartbeat is older than this (database clock) is gone. */
  staleMs: number;
}

/** How a claim ended: sent (with the message), failed for good, waiting for a retry, or skipped. */
export interface DeliveryOutcome {
  status: Exclude<DeliveryStatus, 'claimed'>;
  messageId?: string | null;
  errorCode?: number | null;
  retryAt?: number | null;
}

export function deliveryKeyString(k: DeliveryKey): string {
  return `${k.kind}:${k.targetId}:${k.localDate}`;
}

/** A retry waits for a later tick with nobody sending it: it becomes anyone's, for whichever process sends then. */
export const OWNER_AFTER_FINISH = "CASE WHEN @status = 'retry' THEN NULL ELSE owner END";

/** Owners whose heartbeat is recent (database clock): their claims are theirs alone. */
const LIVE_OWNERS = `SELECT owner FROM lumbar_processes WHERE heartbeat_at >= ${SQLITE_NOW} - @staleMs`;

/**
 * Claims not yet confirmed and retries now due, found through the partial index deliveries_pending. SQLite uses a
 * partial index only when the query states the index's own condition (status IN ('claimed', 'retry')) as a term
 * of its WHERE; without it, every tick walked the whole table in scheduled_at order (a year of history for 100,000
 * reminders is 36.5 M rows).
 */
export const PENDING_SQL = `SELECT * FROM deliveries WHERE status IN ('claimed', 'retry') AND (status = 'claimed' OR retry_at <= @now)
         AND (@owner IS NULL OR owner IS NULL OR owner = @owner OR owner NOT IN (${LIVE_OWNERS}))
       ORDER BY scheduled_at LIMIT 1000`;

/** A process's unsent claims, through deliveries_pending like PENDING_SQL (the IN term is what lets SQLite use it). */
export const DISOWN_SQL = "UPDATE deliveries SET owner = NULL WHERE owner = ? AND status IN ('claimed', 'retry') AND status = 'claimed'";

function statements(db: Db) {
  return {
    claim: db.prepare(
      `INSERT INTO deliveries (kind, target_id, local_date, user_id, scheduled_at, claimed_at, status, item_id, updated_at, owner)
       VALUES (@kind, @targetId, @localDate, @userId, @scheduledAt, @now, @status, @itemId, @now, @owner)
       ON CONFLICT (kind, target_id, local_date) DO NOTHING`,
    ),
    finish: db.prepare(
      `UPDATE deliveries SET status = @status, attempts = attempts + 1, message_id = coalesce(@messageId, message_id),
         error_code = @errorCode, retry_at = @retryAt, updated_at = @now, owner = ${OWNER_AFTER_FINISH}
       WHERE kind = @kind AND target_id = @targetId AND local_date = @localDate AND (@owner IS NULL OR owner IS @owner)`,
    ),
    // Mine, anyone's, or a gone process's: never a claim another live process is sending.
    pending: db.prepare(PENDING_SQL),
    disown: db.prepare<[string]>(DISOWN_SQL),
    // One statement: of two processes taking over a gone one's claim, exactly one changes it.
    adopt: db.prepare(
      `UPDATE deliveries SET owner = @owner
       WHERE kind = @kind AND target_id = @targetId AND local_date = @localDate AND status IN ('claimed', 'retry')
         AND (owner IS NULL OR owner = @owner OR owner NOT IN (${LIVE_OWNERS}))`,
    ),
    // Written before the request leaves, and kept across retries: the earliest moment a message can exist.
    // With an owner, only while the claim is still this process's: one taken over meanwhile is not sent.
    attempt: db.prepare(
      `UPDATE deliveries SET nonce = coalesce(nonce, @nonce), send_started_at = coalesce(send_started_at, @at)
       WHERE kind = @kind AND target_id = @targetId AND local_date = @localDate AND (@owner IS NULL OR owner IS @owner)`,
    ),
    get: db.prepare<[string, number, string], DeliveryRow>('SELECT * FROM deliveries WHERE kind = ? AND target_id = ? AND local_date = ?'),
    done: db.prepare<[number, number, number, string, string]>(
      "UPDATE deliveries SET done_at = ?, updated_at = ? WHERE kind = 'reminder' AND done_at IS NULL AND target_id = ? AND local_date = ? AND user_id = ?",
    ),
    waitingRetry: db.prepare<[string, number], DeliveryRow>(
      "SELECT * FROM deliveries WHERE kind = ? AND target_id = ? AND status = 'retry' ORDER BY local_date DESC LIMIT 1",
    ),
    // Oldest first through deliveries_age; a pending row (claimed, or waiting for a retry) is never pruned.
    prune: db.prepare<[number, number]>(
      `DELETE FROM deliveries WHERE (kind, target_id, local_date) IN (
         SELECT kind, target_id, local_date FROM deliveries
         WHERE scheduled_at < ? AND status NOT IN ('claimed', 'retry') ORDER BY scheduled_at LIMIT ?)`,
    ),
    lastSent: db.prepare<[string, number], DeliveryRow>(
      "SELECT * FROM deliveries WHERE kind = ? AND target_id = ? AND status = 'sent' ORDER BY local_date DESC LIMIT 1",
    ),
  };
}

export function createDeliveryStore(db: Db) {
  const s = statements(db);
  return {
    /** Runs a job's claiming as one IMMEDIATE transaction: its advances and claims commit together, before any send. */
    claimBatch<T>(claim: () => T): T {
      return db.transaction(claim).immediate();
    },
    /** Inserts the claim; false when this target already has a delivery for that local date. */
    claim(c: NewClaim, now: number, status: 'claimed' | 'skipped' = 'claimed'): boolean {
      return s.claim.run({ ...c, owner: c.owner ?? null, now, status }).changes > 0;
    },
    /** Inserts each claim with its status; for each, in order, whether it was new. */
    claimAll(claims: readonly (NewClaim & { status?: 'claimed' | 'skipped' })[], now: number): boolean[] {
      return claims.map(({ status = 'claimed', ...c }) => s.claim.run({ ...c, owner: c.owner ?? null, now, status }).changes > 0);
    },
    /** Records how a claim ended; with `owner`, only while the claim is still that process's (false otherwise). */
    finish(key: DeliveryKey, outcome: DeliveryOutcome, now: number, owner: string | null = null): boolean {
      const o = { status: outcome.status, messageId: outcome.messageId ?? null, errorCode: outcome.errorCode ?? null, retryAt: outcome.retryAt ?? null };
      return s.finish.run({ ...key, ...o, now, owner }).changes > 0;
    },
    /** Claims not yet confirmed (in flight, or left by a process that died) and retries now due. */
    pending(now: number, who?: Liveness): DeliveryRow[] {
      return s.pending.all({ now, owner: who?.owner ?? null, staleMs: who?.staleMs ?? 0 }) as DeliveryRow[];
    },
    /** Takes over a pending claim whose owner is gone (or that is anyone's); false if a live process has it. */
    adopt(key: DeliveryKey, who: Liveness): boolean {
      return s.adopt.run({ ...key, owner: who.owner, staleMs: who.staleMs }).changes > 0;
    },
    /** This process stopped being the sender: its unsent claims become anyone's. */
    disown(owner: string): number {
      return s.disown.run(owner).changes;
    },
    /** Records a send attempt about to start (the first one's nonce and real time are kept); false when `owner`
     *  no longer holds the claim. */
    markAttempt(key: DeliveryKey, nonce: string, realNow: number, owner: string | null = null): boolean {
      return s.attempt.run({ ...key, nonce, at: realNow, owner }).changes > 0;
    },
    get(key: DeliveryKey): DeliveryRow | undefined {
      return s.get.get(key.kind, key.targetId, key.localDate);
    },
    /** The member pressed Done on that day's reminder; false if it was already counted or not theirs. */
    markDone(targetId: number, localDate: string, userId: string, now: number): boolean {
      return s.done.run(now, now, targetId, localDate, userId).changes > 0;
    },
    /** The latest delivery that failed for a passing reason and waits for its next try. */
    waitingRetry(kind: DeliveryKind, targetId: number): DeliveryRow | undefined {
      return s.waitingRetry.get(kind, targetId);
    },
    /** Deletes up to `limit` finished deliveries scheduled before `before` (oldest first); returns how many went. */
    prune(before: number, limit: number): number {
      return s.prune.run(before, limit).changes;
    },
    lastSent(kind: DeliveryKind, targetId: number): DeliveryRow | undefined {
      return s.lastSent.get(kind, targetId);
    },
  };
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
