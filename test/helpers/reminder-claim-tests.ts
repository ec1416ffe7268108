// The reminder repository's claim side (what is due, moving it on, snoozes) and its races between two
// connections, part of the suite in reminder-repository-suite.ts.
import { expect, it } from 'vitest';
import { MAX_REMINDERS_PER_MEMBER, TooManyReminders } from '../../src/store/reminders.ts';
import type { NextFire, ReminderRepository } from '../../src/store/repositories.ts';
import { ALICE, BOB, HOUR, newReminder, reminderRow, settleAll, T0 } from './repository-fixtures.ts';

/** What these tests need of the suite's Backend. */
interface ClaimBackend {
  repo: ReminderRepository;
  exec(sql: string): Promise<void>;
  another(): Promise<ReminderRepository>;
}

const at = (t: number, userId = ALICE) => newReminder({ userId, next: { at: t, localDate: '2026-06-03' } });

/** One reminder moved through advanceAll: whether it moved. */
const advance = async (repo: ReminderRepository, id: number, oldAt: number, next: NextFire, step: number): Promise<boolean> =>
  (await repo.advanceAll([{ id, oldAt, next, step }])).has(id);

export function reminderClaimTests(b: () => ClaimBackend): void {
  dueTests(b);
  snoozeTests(b);
  raceTests(b);
}

function dueTests(b: () => ClaimBackend): void {
  it('lists due ids soonest first (ties by id), up to the limit, the fire time itself included', async () => {
    const { repo } = b();
    const [a, c, d] = [await repo.add(at(T0 + 3)), await repo.add(at(T0 + 1)), await repo.add(at(T0 + 2))];
    await repo.add(at(T0 + 10, BOB));
    const paused = await repo.add(at(T0, BOB));
    const tie = await repo.add(at(T0 + 2, BOB));
    await repo.reschedule([{ id: paused, next: null, pause: { until: null, reason: 'member' } }]);
    expect(await repo.dueIds(T0 + 3, 10)).toEqual([c, d, tie, a]);
    expect(await repo.dueIds(T0 + 3, 2)).toEqual([c, d]);
    expect(await repo.dueIds(T0, 10)).toEqual([]);
  });

  it('reads a due row\'s claim columns', async () => {
    const { repo } = b();
    const id = await repo.add(newReminder({ stretchId: 'neck-roll' }));
    const { paused_until: _u, paused_reason: _r, snooze_at: _s, snooze_of: _o, created_at: _c, ...due } = reminderRow(id, newReminder({ stretchId: 'neck-roll' }));
    expect(await repo.dueRows([id])).toEqual([due]);
    expect(await repo.dueRows([id + 1000])).toEqual([]);
  });

  it('reads a batch of due rows in the order asked, leaving out ids that are gone', async () => {
    const { repo } = b();
    const ids = [await repo.add(at(T0 + 1)), await repo.add(at(T0 + 2, BOB)), await repo.add(at(T0 + 3))];
    const rows = await repo.dueRows([ids[2]!, ids[0]! + 1000, ids[0]!, ids[1]!]);
    expect(rows.map((r) => [r.id, r.user_id, r.next_fire_at])).toEqual([
      [ids[2], ALICE, T0 + 3],
      [ids[0], ALICE, T0 + 1],
      [ids[1], BOB, T0 + 2],
    ]);
    expect(await repo.dueRows([])).toEqual([]);
  });

  it('moves a batch in one call: only the rows still at the fire time read, each by its own step', async () => {
    const { repo } = b();
    const [a, c, d] = [await repo.add(at(T0 + 1)), await repo.add(at(T0 + 2)), await repo.add(at(T0 + 3))];
    const next = (h: number) => ({ at: T0 + h * HOUR, localDate: '2026-06-04' });
    const moved = await repo.advanceAll([
      { id: a, oldAt: T0 + 1, next: next(24), step: 1 },
      { id: c, oldAt: T0 + 99, next: next(25), step: 1 }, // moved on by someone else meanwhile
      { id: d, oldAt: T0 + 3, next: next(26), step: 0 },
      { id: d + 1000, oldAt: T0 + 3, next: next(27), step: 1 },
    ]);
    expect([...moved].sort((x, y) => x - y)).toEqual([a, d]);
    expect(await repo.byId(a)).toMatchObject({ next_fire_at: T0 + 24 * HOUR, next_local_date: '2026-06-04', rotation: 1 });
    expect(await repo.byId(c)).toMatchObject({ next_fire_at: T0 + 2, rotation: 0 });
    expect(await repo.byId(d)).toMatchObject({ next_fire_at: T0 + 26 * HOUR, rotation: 0 });
    expect((await repo.advanceAll([])).size).toBe(0);
  });

  it('advances a reminder only from the fire time read: rotation moves by step, a timed pause ends, a snooze stays', async () => {
    const { repo } = b();
    const [a, c, gone] = [await repo.add(newReminder()), await repo.add(newReminder()), await repo.add(newReminder())];
    await repo.reschedule([
      { id: a, next: { at: T0 + 48 * HOUR, localDate: '2026-06-05' }, pause: { until: T0 + 40 * HOUR, reason: 'member' } },
      { id: gone, next: null, pause: { until: null, reason: 'member' } },
    ]);
    expect(await repo.snooze(ALICE, c, T0 + 5, '2026-06-03')).toBe(true);
    const before = await repo.byId(a);
    expect(await advance(repo, a, T0 + HOUR, { at: T0 + 72 * HOUR, localDate: '2026-06-06' }, 1)).toBe(false);
    expect(await repo.byId(a)).toEqual(before);
    expect(await advance(repo, a, T0 + 48 * HOUR, { at: T0 + 72 * HOUR, localDate: '2026-06-06' }, 2)).toBe(true);
    expect(await repo.byId(a)).toEqual({ ...reminderRow(a, newReminder()), next_fire_at: T0 + 72 * HOUR, next_local_date: '2026-06-06', rotation: 2 });
    expect(await advance(repo, a, T0 + 48 * HOUR, { at: T0 + 96 * HOUR, localDate: '2026-06-07' }, 1)).toBe(false);
    expect(await advance(repo, c, T0 + HOUR, { at: T0 + 25 * HOUR, localDate: '2026-06-04' }, 1)).toBe(true);
    expect(await repo.byId(c)).toMatchObject({ rotation: 1, snooze_at: T0 + 5, snooze_of: '2026-06-03' });
    expect(await advance(repo, gone, T0 + HOUR, { at: T0 + 25 * HOUR, localDate: '2026-06-04' }, 1)).toBe(false);
    expect(await advance(repo, a + 1000, T0 + HOUR, { at: T0 + 25 * HOUR, localDate: '2026-06-04' }, 1)).toBe(false);
  });
}

