// Time zone autocomplete for the `timezone` options: zone names, an overlay of informal names and
// countries (zone-places.ts), and the cities of city-timezones ranked by population.
import { zoneOffsetMs } from './calendar.ts';
import { matchCities } from './city-index.ts';
import { normalizePlace } from './normalize.ts';
import { PLACES, POPULAR } from './zone-places.ts';
import { formerZoneNames, zoneNames } from './zones.ts';

export { normalizePlace } from './normalize.ts';

export interface ZoneChoice {
  name: string;
  value: string;
}

interface Entry {
  zone: string;
  label: string;
  /** Normalised names to match: the city or place, then extra words. */
  keys: readonly string[];
  /** Normalised zone path, "america/new york"; empty for places. */
  path: string;
  rank: number;
}

/** A row of the answer. Groups: 0 a zone or overlay name, 1 a city, 2 a zone or overlay name only as a substring. */
interface Candidate {
  zone: string;
  label: string;
  group: number;
  score: number;
  /** Popular rank for names, minus the population for cities: lower comes first. */
  order: number;
}

const MAX_QUERY = 50;
const MAX_RESULTS = 25;

const cityOf = (zone: string): string => (zone.split('/').pop() ?? zone).replace(/_/g, ' ');

let index: Entry[] | undefined;

function getIndex(): Entry[] {
  if (index) return index;
  const names = zoneNames();
  const known = new Set(names);
  const rankOf = (zone: string): number => {
    const i = POPULAR.indexOf(zone);
    return i < 0 ? POPULAR.length : i;
  };
  const entries: Entry[] = names.map((zone) => ({
    zone,
    label: cityOf(zone),
    keys: [cityOf(zone), ...formerZoneNames(zone).map(cityOf)].map(normalizePlace),
    path: normalizePlace(zone),
    rank: rankOf(zone),
  }));
  for (const [label, zone, ...extra] of PLACES) {
    if (!known.has(zone)) continue; // An ICU without this zone: leave the place out.
    entries.push({ zone, label, keys: [label, ...extra].map(normalizePlace), path: '', rank: rankOf(zone) });
  }
  index = entries;
  return index;
}

/** 0 exact name, 1 name prefix, 2 prefix of a later word, 3 zone path or region prefix, 4 substring; undefined if no match. */
function score(entry: Entry, q: string, wordQ: string, segmentQ: string): number | undefined {
  // No closures here: tsx (which runs the bot) wraps each one it creates in a naming helper.
  let best = 5;
  for (const key of entry.keys) {
    if (key === q) return 0;
    if (key.startsWith(q)) best = Math.min(best, 1);
    else if (key.includes(wordQ)) best = Math.min(best, 2);
    else if (q.length >= 3 && key.includes(q)) best = Math.min(best, 4);
  }
  if (entry.path !== '') {
    if (entry.path.startsWith(q) || entry.path.includes(segmentQ)) best = Math.min(best, 3);
    else if (q.length >= 3 && entry.path.includes(q)) best = Math.min(best, 4);
  }
  return best < 5 ? best : undefined;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function offsetText(zone: string, nowMs: number): string {
  const offset = Math.round(zoneOffsetMs(nowMs, zone) / 60_000);
  const abs = Math.abs(offset);
  return `UTC${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function choice(entry: { zone: string; label: string }, nowMs: number): ZoneChoice {
  const name = entry.zone === 'UTC' ? 'UTC — Coordinated Universal Time, no daylight saving' : `${entry.label} — ${entry.zone} (${offsetText(entry.zone, nowMs)} now)`;
  return { name: name.slice(0, 100), value: entry.zone };
}

const before = (a: Candidate, b: Candidate): boolean => a.group < b.group || (a.group === b.group && a.score < b.score);

/**
 * The best zone and overlay matches, one per zone: the best score, and on a tie the zone's own city
 * over a place (the index lists every zone before the places).
 */
function matchNames(q: string, best: Map<string, Candidate>): void {
  const wordQ = ` ${q}`;
  const segmentQ = `/${q}`;
  for (const entry of getIndex()) {
    const s = score(entry, q, wordQ, segmentQ);
    if (s === undefined) continue;
    const candidate = { zone: entry.zone, label: entry.label, group: s === 4 ? 2 : 0, score: s, order: entry.rank };
    const seen = best.get(entry.zone);
    if (!seen || before(candidate, seen)) best.set(entry.zone, candidate);
  }
}

/**
 * Autocomplete choices for a time zone option: matches on zone, city, country and informal names
 * ("london", "orlando", "nyc", "india", "pacific time", "europe/"), best matches first: names of
 * zones and the overlay, then cities by population, then substrings. Empty query: popular zones,
 * UTC first. `nowMs` only sets the "UTC+01:00 now" in the names.
 */
export function searchZones(query: string, limit = MAX_RESULTS, nowMs: number = Date.now()): ZoneChoice[] {
  const max = Math.max(0, Math.min(MAX_RESULTS, Math.floor(limit)));
  if (max === 0 || query.length > MAX_QUERY) return [];
  if (query.trim() === '') {
    const known = new Set(zoneNames());
    return POPULAR.filter((z) => known.has(z))
      .slice(0, max)
      .map((zone) => choice({ zone, label: cityOf(zone) }, nowMs));
  }
  const q = normalizePlace(query);
  if (q === '' || !/^[a-z0-9 /+]+$/.test(q)) return [];

  const best = new Map<string, Candidate>();
  matchNames(q, best);
  for (const city of matchCities(q).values()) {
    const candidate = { zone: city.zone, label: city.label, group: 1, score: city.score, order: -city.pop };
    const seen = best.get(city.zone);
    if (!seen || before(candidate, seen)) best.set(city.zone, candidate);
  }
  return [...best.values()]
    .sort((a, b) => a.group - b.group || a.score - b.score || a.order - b.order || compare(a.label, b.label) || compare(a.zone, b.zone))
    .slice(0, max)
    .map((c) => choice(c, nowMs));
}
