// One test suite for the reminder repository (src/store/repositories.ts), run against every backend (a SQLite
// file, the real PostgreSQL): members, reminders and their schedule behave the same whichever database is behind
// them. The claim side and the races are in reminder-claim-tests.ts.
import { describe, expect, it } from 'vitest';
import type { DeliveryKind } from '../../src/store/deliveries.ts';
import { MAX_REMINDERS_PER_MEMBER, TooManyReminders } from '../../src/store/reminders.ts';
import type { DeliveryOps, ReminderRepository } from '../../src/store/repositories.ts';
import { reminderClaimTests } from './reminder-claim-tests.ts';
import { ALICE, BOB, HOUR, newReminder, reminderRow, T0, useBackend } from './repository-fixtures.ts';

export interface Backend {
  repo: ReminderRepository;
  /** Deliveries in the same database: delete and forget take them along, doneSince counts them. */
  deliveries: Pick<DeliveryOps, 'claim' | 'get' | 'markDone'>;
  /** A raw SQL statement, for a state no method reaches (a paused reminder that still holds a snooze). */
  exec(sql: string): Promise<void>;
  /** Another connection (SQLite) or pool (PostgreSQL) to the same database, as a second process would have. */
  another(): Promise<ReminderRepository>;
  close(): Promise<void>;
}

/** A delivery of `targetId` on `localDate`, claimed as the scheduler would. */
export async function claimDelivery(b: Backend, targetId: number, localDate: string, userId: string | null = ALICE, kind: DeliveryKind = 'reminder') {
  expect(await b.deliveries.claim({ kind, targetId, localDate, userId, scheduledAt: T0, itemId: 'cat-cow' }, T0)).toBe(true);
}

export function reminderRepositorySuite(name: string, open: () => Promise<Backend>): void {
  describe(`reminder repository on ${name}`, () => {
    const b = useBackend(open);
    memberTests(b);
    reminderTests(b);
    deliveryTests(b);
    scheduleTests(b);
    reminderClaimTests(b);
  });
}

function memberTests(b: () => Backend): void {
  it('creates the member with its first reminder, and remembers the latest time zone', async () => {
    const { repo } = b();
    expect(await repo.member(ALICE)).toBeUndefined();
    await repo.add(newReminder());
    await repo.add(newReminder({ timeZone: 'UTC', now: T0 + 5 }));
    expect(await repo.member(ALICE)).toEqual({
      user_id: ALICE, dm_channel_id: null, dm_status: 'unknown', dm_closed_at: null, notice_pending: 0, created_at: T0, time_zone: 'UTC',
    });
    expect(await repo.member(BOB)).toBeUndefined();
  });

  it('closes DMs: pauses every reminder of the member (dropping snoozes) and leaves a notice, taken once', async () => {
    const { repo } = b();
    const a = await repo.add(newReminder());
    const c = await repo.add(newReminder({ localTime: '18:00' }));
    const bob = await repo.add(newReminder({ userId: BOB }));
    expect(await repo.snooze(ALICE, a, T0 + 10, '2026-06-03')).toBe(true);
    await repo.markDmOpen(ALICE, '700000000000000007');
    await repo.markDmClosed(ALICE, T0 + 1);
    expect(await repo.member(ALICE)).toMatchObject({ dm_status: 'closed', dm_closed_at: T0 + 1, notice_pending: 1, dm_channel_id: '700000000000000007' });
    const paused = { next_fire_at: null, next_local_date: null, paused_until: null, paused_reason: 'dm-closed', snooze_at: null, snooze_of: null };
    expect(await repo.byId(a)).toEqual({ ...reminderRow(a, newReminder()), ...paused });
    expect(await repo.byId(c)).toEqual({ ...reminderRow(c, newReminder({ localTime: '18:00' })), ...paused });
    expect(await repo.byId(bob)).toEqual(reminderRow(bob, newReminder({ userId: BOB })));
    expect(await repo.takeNotice(BOB)).toBe(false);
    expect(await repo.takeNotice(ALICE)).toBe(true);
    expect(await repo.takeNotice(ALICE)).toBe(false);
    expect((await repo.member(ALICE))?.notice_pending).toBe(0);
  });

  it('opens DMs: the channel is cached, the closure and a pending notice are cleared; a lost channel is forgotten', async () => {
    const { repo } = b();
    await repo.add(newReminder());
    await repo.markDmClosed(ALICE, T0 + 1);
    await repo.markDmOpen(ALICE, '700000000000000007');
    expect(await repo.member(ALICE)).toMatchObject({ dm_status: 'open', dm_channel_id: '700000000000000007', dm_closed_at: null, notice_pending: 0 });
    expect(await repo.takeNotice(ALICE)).toBe(false);
    await repo.forgetDmChannel(ALICE);
    expect(await repo.member(ALICE)).toMatchObject({ dm_status: 'open', dm_channel_id: null });
    await repo.markDmOpen(BOB, '1');
    await repo.markDmClosed(BOB, T0);
    await repo.forgetDmChannel(BOB);
    expect(await repo.member(BOB)).toBeUndefined();
    expect(await repo.takeNotice(BOB)).toBe(false);
  });
}