function snoozeTests(b: () => ClaimBackend): void {
  it('lists due snoozes whole, soonest first, up to the limit, skipping paused reminders', async () => {
    const { repo, exec } = b();
    const ids = [await repo.add(newReminder()), await repo.add(newReminder()), await repo.add(newReminder()), await repo.add(newReminder())];
    const snoozeAt = [T0 + 5, T0 + 2, T0 + 9, T0 + 1];
    for (const [i, id] of ids.entries()) expect(await repo.snooze(ALICE, id, snoozeAt[i]!, '2026-06-03')).toBe(true);
    // No method pauses a reminder and keeps its snooze (a pause drops it); the query must skip one all the same.
    await exec(`UPDATE reminders SET paused_reason = 'member' WHERE id = ${ids[3]}`);
    const row = (i: number) => ({ ...reminderRow(ids[i]!, newReminder()), snooze_at: snoozeAt[i], snooze_of: '2026-06-03' });
    expect(await repo.dueSnoozes(T0 + 5, 10)).toEqual([row(1), row(0)]);
    expect(await repo.dueSnoozes(T0 + 5, 1)).toEqual([row(1)]);
    expect(await repo.dueSnoozes(T0, 10)).toEqual([]);
  });

  it('takes a snooze only at the time read, once', async () => {
    const { repo } = b();
    const id = await repo.add(newReminder());
    expect(await repo.takeSnooze(id, T0 + 5)).toBe(false);
    await repo.snooze(ALICE, id, T0 + 5, '2026-06-03');
    expect(await repo.takeSnooze(id, T0 + 6)).toBe(false);
    expect(await repo.takeSnooze(id, T0 + 5)).toBe(true);
    expect(await repo.byId(id)).toEqual(reminderRow(id, newReminder()));
    expect(await repo.takeSnooze(id, T0 + 5)).toBe(false);
    expect(await repo.dueSnoozes(T0 + HOUR, 10)).toEqual([]);
  });
}

function raceTests(b: () => ClaimBackend): void {
  it(`lets adds racing on two connections reach ${MAX_REMINDERS_PER_MEMBER} reminders, never more`, async () => {
    const { repo } = b();
    const other = await b().another();
    const adds = Array.from({ length: 2 * MAX_REMINDERS_PER_MEMBER + 2 }, (_, i) => () => (i % 2 ? other : repo).add(newReminder({ now: T0 + i })));
    const { values, errors } = await settleAll(adds);
    expect(values).toHaveLength(MAX_REMINDERS_PER_MEMBER);
    expect(new Set(values).size).toBe(MAX_REMINDERS_PER_MEMBER);
    expect(errors).toHaveLength(MAX_REMINDERS_PER_MEMBER + 2);
    for (const err of errors) expect(err).toBeInstanceOf(TooManyReminders);
    expect(await repo.count(ALICE)).toBe(MAX_REMINDERS_PER_MEMBER);
    expect(await other.count(ALICE)).toBe(MAX_REMINDERS_PER_MEMBER);
  });

  it('lets exactly one of two connections advance a row from the same fire time', async () => {
    const { repo } = b();
    const other = await b().another();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await repo.add(at(T0 + i)));
    const results = await Promise.all(
      ids.map((id, i) =>
        Promise.all([
          advance(repo, id, T0 + i, { at: T0 + HOUR, localDate: '2026-06-03' }, 1),
          advance(other, id, T0 + i, { at: T0 + 2 * HOUR, localDate: '2026-06-03' }, 1),
        ]),
      ),
    );
    for (const [i, [mine, theirs]] of results.entries()) {
      expect(Number(mine) + Number(theirs)).toBe(1);
      expect(await repo.byId(ids[i]!)).toMatchObject({ rotation: 1, next_fire_at: mine ? T0 + HOUR : T0 + 2 * HOUR });
    }
  });

  it('gives a closed-DM notice and a snooze to exactly one of several takers on two connections', async () => {
    const { repo } = b();
    const other = await b().another();
    const id = await repo.add(newReminder());
    await repo.markDmClosed(ALICE, T0);
    const both = [repo, other, repo, other, repo, other];
    // A pool opens connections on demand: open them first, or the first taker is done before the others connect.
    await Promise.all(both.map((r) => r.member(ALICE)));
    expect((await Promise.all(both.map((r) => r.takeNotice(ALICE)))).filter(Boolean)).toHaveLength(1);
    await repo.reschedule([{ id, next: { at: T0 + HOUR, localDate: '2026-06-03' }, pause: null }]);
    expect(await repo.snooze(ALICE, id, T0 + 5, '2026-06-03')).toBe(true);
    expect((await Promise.all(both.map((r) => r.takeSnooze(id, T0 + 5)))).filter(Boolean)).toHaveLength(1);
  });
}
