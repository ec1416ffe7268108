// The one delivery loop. Each tick: pick up unconfirmed claims (retries due, or claims left by a
// process that died mid-send), claim what is due in IMMEDIATE transactions (advancing next_fire_at
// and inserting the delivery row keyed by target and local date), then send after commit and
// record the outcome. The delivery key is the guard: nothing goes out twice for one local date.
import cron from 'node-cron';
import type { Logger } from '../logger.ts';
import { isBusy, retryWhileBusy } from '../store/busy.ts';
import type { Db } from '../store/db.ts';
import { deliveryKeyString, type DeliveryKey, type DeliveryKind, type DeliveryRow, type DeliveryStore } from '../store/deliveries.ts';

/** A post or reminder later than this is skipped to its next occurrence, never sent. */
export const LATE_LIMIT_MS = 2 * 60 * 60 * 1000;
export const MAX_ATTEMPTS = 4;
const CLAIM_BATCH = 500;

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
}

export type Outcome =
  | { status: 'sent'; messageId: string }
  | { status: 'retry'; errorCode?: number }
  | { status: 'failed'; errorCode?: number }
  | { status: 'skipped' }
  /** The database was locked by another process: nothing is recorded, and the claim is picked up again next tick. */
  | { status: 'busy' };

export interface ClaimBatch {
  /** New deliveries to send now. */
  claims: Claim[];
  /** Due rows looked at (claimed, skipped as too late, or taken by another claimer): fewer than the limit means none are left. */
  scanned: number;
}

export interface Job {
  kinds: readonly DeliveryKind[];
  /** Runs inside an IMMEDIATE transaction: look at up to `limit` due targets and claim them. */
  claimDue(now: number, limit: number): ClaimBatch;
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
}

/** How long recording a delivery's outcome may wait for a lock before leaving the claim to the next tick. */
const RECORD_WAIT_MS = 30_000;

export interface SchedulerOptions {
  db: Db;
  deliveries: DeliveryStore;
  jobs: readonly Job[];
  clock: () => Date;
  logger: Logger;
  /** Sends in flight at once; discord.js queues beyond Discord's own rate limits. */
  concurrency?: number;
  /** node-cron expression with seconds. */
  schedule?: string;
  /** A send that takes longer is aborted (also while discord.js holds it for a rate limit, so it never
   *  reaches Discord later) and retried; one hung request cannot hold the tick and everything behind it. */
  deliverTimeoutMs?: number;
}

