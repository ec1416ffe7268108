// Members and their reminders: typed rows in and out, prepared statements only.
import type { Db } from './db.ts';

export const MAX_REMINDERS_PER_MEMBER = 5;

export interface MemberRow {
  user_id: string;
  dm_channel_id: string | null;
  dm_status: 'unknown' | 'open' | 'closed';
  dm_closed_at: number | null;
  notice_pending: number;
  created_at: number;
  time_zone: string | null;
}

export interface ReminderRow {
  id: number;
  user_id: string;
  local_time: string;
  time_zone: string;
  days: number;
  stretch_id: string | null;
  /** A routine instead of a stretch (migration 008). */
  routine_id: string | null;
  rotation: number;
  next_fire_at: number | null;
  next_local_date: string | null;
  paused_until: number | null;
  paused_reason: 'member' | 'dm-closed' | null;
  snooze_at: number | null;
  snooze_of: string | null;
  created_at: number;
}

export interface NewReminder {
  userId: string;
  localTime: string;
  timeZone: string;
  days: number;
  stretchId: string | null;
  /** A routine instead of a stretch; absent or null: none. */
  routineId?: string | null;
  next: { at: number; localDate: string };
  now: number;
}

export interface ScheduleChange {
  id: number;
  next: { at: number; localDate: string } | null;
  pause: { until: number | null; reason: 'member' | 'dm-closed' } | null;
}

/** The columns a claim reads: what the next occurrence and the stretch rotation need. */
export type DueReminder = Pick<
  ReminderRow,
  'id' | 'user_id' | 'local_time' | 'time_zone' | 'days' | 'stretch_id' | 'routine_id' | 'rotation' | 'next_fire_at' | 'next_local_date'
>;
export type DueSnooze = ReminderRow & { snooze_at: number; snooze_of: string };

export class TooManyReminders extends Error {}

/** The due query reads only the partial index on next_fire_at (a covering scan); rows are read one by one as they are claimed. */
export const DUE_REMINDERS_SQL = 'SELECT id FROM reminders WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ?';

export function createReminderStore(db: Db) {
  const s = statements(db);
  return { ...memberMethods(db, s), ...reminderMethods(db, s), ...claimMethods(claimStatements(db)) };
}

export type ReminderStore = ReturnType<typeof createReminderStore>;

