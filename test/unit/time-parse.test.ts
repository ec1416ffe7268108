import { describe, expect, it } from 'vitest';
import { EVERY_DAY, WEEKDAYS, WEEKENDS, formatDays, formatLocalTime, parseDays, parseLocalTime, type LocalTime } from '../../src/time/parse.ts';

const MON = 1 << 0;
const TUE = 1 << 1;
const WED = 1 << 2;
const THU = 1 << 3;
const FRI = 1 << 4;
const SAT = 1 << 5;
const SUN = 1 << 6;

const at = (hour: number, minute: number): LocalTime => ({ hour, minute });

describe('parseLocalTime', () => {
  it.each([
    ['07:30', 7, 30],
    ['7:30', 7, 30],
    ['7:05', 7, 5],
    ['7:30am', 7, 30],
    ['7:30 am', 7, 30],
    ['7:30AM', 7, 30],
    ['7:30 p.m.', 19, 30],
    ['7:30 P.M.', 19, 30],
    ['7:30pm', 19, 30],
    ['19:05', 19, 5],
    ['0:00', 0, 0],
    ['00:00', 0, 0],
    ['23:59', 23, 59],
    ['12:00am', 0, 0],
    ['12:30am', 0, 30],
    ['12:30pm', 12, 30],
    ['12pm', 12, 0],
    ['7am', 7, 0],
    ['7 pm', 19, 0],
    ['11:59pm', 23, 59],
    ['  07:30  ', 7, 30],
  ])('reads %j as %i:%i', (text, hour, minute) => {
    expect(parseLocalTime(text)).toEqual({ ok: true, value: { hour, minute } });
  });

  it.each([
    '25:00',
    '24:00',
    '7:60',
    '13:00pm',
    '0:30am',
    '0:00am',
    '7:5',
    '07:300',
    '7.30pm',
    '7',
    '19',
    'noon-ish',
    'seven',
    '7:30 a',
    '7:30 xm',
    '-1:00',
    '',
    '   ',
    '07:30 in the morning!!',
    '1'.repeat(21),
  ])('rejects %j and says what is accepted', (text) => {
    const result = parseLocalTime(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      // Every message shows a 24-hour and an am/pm example.
      expect(result.error).toMatch(/\b\d{2}:\d{2}\b/);
      expect(result.error).toMatch(/\b\d{1,2}:\d{2}[ap]m\b/);
    }
  });

  it('names what was typed and the accepted forms', () => {
    expect(parseLocalTime('25:00')).toEqual({
      ok: false,
      error: '“25:00” isn\'t a time of day: hours go from 0 to 23. Try 07:30, 7:30am or 19:05.',
    });
    expect(parseLocalTime('noon-ish')).toEqual({ ok: false, error: 'I couldn\'t read “noon-ish” as a time. Try 07:30, 7:30am or 19:05.' });
    const mixed = parseLocalTime('13:00pm');
    expect(!mixed.ok && mixed.error).toContain('13:00 or 1:00pm');
    const zero = parseLocalTime('0:30am');
    expect(!zero.ok && zero.error).toContain('00:30 or 12:30am');
  });

  it('does not echo long or unsafe text', () => {
    const result = parseLocalTime('@everyone');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).not.toContain('@everyone');
    const long = parseLocalTime('x'.repeat(500));
    expect(!long.ok && long.error.length).toBeLessThan(120);
  });

  it('formats as HH:MM and round-trips every minute of the day', () => {
    expect(formatLocalTime(at(7, 30))).toBe('07:30');
    expect(formatLocalTime(at(0, 5))).toBe('00:05');
    expect(formatLocalTime(at(19, 5))).toBe('19:05');
    for (let hour = 0; hour < 24; hour++) {
      for (let minute = 0; minute < 60; minute++) {
        expect(parseLocalTime(formatLocalTime(at(hour, minute)))).toEqual({ ok: true, value: { hour, minute } });
      }
    }
  });
});

describe('days', () => {
  it('has the documented masks', () => {
    expect(EVERY_DAY).toBe(0b1111111);
    expect(WEEKDAYS).toBe(MON | TUE | WED | THU | FRI);
    expect(WEEKENDS).toBe(SAT | SUN);
  });

  it.each([
    [undefined, undefined, EVERY_DAY],
    [undefined, '', EVERY_DAY],
    [undefined, '   ', EVERY_DAY],
    ['every-day', undefined, EVERY_DAY],
    ['weekdays', undefined, WEEKDAYS],
    ['weekends', undefined, WEEKENDS],
    // Custom text counts only with 'custom' or no choice.
    ['weekdays', 'sat', WEEKDAYS],
    ['every-day', 'mon', EVERY_DAY],
    ['weekends', 'funday', WEEKENDS],
    [undefined, 'mon,wed,fri', MON | WED | FRI],
    ['custom', 'mon,wed,fri', MON | WED | FRI],
    ['custom', 'Mon Wed Fri', MON | WED | FRI],
    ['custom', 'monday, thursday', MON | THU],
    ['custom', 'Monday and Thursday', MON | THU],
    ['custom', 'tue-thu', TUE | WED | THU],
    ['custom', 'tue - thu', TUE | WED | THU],
    ['custom', 'Tuesday to Thursday', TUE | WED | THU],
    ['custom', 'mon–fri', WEEKDAYS],
    ['custom', 'fri-mon', FRI | SAT | SUN | MON],
    ['custom', 'sat,sun', WEEKENDS],
    ['custom', 'sat, sun', WEEKENDS],
    ['custom', 'Sundays', SUN],
    ['custom', 'tues, thurs', TUE | THU],
    ['custom', 'weds', WED],
    ['custom', 'mo tu', MON | TUE],
    ['custom', 'weekends, wed', WED | SAT | SUN],
    ['custom', 'weekdays', WEEKDAYS],
    ['custom', 'every day', EVERY_DAY],
    ['custom', 'mon, mon, MON', MON],
  ] as const)('%j + %j', (choice, custom, mask) => {
    expect(parseDays(choice, custom)).toEqual({ ok: true, value: mask });
  });

  it.each([
    ['custom', undefined],
    ['custom', ''],
    ['custom', '   '],
    ['custom', 'funday'],
    ['custom', 'mon, funday'],
    ['custom', 'mon-funday'],
    ['custom', 'm'],
    ['custom', ',,,'],
    ['custom', 'mon-tue-wed'],
    [undefined, 'someday'],
    ['custom', 'mon '.repeat(40)],
  ] as const)('rejects %j + %j and lists accepted forms', (choice, custom) => {
    const result = parseDays(choice, custom);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('mon, wed, fri');
    expect(!result.ok && result.error).toContain('tue-thu');
  });

  it('names the unknown day', () => {
    const result = parseDays('custom', 'mon, funday');
    expect(!result.ok && result.error).toContain('“funday”');
  });

  it.each([
    [EVERY_DAY, 'every day'],
    [WEEKDAYS, 'weekdays'],
    [WEEKENDS, 'weekends'],
    [MON | WED | FRI, 'Mon, Wed, Fri'],
    [SUN | MON, 'Mon, Sun'],
    [THU, 'Thu'],
    [0, 'no days'],
  ])('formats %i as %j', (mask, text) => {
    expect(formatDays(mask)).toBe(text);
  });

  it('parses what it formats', () => {
    for (let mask = 1; mask <= EVERY_DAY; mask++) {
      expect(parseDays('custom', formatDays(mask))).toEqual({ ok: true, value: mask });
    }
  });
});