function reminderTests(b: () => Backend): void {
  it('adds reminders with new ids and reads them back whole, only for their member', async () => {
    const { repo } = b();
    const r = newReminder({ stretchId: 'cat-cow', days: 0b0011111 });
    const id = await repo.add(r);
    const bob = await repo.add(newReminder({ userId: BOB }));
    expect(typeof id).toBe('number');
    expect(bob).not.toBe(id);
    expect(await repo.byId(id)).toEqual(reminderRow(id, r));
    expect(await repo.get(ALICE, id)).toEqual(reminderRow(id, r));
    expect(await repo.get(BOB, id)).toBeUndefined();
    expect(await repo.byId(bob + id + 1000)).toBeUndefined();
    expect(await repo.count(ALICE)).toBe(1);
    expect(await repo.count('100000000000000001')).toBe(0);
  });

  it('keeps a reminder\'s routine (migration 008): read back whole, listed, and in its due row; none without one', async () => {
    const { repo } = b();
    const r = newReminder({ routineId: 'desk-break' });
    const id = await repo.add(r);
    const plain = await repo.add(newReminder({ localTime: '18:00' }));
    expect(await repo.byId(id)).toEqual({ ...reminderRow(id, r), routine_id: 'desk-break' });
    expect((await repo.list(ALICE)).map((row) => [row.id, row.routine_id, row.stretch_id])).toEqual([
      [id, 'desk-break', null],
      [plain, null, null],
    ]);
    expect(await repo.dueRows([id, plain])).toMatchObject([
      { id, routine_id: 'desk-break', stretch_id: null },
      { id: plain, routine_id: null },
    ]);
  });

  it('lists a member\'s reminders by local time in byte order, then by id', async () => {
    const { repo } = b();
    // 'B' before 'b' is byte order; most locales' collations would put 'b' first.
    const times = ['18:00', '07:30', 'b', '07:30', 'B'];
    const ids: number[] = [];
    for (const localTime of times) ids.push(await repo.add(newReminder({ localTime })));
    const listed = await repo.list(ALICE);
    expect(listed.map((r) => r.local_time)).toEqual(['07:30', '07:30', '18:00', 'B', 'b']);
    expect(listed.map((r) => r.id)).toEqual([ids[1], ids[3], ids[0], ids[4], ids[2]]);
    expect(listed[0]).toEqual(reminderRow(ids[1]!, newReminder({ localTime: '07:30' })));
    expect(await repo.list(BOB)).toEqual([]);
  });

  it(`refuses a reminder beyond ${MAX_REMINDERS_PER_MEMBER}, leaving the member's and others' untouched`, async () => {
    const { repo } = b();
    for (let i = 0; i < MAX_REMINDERS_PER_MEMBER; i++) await repo.add(newReminder());
    await expect(repo.add(newReminder({ timeZone: 'UTC' }))).rejects.toBeInstanceOf(TooManyReminders);
    expect(await repo.count(ALICE)).toBe(MAX_REMINDERS_PER_MEMBER);
    expect(await repo.add(newReminder({ userId: BOB }))).toBeTypeOf('number');
  });
}

