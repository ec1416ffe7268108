// The one delivery loop. Each tick: pick up unconfirmed claims (retries due, or claims left by a
// process that died mid-send), claim what is due in the store's claim batches (advancing next_fire_at
// and inserting the delivery row keyed by target and local date), then send after commit and
// record the outcome. The delivery key is the guard: nothing goes out twice for one local date.
import cron from 'node-cron';
import type { Logger } from '../base/logger.ts';
import { isBusy, retryWhileBusy } from '../store/busy.ts';
import { deliveryKeyString, type DeliveryKey, type DeliveryKind, type DeliveryRow } from '../store/deliveries.ts';
import type { Store } from '../store/repositories.ts';
import { ownedTx } from './ownership.ts';
import type { SenderLease } from './sender-lease.ts';
import { LATE_LIMIT_MS, MAX_ATTEMPTS, type Claim, type ClaimBatch, type Job, type Outcome, type TickStats } from './types.ts';

const CLAIM_BATCH = 500;
/** Claims left to send in a batch when the next batch is claimed: about a second of sending at 48 a second. */
const PREFETCH_AT = 48;
const PRUNE_BATCH = 500;

/** How long recording a delivery's outcome may wait for a lock before leaving the claim to the next tick. */
const RECORD_WAIT_MS = 30_000;

export interface SchedulerOptions {
  /** The deliveries, and the claim batch a job's claiming runs in. */
  store: Pick<Store, 'deliveries' | 'claimBatch'>;
  /** Several processes: only the lease holder claims and sends, in its own name. Absent: this process alone. */
  lease?: Pick<SenderLease, 'holds' | 'liveness'>;
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
  /** History retention: finished deliveries older than this many days are pruned, a small batch per
   *  tick. Unset: kept forever. Never less than HISTORY_FLOOR_DAYS. */
  historyDays?: number;
  /** Rows pruned per tick at most, so pruning never slows a tick (default 500). */
  pruneBatch?: number;
}

/** A week and a day: this week's rows (the Done count in /remind list) and every claim key a clock
 *  step or a late send could meet again are always kept, whatever HISTORY_DAYS says. */
export const HISTORY_FLOOR_DAYS = 8;
const DAY_MS = 86_400_000;

export function createScheduler(o: SchedulerOptions): Scheduler {
  return new Scheduler(o);
}

export class Scheduler {
  private readonly inFlight = new Set<string>();
  private readonly jobFor = new Map<DeliveryKind, Job>();
  private running: Promise<TickStats> | null = null;
  private stopping = false;
  private wasSender = false;
  private task: ReturnType<typeof cron.schedule> | null = null;

  constructor(private readonly o: SchedulerOptions) {
    for (const job of o.jobs) for (const k of job.kinds) this.jobFor.set(k, job);
  }

