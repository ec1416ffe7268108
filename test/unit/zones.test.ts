import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { searchZones } from '../../src/time/zone-search.ts';
import { canonicalZone, zoneNames } from '../../src/time/zones.ts';

const JANUARY = Date.UTC(2026, 0, 15, 12);
const JULY = Date.UTC(2026, 6, 15, 12);
const search = (query: string, limit?: number) => searchZones(query, limit, JANUARY);

describe('searchZones', () => {
  it.each([
    ['london', 'Europe/London'],
    ['London', 'Europe/London'],
    ['  LONDON ', 'Europe/London'],
    ['lond', 'Europe/London'],
    ['new york', 'America/New_York'],
    ['new_york', 'America/New_York'],
    ['nyc', 'America/New_York'],
    ['kolkata', 'Asia/Kolkata'],
    ['calcutta', 'Asia/Kolkata'],
    ['delhi', 'Asia/Kolkata'],
    ['mumbai', 'Asia/Kolkata'],
    ['india', 'Asia/Kolkata'],
    ['sydney', 'Australia/Sydney'],
    ['tokyo', 'Asia/Tokyo'],
    ['los angeles', 'America/Los_Angeles'],
    ['la', 'America/Los_Angeles'],
    ['LA', 'America/Los_Angeles'],
    ['san francisco', 'America/Los_Angeles'],
    ['chicago', 'America/Chicago'],
    ['toronto', 'America/Toronto'],
    ['berlin', 'Europe/Berlin'],
    ['paris', 'Europe/Paris'],
    ['lord howe', 'Australia/Lord_Howe'],
    ['chatham', 'Pacific/Chatham'],
    ['utc', 'UTC'],
    ['UTC', 'UTC'],
    ['uk', 'Europe/London'],
    ['england', 'Europe/London'],
    ['ireland', 'Europe/Dublin'],
    ['germany', 'Europe/Berlin'],
    ['new zealand', 'Pacific/Auckland'],
    ['kyiv', 'Europe/Kyiv'],
    ['kiev', 'Europe/Kyiv'],
    ['são paulo', 'America/Sao_Paulo'],
    ['zürich', 'Europe/Zurich'],
    ["st. john's", 'America/St_Johns'],
    ['europe/london', 'Europe/London'],
    ['york', 'America/New_York'],
    // Cities from city-timezones and the informal names of the overlay.
    ['orlando', 'America/New_York'],
    ['raleigh', 'America/New_York'],
    ['bordeaux', 'Europe/Paris'],
    ['leipzig', 'Europe/Berlin'],
    ['eastern time', 'America/New_York'],
    ['pacific time', 'America/Los_Angeles'],
    ['central time', 'America/Chicago'],
    ['mountain time', 'America/Denver'],
    ['bay area', 'America/Los_Angeles'],
    ['boston', 'America/New_York'],
    ['seattle', 'America/Los_Angeles'],
    ['hyderabad', 'Asia/Kolkata'],
    ['montréal', 'America/Toronto'],
    ['chongqing', 'Asia/Shanghai'],
  ])('%j -> %s first', (query, zone) => {
    expect(search(query)[0]?.value).toBe(zone);
  });

  it('shows the place, the zone and its offset now', () => {
    expect(search('london')[0]?.name).toBe('London — Europe/London (UTC+00:00 now)');
    expect(searchZones('london', 25, JULY)[0]?.name).toBe('London — Europe/London (UTC+01:00 now)');
    expect(search('new york')[0]?.name).toBe('New York — America/New_York (UTC-05:00 now)');
    expect(search('mumbai')[0]?.name).toBe('Mumbai — Asia/Kolkata (UTC+05:30 now)');
    expect(search('chatham')[0]?.name).toBe('Chatham — Pacific/Chatham (UTC+13:45 now)');
    expect(search('st johns')[0]?.name).toBe('St Johns — America/St_Johns (UTC-03:30 now)');
    expect(search('utc')[0]?.name).toMatch(/^UTC\b/);
  });

  it('one row per zone', () => {
    // "india" matches Asia/Kolkata as a country and "Indian/…" and "America/Indiana/…" as paths.
    const values = search('india').map((c) => c.value);
    expect(new Set(values).size).toBe(values.length);
    expect(values.filter((v) => v === 'Asia/Kolkata')).toHaveLength(1);
    expect(search('new york')).toHaveLength(1);
  });

  it('puts prefix matches before substring matches', () => {
    const values = search('lon').map((c) => c.value);
    expect(values.slice(0, 2)).toEqual(['Europe/London', 'Arctic/Longyearbyen']);
    // "ton" starts Tongatapu's name and is inside Edmonton's and Moncton's.
    const ton = search('ton').map((c) => c.value);
    expect(ton[0]).toBe('Pacific/Tongatapu');
    expect(ton).toEqual(expect.arrayContaining(['America/Edmonton', 'America/Moncton']));
    // Two letters match prefixes only.
    expect(search('on').map((c) => c.value)).not.toContain('Europe/London');
    const angeles = search('angel').map((c) => c.value);
    expect(angeles[0]).toBe('America/Los_Angeles');
  });

  it('a region lists its zones, popular ones first', () => {
    const europe = search('europe');
    expect(europe).toHaveLength(25);
    expect(europe.every((c) => c.value.startsWith('Europe/'))).toBe(true);
    expect(europe[0]?.value).toBe('Europe/London');
  });

  it('the empty query gives a short list of popular zones, UTC first', () => {
    for (const query of ['', '   ']) {
      const list = search(query);
      expect(list[0]?.value).toBe('UTC');
      expect(list.length).toBeGreaterThanOrEqual(10);
      expect(list.length).toBeLessThanOrEqual(25);
      expect(list.map((c) => c.value)).toEqual(expect.arrayContaining(['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney']));
    }
    expect(search('', 3).map((c) => c.value)).toEqual(['UTC', 'Europe/London', 'America/New_York']);
  });

  it.each(['xyzzy', 'mars/base', '!!!', '@everyone', '<script>', 'x'.repeat(100), 'london'.repeat(17), '😀'])('%j finds nothing', (query) => {
    expect(search(query)).toEqual([]);
  });

  it('respects the limit and Discord’s cap of 25', () => {
    expect(search('a')).toHaveLength(25);
    expect(search('a', 100)).toHaveLength(25);
    expect(search('a', 5)).toHaveLength(5);
    expect(search('a', 0)).toEqual([]);
  });

  it('is deterministic', () => {
    for (const query of ['a', 'san', 'america', 'us', 'au']) {
      expect(search(query)).toEqual(search(query));
    }
  });

  it('every value is a canonical zone and every name fits Discord (≤ 100 characters)', () => {
    const queries = ['', 'a', 'e', 'i', 'o', 'u', 'america', 'europe', 'asia', 'africa', 'australia', 'pacific', 'indian', 'antarctica', 'atlantic', 'us', 'canada', 'la', 'san', 'st', 'port', 'new', 'argentina', 'indiana', 'north dakota'];
    let seen = 0;
    for (const query of queries) {
      for (const { name, value } of search(query)) {
        seen++;
        expect(canonicalZone(value)).toEqual({ ok: true, value });
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(100);
        expect(value.length).toBeLessThanOrEqual(100);
      }
    }
    expect(seen).toBeGreaterThan(300);
  });
});

