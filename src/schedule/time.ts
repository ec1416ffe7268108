// Pure time code for reminders and daily tips: parsing what members type, and the next fire time.
//
// Nothing here reads the clock: `now` is always a parameter.
//
// nextFireAt follows Temporal's `ZonedDateTime.from(…, { disambiguation: 'compatible' })` exactly
// (the unit tests check it against temporal-polyfill on every DST transition of the zones they use),
// but does the arithmetic itself over a cached per-zone offset table. The polyfill costs 10–20 µs
// per offset lookup, so a Temporal walk is 30–50 µs per call; this is about 1 µs once warm.

/** A wall-clock time of day, 00:00–23:59. */
export interface LocalTime {
  hour: number;
  minute: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = <T>(error: string): ParseResult<T> => ({ ok: false, error });

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Echo what the member typed only when it is short and plain (no mentions, markdown or newlines). */
function quoted(text: string, max = 40): string | undefined {
  return text.length <= max && /^[\p{L}\p{N} _+\-−:./',]+$/u.test(text) ? `“${text}”` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Times of day

const TIME_FORMS = 'Try 07:30, 7:30am or 19:05.';
const TIME_RE = /^(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$/i;
const MAX_TIME_TEXT = 20;

/**
 * Reads a time of day: 24-hour "07:30", "7:30", "19:05", "0:00" or 12-hour "7:30am", "7:30 p.m.",
 * "7am", "12:00am" (midnight), "12:30pm" (half past noon). Minutes are always two digits; a bare
 * hour needs am/pm. In the 12-hour style the hour is 1–12, so "0:30am" and "13:00pm" are refused.
 */
export function parseLocalTime(text: string): ParseResult<LocalTime> {
  const raw = text.trim().replace(/\s+/g, ' ');
  if (raw === '') return fail(`Please give a time of day, like 07:30, 7:30am or 19:05.`);
  if (raw.length > MAX_TIME_TEXT) return fail(`That's too long to be a time of day. ${TIME_FORMS}`);
  const shown = quoted(raw) ?? 'that';
  const m = TIME_RE.exec(raw);
  if (!m) return fail(`I couldn't read ${shown} as a time. ${TIME_FORMS}`);
  const [, h, mm, meridiem] = m;
  const hour = Number(h);
  const minute = mm === undefined ? 0 : Number(mm);
  if (meridiem === undefined && mm === undefined) {
    return fail(
      hour >= 13 && hour <= 23
        ? `Please add the minutes: write ${hour}:00, for example. ${TIME_FORMS}`
        : `I couldn't tell whether ${shown} is morning or evening: add the minutes or am/pm. ${TIME_FORMS}`,
    );
  }
  if (minute > 59) return fail(`${cap(shown)} isn't a time of day: minutes go up to 59. ${TIME_FORMS}`);
  if (meridiem === undefined) {
    if (hour === 24 && minute === 0) return fail(`${cap(shown)} isn't a time I can use: write midnight as 00:00. ${TIME_FORMS}`);
    if (hour > 23) return fail(`${cap(shown)} isn't a time of day: hours go from 0 to 23. ${TIME_FORMS}`);
    return ok({ hour, minute });
  }
  const pm = meridiem.toLowerCase() === 'p';
  if (hour < 1 || hour > 12) {
    const mins = pad2(minute);
    const hint = hour === 0 ? (pm ? `12:${mins} or 12:${mins}pm` : `00:${mins} or 12:${mins}am`) : hour <= 23 ? `${pad2(hour)}:${mins} or ${hour - 12}:${mins}pm` : undefined;
    return fail(
      hint
        ? `${cap(shown)} mixes the 24-hour and am/pm styles (with am/pm the hour is 1 to 12): write ${hint}.`
        : `${cap(shown)} isn't a time of day: with am/pm the hour goes from 1 to 12. ${TIME_FORMS}`,
    );
  }
  return ok({ hour: (hour % 12) + (pm ? 12 : 0), minute });
}

function cap(s: string): string {
  return s === 'that' ? 'That' : s;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "07:30": the form stored in the database and echoed back to members. */
export function formatLocalTime(t: LocalTime): string {
  return `${pad2(t.hour)}:${pad2(t.minute)}`;
}

// ---------------------------------------------------------------------------------------------
// Days of the week

/** Days as a 7-bit mask: bit 0 = Monday … bit 6 = Sunday (ISO weekday - 1). */
export type DayMask = number;
export const EVERY_DAY: DayMask = 0b1111111;
export const WEEKDAYS: DayMask = 0b0011111;
export const WEEKENDS: DayMask = 0b1100000;

export type DaysChoice = 'every-day' | 'weekdays' | 'weekends' | 'custom';

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const DAY_FORMS = 'like “mon, wed, fri”, “Monday Thursday”, “tue-thu” or “sat, sun”';
const MAX_DAYS_TEXT = 100;

/** ISO weekday index 0–6 (Monday = 0) for a word such as "mo", "mon", "tues", "thurs", "weds", "Sundays". */
function dayIndex(word: string): number | undefined {
  if (word === 'weds') return 2;
  for (const w of [word, word.endsWith('s') ? word.slice(0, -1) : word]) {
    if (w.length < 2) continue;
    const i = DAY_NAMES.findIndex((name) => name.startsWith(w));
    if (i >= 0) return i;
  }
  return undefined;
}

const GROUPS: Record<string, DayMask> = {
  everyday: EVERY_DAY,
  daily: EVERY_DAY,
  all: EVERY_DAY,
  weekday: WEEKDAYS,
  weekdays: WEEKDAYS,
  weekend: WEEKENDS,
  weekends: WEEKENDS,
};

function parseCustomDays(text: string): ParseResult<DayMask> {
  const raw = text.trim();
  if (raw.length > MAX_DAYS_TEXT) return fail(`That's too long for a list of days. Type them ${DAY_FORMS}.`);
  const norm = raw
    .toLowerCase()
    .replace(/[–—−]/g, '-')
    .replace(/\bevery\s+day\b/g, 'everyday')
    .replace(/\s+(?:to|through|thru|till|until)\s+/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\band\b|&|\+/g, ',');
  const tokens = norm.split(/[\s,;/|.]+/).filter((t) => t !== '');
  if (tokens.length === 0) return fail(`Type the days you want, ${DAY_FORMS}.`);
  let mask = 0;
  for (const token of tokens) {
    const group = GROUPS[token];
    if (group !== undefined) {
      mask |= group;
      continue;
    }
    const ends = token.split('-');
    const [a, b] = ends.map(dayIndex);
    if (ends.length === 1 && a !== undefined) {
      mask |= 1 << a;
    } else if (ends.length === 2 && a !== undefined && b !== undefined) {
      // A range may wrap round the weekend: "fri-mon" is Fri, Sat, Sun, Mon.
      for (let i = a; ; i = (i + 1) % 7) {
        mask |= 1 << i;
        if (i === b) break;
      }
    } else {
      const bad = (ends.length === 2 ? ends.find((e) => e !== '' && dayIndex(e) === undefined) : undefined) ?? token;
      return fail(`I don't know the day ${quoted(bad, 30) ?? 'you typed'}. Type days ${DAY_FORMS}.`);
    }
  }
  return ok(mask);
}

/**
 * The days a schedule runs on. No choice means every day, unless custom text is given; custom text
 * is read only with the 'custom' choice or with no choice (it is ignored with the other choices).
 */
export function parseDays(choice: DaysChoice | undefined, custom: string | undefined): ParseResult<DayMask> {
  const text = custom?.trim() ?? '';
  switch (choice) {
    case undefined:
      return text === '' ? ok(EVERY_DAY) : parseCustomDays(text);
    case 'every-day':
      return ok(EVERY_DAY);
    case 'weekdays':
      return ok(WEEKDAYS);
    case 'weekends':
      return ok(WEEKENDS);
    case 'custom':
      return text === ''
        ? fail(`With custom days, type the days in custom_days, ${DAY_FORMS}. Or choose every day, weekdays or weekends.`)
        : parseCustomDays(text);
    default:
      return fail('Days can be every day, weekdays, weekends or custom.');
  }
}

/** "every day", "weekdays", "weekends" or a list in week order such as "Mon, Wed, Fri". */
export function formatDays(mask: DayMask): string {
  const m = mask & EVERY_DAY;
  if (m === EVERY_DAY) return 'every day';
  if (m === WEEKDAYS) return 'weekdays';
  if (m === WEEKENDS) return 'weekends';
  if (m === 0) return 'no days';
  return DAY_SHORT.filter((_, i) => (m & (1 << i)) !== 0).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Time zones

/**
 * Node 20's ICU lists some zones under the old names that CLDR keeps as canonical. Members and the
 * database get the current IANA names instead.
 */
const LEGACY_ZONES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

interface ZoneTable {
  /** Canonical names, sorted: "UTC" plus every IANA location zone. */
  names: readonly string[];
  /** Lower-cased accepted spelling (canonical, legacy, "etc/utc") -> canonical name. */
  byLower: ReadonlyMap<string, string>;
  /** Canonical name -> the old names it replaced. */
  formerNames: ReadonlyMap<string, readonly string[]>;
}

let zoneTable: ZoneTable | undefined;

function usableZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function getZoneTable(): ZoneTable {
  if (zoneTable) return zoneTable;
  const byLower = new Map<string, string>();
  const names = new Set<string>();
  const formerNames = new Map<string, string[]>();
  for (const listed of Intl.supportedValuesOf('timeZone')) {
    const modern = LEGACY_ZONES[listed];
    const name = modern !== undefined && usableZone(modern) ? modern : listed;
    names.add(name);
    byLower.set(listed.toLowerCase(), name);
    byLower.set(name.toLowerCase(), name);
    if (name !== listed) formerNames.set(name, [...(formerNames.get(name) ?? []), listed]);
  }
  // ICU leaves the UTC zones out of its list of locations. Their spellings are one zone, stored
  // once as "UTC", so two members (or one member twice) never hold UTC under different names.
  names.add('UTC');
  for (const alias of ['utc', 'etc/utc', 'etc/uct', 'etc/universal', 'etc/zulu', 'universal']) byLower.set(alias, 'UTC');
  zoneTable = { names: [...names].sort(), byLower, formerNames };
  return zoneTable;
}

/** Every zone name canonicalZone can return, sorted. */
export function zoneNames(): readonly string[] {
  return getZoneTable().names;
}

/** Old names a canonical zone replaced, e.g. Asia/Kolkata -> ["Asia/Calcutta"]. */
export function formerZoneNames(zone: string): readonly string[] {
  return getZoneTable().formerNames.get(zone) ?? [];
}

/** An example city zone for abbreviations people type; the point is that these are ambiguous. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  est: 'America/New_York', edt: 'America/New_York', et: 'America/New_York',
  cst: 'America/Chicago', cdt: 'America/Chicago', ct: 'America/Chicago',
  mst: 'America/Denver', mdt: 'America/Denver', mt: 'America/Denver',
  pst: 'America/Los_Angeles', pdt: 'America/Los_Angeles', pt: 'America/Los_Angeles',
  akst: 'America/Anchorage', akdt: 'America/Anchorage', hst: 'Pacific/Honolulu',
  ast: 'America/Halifax', adt: 'America/Halifax', nst: 'America/St_Johns', ndt: 'America/St_Johns',
  gmt: 'Europe/London', bst: 'Europe/London', wet: 'Europe/Lisbon', west: 'Europe/Lisbon',
  ut: 'Europe/London', z: 'Europe/London', zulu: 'Europe/London', uct: 'Europe/London',
  cet: 'Europe/Paris', cest: 'Europe/Paris', met: 'Europe/Paris', mez: 'Europe/Berlin', mesz: 'Europe/Berlin',
  eet: 'Europe/Athens', eest: 'Europe/Athens', msk: 'Europe/Moscow',
  ist: 'Asia/Kolkata', pkt: 'Asia/Karachi', sgt: 'Asia/Singapore', hkt: 'Asia/Hong_Kong',
  jst: 'Asia/Tokyo', kst: 'Asia/Seoul', pht: 'Asia/Manila', wib: 'Asia/Jakarta',
  aest: 'Australia/Sydney', aedt: 'Australia/Sydney', acst: 'Australia/Adelaide', acdt: 'Australia/Adelaide',
  awst: 'Australia/Perth', nzst: 'Pacific/Auckland', nzdt: 'Pacific/Auckland',
  sast: 'Africa/Johannesburg', cat: 'Africa/Maputo', eat: 'Africa/Nairobi', wat: 'Africa/Lagos',
  brt: 'America/Sao_Paulo', art: 'America/Argentina/Buenos_Aires',
};

const PICK_FROM_LIST = 'Start typing your city and pick it from the list, such as Europe/London or America/New_York.';
const OFFSET_RE = /^(?:(?:utc|gmt|z)\s*)?[+\-−]\s*\d{1,2}(?:(?::|\.)?\d{2})?(?:\s*h(?:ours?)?)?$|^(?:utc|gmt|z)\s*\d{1,2}$|^etc\/gmt[+-]?\d*$/i;
const NAME_RE = /^[a-z]+(?:\/[a-z0-9_+-]+)+$/i;

/**
 * The canonical IANA name for what a member typed (case-insensitive): "europe/london" ->
 * "Europe/London", "Asia/Calcutta" -> "Asia/Kolkata", "US/Eastern" -> "America/New_York", "UTC".
 * Abbreviations and fixed offsets are refused even where Intl would take them: they do not follow
 * daylight saving, or mean different things in different places.
 */
export function canonicalZone(text: string): ParseResult<string> {
  const raw = text.trim();
  if (raw === '') return fail(`Please choose a time zone. ${PICK_FROM_LIST}`);
  if (raw.length > 64) return fail(`That's too long to be a time zone. ${PICK_FROM_LIST}`);
  const table = getZoneTable();
  const key = raw.replace(/\s*\/\s*/g, '/').replace(/\s+/g, '_').toLowerCase();
  const direct = table.byLower.get(key);
  if (direct !== undefined) return ok(direct);

  const shown = quoted(raw) ?? 'That';
  const abbreviation = ABBREVIATIONS[key];
  if (abbreviation !== undefined) {
    return fail(`${shown} isn't a time zone I can use: abbreviations change meaning with daylight saving. Pick a city from the list, such as ${abbreviation}.`);
  }
  if (OFFSET_RE.test(key)) {
    return fail(`${shown} isn't a time zone I can use: a fixed offset doesn't follow daylight saving. ${PICK_FROM_LIST}`);
  }
  if (NAME_RE.test(key) && !key.startsWith('etc/')) {
    // Other IANA links Intl knows, such as US/Eastern or Asia/Istanbul, resolve to a listed zone.
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: key }).resolvedOptions().timeZone;
      const name = table.byLower.get(resolved.toLowerCase());
      if (name !== undefined) return ok(name);
    } catch {
      // Not a zone: fall through.
    }
  }
  const city = key.includes('/') ? undefined : table.names.find((n) => n.toLowerCase().endsWith(`/${key}`));
  if (city !== undefined) return fail(`Please pick the full zone name from the list, such as ${city}.`);
  return fail(`I don't know a time zone called ${quoted(raw) ?? 'that'}. ${PICK_FROM_LIST}`);
}

// ---------------------------------------------------------------------------------------------
// Offsets: a per-zone cache of the UTC offset at each UTC midnight, and of the transition instant
// on the days where those differ. This assumes a zone changes offset at most once in a day, the
// same assumption Temporal makes when it resolves wall times.

interface ZoneState {
  format: Intl.DateTimeFormat;
  /** UTC day number -> offset (ms) at that day's 00:00Z. */
  midnight: Map<number, number>;
  /** UTC day number -> first instant (ms) that day with the next midnight's offset. */
  transition: Map<number, number>;
}

const zoneStates = new Map<string, ZoneState>();
const MAX_CACHED_DAYS = 20_000;

function zoneState(zone: string): ZoneState {
  let state = zoneStates.get(zone);
  if (state === undefined) {
    if (zoneStates.size >= 1000) zoneStates.clear();
    const format = new Intl.DateTimeFormat('en-US-u-nu-latn', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    state = { format, midnight: new Map(), transition: new Map() };
    zoneStates.set(zone, state);
  }
  return state;
}

/** Straight from Intl: the offset at a whole second. */
function intlOffset(state: ZoneState, ms: number): number {
  const f: Record<string, string> = {};
  for (const part of state.format.formatToParts(ms)) f[part.type] = part.value;
  let year = Number(f.year);
  if (f.era === 'BC' || f.era === 'B') year = 1 - year;
  const wall = daysFromCivil(year, Number(f.month), Number(f.day)) * DAY_MS + Number(f.hour) * HOUR_MS + Number(f.minute) * MINUTE_MS + Number(f.second) * 1000;
  return wall - ms;
}

function midnightOffset(state: ZoneState, day: number): number {
  let offset = state.midnight.get(day);
  if (offset === undefined) {
    if (state.midnight.size >= MAX_CACHED_DAYS) {
      state.midnight.clear();
      state.transition.clear();
    }
    offset = intlOffset(state, day * DAY_MS);
    state.midnight.set(day, offset);
  }
  return offset;
}

function transitionOn(state: ZoneState, day: number, before: number): number {
  let at = state.transition.get(day);
  if (at === undefined) {
    // Binary search over whole seconds: offset(lo) is the old offset, offset(hi) is not.
    let lo = day * DAY_MS;
    let hi = lo + DAY_MS;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (intlOffset(state, mid) === before) lo = mid;
      else hi = mid;
    }
    at = hi;
    state.transition.set(day, at);
  }
  return at;
}

function offsetIn(state: ZoneState, ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  const before = midnightOffset(state, day);
  const after = midnightOffset(state, day + 1);
  if (before === after) return before;
  return ms >= transitionOn(state, day, before) ? after : before;
}

/** The zone's UTC offset in ms at an instant (local wall time = ms + offset). Throws RangeError for an unknown zone. */
export function zoneOffsetMs(ms: number, zone: string): number {
  return offsetIn(zoneState(zone), ms);
}

/**
 * The instant a wall time (as ms since 1970-01-01T00:00 local) happens, the way Temporal's
 * 'compatible' disambiguation picks it: the earlier of two in a fall-back overlap, and in a
 * spring-forward gap the wall time moved forward by the length of the gap.
 */
function resolveWall(state: ZoneState, wall: number): number {
  const before = offsetIn(state, wall - DAY_MS);
  const after = offsetIn(state, wall + DAY_MS);
  const found = candidates(state, wall, before, after);
  if (found.length > 0) return Math.min(...found);
  const shifted = candidates(state, wall + (after - before), before, after);
  return shifted.length > 0 ? Math.max(...shifted) : wall - before;
}

function candidates(state: ZoneState, wall: number, before: number, after: number): number[] {
  const out: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const at = wall - offset;
    if (offsetIn(state, at) === offset) out.push(at);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic on day numbers (days since 1970-01-01), proleptic Gregorian.

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function formatDayNumber(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** ISO weekday 1 (Monday) … 7 (Sunday); day 0 (1970-01-01) was a Thursday. */
function isoWeekday(days: number): number {
  return (((days + 3) % 7) + 7) % 7 + 1;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDayNumber(localDate: string): number {
  const m = DATE_RE.exec(localDate);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const days = daysFromCivil(year, month, day);
    if (month >= 1 && month <= 12 && day >= 1 && formatDayNumber(days) === localDate) return days;
  }
  throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(localDate)}`);
}

function checkTime(time: LocalTime): number {
  const { hour, minute } = time;
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    throw new RangeError(`Not a time of day: ${JSON.stringify(time)}`);
  }
  return hour * HOUR_MS + minute * MINUTE_MS;
}

// ---------------------------------------------------------------------------------------------
// Public calendar helpers

/** The local date ('YYYY-MM-DD') in `zone` at an instant. */
export function localDateOf(ms: number, zone: string): string {
  const state = zoneState(zone);
  return formatDayNumber(Math.floor((ms + offsetIn(state, ms)) / DAY_MS));
}

/** Epoch ms of a local date and time in `zone`, resolved like Temporal's disambiguation 'compatible'. */
export function occurrenceOn(localDate: string, zone: string, time: LocalTime): number {
  return resolveWall(zoneState(zone), parseDayNumber(localDate) * DAY_MS + checkTime(time));
}

/** ISO weekday of a 'YYYY-MM-DD' date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(localDate: string): number {
  return isoWeekday(parseDayNumber(localDate));
}

/**
 * The first instant strictly after `nowMs` when the wall clock in `zone` shows `time` on a day in
 * `days`, and the local date that occurrence belongs to. A time that a spring-forward gap skips
 * fires later by the gap on that date (02:30 -> 03:30); a time a fall-back repeats fires once, at
 * its first occurrence. Throws RangeError for an unknown zone, a bad time or an empty mask.
 */
export function nextFireAt(nowMs: number, zone: string, time: LocalTime, days: DayMask): { at: number; localDate: string } {
  if (!Number.isFinite(nowMs)) throw new RangeError(`now is not a finite number: ${nowMs}`);
  if (!Number.isInteger(days) || days <= 0 || days > EVERY_DAY) throw new RangeError(`Not a non-empty day mask: ${days}`);
  const timeMs = checkTime(time);
  const state = zoneState(zone);
  const today = Math.floor((nowMs + offsetIn(state, nowMs)) / DAY_MS);
  // Start at yesterday: a late time pushed forward by a gap at midnight can land after now.
  for (let day = today - 1; day <= today + 8; day++) {
    if ((days & (1 << (isoWeekday(day) - 1))) === 0) continue;
    const at = resolveWall(state, day * DAY_MS + timeMs);
    if (at > nowMs) return { at, localDate: formatDayNumber(day) };
  }
  // Unreachable: some allowed day in the next week starts after now.
  throw new Error(`No occurrence found in ${zone} after ${nowMs}`);
}
