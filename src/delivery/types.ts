// What the delivery loop and the jobs agree on: a claim, how its delivery went, and what a job does.
// The loop (scheduler.ts) knows only these; each feature's job (reminders/job.ts, clubs/job.ts) fills them in.
import type { DeliveryKey, DeliveryKind } from '../store/deliveries.ts';
import type { StoreTx } from '../store/repositories.ts';

/** A post or reminder later than this is skipped to its next occurrence, never sent. */
export const LATE_LIMIT_MS = 2 * 60 * 60 * 1000;
export const MAX_ATTEMPTS = 4;

export interface Claim {
  key: DeliveryKey;
  userId: string | null;
  scheduledAt: number;
  claimedAt: number;
  itemId: string | null;
  /** Earlier attempts: a resend after a crash or a transient failure. */
  attempts: number;
  resend: boolean;
  /** The nonce of the first send attempt; absent before any. */
  nonce?: string | null;
  /** Real wall-clock ms when the first send attempt started; absent or null: never attempted. */
  sendStartedAt?: number | null;
  /** The process sending it (sender-lease.ts); absent: a single process without a lease (tests, benchmarks). */
  owner?: string;
}

export type Outcome =
  | { status: 'sent'; messageId: string }
  | { status: 'retry'; errorCode?: number }
  | { status: 'failed'; errorCode?: number }
  | { status: 'skipped' }
  /** The database was locked by another process: nothing is recorded, and the claim is picked up again next tick. */
  | { status: 'busy' }
  /** Another process took the claim over (this one was silent too long): it is theirs to send and record. */
  | { status: 'lost' };

export interface ClaimBatch {
  /** New deliveries to send now. */
  claims: Claim[];
  /** Due rows looked at (claimed, skipped as too late, or taken by another claimer): fewer than the limit means none are left. */
  scanned: number;
}

export interface Job {
  kinds: readonly DeliveryKind[];
  /** Runs inside the store's claim batch (one transaction, `tx`): look at up to `limit` due targets and claim them. */
  claimDue(tx: StoreTx, now: number, limit: number): Promise<ClaimBatch>;
  /** `signal` aborts when the scheduler gives up waiting: every request of the delivery must stop with it. */
  deliver(claim: Claim, now: number, signal?: AbortSignal): Promise<Outcome>;
}

export interface TickStats {
  claimed: number;
  resent: number;
  sent: number;
  retry: number;
  failed: number;
  skipped: number;
  /** Deliveries, or claiming, that waited for another process's database lock. */
  busy: number;
  /** Claims another process took over before this one sent them. */
  lost: number;
  /** Old delivery rows deleted by history retention this tick. */
  pruned: number;
}

/** A fresh claim of `key`, as a job hands it to the loop. */
export function newClaim(key: DeliveryKey, userId: string | null, scheduledAt: number, now: number, itemId: string | null): Claim {
  return { key, userId, scheduledAt, claimedAt: now, itemId, attempts: 0, resend: false };
}