describe('canonicalZone', () => {
  it.each([
    ['Europe/London', 'Europe/London'],
    ['europe/london', 'Europe/London'],
    ['  EUROPE/LONDON ', 'Europe/London'],
    ['America/New York', 'America/New_York'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
    ['Asia/Kathmandu', 'Asia/Kathmandu'],
    ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['America/Indiana/Indianapolis', 'America/Indiana/Indianapolis'],
    ['US/Eastern', 'America/New_York'],
    ['Asia/Istanbul', 'Europe/Istanbul'],
    ['Australia/Lord_Howe', 'Australia/Lord_Howe'],
    ['Pacific/Chatham', 'Pacific/Chatham'],
    ['America/St_Johns', 'America/St_Johns'],
  ])('%j -> %j', (text, zone) => {
    expect(canonicalZone(text)).toEqual({ ok: true, value: zone });
  });

  it.each(['EST', 'est', 'PST', 'CET', 'GMT', 'BST', 'IST', 'AEST', '+5', '-03:00', 'UTC+5', 'UTC+05:30', 'utc-3', 'GMT-3', 'Etc/GMT+5', 'Mars/Base', 'Europe/Londn', 'London', '', '   ', '@everyone', 'x'.repeat(100)])(
    'rejects %j and points at the city list',
    (text) => {
      const result = canonicalZone(text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(/from the list, such as [A-Z][a-z]+\/[A-Z]/);
    },
  );

  it('explains abbreviations and offsets, and suggests a city', () => {
    expect(canonicalZone('EST')).toEqual({
      ok: false,
      error: '“EST” isn\'t a time zone I can use: abbreviations change meaning with daylight saving. Pick a city from the list, such as America/New_York.',
    });
    const offset = canonicalZone('UTC+5');
    expect(!offset.ok && offset.error).toContain('fixed offset');
    const city = canonicalZone('london');
    expect(!city.ok && city.error).toContain('Europe/London');
    const mention = canonicalZone('@everyone');
    expect(!mention.ok && mention.error).not.toContain('@everyone');
  });

  it('accepts every name it lists as itself, and Temporal can use each one', () => {
    const names = zoneNames();
    expect(names.length).toBeGreaterThan(300);
    expect(names).toContain('Asia/Kolkata');
    expect(names).not.toContain('Asia/Calcutta');
    for (const name of names) {
      expect(canonicalZone(name)).toEqual({ ok: true, value: name });
      expect(canonicalZone(name.toLowerCase())).toEqual({ ok: true, value: name });
      expect(() => Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name)).not.toThrow();
    }
  });
});

describe('searchZones on city-timezones and the informal names', () => {
  it('labels a city with its region and country, and ranks cities by population', () => {
    expect(search('orlando')[0]?.name).toBe('Orlando, Florida, USA — America/New_York (UTC-05:00 now)');
    expect(search('leipzig')[0]?.name).toBe('Leipzig, Germany — Europe/Berlin (UTC+01:00 now)');
    // Zone names come first; then the cities, the bigger first: London, Ontario follows Europe/London.
    expect(search('london').map((c) => c.value).slice(0, 2)).toEqual(['Europe/London', 'America/Toronto']);
    expect(search('london')[1]?.name).toMatch(/^London, Ontario, Canada — America\/Toronto/);
  });

  it('maps every city to a canonical zone', () => {
    for (const query of ['san', 'saint', 'new', 'port', 'ch', 'ka', 'mo']) {
      for (const { value } of search(query)) expect(canonicalZone(value)).toEqual({ ok: true, value });
    }
  });
});
