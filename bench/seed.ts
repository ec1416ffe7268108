// Fills a database with reminders: `total` rows of which `due` are due at `now`.
import type { Db } from '../src/store/db.ts';
import { formatLocalTime } from '../src/time/parse.ts';

const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Pacific/Chatham'];

export function seedReminders(db: Db, total: number, due: number, now: number, dmChannel?: (userId: string) => string): void {
  const members = Math.max(1, Math.ceil(total / 5));
  const addMember = db.prepare('INSERT INTO members (user_id, dm_channel_id, dm_status, created_at) VALUES (?, ?, ?, ?)');
  const addReminder = db.prepare(
    'INSERT INTO reminders (user_id, local_time, time_zone, days, next_fire_at, next_local_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const userId = (i: number) => String(100000000000000000n + BigInt(i));
  db.transaction(() => {
    for (let m = 0; m < members; m++) {
      const id = userId(m);
      addMember.run(id, dmChannel ? dmChannel(id) : null, dmChannel ? 'open' : 'unknown', now);
    }
    for (let i = 0; i < total; i++) {
      const isDue = i < due;
      // Due rows are a few seconds to a minute late; the rest spread over the coming week.
      const at = isDue ? now - 1000 - (i % 60_000) : now + 60_000 + ((i * 7919) % (7 * 24 * 3600 * 1000));
      const minute = i % (24 * 60);
      addReminder.run(userId(i % members), formatLocalTime({ hour: Math.floor(minute / 60), minute: minute % 60 }), ZONES[i % ZONES.length], (i % 127) + 1, at, '2026-11-22', now);
    }
  })();
}
