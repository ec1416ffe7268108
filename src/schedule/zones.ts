// Time zone autocomplete: city and country names to IANA zones, for the `timezone` options.
import { formerZoneNames, zoneNames, zoneOffsetMs } from './time.ts';

export interface ZoneChoice {
  name: string;
  value: string;
}

/**
 * Places people type that are not the city in a zone's name: [label shown, zone, extra search
 * words]. Big cities and countries of the English-speaking running and gym world, Europe and Asia.
 * A country with several zones has one row per zone.
 */
const PLACES: readonly (readonly [string, string, ...string[]])[] = [
  // United Kingdom and Ireland
  ['United Kingdom', 'Europe/London', 'uk', 'britain', 'great britain', 'gb'],
  ['England', 'Europe/London'],
  ['Scotland', 'Europe/London', 'edinburgh', 'glasgow'],
  ['Wales', 'Europe/London', 'cardiff'],
  ['Northern Ireland', 'Europe/London', 'belfast'],
  ['Manchester', 'Europe/London', 'birmingham', 'leeds', 'liverpool', 'bristol'],
  ['Ireland', 'Europe/Dublin', 'cork', 'galway'],
  // United States
  ['New York City', 'America/New_York', 'nyc', 'brooklyn', 'manhattan'],
  ['US Eastern', 'America/New_York', 'usa', 'united states', 'us', 'eastern'],
  ['Boston', 'America/New_York'],
  ['Washington DC', 'America/New_York', 'dc'],
  ['Philadelphia', 'America/New_York'],
  ['Atlanta', 'America/New_York'],
  ['Miami', 'America/New_York', 'florida'],
  ['US Central', 'America/Chicago', 'usa', 'united states', 'us', 'central'],
  ['Dallas', 'America/Chicago', 'texas'],
  ['Houston', 'America/Chicago'],
  ['Austin', 'America/Chicago'],
  ['Minneapolis', 'America/Chicago'],
  ['US Mountain', 'America/Denver', 'usa', 'united states', 'us', 'mountain'],
  ['Salt Lake City', 'America/Denver', 'utah'],
  ['Arizona', 'America/Phoenix'],
  ['US Pacific', 'America/Los_Angeles', 'usa', 'united states', 'us', 'pacific'],
  ['Los Angeles', 'America/Los_Angeles', 'la', 'california'],
  ['San Francisco', 'America/Los_Angeles', 'sf', 'bay area'],
  ['San Diego', 'America/Los_Angeles'],
  ['Seattle', 'America/Los_Angeles'],
  ['Portland', 'America/Los_Angeles'],
  ['Las Vegas', 'America/Los_Angeles'],
  ['Alaska', 'America/Anchorage'],
  ['Hawaii', 'Pacific/Honolulu'],
  // Canada
  ['Canada (Eastern)', 'America/Toronto', 'canada', 'ontario'],
  ['Montreal', 'America/Toronto', 'quebec'],
  ['Ottawa', 'America/Toronto'],
  ['Canada (Pacific)', 'America/Vancouver', 'canada', 'british columbia'],
  ['Calgary', 'America/Edmonton', 'alberta'],
  ['Canada (Atlantic)', 'America/Halifax', 'canada', 'nova scotia'],
  ['Newfoundland', 'America/St_Johns'],
  // Australia and New Zealand
  ['Australia (Sydney)', 'Australia/Sydney', 'australia', 'nsw', 'new south wales'],
  ['Canberra', 'Australia/Sydney'],
  ['Australia (Melbourne)', 'Australia/Melbourne', 'australia', 'victoria'],
  ['Australia (Brisbane)', 'Australia/Brisbane', 'australia', 'queensland'],
  ['Gold Coast', 'Australia/Brisbane'],
  ['Australia (Perth)', 'Australia/Perth', 'australia', 'western australia'],
  ['Australia (Adelaide)', 'Australia/Adelaide', 'australia', 'south australia'],
  ['New Zealand', 'Pacific/Auckland', 'nz', 'aotearoa'],
  ['Wellington', 'Pacific/Auckland'],
  ['Christchurch', 'Pacific/Auckland'],
  // India and the rest of Asia
  ['India', 'Asia/Kolkata'],
  ['Delhi', 'Asia/Kolkata', 'new delhi'],
  ['Mumbai', 'Asia/Kolkata', 'bombay'],
  ['Bengaluru', 'Asia/Kolkata', 'bangalore'],
  ['Chennai', 'Asia/Kolkata', 'madras'],
  ['Hyderabad', 'Asia/Kolkata'],
  ['Pune', 'Asia/Kolkata'],
  ['Pakistan', 'Asia/Karachi', 'lahore', 'islamabad'],
  ['Bangladesh', 'Asia/Dhaka'],
  ['Nepal', 'Asia/Kathmandu'],
  ['Sri Lanka', 'Asia/Colombo'],
  ['China', 'Asia/Shanghai', 'beijing', 'shenzhen', 'guangzhou'],
  ['Japan', 'Asia/Tokyo', 'osaka', 'kyoto'],
  ['South Korea', 'Asia/Seoul', 'korea'],
  ['Philippines', 'Asia/Manila'],
  ['Indonesia', 'Asia/Jakarta'],
  ['Bali', 'Asia/Makassar'],
  ['Malaysia', 'Asia/Kuala_Lumpur'],
  ['Thailand', 'Asia/Bangkok'],
  ['Vietnam', 'Asia/Ho_Chi_Minh', 'hanoi', 'saigon'],
  ['Taiwan', 'Asia/Taipei'],
  ['United Arab Emirates', 'Asia/Dubai', 'uae', 'abu dhabi'],
  ['Saudi Arabia', 'Asia/Riyadh'],
  ['Israel', 'Asia/Jerusalem', 'tel aviv'],
  // Europe
  ['Germany', 'Europe/Berlin', 'munich', 'frankfurt', 'hamburg', 'cologne'],
  ['France', 'Europe/Paris', 'lyon', 'marseille'],
  ['Spain', 'Europe/Madrid', 'barcelona', 'valencia', 'seville'],
  ['Italy', 'Europe/Rome', 'milan', 'naples', 'turin'],
  ['Netherlands', 'Europe/Amsterdam', 'holland', 'rotterdam'],
  ['Belgium', 'Europe/Brussels'],
  ['Switzerland', 'Europe/Zurich', 'geneva', 'bern'],
  ['Austria', 'Europe/Vienna'],
  ['Sweden', 'Europe/Stockholm'],
  ['Norway', 'Europe/Oslo'],
  ['Denmark', 'Europe/Copenhagen'],
  ['Finland', 'Europe/Helsinki'],
  ['Poland', 'Europe/Warsaw', 'krakow'],
  ['Czechia', 'Europe/Prague', 'czech republic'],
  ['Portugal', 'Europe/Lisbon', 'porto'],
  ['Greece', 'Europe/Athens'],
  ['Turkey', 'Europe/Istanbul', 'turkiye', 'ankara'],
  ['Ukraine', 'Europe/Kyiv'],
  ['Russia (Moscow)', 'Europe/Moscow', 'russia', 'st petersburg'],
  // Africa and the Americas
  ['South Africa', 'Africa/Johannesburg', 'cape town', 'durban'],
  ['Nigeria', 'Africa/Lagos', 'abuja'],
  ['Kenya', 'Africa/Nairobi'],
  ['Egypt', 'Africa/Cairo'],
  ['Brazil', 'America/Sao_Paulo', 'rio de janeiro', 'rio'],
  ['Argentina', 'America/Argentina/Buenos_Aires'],
  ['Mexico', 'America/Mexico_City'],
  ['Colombia', 'America/Bogota'],
  ['Chile', 'America/Santiago'],
  ['Peru', 'America/Lima'],
];