function statements(db: Db) {
  return {
    ensureMember: db.prepare<[string, number, string]>(
      'INSERT INTO members (user_id, created_at, time_zone) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone',
    ),
    getMember: db.prepare<[string], MemberRow>('SELECT * FROM members WHERE user_id = ?'),
    count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM reminders WHERE user_id = ?'),
    insert: db.prepare(
      `INSERT INTO reminders (user_id, local_time, time_zone, days, stretch_id, routine_id, next_fire_at, next_local_date, created_at)
       VALUES (@userId, @localTime, @timeZone, @days, @stretchId, @routineId, @nextAt, @nextLocalDate, @now)`,
    ),
    list: db.prepare<[string], ReminderRow>('SELECT * FROM reminders WHERE user_id = ? ORDER BY local_time, id'),
    get: db.prepare<[number, string], ReminderRow>('SELECT * FROM reminders WHERE id = ? AND user_id = ?'),
    getById: db.prepare<[number], ReminderRow>('SELECT * FROM reminders WHERE id = ?'),
    // A pause also drops a pending snooze: "pause" means no reminders at all until it ends.
    setSchedule: db.prepare(
      `UPDATE reminders SET next_fire_at = @nextAt, next_local_date = @nextDate, paused_until = @until, paused_reason = @reason,
         snooze_at = CASE WHEN @reason IS NULL THEN snooze_at END, snooze_of = CASE WHEN @reason IS NULL THEN snooze_of END
       WHERE id = @id`,
    ),
    delete: db.prepare<[number, string]>('DELETE FROM reminders WHERE id = ? AND user_id = ?'),
    deleteDeliveries: db.prepare<[string]>('DELETE FROM deliveries WHERE user_id = ?'),
    // The reminder's history and its snoozes' ("deleting a reminder deletes its history").
    deleteDeliveriesOf: db.prepare<[number]>("DELETE FROM deliveries WHERE kind IN ('reminder', 'snooze') AND target_id = ?"),
    deleteMember: db.prepare<[string]>('DELETE FROM members WHERE user_id = ?'),
    deleteReminders: db.prepare<[string]>('DELETE FROM reminders WHERE user_id = ?'),
    dmClosed: db.prepare<[number, string]>("UPDATE members SET dm_status = 'closed', dm_closed_at = ?, notice_pending = 1 WHERE user_id = ?"),
    pauseForClosedDms: db.prepare<[string]>(
      `UPDATE reminders SET next_fire_at = NULL, next_local_date = NULL, paused_until = NULL, paused_reason = 'dm-closed',
         snooze_at = NULL, snooze_of = NULL WHERE user_id = ?`,
    ),
    // A DM got through: any pending "I couldn't DM you" notice is out of date.
    dmOpen: db.prepare<[string, string]>("UPDATE members SET dm_status = 'open', dm_channel_id = ?, dm_closed_at = NULL, notice_pending = 0 WHERE user_id = ?"),
    forgetDmChannel: db.prepare<[string]>('UPDATE members SET dm_channel_id = NULL WHERE user_id = ?'),
    snooze: db.prepare<[number, string, number, string]>(
      'UPDATE reminders SET snooze_at = ?, snooze_of = ? WHERE id = ? AND user_id = ? AND paused_reason IS NULL',
    ),
    clearNotice: db.prepare<[string]>('UPDATE members SET notice_pending = 0 WHERE user_id = ? AND notice_pending = 1'),
    doneSince: db.prepare<[string, string], { target_id: number; n: number }>(
      "SELECT target_id, count(*) AS n FROM deliveries WHERE user_id = ? AND kind = 'reminder' AND local_date >= ? AND done_at IS NOT NULL GROUP BY target_id",
    ),
  };
}

type Statements = ReturnType<typeof statements>;

function reminderMethods(db: Db, s: Statements) {
  return {
    count(userId: string): number {
      return s.count.get(userId)?.n ?? 0;
    },
    /** Adds a reminder unless the member already has the maximum; checked in the same transaction. */
    add: db.transaction((r: NewReminder): number => {
      s.ensureMember.run(r.userId, r.now, r.timeZone);
      if ((s.count.get(r.userId)?.n ?? 0) >= MAX_REMINDERS_PER_MEMBER) throw new TooManyReminders();
      const info = s.insert.run({ ...r, routineId: r.routineId ?? null, nextAt: r.next.at, nextLocalDate: r.next.localDate });
      return Number(info.lastInsertRowid);
    }),
    list(userId: string): ReminderRow[] {
      return s.list.all(userId);
    },
    /** A reminder only if it belongs to this member. */
    get(userId: string, id: number): ReminderRow | undefined {
      return s.get.get(id, userId);
    },
    byId(id: number): ReminderRow | undefined {
      return s.getById.get(id);
    },
    /** For each reminder, in one transaction: its next occurrence, or NULL (paused with no end), and the pause (end and reason) for display. */
    reschedule: db.transaction((changes: readonly ScheduleChange[]): void => {
      for (const { id, next, pause } of changes) {
        s.setSchedule.run({ id, nextAt: next?.at ?? null, nextDate: next?.localDate ?? null, until: pause?.until ?? null, reason: pause?.reason ?? null });
      }
    }),
    delete: db.transaction((userId: string, id: number): boolean => {
      const deleted = s.delete.run(id, userId).changes > 0;
      if (deleted) s.deleteDeliveriesOf.run(id);
      return deleted;
    }),
    /** One extra reminder at `at`, for the reminder of `localDate`; false if it is not theirs or is paused. */
    snooze(userId: string, id: number, at: number, localDate: string): boolean {
      return s.snooze.run(at, localDate, id, userId).changes > 0;
    },
    doneSince(userId: string, localDate: string): Map<number, number> {
      return new Map(s.doneSince.all(userId, localDate).map((r) => [r.target_id, r.n]));
    },
  };
}

