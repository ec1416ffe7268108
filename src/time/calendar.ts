// The calendar: next fire time, latest occurrence and local dates. Temporal owns the zone rules;
// wall times resolve with disambiguation 'compatible' (a time skipped by a spring-forward gap moves
// forward by the gap, a time repeated by a fall-back is its first occurrence).
//
// Nothing here reads the clock: `now` is always a parameter.
import { EVERY_DAY, type DayMask, type LocalTime } from './parse.ts';
import { Temporal } from './temporal.ts';
import { steadyOffset } from './offset-cache.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const COMPATIBLE = { disambiguation: 'compatible' } as const;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface Occurrence {
  at: number;
  localDate: string;
}

export interface ScheduleRow {
  time_zone: string;
  local_time: string;
  days: number;
}

/** Days since 1970-01-01 -> 'YYYY-MM-DD'. */
const dateText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

function dayNumber(localDate: string): number {
  if (!DATE_RE.test(localDate)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(localDate)}`);
  const d = Temporal.PlainDate.from(localDate); // RangeError for 2026-02-30
  return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
}

function checkTime(time: LocalTime): number {
  const { hour, minute } = time;
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    throw new RangeError(`Not a time of day: ${JSON.stringify(time)}`);
  }
  return hour * HOUR_MS + minute * MINUTE_MS;
}

/** The zone's UTC offset in ms at an instant (local wall time = ms + offset). Throws RangeError for an unknown zone. */
export function zoneOffsetMs(ms: number, zone: string): number {
  return steadyOffset(zone, Math.floor(ms / DAY_MS)) ?? Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;
}

function localDay(ms: number, zone: string): number {
  return Math.floor((ms + zoneOffsetMs(ms, zone)) / DAY_MS);
}

/** A wall time (day number and ms into the day) in `zone`, as an instant: Temporal's 'compatible'. */
function resolveWall(zone: string, day: number, timeMs: number): number {
  const steady = steadyOffset(zone, day);
  if (steady !== undefined) return day * DAY_MS + timeMs - steady;
  const wall = Temporal.PlainDateTime.from(dateText(day)).add({ milliseconds: timeMs });
  return wall.toZonedDateTime(zone, COMPATIBLE).epochMilliseconds;
}

/** The local date ('YYYY-MM-DD') in `zone` at an instant. */
export function localDateOf(ms: number, zone: string): string {
  return dateText(localDay(ms, zone));
}

/** Epoch ms of a local date and time in `zone`, resolved like Temporal's disambiguation 'compatible'. */
export function occurrenceOn(localDate: string, zone: string, time: LocalTime): number {
  return resolveWall(zone, dayNumber(localDate), checkTime(time));
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a day number; day 0 (1970-01-01) was a Thursday. */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** ISO weekday of a 'YYYY-MM-DD' date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(localDate: string): number {
  return isoWeekday(dayNumber(localDate));
}

/**
 * The first instant strictly after `nowMs` when the wall clock in `zone` shows `time` on a day in
 * `days`, and the local date that occurrence belongs to. A time that a spring-forward gap skips
 * fires later by the gap on that date (02:30 -> 03:30); a time a fall-back repeats fires once, at
 * its first occurrence. Throws RangeError for an unknown zone, a bad time or an empty mask.
 */
export function nextFireAt(nowMs: number, zone: string, time: LocalTime, days: DayMask): Occurrence {
  if (!Number.isFinite(nowMs)) throw new RangeError(`now is not a finite number: ${nowMs}`);
  if (!Number.isInteger(days) || days <= 0 || days > EVERY_DAY) throw new RangeError(`Not a non-empty day mask: ${days}`);
  const timeMs = checkTime(time);
  const today = localDay(nowMs, zone);
  // Start at yesterday: a late time pushed forward by a gap at midnight can land after now.
  for (let day = today - 1; day <= today + 8; day++) {
    if ((days & (1 << (isoWeekday(day) - 1))) === 0) continue;
    const at = resolveWall(zone, day, timeMs);
    if (at > nowMs) return { at, localDate: dateText(day) };
  }
  // Unreachable: some allowed day in the next week starts after now.
  throw new Error(`No occurrence found in ${zone} after ${nowMs}`);
}

export function parseStoredTime(hhmm: string): LocalTime {
  const [h = '0', m = '0'] = hhmm.split(':');
  return { hour: Number(h), minute: Number(m) };
}

export function nextOccurrence(now: number, row: ScheduleRow): Occurrence {
  return nextFireAt(now, row.time_zone, parseStoredTime(row.local_time), row.days);
}

/**
 * `current` is due (at <= now). After downtime several occurrences may have passed: return the most
 * recent one (the only candidate for a late send) and the first one after now.
 */
export function latestOccurrence(current: Occurrence, now: number, row: ScheduleRow): { latest: Occurrence; next: Occurrence } {
  // Every mask has a day in any 7, so starting 8 days back still finds the latest occurrence.
  let latest = now - current.at > 8 * DAY_MS ? nextOccurrence(now - 8 * DAY_MS, row) : current;
  let next = nextOccurrence(latest.at, row);
  while (next.at <= now) {
    latest = next;
    next = nextOccurrence(next.at, row);
  }
  return { latest, next };
}