export function createScheduler(o: SchedulerOptions) {
  const concurrency = o.concurrency ?? 16;
  const inFlight = new Set<string>();
  const jobFor = new Map<DeliveryKind, Job>();
  for (const job of o.jobs) for (const k of job.kinds) jobFor.set(k, job);
  let running: Promise<TickStats> | null = null;
  let stopping = false;
  let task: ReturnType<typeof cron.schedule> | null = null;

  /** Claims nobody is sending (the process that made them died) and retries that are due. */
  function recover(now: number, stats: TickStats): Claim[] {
    const claims: Claim[] = [];
    for (const row of o.deliveries.pending(now)) {
      const key: DeliveryKey = { kind: row.kind, targetId: row.target_id, localDate: row.local_date };
      if (inFlight.has(deliveryKeyString(key)) || !jobFor.has(row.kind)) continue;
      if (now - row.scheduled_at > LATE_LIMIT_MS) {
        // Locked by another process: this one is skipped by a later tick instead.
        if (!whenFree(() => o.deliveries.finish(key, { status: 'skipped' }, now), stats)) continue;
        stats.skipped++;
        continue;
      }
      claims.push(toClaim(row, key));
    }
    return claims;
  }

  /** Runs a write now, or counts it as waiting for another process's lock (false) for a later tick. */
  function whenFree(write: () => void, stats: TickStats): boolean {
    try {
      write();
      return true;
    } catch (err) {
      if (!isBusy(err)) throw err;
      stats.busy++;
      return false;
    }
  }

  /** An outcome must not be lost to a lock: wait for it (without blocking), else leave the claim open for the next tick's lookup. */
  async function record(key: DeliveryKey, write: () => void): Promise<void> {
    try {
      await retryWhileBusy(write, { maxWaitMs: RECORD_WAIT_MS });
    } catch (err) {
      if (!isBusy(err)) throw err;
      o.logger.warn({ delivery: deliveryKeyString(key) }, 'database locked; the outcome is not recorded and the next tick looks the delivery up');
    }
  }

  async function deliver(claim: Claim, stats: TickStats): Promise<void> {
    const id = deliveryKeyString(claim.key);
    inFlight.add(id);
    try {
      let outcome: Outcome;
      try {
        const job = jobFor.get(claim.key.kind)!;
        outcome = await withDeadline((signal) => job.deliver(claim, o.clock().getTime(), signal), o.deliverTimeoutMs ?? 10_000);
      } catch (err) {
        if (isBusy(err)) outcome = { status: 'busy' };
        else {
          o.logger.warn({ delivery: id, err: (err as Error).message }, 'delivery threw; will retry');
          outcome = { status: 'retry' };
        }
      }
      const now = o.clock().getTime();
      if (outcome.status === 'busy') {
        stats.busy++;
        return;
      }
      if (outcome.status === 'retry') {
        const attempts = claim.attempts + 1;
        if (attempts >= MAX_ATTEMPTS || now - claim.scheduledAt > LATE_LIMIT_MS) outcome = { status: 'failed', errorCode: outcome.errorCode };
        else {
          // Back off a minute, then two, then four: a few later ticks, not a tight loop.
          const retry = { status: 'retry' as const, errorCode: outcome.errorCode, retryAt: now + 60_000 * 2 ** (attempts - 1) };
          await record(claim.key, () => o.deliveries.finish(claim.key, retry, now));
          stats.retry++;
          return;
        }
      }
      const final = { status: outcome.status, messageId: outcome.status === 'sent' ? outcome.messageId : null, errorCode: 'errorCode' in outcome ? outcome.errorCode : null };
      await record(claim.key, () => o.deliveries.finish(claim.key, final, now));
      stats[outcome.status]++;
      if (outcome.status === 'failed') o.logger.warn({ delivery: id, code: outcome.errorCode }, 'delivery failed');
    } finally {
      inFlight.delete(id);
    }
  }

  /** Sends a batch with a few in flight at once; every claim is marked in flight before the first await. */
  async function sendAll(claims: Claim[], stats: TickStats): Promise<void> {
    for (const c of claims) inFlight.add(deliveryKeyString(c.key));
    const queue = [...claims];
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      // Stopping: finish what is in flight, leave the rest claimed for the next start to send.
      for (let c = queue.shift(); c && !stopping; c = queue.shift()) await deliver(c, stats);
    });
    await Promise.all(workers);
  }

  /** Claims a batch, sends it, then claims the next, until none are due or another process holds the lock. */
  async function claimAndSend(job: Job, now: number, stats: TickStats): Promise<void> {
    while (!stopping) {
      let batch: ClaimBatch | undefined;
      if (!whenFree(() => (batch = o.db.transaction(() => job.claimDue(now, CLAIM_BATCH)).immediate()), stats) || !batch) return;
      stats.claimed += batch.claims.length;
      await sendAll(batch.claims, stats);
      if (batch.scanned < CLAIM_BATCH) return;
    }
  }

  async function runTick(): Promise<TickStats> {
    const stats: TickStats = { claimed: 0, resent: 0, sent: 0, retry: 0, failed: 0, skipped: 0, busy: 0 };
    const now = o.clock().getTime();
    const resends = recover(now, stats);
    stats.resent = resends.length;
    await sendAll(resends, stats);
    // Claim a batch, send it, then claim the next: memory stays bounded by the batch, and a crash
    // leaves at most one batch claimed but unsent.
    for (const job of o.jobs) await claimAndSend(job, now, stats);
    if (stats.busy > 0) o.logger.warn(stats, 'database locked by another process; what waited goes out on a later tick');
    else if (stats.claimed + stats.resent + stats.skipped > 0) o.logger.info(stats, 'scheduler tick');
    return stats;
  }

  return {
    /** One tick now. Ticks never overlap: a tick asked for while one runs waits for it instead. */
    tick(): Promise<TickStats> {
      if (running) return running;
      running = runTick().finally(() => {
        running = null;
      });
      return running;
    },
    start(): void {
      task ??= cron.schedule(o.schedule ?? '*/20 * * * * *', () => {
        this.tick().catch((err: unknown) => o.logger.error({ err: (err as Error).message }, 'scheduler tick failed'));
      }, { noOverlap: true, name: 'lumbar-scheduler' });
    },
    /** Stops the clock and waits only for sends already in flight; unsent claims wait for the next start. */
    async stop(): Promise<void> {
      stopping = true;
      await task?.stop();
      task = null;
      await running;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;

/** A node-cron expression (with seconds) that ticks every `seconds`; 60 ticks on the minute. */
export function tickSchedule(seconds: number): string {
  return seconds >= 60 ? '0 * * * * *' : `*/${seconds} * * * * *`;
}

/** Runs `work` with a signal that aborts after `ms`; rejects then without waiting for `work` to notice. */
function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`no answer within ${ms} ms; request cancelled`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  return Promise.race([work(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

function toClaim(row: DeliveryRow, key: DeliveryKey): Claim {
  return {
    key,
    userId: row.user_id,
    scheduledAt: row.scheduled_at,
    claimedAt: row.claimed_at,
    itemId: row.item_id,
    attempts: row.attempts,
    resend: true,
    nonce: row.nonce,
    sendStartedAt: row.send_started_at,
  };
}