function deliveryTests(b: () => Backend): void {
  it('forgets a member: their deliveries, reminders and member row, and nobody else\'s', async () => {
    const backend = b();
    const { repo } = backend;
    const [a, c] = [await repo.add(newReminder()), await repo.add(newReminder({ localTime: '18:00' }))];
    const bob = await repo.add(newReminder({ userId: BOB }));
    await claimDelivery(backend, a, '2026-06-02');
    await claimDelivery(backend, a, '2026-06-03');
    await claimDelivery(backend, c, '2026-06-03T1780000000000', ALICE, 'snooze');
    await claimDelivery(backend, bob, '2026-06-03', BOB);
    await claimDelivery(backend, 9, '2026-06-03', null, 'tip');
    expect(await repo.forget(ALICE)).toEqual({ reminders: 2, deliveries: 3 });
    expect(await repo.member(ALICE)).toBeUndefined();
    expect(await repo.list(ALICE)).toEqual([]);
    expect(await backend.deliveries.get({ kind: 'reminder', targetId: a, localDate: '2026-06-03' })).toBeUndefined();
    expect(await backend.deliveries.get({ kind: 'snooze', targetId: c, localDate: '2026-06-03T1780000000000' })).toBeUndefined();
    expect(await backend.deliveries.get({ kind: 'reminder', targetId: bob, localDate: '2026-06-03' })).toBeDefined();
    expect(await backend.deliveries.get({ kind: 'tip', targetId: 9, localDate: '2026-06-03' })).toBeDefined();
    expect(await repo.byId(bob)).toBeDefined();
    expect(await repo.forget(ALICE)).toEqual({ reminders: 0, deliveries: 0 });
  });

  it('deletes a member\'s own reminder with its deliveries and its snoozes\'; not theirs is false', async () => {
    const backend = b();
    const { repo } = backend;
    const [a, c] = [await repo.add(newReminder()), await repo.add(newReminder())];
    await claimDelivery(backend, a, '2026-06-03');
    await claimDelivery(backend, c, '2026-06-03');
    await claimDelivery(backend, a, '2026-06-03T1780000000000', ALICE, 'snooze');
    expect(await repo.delete(BOB, a)).toBe(false);
    expect(await backend.deliveries.get({ kind: 'reminder', targetId: a, localDate: '2026-06-03' })).toBeDefined();
    expect(await repo.delete(ALICE, a)).toBe(true);
    expect(await repo.byId(a)).toBeUndefined();
    expect(await backend.deliveries.get({ kind: 'reminder', targetId: a, localDate: '2026-06-03' })).toBeUndefined();
    expect(await backend.deliveries.get({ kind: 'snooze', targetId: a, localDate: '2026-06-03T1780000000000' })).toBeUndefined();
    expect(await backend.deliveries.get({ kind: 'reminder', targetId: c, localDate: '2026-06-03' })).toBeDefined();
    expect(await repo.delete(ALICE, a)).toBe(false);
    expect(await repo.count(ALICE)).toBe(1);
  });

  it('counts Done presses per reminder since a local date, only the member\'s reminder deliveries that are done', async () => {
    const backend = b();
    const { repo, deliveries } = backend;
    const [a, c] = [await repo.add(newReminder()), await repo.add(newReminder())];
    for (const d of ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-10']) await claimDelivery(backend, a, d);
    await claimDelivery(backend, c, '2026-06-03');
    await claimDelivery(backend, 77, '2026-06-03', BOB);
    for (const d of ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-10']) expect(await deliveries.markDone(a, d, ALICE, T0)).toBe(true);
    expect(await deliveries.markDone(77, '2026-06-03', BOB, T0)).toBe(true);
    expect(await repo.doneSince(ALICE, '2026-06-02')).toEqual(new Map([[a, 3]]));
    expect(await repo.doneSince(ALICE, '2026-06-11')).toEqual(new Map());
    expect(await deliveries.markDone(c, '2026-06-03', ALICE, T0)).toBe(true);
    expect(await repo.doneSince(ALICE, '2026-06-03')).toEqual(new Map([[a, 2], [c, 1]]));
    expect(await repo.doneSince(BOB, '2026-01-01')).toEqual(new Map([[77, 1]]));
  });
}

function scheduleTests(b: () => Backend): void {
  it('reschedules in one call: to NULL or a new time, a pause dropping a snooze, a resume keeping it', async () => {
    const { repo } = b();
    const ids = [await repo.add(newReminder()), await repo.add(newReminder()), await repo.add(newReminder())];
    for (const id of ids) expect(await repo.snooze(ALICE, id, T0 + 10, '2026-06-03')).toBe(true);
    await repo.reschedule([
      { id: ids[0]!, next: null, pause: { until: null, reason: 'member' } },
      { id: ids[1]!, next: { at: T0 + 48 * HOUR, localDate: '2026-06-05' }, pause: { until: T0 + 40 * HOUR, reason: 'member' } },
      { id: ids[2]!, next: { at: T0 + 24 * HOUR, localDate: '2026-06-04' }, pause: null },
      { id: ids[2]! + 1000, next: null, pause: null },
    ]);
    const base = (id: number) => reminderRow(id, newReminder());
    expect(await repo.byId(ids[0]!)).toEqual({ ...base(ids[0]!), next_fire_at: null, next_local_date: null, paused_reason: 'member' });
    expect(await repo.byId(ids[1]!)).toEqual({
      ...base(ids[1]!), next_fire_at: T0 + 48 * HOUR, next_local_date: '2026-06-05', paused_until: T0 + 40 * HOUR, paused_reason: 'member',
    });
    expect(await repo.byId(ids[2]!)).toEqual({
      ...base(ids[2]!), next_fire_at: T0 + 24 * HOUR, next_local_date: '2026-06-04', snooze_at: T0 + 10, snooze_of: '2026-06-03',
    });
    await repo.reschedule([{ id: ids[0]!, next: { at: T0 + HOUR, localDate: '2026-06-03' }, pause: null }]);
    expect(await repo.byId(ids[0]!)).toEqual(base(ids[0]!));
    await repo.reschedule([]);
  });

  it('snoozes a member\'s own reminder that is not paused, and nothing else', async () => {
    const { repo } = b();
    const [a, c] = [await repo.add(newReminder()), await repo.add(newReminder())];
    await repo.reschedule([{ id: c, next: null, pause: { until: null, reason: 'member' } }]);
    expect(await repo.snooze(BOB, a, T0 + 10, '2026-06-03')).toBe(false);
    expect(await repo.snooze(ALICE, c, T0 + 10, '2026-06-03')).toBe(false);
    expect(await repo.snooze(ALICE, a + c + 1000, T0 + 10, '2026-06-03')).toBe(false);
    expect(await repo.snooze(ALICE, a, T0 + 10, '2026-06-03')).toBe(true);
    expect(await repo.byId(a)).toEqual({ ...reminderRow(a, newReminder()), snooze_at: T0 + 10, snooze_of: '2026-06-03' });
    expect((await repo.byId(c))?.snooze_at).toBeNull();
  });
}