  /** One tick now. Ticks never overlap: a tick asked for while one runs waits for it instead. */
  tick(): Promise<TickStats> {
    if (this.running) return this.running;
    this.running = this.runTick().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(): void {
    this.task ??= cron.schedule(this.o.schedule ?? '*/20 * * * * *', () => {
      this.tick().catch((err: unknown) => this.o.logger.error({ err: (err as Error).message }, 'scheduler tick failed'));
    }, { noOverlap: true, name: 'lumbar-scheduler' });
  }

  /** Stops the clock and waits only for sends already in flight; unsent claims wait for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.task?.stop();
    this.task = null;
    await this.running;
  }

  private async runTick(): Promise<TickStats> {
    const stats: TickStats = { claimed: 0, resent: 0, sent: 0, retry: 0, failed: 0, skipped: 0, busy: 0, lost: 0, pruned: 0 };
    if (!this.isSender()) {
      await this.standBy();
      return stats;
    }
    this.wasSender = true;
    const now = this.o.clock().getTime();
    const resends = await this.recover(now, stats);
    stats.resent = resends.length;
    await this.sendAll(resends, stats);
    // Claim a batch, send it, and claim the next while its last sends are paced: memory stays bounded by two
    // batches, and a crash leaves at most two claimed but unsent.
    for (const job of this.o.jobs) if (this.isSender()) await this.claimAndSend(job, now, stats);
    if (!this.stopping) stats.pruned = await this.prune(now);
    if (stats.lost > 0) this.o.logger.warn(stats, 'another process took over claims this one had not sent yet; they are its to send');
    if (stats.busy > 0) this.o.logger.warn(stats, 'database locked by another process; what waited goes out on a later tick');
    else if (stats.claimed + stats.resent + stats.skipped + stats.pruned > 0) this.o.logger.info(stats, 'scheduler tick');
    return stats;
  }

  /** One bounded batch of history retention; a database locked by another process skips it this tick. */
  private async prune(now: number): Promise<number> {
    if (this.o.historyDays === undefined) return 0;
    const before = now - Math.max(this.o.historyDays, HISTORY_FLOOR_DAYS) * DAY_MS;
    try {
      return await this.o.store.deliveries.prune(before, this.o.pruneBatch ?? PRUNE_BATCH);
    } catch (err) {
      if (isBusy(err)) return 0;
      throw err;
    }
  }

  private isSender(): boolean {
    return !this.o.lease || this.o.lease.holds();
  }

  /** Just lost the lease: claims this process had not sent (a lock held them back) go to whoever sends now. */
  private async standBy(): Promise<void> {
    if (!this.wasSender || !this.o.lease) return;
    try {
      const released = await this.o.store.deliveries.disown(this.o.lease.liveness().owner);
      this.wasSender = false;
      if (released > 0) this.o.logger.info({ released }, 'no longer the sender; unsent claims left to the process that sends now');
    } catch (err) {
      if (!isBusy(err)) throw err;
    }
  }

  /** Claims nobody is sending (the process that made them died) and retries that are due; another process's
   *  claim only once that process went silent, and only if this one is first to take it over. */
  private async recover(now: number, stats: TickStats): Promise<Claim[]> {
    const claims: Claim[] = [];
    const who = this.o.lease?.liveness();
    for (const row of await this.o.store.deliveries.pending(now, who)) {
      const key: DeliveryKey = { kind: row.kind, targetId: row.target_id, localDate: row.local_date };
      if (this.inFlight.has(deliveryKeyString(key)) || !this.jobFor.has(row.kind)) continue;
      if (who && row.owner !== who.owner && !(await this.o.store.deliveries.adopt(key, who))) continue;
      if (now - row.scheduled_at > LATE_LIMIT_MS) {
        // Locked by another process: this one is skipped by a later tick instead.
        if (await this.whenFree(() => this.o.store.deliveries.finish(key, { status: 'skipped' }, now, who?.owner ?? null), stats)) stats.skipped++;
        continue;
      }
      claims.push({ ...toClaim(row, key), owner: who?.owner });
    }
    return claims;
  }

  /** Claims a batch and sends it, until none are due or another process holds the lock; the next batch is claimed
   *  while the last PREFETCH_AT sends are paced (on PostgreSQL a claim batch takes 0.5-1 s of round trips). */
  private async claimAndSend(job: Job, now: number, stats: TickStats): Promise<void> {
    const owner = this.o.lease?.liveness().owner;
    const claimNext = async (): Promise<ClaimBatch | undefined> => {
      if (this.stopping || !this.isSender()) return undefined;
      let batch: ClaimBatch | undefined;
      const claim = async () => void (batch = await this.o.store.claimBatch((tx) => job.claimDue(ownedTx(tx, owner), now, CLAIM_BATCH)));
      return (await this.whenFree(claim, stats)) ? batch : undefined;
    };
    let next = claimNext();
    for (let batch = await next; batch; batch = await next) {
      stats.claimed += batch.claims.length;
      if (batch.scanned < CLAIM_BATCH) return await this.sendAll(batch.claims.map((c) => ({ ...c, owner })), stats);
      let prefetched: Promise<ClaimBatch | undefined> | undefined;
      await this.sendAll(batch.claims.map((c) => ({ ...c, owner })), stats, () => {
        prefetched = claimNext();
        prefetched.catch(() => {}); // awaited, and its error thrown, once this batch is sent
      });
      // A batch with nothing to send (every row skipped as too late) never asked for the next.
      next = prefetched ?? claimNext();
    }
  }

  /** Sends a batch with a few in flight at once; every claim is marked in flight before the first await.
   *  `nearlyDone` is called once PREFETCH_AT claims are left to start. */
  private async sendAll(claims: Claim[], stats: TickStats, nearlyDone?: () => void): Promise<void> {
    for (const c of claims) this.inFlight.add(deliveryKeyString(c.key));
    const queue = [...claims];
    const take = (): Claim | undefined => {
      const c = queue.shift();
      const call = queue.length <= PREFETCH_AT ? nearlyDone : undefined;
      if (call) nearlyDone = undefined;
      call?.();
      return c;
    };
    const workers = Array.from({ length: Math.min(this.o.concurrency ?? 16, queue.length) }, async () => {
      // Stopping: finish what is in flight, leave the rest claimed for the next start to send.
      for (let c = take(); c && !this.stopping; c = take()) await this.deliver(c, stats);
    });
    await Promise.all(workers);
  }

  private async deliver(claim: Claim, stats: TickStats): Promise<void> {
    const id = deliveryKeyString(claim.key);
    this.inFlight.add(id);
    try {
      await this.settle(claim, await this.attempt(claim), stats);
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** The job's delivery under the deadline; a throw is a retry, a lock is `busy`. */
  private async attempt(claim: Claim): Promise<Outcome> {
    try {
      const job = this.jobFor.get(claim.key.kind)!;
      return await withDeadline((signal) => job.deliver(claim, this.o.clock().getTime(), signal), this.o.deliverTimeoutMs ?? 10_000);
    } catch (err) {
      if (isBusy(err)) return { status: 'busy' };
      this.o.logger.warn({ delivery: deliveryKeyString(claim.key), err: (err as Error).message }, 'delivery threw; will retry');
      return { status: 'retry' };
    }
  }

  /** Records the outcome: a retry backs off (or fails once out of attempts or too late), a lock records nothing. */
  private async settle(claim: Claim, outcome: Outcome, stats: TickStats): Promise<void> {
    const now = this.o.clock().getTime();
    if (outcome.status === 'busy' || outcome.status === 'lost') {
      stats[outcome.status]++;
      return;
    }
    if (outcome.status === 'retry') {
      const attempts = claim.attempts + 1;
      if (attempts >= MAX_ATTEMPTS || now - claim.scheduledAt > LATE_LIMIT_MS) outcome = { status: 'failed', errorCode: outcome.errorCode };
      else {
        // Back off a minute, then two, then four: a few later ticks, not a tight loop.
        const retry = { status: 'retry' as const, errorCode: outcome.errorCode, retryAt: now + 60_000 * 2 ** (attempts - 1) };
        await this.record(claim.key, () => this.o.store.deliveries.finish(claim.key, retry, now, claim.owner ?? null));
        stats.retry++;
        return;
      }
    }
    const final = { status: outcome.status, messageId: outcome.status === 'sent' ? outcome.messageId : null, errorCode: 'errorCode' in outcome ? outcome.errorCode : null };
    await this.record(claim.key, () => this.o.store.deliveries.finish(claim.key, final, now, claim.owner ?? null));
    stats[outcome.status]++;
    if (outcome.status === 'failed') this.o.logger.warn({ delivery: deliveryKeyString(claim.key), code: outcome.errorCode }, 'delivery failed');
  }

  /** Runs a write now, or counts it as waiting for another process's lock (false) for a later tick. */
  private async whenFree(write: () => Promise<unknown>, stats: TickStats): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      if (!isBusy(err)) throw err;
      stats.busy++;
      return false;
    }
  }

  /** An outcome must not be lost to a lock: wait for it (without blocking), else leave the claim open for the next tick's lookup. */
  private async record(key: DeliveryKey, write: () => Promise<unknown>): Promise<void> {
    try {
      await retryWhileBusy(write, { maxWaitMs: RECORD_WAIT_MS });
    } catch (err) {
      if (!isBusy(err)) throw err;
      this.o.logger.warn({ delivery: deliveryKeyString(key) }, 'database locked; the outcome is not recorded and the next tick looks the delivery up');
    }
  }
}

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
