import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { localDateOf, nextFireAt, occurrenceOn, weekdayOf, zoneOffsetMs } from '../../src/time/calendar.ts';
import { EVERY_DAY, WEEKDAYS, WEEKENDS, formatLocalTime, type DayMask, type LocalTime } from '../../src/time/parse.ts';

const MON = 1 << 0;
const TUE = 1 << 1;
const WED = 1 << 2;
const FRI = 1 << 4;
const SUN = 1 << 6;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const at = (hour: number, minute: number): LocalTime => ({ hour, minute });
const iso = (ms: number): string => new Date(ms).toISOString();

describe('calendar helpers', () => {
  it('weekdayOf', () => {
    expect(weekdayOf('2026-01-12')).toBe(1);
    expect(weekdayOf('2026-01-16')).toBe(5);
    expect(weekdayOf('2026-01-18')).toBe(7);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('2024-02-29')).toBe(4);
    expect(() => weekdayOf('2026-02-30')).toThrow(RangeError);
    expect(() => weekdayOf('2026-1-5')).toThrow(RangeError);
  });

  it('localDateOf follows the zone, not UTC', () => {
    const ms = Date.UTC(2026, 0, 15, 20, 0);
    expect(localDateOf(ms, 'UTC')).toBe('2026-01-15');
    expect(localDateOf(ms, 'Australia/Sydney')).toBe('2026-01-16');
    expect(localDateOf(ms, 'Pacific/Chatham')).toBe('2026-01-16');
    expect(localDateOf(Date.UTC(2026, 0, 16, 3, 0), 'America/Los_Angeles')).toBe('2026-01-15');
    expect(localDateOf(Date.UTC(2026, 0, 15, 18, 29, 59, 999), 'Asia/Kolkata')).toBe('2026-01-15');
    expect(localDateOf(Date.UTC(2026, 0, 15, 18, 30), 'Asia/Kolkata')).toBe('2026-01-16');
  });

  it('occurrenceOn and zoneOffsetMs', () => {
    expect(iso(occurrenceOn('2026-01-15', 'Asia/Kolkata', at(7, 30)))).toBe('2026-01-15T02:00:00.000Z');
    expect(iso(occurrenceOn('2026-07-15', 'Europe/London', at(7, 30)))).toBe('2026-07-15T06:30:00.000Z');
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1), 'Pacific/Chatham')).toBe((12 * 60 + 45) * 60_000);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 1), 'Pacific/Chatham')).toBe((13 * 60 + 45) * 60_000);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 1), 'America/St_Johns')).toBe(-(3 * 60 + 30) * 60_000);
    expect(() => occurrenceOn('2026-13-01', 'UTC', at(7, 30))).toThrow(RangeError);
    expect(() => occurrenceOn('2026-01-01', 'UTC', at(24, 0))).toThrow(RangeError);
  });
});

/** [now (UTC), zone, time, days] -> expected fire instant (ISO, UTC) and local date. */
type Case = [string, number, string, LocalTime, DayMask, string, string];