function memberMethods(db: Db, s: Statements) {
  return {
    member(userId: string): MemberRow | undefined {
      return s.getMember.get(userId);
    },
    /** Everything Lumbar keeps about a member: deliveries, reminders, the member row. */
    forget: db.transaction((userId: string): { reminders: number; deliveries: number } => {
      const deliveries = s.deleteDeliveries.run(userId).changes;
      const reminders = s.deleteReminders.run(userId).changes;
      s.deleteMember.run(userId);
      return { reminders, deliveries };
    }),
    /** Discord said DMs to this member are closed: pause everything until they resume. */
    markDmClosed: db.transaction((userId: string, now: number): void => {
      s.dmClosed.run(now, userId);
      s.pauseForClosedDms.run(userId);
    }),
    markDmOpen(userId: string, channelId: string): void {
      s.dmOpen.run(channelId, userId);
    },
    /** Discord no longer knows the cached DM channel; open a new one next time. */
    forgetDmChannel(userId: string): void {
      s.forgetDmChannel.run(userId);
    },
    /** True once after reminders were paused for closed DMs, so the member is told exactly once. */
    takeNotice(userId: string): boolean {
      // Asked after every command: read first, so the usual answer costs no write lock.
      if (!s.getMember.get(userId)?.notice_pending) return false;
      return s.clearNotice.run(userId).changes > 0;
    },
  };
}

function claimStatements(db: Db) {
  return {
    due: db.prepare<[number, number], number>(DUE_REMINDERS_SQL).pluck(),
    row: db.prepare<[number], DueReminder>(
      'SELECT id, user_id, local_time, time_zone, days, stretch_id, routine_id, rotation, next_fire_at, next_local_date FROM reminders WHERE id = ?',
    ),
    // Guarded by the fire time read: a row another claimer moved on is left alone. Firing ends a timed pause.
    advance: db.prepare(
      `UPDATE reminders SET next_fire_at = @nextAt, next_local_date = @nextDate, rotation = rotation + @step,
         paused_until = NULL, paused_reason = NULL
       WHERE id = @id AND next_fire_at = @oldAt`,
    ),
    snoozes: db.prepare<[number, number], DueSnooze>('SELECT * FROM reminders WHERE snooze_at <= ? AND paused_reason IS NULL ORDER BY snooze_at LIMIT ?'),
    clearSnooze: db.prepare<[number, number]>('UPDATE reminders SET snooze_at = NULL, snooze_of = NULL WHERE id = ? AND snooze_at = ?'),
  };
}

/** The reminder job's side: what is due, and moving it on. Called inside the delivery store's claim batch. */
function claimMethods(s: ReturnType<typeof claimStatements>) {
  return {
    /** Ids of due reminders, soonest first. */
    dueIds(now: number, limit: number): number[] {
      return s.due.all(now, limit);
    },
    /** The rows of these ids that still exist, in the order given (by primary key, one by one: SQLite is in-process). */
    dueRows(ids: readonly number[]): DueReminder[] {
      return ids.flatMap((id) => s.row.get(id) ?? []);
    },
    /** Moves each reminder to its next occurrence (and its rotation on by `step`), unless its fire time is no longer `oldAt`. */
    advanceAll(moves: readonly { id: number; oldAt: number; next: { at: number; localDate: string }; step: number }[]): Set<number> {
      const moved = moves.filter(({ id, oldAt, next, step }) => s.advance.run({ id, oldAt, nextAt: next.at, nextDate: next.localDate, step }).changes > 0);
      return new Set(moved.map((m) => m.id));
    },
    dueSnoozes(now: number, limit: number): DueSnooze[] {
      return s.snoozes.all(now, limit);
    },
    /** Clears a due snooze for its claim; false if it changed or went meanwhile. */
    takeSnooze(id: number, at: number): boolean {
      return s.clearSnooze.run(id, at).changes > 0;
    },
  };
}