/** Offered on an empty query, and ranked first among equal matches. */
const POPULAR = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

interface Entry {
  zone: string;
  label: string;
  /** Normalised names to match: the city or place, then extra words. */
  keys: readonly string[];
  /** Normalised zone path, "america/new york"; empty for places. */
  path: string;
  rank: number;
}

const MAX_QUERY = 50;
const MAX_RESULTS = 25;

/** Lower case, no accents, no punctuation; underscores, hyphens and commas become spaces. */
export function normalizePlace(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/[_\-,()]+/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}

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

/**
 * Autocomplete choices for a time zone option: matches on city, country and zone names ("london",
 * "nyc", "india", "europe/"), best matches first. Empty query: popular zones, UTC first. `nowMs` only
 * sets the "UTC+01:00 now" in the names.
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

  const best = new Map<string, { entry: Entry; score: number }>();
  const wordQ = ` ${q}`;
  const segmentQ = `/${q}`;
  for (const entry of getIndex()) {
    const s = score(entry, q, wordQ, segmentQ);
    if (s === undefined) continue;
    const seen = best.get(entry.zone);
    // One row per zone: the best match wins, then the zone's own city over a place.
    if (!seen || s < seen.score || (s === seen.score && entry.path !== '' && seen.entry.path === '')) {
      best.set(entry.zone, { entry, score: s });
    }
  }
  return [...best.values()]
    .sort(
      (a, b) =>
        a.score - b.score ||
        a.entry.rank - b.entry.rank ||
        compare(a.entry.label, b.entry.label) ||
        compare(a.entry.zone, b.entry.zone),
    )
    .slice(0, max)
    .map(({ entry }) => choice(entry, nowMs));
}
