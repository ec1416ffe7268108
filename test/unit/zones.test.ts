import { describe, expect, it } from 'vitest';
import { canonicalZone } from '../../src/schedule/time.ts';
import { searchZones } from '../../src/schedule/zones.ts';

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

  it('answers in well under a millisecond once warm', () => {
    const queries = ['lon', 'new york', 'a', 'europe', 'india', 'san francisco', ''];
    for (const q of queries) search(q);
    const n = 700;
    const start = performance.now();
    for (let i = 0; i < n; i++) search(queries[i % queries.length]!);
    const perQuery = (performance.now() - start) / n;
    expect(perQuery).toBeLessThan(1);
  });
});
