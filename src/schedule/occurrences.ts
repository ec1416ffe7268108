// Walking a schedule: from a stored occurrence to the latest one that is due and the next after now.
import { nextFireAt } from './time.ts';

export interface Occurrence {
  at: number;
  localDate: string;
}

export interface ScheduleRow {
  time_zone: string;
  local_time: string;
  days: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function parseStoredTime(hhmm: string): { hour: number; minute: number } {
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
