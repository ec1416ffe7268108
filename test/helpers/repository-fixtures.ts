// What the reminder and club repository suites share: the backend's lifetime per test, fixed times and ids,
// and the full rows the repositories should give back (compared with toEqual, so types must match too).
import { afterEach, beforeEach } from 'vitest';
import type { ClubChannelRow, ClubChannelSettings } from '../../src/store/clubs.ts';
import type { NewReminder, ReminderRow } from '../../src/store/reminders.ts';

export const T0 = Date.UTC(2026, 5, 3, 6, 30);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const ALICE = '200000000000000002';
export const BOB = '300000000000000003';

/** Opens a backend before each test and closes it after; the getter gives the current test's. */
export function useBackend<B extends { close(): Promise<void> }>(open: () => Promise<B>): () => B {
  let backend: B | undefined;
  beforeEach(async () => {
    backend = await open();
  });
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });
  return () => {
    if (!backend) throw new Error('no backend outside a test');
    return backend;
  };
}

export function newReminder(over: Partial<NewReminder> = {}): NewReminder {
  return {
    userId: ALICE,
    localTime: '07:30',
    timeZone: 'Europe/Berlin',
    days: 127,
    stretchId: null,
    next: { at: T0 + HOUR, localDate: '2026-06-03' },
    now: T0,
    ...over,
  };
}

/** The row `add` should store for `r`. */
export function reminderRow(id: number, r: NewReminder): ReminderRow {
  return {
    id,
    user_id: r.userId,
    local_time: r.localTime,
    time_zone: r.timeZone,
    days: r.days,
    stretch_id: r.stretchId,
    routine_id: r.routineId ?? null,
    rotation: 0,
    next_fire_at: r.next.at,
    next_local_date: r.next.localDate,
    paused_until: null,
    paused_reason: null,
    snooze_at: null,
    snooze_of: null,
    created_at: r.now,
  };
}

export const GUILD = '400000000000000004';
export const OTHER_GUILD = '500000000000000005';

export function clubSettings(over: Partial<ClubChannelSettings> = {}): ClubChannelSettings {
  return {
    guildId: GUILD,
    channelId: '600000000000000006',
    localTime: '09:00',
    timeZone: 'Europe/Berlin',
    days: 31,
    roleId: null,
    next: { at: T0 + HOUR, localDate: '2026-06-03' },
    // Above 2^31: the seed is a BIGINT on PostgreSQL and must still come back as a number.
    seed: 4_000_000_001,
    now: T0,
    ...over,
  };
}

/** The row a first `save` of `c` should store. */
export function channelRow(id: number, c: ClubChannelSettings): ClubChannelRow {
  return {
    id,
    guild_id: c.guildId,
    channel_id: c.channelId,
    local_time: c.localTime,
    time_zone: c.timeZone,
    days: c.days,
    role_id: c.roleId,
    next_fire_at: c.next.at,
    next_local_date: c.next.localDate,
    health: 'ok',
    health_reason: null,
    health_since: null,
    failing_since: null,
    shuffle_seed: c.seed,
    cycle: 0,
    created_at: c.now,
    updated_at: c.now,
  };
}

/** Starts every call at once and waits for all: what resolved and what rejected. */
export async function settleAll<T>(calls: Array<() => Promise<T>>): Promise<{ values: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(calls.map((call) => call()));
  return {
    values: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
}