describe('nextFireAt', () => {
  it.each<Case>([
    // Ordinary days in London (GMT in January).
    ['before the time today', Date.UTC(2026, 0, 15, 6, 0), 'Europe/London', at(7, 30), EVERY_DAY, '2026-01-15T07:30:00.000Z', '2026-01-15'],
    ['after the time today', Date.UTC(2026, 0, 15, 8, 0), 'Europe/London', at(7, 30), EVERY_DAY, '2026-01-16T07:30:00.000Z', '2026-01-16'],
    ['exactly at the time: strictly after', Date.UTC(2026, 0, 15, 7, 30), 'Europe/London', at(7, 30), EVERY_DAY, '2026-01-16T07:30:00.000Z', '2026-01-16'],
    ['a millisecond before', Date.UTC(2026, 0, 15, 7, 29, 59, 999), 'Europe/London', at(7, 30), EVERY_DAY, '2026-01-15T07:30:00.000Z', '2026-01-15'],
    ['summer time', Date.UTC(2026, 6, 15, 5, 0), 'Europe/London', at(7, 30), EVERY_DAY, '2026-07-15T06:30:00.000Z', '2026-07-15'],
    // Day masks. 2026-01-12 is a Monday, 2026-01-16 a Friday.
    ['weekdays from Friday evening -> Monday', Date.UTC(2026, 0, 16, 20, 0), 'Europe/London', at(7, 30), WEEKDAYS, '2026-01-19T07:30:00.000Z', '2026-01-19'],
    ['weekdays from Friday morning -> Friday', Date.UTC(2026, 0, 16, 6, 0), 'Europe/London', at(7, 30), WEEKDAYS, '2026-01-16T07:30:00.000Z', '2026-01-16'],
    ['weekends from Wednesday -> Saturday', Date.UTC(2026, 0, 14, 12, 0), 'Europe/London', at(9, 0), WEEKENDS, '2026-01-17T09:00:00.000Z', '2026-01-17'],
    ['weekends from Saturday evening -> Sunday', Date.UTC(2026, 0, 17, 12, 0), 'Europe/London', at(9, 0), WEEKENDS, '2026-01-18T09:00:00.000Z', '2026-01-18'],
    ['only Tuesday, just missed -> a week later', Date.UTC(2026, 0, 13, 8, 0), 'Europe/London', at(7, 30), TUE, '2026-01-20T07:30:00.000Z', '2026-01-20'],
    ['only Sunday from Monday', Date.UTC(2026, 0, 12, 8, 0), 'Europe/London', at(7, 30), SUN, '2026-01-18T07:30:00.000Z', '2026-01-18'],
    ['Mon/Wed/Fri from Monday after the time -> Wednesday', Date.UTC(2026, 0, 12, 8, 0), 'Europe/London', at(7, 30), MON | WED | FRI, '2026-01-14T07:30:00.000Z', '2026-01-14'],
    ['Mon/Wed/Fri from Friday after the time -> Monday', Date.UTC(2026, 0, 16, 8, 0), 'Europe/London', at(7, 30), MON | WED | FRI, '2026-01-19T07:30:00.000Z', '2026-01-19'],
    // Europe/London, spring forward 2026-03-29 01:00 GMT -> 02:00 BST: 01:30 does not exist and
    // moves forward by the hour, to 02:30 BST = 01:30Z, still on the 29th.
    ['London gap', Date.UTC(2026, 2, 28, 12, 0), 'Europe/London', at(1, 30), EVERY_DAY, '2026-03-29T01:30:00.000Z', '2026-03-29'],
    ['London day after the gap', Date.UTC(2026, 2, 29, 1, 30), 'Europe/London', at(1, 30), EVERY_DAY, '2026-03-30T00:30:00.000Z', '2026-03-30'],
    // Fall back 2026-10-25 02:00 BST -> 01:00 GMT: 01:30 happens at 00:30Z and again at 01:30Z.
    ['London overlap fires at the first 01:30', Date.UTC(2026, 9, 24, 12, 0), 'Europe/London', at(1, 30), EVERY_DAY, '2026-10-25T00:30:00.000Z', '2026-10-25'],
    ['London between the two 01:30s -> next day', Date.UTC(2026, 9, 25, 1, 0), 'Europe/London', at(1, 30), EVERY_DAY, '2026-10-26T01:30:00.000Z', '2026-10-26'],
    ['London right at the first 01:30 -> next day', Date.UTC(2026, 9, 25, 0, 30), 'Europe/London', at(1, 30), EVERY_DAY, '2026-10-26T01:30:00.000Z', '2026-10-26'],
    // America/New_York, spring forward 2026-03-08 02:00 EST -> 03:00 EDT: 02:30 -> 03:30 EDT.
    ['New York gap', Date.UTC(2026, 2, 7, 12, 0), 'America/New_York', at(2, 30), EVERY_DAY, '2026-03-08T07:30:00.000Z', '2026-03-08'],
    // Fall back 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 EDT (05:30Z) first, 01:30 EST (06:30Z) skipped.
    ['New York overlap', Date.UTC(2026, 9, 31, 12, 0), 'America/New_York', at(1, 30), EVERY_DAY, '2026-11-01T05:30:00.000Z', '2026-11-01'],
    ['New York between the two 01:30s', Date.UTC(2026, 10, 1, 6, 0), 'America/New_York', at(1, 30), EVERY_DAY, '2026-11-02T06:30:00.000Z', '2026-11-02'],
    // Australia/Lord_Howe has a 30-minute DST. On 2026-10-04 the clock jumps 02:00 -> 02:30
    // (+10:30 -> +11:00), so 02:15 does not exist. 'compatible' moves it forward by the length of the
    // gap, 30 minutes: 02:45 +11:00 = 15:45Z on the 3rd, still the reminder for the 4th.
    ['Lord Howe 30-minute gap', Date.UTC(2026, 9, 3, 0, 0), 'Australia/Lord_Howe', at(2, 15), EVERY_DAY, '2026-10-03T15:45:00.000Z', '2026-10-04'],
    ['Lord Howe at the gap edge', Date.UTC(2026, 9, 3, 0, 0), 'Australia/Lord_Howe', at(2, 30), EVERY_DAY, '2026-10-03T15:30:00.000Z', '2026-10-04'],
    // On 2026-04-05 it goes back 02:00 +11:00 -> 01:30 +10:30: 01:45 first happens at +11:00.
    ['Lord Howe 30-minute overlap', Date.UTC(2026, 3, 4, 0, 0), 'Australia/Lord_Howe', at(1, 45), EVERY_DAY, '2026-04-04T14:45:00.000Z', '2026-04-05'],
    // Half-hour and 45-minute offsets.
    ['Kolkata +05:30', Date.UTC(2026, 0, 15, 0, 0), 'Asia/Kolkata', at(7, 30), EVERY_DAY, '2026-01-15T02:00:00.000Z', '2026-01-15'],
    ['Kolkata after the time', Date.UTC(2026, 0, 15, 2, 0), 'Asia/Kolkata', at(7, 30), EVERY_DAY, '2026-01-16T02:00:00.000Z', '2026-01-16'],
    ['Chatham winter +12:45', Date.UTC(2026, 5, 30, 12, 0), 'Pacific/Chatham', at(7, 30), EVERY_DAY, '2026-06-30T18:45:00.000Z', '2026-07-01'],
    ['Chatham summer +13:45', Date.UTC(2026, 0, 14, 12, 0), 'Pacific/Chatham', at(7, 30), EVERY_DAY, '2026-01-14T17:45:00.000Z', '2026-01-15'],
    // The local date is the zone's, not UTC's.
    ['Sydney morning is the previous UTC day', Date.UTC(2026, 0, 15, 12, 0), 'Australia/Sydney', at(7, 0), EVERY_DAY, '2026-01-15T20:00:00.000Z', '2026-01-16'],
    ['Los Angeles evening is the next UTC day', Date.UTC(2026, 0, 15, 12, 0), 'America/Los_Angeles', at(20, 0), EVERY_DAY, '2026-01-16T04:00:00.000Z', '2026-01-15'],
    ['weekday mask uses the local weekday', Date.UTC(2026, 0, 15, 12, 0), 'Australia/Sydney', at(7, 0), FRI, '2026-01-15T20:00:00.000Z', '2026-01-16'],
    ['UTC', Date.UTC(2026, 0, 15, 12, 0), 'UTC', at(0, 0), EVERY_DAY, '2026-01-16T00:00:00.000Z', '2026-01-16'],
  ])('%s', (_name, now, zone, time, days, expectedAt, localDate) => {
    const next = nextFireAt(now, zone, time, days);
    expect({ at: iso(next.at), localDate: next.localDate }).toEqual({ at: expectedAt, localDate });
    expect(occurrenceOn(localDate, zone, time)).toBe(next.at);
    expectCompatible(next.at, localDate, zone, time);
  });

  it('rejects what the scheduler should never pass', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(() => nextFireAt(now, 'UTC', at(7, 30), 0)).toThrow(RangeError);
    expect(() => nextFireAt(now, 'UTC', at(7, 30), 128)).toThrow(RangeError);
    expect(() => nextFireAt(now, 'UTC', at(7, 60), EVERY_DAY)).toThrow(RangeError);
    expect(() => nextFireAt(now, 'UTC', at(7.5, 0), EVERY_DAY)).toThrow(RangeError);
    expect(() => nextFireAt(Number.NaN, 'UTC', at(7, 30), EVERY_DAY)).toThrow(RangeError);
    expect(() => nextFireAt(now, 'Mars/Base', at(7, 30), EVERY_DAY)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// What 'compatible' means, checked from outside: these were once comparisons of a hand-written
// engine with temporal-polyfill; now that the calendar is Temporal, they pin the answers instead.

const offsetAt = (ms: number, zone: string): number => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;

/**
 * `atMs` is the 'compatible' instant for `time` on `localDate`: it shows that wall time and is its
 * first occurrence (a fall-back repeats it later), or the wall time was skipped by a spring-forward
 * gap and `atMs` shows it later by exactly the length of the gap (at most 2 h, Troll's).
 */
function expectCompatible(atMs: number, localDate: string, zone: string, time: LocalTime): void {
  const label = `${zone} ${localDate} ${formatLocalTime(time)} -> ${iso(atMs)}`;
  const zdt = Temporal.Instant.fromEpochMilliseconds(atMs).toZonedDateTimeISO(zone);
  const wanted = Temporal.PlainDate.from(localDate).toPlainDateTime(time);
  // The last transition at or before atMs (a gap's first minute resolves to the transition itself).
  const previous = Temporal.Instant.fromEpochMilliseconds(atMs + 1).toZonedDateTimeISO(zone).getTimeZoneTransition('previous');
  const change = previous === null ? 0 : zdt.offsetNanoseconds / 1e6 - offsetAt(previous.epochMilliseconds - 1, zone);
  if (zdt.toPlainDateTime().equals(wanted)) {
    // After a fall-back by -change, the same wall time happened -change earlier, unless that is before the transition.
    if (change < 0) expect(atMs + change < previous!.epochMilliseconds, label).toBe(false);
    return;
  }
  expect(previous, label).not.toBeNull();
  const late = zdt.toPlainDateTime().since(wanted).total('milliseconds');
  expect(late, label).toBe(change);
  expect(late, label).toBeGreaterThan(0);
  expect(late, label).toBeLessThanOrEqual(2 * HOUR);
  // Skipped: in the old offset the wall time falls after the transition, in the new one before it.
  expect(atMs, label).toBeGreaterThanOrEqual(previous!.epochMilliseconds);
  expect(atMs - change, label).toBeLessThan(previous!.epochMilliseconds);
}

/**
 * `next` is after `now`, on an allowed local day, and the first such: every allowed date before it
 * had fired by `now`. `wall` also checks the wall time (the sweep checks occurrenceOn separately).
 */
function expectFirstAfter(now: number, zone: string, time: LocalTime, days: DayMask, next: { at: number; localDate: string }, wall = true): void {
  const label = `${zone} ${iso(now)} ${formatLocalTime(time)} mask ${days}`;
  expect(next.at, label).toBeGreaterThan(now);
  expect(next.at, label).toBeLessThanOrEqual(now + 8 * DAY);
  expect(days & (1 << (weekdayOf(next.localDate) - 1)), label).not.toBe(0);
  expect(occurrenceOn(next.localDate, zone, time), label).toBe(next.at);
  if (wall) expectCompatible(next.at, next.localDate, zone, time);
  for (let ms = Date.parse(localDateOf(now, zone)) - DAY; iso(ms).slice(0, 10) < next.localDate; ms += DAY) {
    const date = iso(ms).slice(0, 10);
    if (days & (1 << (weekdayOf(date) - 1))) expect(occurrenceOn(date, zone, time), `${label} ${date}`).toBeLessThanOrEqual(now);
  }
}

/** Midnight-DST zones (Santiago, Havana, Beirut), odd offsets, a 2-hour DST (Troll), negative DST (Dublin). */
const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/St_Johns',
  'America/Santiago',
  'America/Havana',
  'Asia/Beirut',
  'Africa/Casablanca',
  'Europe/Dublin',
  'Antarctica/Troll',
  'Australia/Sydney',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'America/Los_Angeles',
  'UTC',
];

/** Every offset change in 2024–2030, from Temporal. */
function transitions(zone: string): number[] {
  const out: number[] = [];
  let zdt: Temporal.ZonedDateTime | null = Temporal.Instant.fromEpochMilliseconds(Date.UTC(2024, 0, 1)).toZonedDateTimeISO(zone);
  for (;;) {
    zdt = zdt.getTimeZoneTransition('next');
    if (zdt === null || zdt.epochMilliseconds >= Date.UTC(2031, 0, 1)) return out;
    out.push(zdt.epochMilliseconds);
  }
}

const TRANSITIONS = ZONES.flatMap((zone) => transitions(zone).map((t) => ({ zone, t })));

describe('around every DST transition, 2024–2030', () => {
  it('found the transitions', () => {
    expect(TRANSITIONS.length).toBeGreaterThan(100);
    expect(TRANSITIONS.filter((x) => x.zone === 'Europe/London').map((x) => iso(x.t))).toContain('2026-03-29T01:00:00.000Z');
  });

  it('localDateOf and zoneOffsetMs, every 10 minutes for 3 hours either side: the offset changes exactly at the transition', () => {
    for (const { zone, t } of TRANSITIONS) {
      const [before, after] = [zoneOffsetMs(t - 1, zone), zoneOffsetMs(t, zone)];
      expect(after, `${zone} ${iso(t)}`).not.toBe(before);
      for (let ms = t - 3 * HOUR; ms <= t + 3 * HOUR; ms += 10 * 60_000) {
        for (const x of [ms - 1, ms]) {
          const offset = x < t ? before : after;
          expect(zoneOffsetMs(x, zone), `${zone} ${iso(x)}`).toBe(offset);
          expect(localDateOf(x, zone), `${zone} ${iso(x)}`).toBe(iso(x + offset).slice(0, 10));
        }
      }
    }
  });

  it('occurrenceOn, every 15 minutes of the transition days', { timeout: 60_000 }, () => {
    for (const { zone, t } of TRANSITIONS) {
      const before = Temporal.Instant.fromEpochMilliseconds(t - 1).toZonedDateTimeISO(zone).toPlainDate();
      const after = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone).toPlainDate();
      for (const date of new Set([before.toString(), after.toString()])) {
        for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
          const time = at(Math.floor(minutes / 60), minutes % 60);
          expectCompatible(occurrenceOn(date, zone, time), date, zone, time);
        }
      }
    }
  });

  it('nextFireAt from instants around each transition', { timeout: 60_000 }, () => {
    for (const { zone, t } of TRANSITIONS) {
      for (let now = t - 26 * HOUR; now <= t + 2 * HOUR; now += 97 * 60_000) {
        for (const time of [at(0, 0), at(0, 30), at(1, 30), at(2, 15), at(2, 30), at(3, 0), at(23, 30)]) {
          expectFirstAfter(now, zone, time, EVERY_DAY, nextFireAt(now, zone, time, EVERY_DAY), false);
        }
      }
    }
  });
});

describe('nextFireAt properties', () => {
  const transitionNow = fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -30 * HOUR, max: 30 * HOUR }))
    .map(([{ zone, t }, delta]) => ({ zone, now: t + delta }));
  const anyNow = fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 31, 23, 59) })).map(([zone, now]) => ({ zone, now }));
  const arbitraries = [
    fc.oneof(anyNow, transitionNow),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 1, max: EVERY_DAY }),
  ] as const;

  it('fires after now, within 8 days, first on an allowed local weekday, at the local time (or later by a gap)', () => {
    fc.assert(
      fc.property(...arbitraries, ({ zone, now }, hour, minute, days) => {
        const time = at(hour, minute);
        expectFirstAfter(now, zone, time, days, nextFireAt(now, zone, time, days));
      }),
      { numRuns: 2000 },
    );
  });

  it('never fires twice for one local date: the next one is on a later date', () => {
    fc.assert(
      fc.property(...arbitraries, ({ zone, now }, hour, minute, days) => {
        const time = at(hour, minute);
        const first = nextFireAt(now, zone, time, days);
        const second = nextFireAt(first.at, zone, time, days);
        expect(second.at).toBeGreaterThan(first.at);
        expect(second.localDate > first.localDate).toBe(true);
        // Nothing between now and the first occurrence: asking from just before it gives it again.
        expect(nextFireAt(first.at - 1, zone, time, days)).toEqual(first);
      }),
      { numRuns: 2000 },
    );
  });

  it('localDateOf matches Temporal at any instant', () => {
    fc.assert(
      fc.property(anyNow, ({ zone, now }) => {
        expect(localDateOf(now, zone)).toBe(Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(zone).toPlainDate().toString());
      }),
      { numRuns: 1000 },
    );
  });
});

describe('nextFireAt over every weekday mask', () => {
  it('picks the first allowed local day, for all 127 masks from each day of the week', () => {
    // 2026-01-12 is a Monday. From each day at noon, a 07:30 reminder is next due on the first
    // allowed day after today (today's 07:30 has passed).
    for (let mask = 1; mask <= 127; mask++) {
      for (let start = 0; start < 7; start++) {
        const now = Date.UTC(2026, 0, 12 + start, 12, 0);
        let expected = '';
        for (let ahead = 1; ahead <= 7 && !expected; ahead++) {
          const iso = new Date(Date.UTC(2026, 0, 12 + start + ahead)).toISOString().slice(0, 10);
          if (mask & (1 << (weekdayOf(iso) - 1))) expected = iso;
        }
        const next = nextFireAt(now, 'Europe/London', { hour: 7, minute: 30 }, mask);
        expect(next.localDate, `mask ${mask} from day ${start}`).toBe(expected);
        expect(next.at).toBe(Date.parse(`${expected}T07:30:00Z`));
      }
    }
  });
});
