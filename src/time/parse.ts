// Reading what members type: times of day and days of the week, with friendly messages.

/** A wall-clock time of day, 00:00–23:59. */
export interface LocalTime {
  hour: number;
  minute: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = <T>(error: string): ParseResult<T> => ({ ok: false, error });

/** Echo what the member typed only when it is short and plain (no mentions, markdown or newlines). */
export function quoted(text: string, max = 40): string | undefined {
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
