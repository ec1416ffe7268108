// One test suite for the delivery repository, run against every backend (SQLite files, the real PostgreSQL):
// the exactly-once core behaves the same whichever database is behind it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBusy } from '../../src/store/busy.ts';
import type { DeliveryKey, NewClaim } from '../../src/store/deliveries.ts';
import type { DeliveryOps, DeliveryRepository as Deliveries, ProcessRepository } from '../../src/store/repositories.ts';

/** The delivery repository with the store's claim batch narrowed to it. */
export interface DeliveryRepository extends Deliveries {
  claimBatch<T>(fn: (tx: DeliveryOps) => Promise<T>): Promise<T>;
}

export interface Backend {
  repo: DeliveryRepository;
  processes: ProcessRepository;
  /** Another connection to the same database, as a second process would have. */
  another(): Promise<DeliveryRepository>;
  close(): Promise<void>;
}

const T0 = Date.UTC(2026, 5, 3, 6, 30);
const key = (targetId: number, localDate = '2026-06-03', kind: DeliveryKey['kind'] = 'reminder'): DeliveryKey => ({ kind, targetId, localDate });
const claimOf = (k: DeliveryKey, userId: string | null = '200000000000000002'): NewClaim => ({ ...k, userId, scheduledAt: T0, itemId: 'cat-cow' });

