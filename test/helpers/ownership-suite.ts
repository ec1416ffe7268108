// Several processes on one database: the sender lease, heartbeats, and claims that belong to their process.
// Run against every backend (test/integration/delivery-repository.test.ts); times are the database's clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryKey, NewClaim } from '../../src/store/deliveries.ts';
import type { ProcessInfo } from '../../src/store/processes.ts';
import type { Backend } from './delivery-repository-suite.ts';

const T0 = Date.UTC(2026, 5, 3, 6, 30);
const key = (targetId: number): DeliveryKey => ({ kind: 'reminder', targetId, localDate: '2026-06-03' });
const claimBy = (targetId: number, owner: string | null): NewClaim => ({ ...key(targetId), userId: '200000000000000002', scheduledAt: T0, itemId: 'cat-cow', owner });
const proc = (owner: string): ProcessInfo => ({ owner, host: 'test-host', pid: 4242, shards: 'all' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough that nobody in a test goes stale by accident. */
const ALIVE = { staleMs: 60_000 };
/** A process silent for 150 ms is gone, for tests that wait 250 ms. */
const SHORT = { staleMs: 150 };

export function ownershipSuite(name: string, open: () => Promise<Backend>): void {
  describe(`claims with owners and the sender lease on ${name}`, () => {
    let b: Backend;
    beforeEach(async () => {
      b = await open();
    });
    afterEach(() => b.close());

    it('gives the lease to one process at a time; its holder renews it, another takes it once it expires', async () => {
      expect(await b.processes.acquireLease('a', 200)).toBe(true);
      expect(await b.processes.acquireLease('b', 200)).toBe(false);
      expect(await b.processes.acquireLease('a', 200)).toBe(true);
      expect((await b.processes.lease())?.owner).toBe('a');
      await sleep(250);
      expect(await b.processes.acquireLease('b', 60_000)).toBe(true);
      expect(await b.processes.acquireLease('a', 200)).toBe(false);
      await b.processes.releaseLease('a'); // not a's: nothing happens
      expect((await b.processes.lease())?.owner).toBe('b');
      await b.processes.releaseLease('b');
      expect(await b.processes.acquireLease('a', 200)).toBe(true);
    });

    it("hands a live process nothing of another live process, and a gone process's claims to exactly one taker", async () => {
      await b.processes.heartbeat(proc('a'));
      await b.processes.heartbeat(proc('b'));
      await b.repo.claim(claimBy(1, 'a'), T0);
      await b.repo.claim(claimBy(2, 'b'), T0);
      await b.repo.claim(claimBy(3, null), T0);
      const ids = async (owner: string, staleMs: number) => (await b.repo.pending(T0, { owner, staleMs })).map((r) => r.target_id).sort();
      expect(await ids('a', ALIVE.staleMs)).toEqual([1, 3]);
      expect(await b.repo.adopt(key(2), { owner: 'a', ...ALIVE })).toBe(false);
      // b stops beating; a keeps beating.
      await sleep(250);
      await b.processes.heartbeat(proc('a'));
      expect(await ids('a', SHORT.staleMs)).toEqual([1, 2, 3]);
      const other = await b.another();
      const [mine, theirs] = await Promise.all([b.repo.adopt(key(2), { owner: 'a', ...SHORT }), other.adopt(key(2), { owner: 'c', ...SHORT })]);
      expect([mine, theirs].filter(Boolean)).toHaveLength(1);
      expect((await b.repo.get(key(2)))?.owner).toBe(mine ? 'a' : 'c');
      expect((await b.processes.list()).map((p) => p.owner)).toEqual(['a', 'b']);
    });

    it('refuses the attempt record (so the send) of a claim that was taken over meanwhile', async () => {
      await b.repo.claim(claimBy(1, 'a'), T0);
      expect(await b.repo.markAttempt(key(1), 'nonce-a', T0, 'a')).toBe(true);
      expect(await b.repo.adopt(key(1), { owner: 'b', ...ALIVE })).toBe(true); // a never beat: gone
      expect(await b.repo.markAttempt(key(1), 'nonce-x', T0 + 5, 'a')).toBe(false);
      expect(await b.repo.markAttempt(key(1), 'nonce-b', T0 + 9, 'b')).toBe(true);
      expect(await b.repo.get(key(1))).toMatchObject({ owner: 'b', nonce: 'nonce-a', send_started_at: T0 });
    });

    it("never takes over a finished delivery; a clean stop makes the process's claims anyone's at once", async () => {
      await b.processes.heartbeat(proc('a'));
      await b.repo.claim(claimBy(1, 'a'), T0);
      await b.repo.claim(claimBy(2, 'a'), T0);
      await b.repo.finish(key(2), { status: 'sent', messageId: '9' }, T0);
      expect(await b.repo.adopt(key(2), { owner: 'b', ...ALIVE })).toBe(false);
      expect(await b.repo.adopt(key(1), { owner: 'b', ...ALIVE })).toBe(false);
      await b.processes.acquireLease('a', 60_000);
      await b.processes.leave('a');
      expect(await b.processes.lease()).toBeUndefined();
      expect(await b.repo.adopt(key(1), { owner: 'b', ...ALIVE })).toBe(true);
    });
  });
}
