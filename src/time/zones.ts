// Zone names: the canonical IANA name for what a member typed, legacy names, and UTC's spellings.
import { fail, ok, quoted, type ParseResult } from './parse.ts';


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