/** SQLite refuses a batch while another connection holds the write lock (isBusy); the scheduler tries on its next tick. */
async function nextTickWhileBusy<T>(batch: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await batch();
    } catch (err) {
      if (!isBusy(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export function deliveryRepositorySuite(name: string, open: () => Promise<Backend>): void {
  describe(`delivery repository on ${name}`, () => {
    let backend: Backend;
    let repo: DeliveryRepository;
    beforeEach(async () => {
      backend = await open();
      repo = backend.repo;
    });
    afterEach(() => backend.close());

    it('claims a key once, and reads the row back with numbers as numbers', async () => {
      expect(await repo.claim(claimOf(key(7)), T0 + 5)).toBe(true);
      expect(await repo.claim(claimOf(key(7)), T0 + 9)).toBe(false);
      expect(await repo.claim(claimOf(key(7, '2026-06-04')), T0 + 9)).toBe(true);
      expect(await repo.get(key(7))).toEqual({
        kind: 'reminder', target_id: 7, local_date: '2026-06-03', user_id: '200000000000000002', scheduled_at: T0, claimed_at: T0 + 5,
        status: 'claimed', attempts: 0, retry_at: null, item_id: 'cat-cow', message_id: null, error_code: null, done_at: null,
        updated_at: T0 + 5, nonce: null, send_started_at: null, owner: null,
      });
      expect(await repo.get(key(8))).toBeUndefined();
    });

    it('records a late claim as skipped, which is neither pending nor claimable again', async () => {
      expect(await repo.claim(claimOf(key(3, '2026-06-03', 'tip'), null), T0, 'skipped')).toBe(true);
      expect((await repo.get(key(3, '2026-06-03', 'tip')))?.status).toBe('skipped');
      expect(await repo.pending(T0 + 1)).toEqual([]);
      expect(await repo.claim(claimOf(key(3, '2026-06-03', 'tip'), null), T0)).toBe(false);
    });

    it('claims a batch in one call: each new key true, each taken key false, in order, with its status and owner', async () => {
      expect(await repo.claim(claimOf(key(41)), T0)).toBe(true);
      const batch = [
        { ...claimOf(key(40)), owner: 'p1' },
        { ...claimOf(key(41)), owner: 'p1' },
        { ...claimOf(key(42, '2026-06-03', 'snooze'), null), status: 'skipped' as const, owner: 'p1' },
        { ...claimOf(key(43)), status: 'claimed' as const },
      ];
      expect(await repo.claimAll(batch, T0 + 7)).toEqual([true, false, true, true]);
      expect(await repo.get(key(40))).toMatchObject({ status: 'claimed', claimed_at: T0 + 7, updated_at: T0 + 7, owner: 'p1', item_id: 'cat-cow', scheduled_at: T0 });
      expect(await repo.get(key(41))).toMatchObject({ claimed_at: T0, owner: null });
      expect(await repo.get(key(42, '2026-06-03', 'snooze'))).toMatchObject({ status: 'skipped', user_id: null });
      expect(await repo.get(key(43))).toMatchObject({ status: 'claimed', owner: null });
      expect(await repo.claimAll(batch, T0 + 8)).toEqual([false, false, false, false]);
      expect(await repo.claimAll([], T0)).toEqual([]);
    });

    it('finishes a claim: counts the attempt, keeps the message id a later outcome leaves out', async () => {
      await repo.claim(claimOf(key(1)), T0);
      await repo.finish(key(1), { status: 'retry', errorCode: 500, retryAt: T0 + 60_000 }, T0 + 1);
      expect(await repo.get(key(1))).toMatchObject({ status: 'retry', attempts: 1, error_code: 500, retry_at: T0 + 60_000, updated_at: T0 + 1 });
      await repo.finish(key(1), { status: 'sent', messageId: '900000000000000009' }, T0 + 2);
      await repo.finish(key(1), { status: 'sent' }, T0 + 3);
      expect(await repo.get(key(1))).toMatchObject({ status: 'sent', attempts: 3, message_id: '900000000000000009', error_code: null, retry_at: null });
    });

    it('lists claims in flight and retries that are due, and nothing else', async () => {
      for (const id of [1, 2, 3, 4, 5]) await repo.claim({ ...claimOf(key(id)), scheduledAt: T0 + id }, T0);
      await repo.finish(key(2), { status: 'sent', messageId: '1' }, T0);
      await repo.finish(key(3), { status: 'failed', errorCode: 50007 }, T0);
      await repo.finish(key(4), { status: 'retry', retryAt: T0 + 1000 }, T0);
      await repo.finish(key(5), { status: 'retry', retryAt: T0 + 5000 }, T0);
      expect((await repo.pending(T0 + 1000)).map((r) => r.target_id)).toEqual([1, 4]);
      expect((await repo.pending(T0 + 5000)).map((r) => r.target_id)).toEqual([1, 4, 5]);
    });

    it('keeps the first attempt\'s nonce and start time across retries', async () => {
      await repo.claim(claimOf(key(1)), T0);
      await repo.markAttempt(key(1), 'nonce-a', T0 + 10);
      await repo.markAttempt(key(1), 'nonce-b', T0 + 20);
      expect(await repo.get(key(1))).toMatchObject({ nonce: 'nonce-a', send_started_at: T0 + 10 });
    });

    it('counts Done once, for the member\'s own reminder only', async () => {
      await repo.claim(claimOf(key(1)), T0);
      await repo.claim(claimOf(key(2, '2026-06-03', 'tip'), null), T0);
      expect(await repo.markDone(1, '2026-06-03', '300000000000000003', T0)).toBe(false);
      expect(await repo.markDone(2, '2026-06-03', '200000000000000002', T0)).toBe(false);
      expect(await repo.markDone(1, '2026-06-03', '200000000000000002', T0 + 7)).toBe(true);
      expect(await repo.markDone(1, '2026-06-03', '200000000000000002', T0 + 8)).toBe(false);
      expect((await repo.get(key(1)))?.done_at).toBe(T0 + 7);
    });

    it('finds the latest sent and the latest waiting delivery of a target', async () => {
      const tip = (d: string) => key(4, d, 'tip');
      for (const d of ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04']) await repo.claim(claimOf(tip(d), null), T0);
      await repo.finish(tip('2026-06-01'), { status: 'sent', messageId: 'a' }, T0);
      await repo.finish(tip('2026-06-02'), { status: 'sent', messageId: 'b' }, T0);
      await repo.finish(tip('2026-06-03'), { status: 'retry', retryAt: T0 }, T0);
      expect((await repo.lastSent('tip', 4))?.message_id).toBe('b');
      expect((await repo.waitingRetry('tip', 4))?.local_date).toBe('2026-06-03');
      expect(await repo.lastSent('tip', 5)).toBeUndefined();
      expect(await repo.lastSent('reminder', 4)).toBeUndefined();
    });

    it('commits a claim batch together, and rolls all of it back when it throws', async () => {
      expect(await repo.claimBatch(async (tx) => [await tx.claim(claimOf(key(1)), T0), await tx.claim(claimOf(key(2)), T0)])).toEqual([true, true]);
      await expect(
        repo.claimBatch(async (tx) => {
          await tx.claim(claimOf(key(3)), T0);
          await tx.markAttempt(key(1), 'n', T0);
          throw new Error('the job failed half way');
        }),
      ).rejects.toThrow('half way');
      expect(await repo.get(key(3))).toBeUndefined();
      expect((await repo.get(key(1)))?.nonce).toBeNull();
      expect((await repo.pending(T0)).map((r) => r.target_id).sort()).toEqual([1, 2]);
    });

    it('never lets a write made outside an open batch be rolled back with it', async () => {
      let release = (): void => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let begun = (): void => {};
      const inBatch = new Promise<void>((resolve) => (begun = resolve));
      const batch = repo.claimBatch(async (tx) => {
        await tx.claim(claimOf(key(1)), T0);
        begun();
        await gate;
        throw new Error('the job failed after its first claim');
      });
      await inBatch;
      const outside = repo.claim(claimOf(key(2)), T0);
      release();
      await expect(batch).rejects.toThrow('first claim');
      expect(await outside).toBe(true);
      expect(await repo.get(key(1))).toBeUndefined();
      expect((await repo.get(key(2)))?.status).toBe('claimed');
    });

    it('gives each key to exactly one of two processes claiming at once', async () => {
      const other = await backend.another();
      const keys = Array.from({ length: 20 }, (_, i) => key(100 + i));
      const [mine, theirs] = await Promise.all(
        // One connection per batch answers one query at a time, as the jobs await each claim.
        [repo, other].map((r) =>
          nextTickWhileBusy(() =>
            r.claimBatch(async (tx) => {
              const won: boolean[] = [];
              for (const k of keys) won.push(await tx.claim(claimOf(k), T0));
              return won;
            }),
          ),
        ),
      );
      const single = await Promise.all(keys.map((k) => Promise.all([repo.claim(claimOf(key(k.targetId, 'x')), T0), other.claim(claimOf(key(k.targetId, 'x')), T0)])));
      // Whole batches at once, overlapping by half: every key to exactly one.
      const wide = Array.from({ length: 30 }, (_, i) => claimOf(key(200 + i)));
      const [left, right] = await Promise.all([
        nextTickWhileBusy(() => repo.claimBatch((tx) => tx.claimAll(wide.slice(0, 20), T0))),
        nextTickWhileBusy(() => other.claimBatch((tx) => tx.claimAll(wide.slice(10), T0))),
      ]);
      keys.forEach((_, i) => {
        expect(Number(mine![i]) + Number(theirs![i])).toBe(1);
        expect(Number(single[i]![0]) + Number(single[i]![1])).toBe(1);
      });
      expect([...left!.slice(0, 10), ...left!.slice(10).map((won, i) => Number(won) + Number(right![i])), ...right!.slice(10)]).toEqual([
        ...Array(10).fill(true),
        ...Array(10).fill(1),
        ...Array(10).fill(true),
      ]);
      expect(await other.pending(T0)).toHaveLength(70);
    });
  });
}
