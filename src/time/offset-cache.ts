// A small cache in front of Temporal for the claim path: per zone and UTC day, the zone's offset
// when Temporal reports no transition from a day before that day to a day after it. In such a
// window every wall time on the day exists once, so wall - offset is exactly Temporal's answer;
// days near a transition are not cached and go to Temporal every time.
import { Temporal } from './temporal.ts';

const DAY_MS = 86_400_000;
const MAX_ENTRIES = 50_000;

/** zone -> UTC day number -> steady offset (ms), or null where a transition is near. */
const cache = new Map<string, Map<number, number | null>>();
let entries = 0;

function lookUp(zone: string, day: number): number | null {
  // The window covers every instant of the UTC day and every wall time of the local day (offsets are under a day).
  const start = Temporal.Instant.fromEpochMilliseconds((day - 1) * DAY_MS).toZonedDateTimeISO(zone);
  const next = start.getTimeZoneTransition('next');
  return next === null || next.epochMilliseconds >= (day + 2) * DAY_MS ? start.offsetNanoseconds / 1e6 : null;
}

/** The offset in force through UTC day `day` ± 1 day, or undefined if it changes then. Throws RangeError for an unknown zone. */
export function steadyOffset(zone: string, day: number): number | undefined {
  let days = cache.get(zone);
  let offset = days?.get(day);
  if (offset === undefined) {
    offset = lookUp(zone, day);
    if (entries >= MAX_ENTRIES) {
      cache.clear();
      entries = 0;
    }
    days = cache.get(zone);
    if (days === undefined) cache.set(zone, (days = new Map()));
    days.set(day, offset);
    entries++;
  }
  return offset ?? undefined;
}
