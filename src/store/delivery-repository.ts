// The delivery store as one asynchronous interface, whichever database is behind it: SQLite (this file, over
// the synchronous store in deliveries.ts) or PostgreSQL (pg/deliveries.ts). Both keep the same guarantees:
// a claim is an insert that does nothing when the key exists, and every update names its row.
import type { Db } from './db.ts';
import { createDeliveryStore, type DeliveryKey, type DeliveryKind, type DeliveryOutcome, type DeliveryRow, type NewClaim } from './deliveries.ts';

/** What one delivery store does, inside or outside a claim batch. */
export interface DeliveryOps {
  /** Inserts the claim; false when this target already has a delivery for that local date. */
  claim(c: NewClaim, now: number, status?: 'claimed' | 'skipped'): Promise<boolean>;
  finish(key: DeliveryKey, outcome: DeliveryOutcome, now: number): Promise<void>;
  /** Claims not yet confirmed (in flight, or left by a process that died) and retries now due. */
  pending(now: number): Promise<DeliveryRow[]>;
  /** Records a send attempt about to start (the first one's nonce and real time are kept). */
  markAttempt(key: DeliveryKey, nonce: string, realNow: number): Promise<void>;
  get(key: DeliveryKey): Promise<DeliveryRow | undefined>;
  /** The member pressed Done on that day's reminder; false if it was already counted or not theirs. */
  markDone(targetId: number, localDate: string, userId: string, now: number): Promise<boolean>;
  /** The latest delivery that failed for a passing reason and waits for its next try. */
  waitingRetry(kind: DeliveryKind, targetId: number): Promise<DeliveryRow | undefined>;
  lastSent(kind: DeliveryKind, targetId: number): Promise<DeliveryRow | undefined>;
}

export interface DeliveryRepository extends DeliveryOps {
  /**
   * Runs a job's claiming as one transaction: its claims commit together before any send, or none does.
   * On SQLite it rejects with a busy error (store/busy.ts isBusy) while another process holds the write lock:
   * nothing is claimed, and the scheduler tries again on its next tick.
   */
  claimBatch<T>(fn: (tx: DeliveryOps) => Promise<T>): Promise<T>;
}

function asyncOps(db: Db): DeliveryOps {
  const s = createDeliveryStore(db);
  return {
    claim: async (c, now, status) => s.claim(c, now, status),
    finish: async (key, outcome, now) => s.finish(key, outcome, now),
    pending: async (now) => s.pending(now),
    markAttempt: async (key, nonce, realNow) => s.markAttempt(key, nonce, realNow),
    get: async (key) => s.get(key),
    markDone: async (targetId, localDate, userId, now) => s.markDone(targetId, localDate, userId, now),
    waitingRetry: async (kind, targetId) => s.waitingRetry(kind, targetId),
    lastSent: async (kind, targetId) => s.lastSent(kind, targetId),
  };
}

/**
 * SQLite behind the asynchronous interface. One connection has one transaction, so while a batch is open
 * (BEGIN IMMEDIATE … COMMIT around an async callback) every other call on this repository waits for it:
 * nothing from outside the batch can land inside it or be rolled back with it.
 */
export function createSqliteDeliveryRepository(db: Db): DeliveryRepository {
  const inside = asyncOps(db);
  let open: Promise<void> | null = null;
  const afterBatch = async (): Promise<void> => {
    while (open) await open;
  };
  const outside = Object.fromEntries(
    Object.entries(inside).map(([name, op]) => [name, async (...args: unknown[]) => (await afterBatch(), (op as (...a: unknown[]) => unknown)(...args))]),
  ) as unknown as DeliveryOps;
  return {
    ...outside,
    async claimBatch(fn) {
      await afterBatch();
      let release = (): void => {};
      open = new Promise((resolve) => (release = resolve));
      try {
        db.exec('BEGIN IMMEDIATE');
        const result = await fn(inside);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      } finally {
        open = null;
        release();
      }
    },
  };
}
