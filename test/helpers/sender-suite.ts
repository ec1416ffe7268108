// Several processes over one database, in one test process: the sender lease moves between them, and only the
// holder claims and sends; a gone process's claims are taken over and sent once, a live one's never.
// Run against every backend (test/integration/sender.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/base/logger.ts';
import { createScheduler } from '../../src/delivery/scheduler.ts';
import { SenderLease } from '../../src/delivery/sender-lease.ts';
import type { Claim, Job } from '../../src/delivery/types.ts';
import { newClaim } from '../../src/delivery/types.ts';
import type { Store } from '../../src/store/repositories.ts';

export interface SenderBackend {
  /** A new store on the same database: what one more process would open. */
  open(): Promise<Store>;
  close(): Promise<void>;
}

const NOW = Date.parse('2026-11-22T07:00:00Z');
const DAY = '2026-11-22';
const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tip job that claims targets 1..n once and records each send. */
function countingJob(n: number, sent: string[], deliver?: Job['deliver']): Job {
  let handed = false;
  return {
    kinds: ['tip'],
    async claimDue(tx, now) {
      if (handed) return { claims: [], scanned: 0 };
      handed = true;
      const claims: Claim[] = [];
      for (let i = 1; i <= n; i++) {
        const key = { kind: 'tip' as const, targetId: i, localDate: DAY };
        if (await tx.deliveries.claim({ ...key, userId: null, scheduledAt: now, itemId: 'x' }, now)) claims.push(newClaim(key, null, now, now, 'x'));
      }
      return { claims, scanned: n };
    },
    deliver:
      deliver ??
      (async (claim) => {
        sent.push(`${claim.key.targetId}`);
        return { status: 'sent', messageId: `m${claim.key.targetId}` };
      }),
  };
}

function process(store: Store, job: Job, leaseMs = 60_000, onOtherMachine?: (host: string) => void) {
  const lease = new SenderLease({ processes: store.processes, shards: 'all', logger, leaseMs, onOtherMachine });
  const scheduler = createScheduler({ store, lease, jobs: [job], clock: () => new Date(NOW), logger });
  return { store, lease, scheduler };
}

export function senderSuite(name: string, backend: () => Promise<SenderBackend>): void {
  describe(`the sender lease on ${name}`, () => {
    let b: SenderBackend;
    beforeEach(async () => {
      b = await backend();
    });
    afterEach(() => b.close());

    it('only the lease holder claims and sends; when it stops, the other takes over at its next beat', async () => {
      const sentA: string[] = [];
      const sentB: string[] = [];
      const a = process(await b.open(), countingJob(3, sentA));
      const bb = process(await b.open(), countingJob(3, sentB));
      await a.lease.beat();
      await bb.lease.beat();
      expect([a.lease.holds(), bb.lease.holds()]).toEqual([true, false]);
      expect(await bb.scheduler.tick()).toMatchObject({ claimed: 0, sent: 0 });
      expect(await a.scheduler.tick()).toMatchObject({ claimed: 3, sent: 3 });
      expect((await a.store.deliveries.get({ kind: 'tip', targetId: 1, localDate: DAY }))?.owner).toBe(a.lease.owner);
      await a.lease.stop();
      await bb.lease.beat();
      expect(bb.lease.holds()).toBe(true);
      expect(await bb.scheduler.tick()).toMatchObject({ claimed: 0, sent: 0 });
      expect([sentA, sentB]).toEqual([['1', '2', '3'], []]);
    });

    it("a sender that went silent is replaced, its unsent claims go out once, and it may not send them after", async () => {
      const sent: string[] = [];
      let wake = (): void => {};
      const asleep = new Promise<void>((resolve) => (wake = resolve));
      // A claims three tips and stalls before sending them (as good as dead): it never beats again.
      const a = process(await b.open(), countingJob(3, [], async (claim) => (await asleep, { status: 'sent', messageId: `late${claim.key.targetId}` })), 300);
      await a.lease.beat();
      const stalled = a.scheduler.tick();
      await sleep(100);
      const bb = process(await b.open(), countingJob(0, sent), 300);
      await bb.lease.beat();
      expect(bb.lease.holds()).toBe(false);
      await sleep(450);
      await bb.lease.beat();
      expect(bb.lease.holds()).toBe(true);
      expect(await bb.scheduler.tick()).toMatchObject({ resent: 3, sent: 3 });
      expect(sent.sort()).toEqual(['1', '2', '3']);
      const rows = await Promise.all([1, 2, 3].map((targetId) => bb.store.deliveries.get({ kind: 'tip', targetId, localDate: DAY })));
      expect(rows.map((r) => [r?.status, r?.owner])).toEqual(Array(3).fill(['sent', bb.lease.owner]));
      // A wakes up: its attempt record and its outcomes are refused, the claims are no longer its.
      expect(await a.store.deliveries.markAttempt({ kind: 'tip', targetId: 1, localDate: DAY }, 'n', Date.now(), a.lease.owner)).toBe(false);
      wake();
      await stalled;
      const after = await Promise.all([1, 2, 3].map((targetId) => bb.store.deliveries.get({ kind: 'tip', targetId, localDate: DAY })));
      expect(after.map((r) => [r?.message_id, r?.attempts])).toEqual([['m1', 1], ['m2', 1], ['m3', 1]]);
    });

    it("never sends the claims of a process that is alive, even after it lost the lease", async () => {
      const sent: string[] = [];
      const store = await b.open();
      await store.processes.heartbeat({ owner: 'alive', host: 'elsewhere', pid: 1, shards: 'all' });
      await store.deliveries.claim({ kind: 'tip', targetId: 9, localDate: DAY, userId: null, scheduledAt: NOW, itemId: 'x', owner: 'alive' }, NOW);
      const others: string[] = [];
      const c = process(await b.open(), countingJob(0, sent), 60_000, (host) => others.push(host));
      await c.lease.beat();
      await c.lease.beat();
      // Told once about the other machine (main.ts turns that into an error on SQLite).
      expect(others).toEqual(['elsewhere']);
      expect(await c.scheduler.tick()).toMatchObject({ resent: 0, sent: 0 });
      // Once it disowns its unsent claims (it stopped being the sender), they are anyone's.
      expect(await store.deliveries.disown('alive')).toBe(1);
      expect(await c.scheduler.tick()).toMatchObject({ resent: 1, sent: 1 });
      expect(sent).toEqual(['9']);
    });
  });
}
