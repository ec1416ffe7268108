// bench/seed.ts's reminders in PostgreSQL, row for row (same ids, members, times, zones, day masks and fire
// times), written by the server itself from generate_series: `total` rows of which `due` are due at `now`.
import type pg from 'pg';

const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Pacific/Chatham'];
const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface SeedPgOptions {
  /** Members get a DM channel (dm-<id>) and status open; default true. */
  dmChannels?: boolean;
  /** The due rows' fire time; default a few seconds to a minute before `now`, as bench/seed.ts lays them out. */
  dueAt?: number;
}

export async function seedRemindersPg(client: pg.ClientBase, total: number, due: number, now: number, o: SeedPgOptions = {}): Promise<void> {
  const dmChannels = o.dmChannels ?? true;
  const dueAt = o.dueAt === undefined ? '$5::bigint - 1000 - (i % 60000)' : String(Math.round(o.dueAt));
  const members = Math.max(1, Math.ceil(total / 5));
  const user = (v: string) => `(100000000000000000 + ${v})::text`;
  await client.query(
    `INSERT INTO members (user_id, dm_channel_id, dm_status, created_at)
     SELECT ${user('m')}, ${dmChannels ? `'dm-' || ${user('m')}` : 'NULL'}, ${dmChannels ? "'open'" : "'unknown'"}, $1::bigint
     FROM generate_series(0, $2::bigint - 1) AS m`,
    [now, members],
  );
  await client.query(
    `INSERT INTO reminders (id, user_id, local_time, time_zone, days, next_fire_at, next_local_date, created_at)
     SELECT i + 1, ${user('i % $2')}, lpad(((i % 1440) / 60)::text, 2, '0') || ':' || lpad((i % 60)::text, 2, '0'),
       ($3::text[])[i % 8 + 1], i % 127 + 1,
       CASE WHEN i < $4::bigint THEN ${dueAt} ELSE $5::bigint + 60000 + ((i * 7919) % ${WEEK_MS}) END, '2026-11-22', $5::bigint
     FROM generate_series(0, $1::bigint - 1) AS i`,
    [total, members, ZONES, due, now],
  );
  await client.query("SELECT setval(pg_get_serial_sequence('reminders', 'id'), $1)", [total]);
}
