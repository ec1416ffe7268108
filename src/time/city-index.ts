// City names from city-timezones (about 7,300 cities with their IANA zone and population), for
// zone search. Built once, on first use: every word start of every name goes into one sorted array,
// so a query is a binary search plus a walk over the names it starts.
import { createRequire } from 'node:module';
import type { CityData } from 'city-timezones';
import { normalizePlace } from './normalize.ts';
import { canonicalZone } from './zones.ts';

export interface CityMatch {
  zone: string;
  label: string;
  pop: number;
  /** 0 the whole name, 1 a prefix of the name, 2 a prefix of a later word. */
  score: number;
}

interface City {
  zone: string;
  label: string;
  pop: number;
}

interface Suffix {
  text: string;
  city: number;
  /** The suffix starts the name (not a later word). */
  first: boolean;
}

const SHORT_COUNTRY: Readonly<Record<string, string>> = { 'United States of America': 'USA', 'United Kingdom': 'UK' };
/** Countries whose people name the state or province with the city. */
const WITH_PROVINCE = new Set(['United States of America', 'Canada', 'Australia']);

let index: { cities: City[]; suffixes: Suffix[] } | undefined;

function labelOf(city: string, province: string, country: string): string {
  const region = WITH_PROVINCE.has(country) && province !== '' ? `${province}, ${SHORT_COUNTRY[country] ?? country}` : (SHORT_COUNTRY[country] ?? country);
  return `${city}, ${region}`;
}

function build(): { cities: City[]; suffixes: Suffix[] } {
  // Loaded here, not at start-up: its 1.9 MB of JSON is read on the first zone search only.
  const { cityMapping } = createRequire(import.meta.url)('city-timezones') as { cityMapping: readonly CityData[] };
  const zoneOf = new Map<string, string | null>();
  const cities: City[] = [];
  const suffixes: Suffix[] = [];
  for (const c of cityMapping) {
    if (!c.timezone) continue;
    if (!zoneOf.has(c.timezone)) {
      const canonical = canonicalZone(c.timezone); // old names such as Asia/Chongqing -> Asia/Shanghai
      zoneOf.set(c.timezone, canonical.ok ? canonical.value : null);
    }
    const zone = zoneOf.get(c.timezone);
    if (!zone) continue;
    const id = cities.push({ zone, label: labelOf(c.city, c.province ?? '', c.country), pop: c.pop }) - 1;
    for (const name of new Set([normalizePlace(c.city), normalizePlace(c.city_ascii)])) {
      for (let i = 0; i < name.length; i = name.indexOf(' ', i) + 1 || name.length) {
        if (name[i] !== ' ') suffixes.push({ text: name.slice(i), city: id, first: i === 0 });
      }
    }
  }
  suffixes.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return { cities, suffixes };
}

/** The first suffix not below q. */
function lowerBound(suffixes: readonly Suffix[], q: string): number {
  let lo = 0;
  let hi = suffixes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (suffixes[mid]!.text < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Cities whose name, or a later word of it, starts with the normalised query q: the best city per
 * zone. Queries under 3 letters match the start of the name only ("on" is not Stoke-on-Trent).
 */
export function matchCities(q: string): Map<string, CityMatch> {
  index ??= build();
  const { cities, suffixes } = index;
  const best = new Map<string, CityMatch>();
  for (let i = lowerBound(suffixes, q); i < suffixes.length && suffixes[i]!.text.startsWith(q); i++) {
    const s = suffixes[i]!;
    if (!s.first && q.length < 3) continue;
    const city = cities[s.city]!;
    const score = !s.first ? 2 : s.text === q ? 0 : 1;
    const seen = best.get(city.zone);
    if (seen === undefined) best.set(city.zone, { zone: city.zone, label: city.label, pop: city.pop, score });
    else if (score < seen.score || (score === seen.score && city.pop > seen.pop)) Object.assign(seen, { label: city.label, pop: city.pop, score });
  }
  return best;
}
