// The scheduler loop itself, with a job made for the test over a real (in-memory) SQLite store.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/base/logger.ts';
import { createScheduler, tickSchedule } from '../../src/delivery/scheduler.ts';
import type { Claim, Job } from '../../src/delivery/types.ts';
import { openDatabase } from '../../src/store/db.ts';
import { createStore } from '../../src/store/index.ts';

function setup(deliver: Job['deliver'], due = 3) {
  const store = createStore(openDatabase(':memory:'));
  let handed = false;
  const job: Job = {
    kinds: ['tip'],
    async claimDue(tx, now) {
      if (handed) return { claims: [], scanned: 0 };
      handed = true;
      const claims: Claim[] = [];
      for (let i = 1; i <= due; i++) {
        const key = { kind: 'tip' as const, targetId: i, localDate: '2026-11-22' };
        await tx.deliveries.claim({ ...key, userId: null, scheduledAt: now, itemId: 'x' }, now);
        claims.push({ key, userId: null, scheduledAt: now, claimedAt: now, itemId: 'x', attempts: 0, resend: false });
      }
      return { claims, scanned: due };
    },
    deliver,
  };
  const now = Date.parse('2026-11-22T07:00:00Z');
  const scheduler = createScheduler({ store, jobs: [job], clock: () => new Date(now), logger: createLogger('silent'), deliverTimeoutMs: 100 });
  return { store, scheduler };
}

describe('scheduler', () => {
  it('a hung send does not hold the tick: it is aborted into a retry while the others go out', async () => {
    let hung: AbortSignal | undefined;
    const { store, scheduler } = setup(async (claim, _now, signal) => {
      if (claim.key.targetId === 2) {
        hung = signal;
        await new Promise(() => undefined); // never answers
      }
      return { status: 'sent', messageId: `m${claim.key.targetId}` };
    });
    // A hung send that held the tick would time this test out.
    const stats = await scheduler.tick();
    expect(stats).toMatchObject({ claimed: 3, sent: 2, retry: 1 });
    expect((await store.deliveries.get({ kind: 'tip', targetId: 2, localDate: '2026-11-22' }))?.status).toBe('retry');
    // Its requests are cancelled, so the hung one cannot go out later next to the retry.
    expect(hung?.aborted).toBe(true);
  });

  it('a delivery that throws is retried, not lost', async () => {
    const { store, scheduler } = setup(async () => {
      throw new Error('socket hang up');
    }, 1);
    expect(await scheduler.tick()).toMatchObject({ retry: 1 });
    expect(await store.deliveries.get({ kind: 'tip', targetId: 1, localDate: '2026-11-22' })).toMatchObject({ status: 'retry', attempts: 1 });
  });

  it('stop() waits only for sends in flight; the rest stay claimed for the next start', async () => {
    const { store, scheduler } = setup(async (claim) => {
      await new Promise((r) => setTimeout(r, 50));
      return { status: 'sent', messageId: `m${claim.key.targetId}` };
    }, 200);
    const tick = scheduler.tick();
    await new Promise((r) => setTimeout(r, 20));
    await scheduler.stop();
    const stats = await tick;
    expect(stats.claimed).toBe(200);
    expect(stats.sent).toBeGreaterThan(0);
    expect(stats.sent).toBeLessThan(200);
    const pending = await store.deliveries.pending(Date.parse('2026-11-22T07:00:00Z'));
    expect(pending).toHaveLength(200 - stats.sent);
    expect(pending.every((d) => d.status === 'claimed')).toBe(true);
  });

  it('claims the next batch while the last sends of this one go out, and sends every batch once', async () => {
    const store = createStore(openDatabase(':memory:'));
    const events: string[] = [];
    const sizes = [500, 500, 200];
    let nextId = 1;
    const job: Job = {
      kinds: ['tip'],
      async claimDue(tx, now, limit) {
        const size = sizes.shift() ?? 0;
        events.push(`claim ${size}`);
        const claims: Claim[] = [];
        for (let i = 0; i < Math.min(size, limit); i++) {
          const key = { kind: 'tip' as const, targetId: nextId++, localDate: '2026-11-22' };
          await tx.deliveries.claim({ ...key, userId: null, scheduledAt: now, itemId: 'x' }, now);
          claims.push({ key, userId: null, scheduledAt: now, claimedAt: now, itemId: 'x', attempts: 0, resend: false });
        }
        return { claims, scanned: size };
      },
      async deliver(claim) {
        events.push(`send ${claim.key.targetId}`);
        await new Promise((r) => setTimeout(r, 1));
        return { status: 'sent', messageId: `m${claim.key.targetId}` };
      },
    };
    const now = Date.parse('2026-11-22T07:00:00Z');
    const scheduler = createScheduler({ store, jobs: [job], clock: () => new Date(now), logger: createLogger('silent') });
    expect(await scheduler.tick()).toMatchObject({ claimed: 1200, sent: 1200 });
    const sends = events.filter((e) => e.startsWith('send'));
    expect(new Set(sends).size).toBe(1200);
    // The second and third claims came while sends of the batch before were still to start: no pause between batches.
    const claims = events.flatMap((e, i) => (e.startsWith('claim') ? [i] : []));
    expect(claims).toHaveLength(3);
    expect(events.slice(claims[1]!).filter((e) => e.startsWith('send')).length).toBeGreaterThan(700);
    expect(events.slice(claims[2]!).filter((e) => e.startsWith('send')).length).toBeGreaterThan(200);
  });

  it('goes on to the next batch after a full one with nothing to send (every row too late)', async () => {
    const store = createStore(openDatabase(':memory:'));
    let calls = 0;
    const job: Job = {
      kinds: ['tip'],
      async claimDue(tx, now) {
        if (++calls === 1) return { claims: [], scanned: 500 }; // 500 rows looked at, every one skipped
        if (calls > 2) return { claims: [], scanned: 0 };
        const key = { kind: 'tip' as const, targetId: 1, localDate: '2026-11-22' };
        await tx.deliveries.claim({ ...key, userId: null, scheduledAt: now, itemId: 'x' }, now);
        return { claims: [{ key, userId: null, scheduledAt: now, claimedAt: now, itemId: 'x', attempts: 0, resend: false }], scanned: 1 };
      },
      deliver: async () => ({ status: 'sent', messageId: 'm1' }),
    };
    const scheduler = createScheduler({ store, jobs: [job], clock: () => new Date(Date.parse('2026-11-22T07:00:00Z')), logger: createLogger('silent') });
    expect(await scheduler.tick()).toMatchObject({ claimed: 1, sent: 1 });
  });

  it('asks node-cron for a tick every N seconds', () => {
    expect(tickSchedule(20)).toBe('*/20 * * * * *');
    expect(tickSchedule(60)).toBe('0 * * * * *');
  });
});
