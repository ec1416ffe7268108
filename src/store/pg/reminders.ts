// Members and their reminders on PostgreSQL: the statements of SQLite's src/store/reminders.ts with the same
// semantics and guards. Text that is ordered or compared by range (local_time, local_date) uses COLLATE "C",
// SQLite's byte order, so both backends sort and count alike whatever the database's collation.
import { MAX_REMINDERS_PER_MEMBER, TooManyReminders, type DueReminder, type DueSnooze, type MemberRow, type ReminderRow } from '../reminders.ts';
import type { ReminderClaimOps, ReminderRepository } from '../repositories.ts';
import { inTransaction, type PgPool, type Queryable } from './pool.ts';

const changed = async (q: Queryable, sql: string, values: unknown[]): Promise<boolean> => ((await q.query(sql, values)).rowCount ?? 0) > 0;
const changes = async (q: Queryable, sql: string, values: unknown[]): Promise<number> => (await q.query(sql, values)).rowCount ?? 0;
const first = async <R extends object>(q: Queryable, sql: string, values: unknown[]): Promise<R | undefined> =>
  (await q.query<R>(sql, values)).rows[0];

/** The reminder job's side, on the pool or on a claim batch's connection. */
export function pgReminderClaimOps(q: Queryable): ReminderClaimOps {
  return {
    // `id` breaks ties as SQLite's index scan does (next_fire_at, then rowid); PostgreSQL would leave them unordered.
    dueIds: async (now, limit) =>
      (await q.query<{ id: number }>('SELECT id FROM reminders WHERE next_fire_at <= $1 ORDER BY next_fire_at, id LIMIT $2', [now, limit])).rows.map(
        (r) => r.id,
      ),
    // One round trip for the batch: per row, read, move and claim were three, about 1 ms a row over a socket.
    dueRows: async (ids) => {
      if (ids.length === 0) return [];
      const { rows } = await q.query<DueReminder>(
        'SELECT id, user_id, local_time, time_zone, days, stretch_id, routine_id, rotation, next_fire_at, next_local_date FROM reminders WHERE id = ANY($1::bigint[])',
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    // Guarded by the fire time read: a row another claimer moved on is left alone. Firing ends a timed pause.
    advanceAll: async (moves) => {
      if (moves.length === 0) return new Set();
      const { rows } = await q.query<{ id: number }>(
        `UPDATE reminders AS r SET next_fire_at = u.at, next_local_date = u.local_date, rotation = r.rotation + u.step,
           paused_until = NULL, paused_reason = NULL
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::int[]) AS u(id, old_at, at, local_date, step)
         WHERE r.id = u.id AND r.next_fire_at = u.old_at
         RETURNING r.id`,
        [moves.map((m) => m.id), moves.map((m) => m.oldAt), moves.map((m) => m.next.at), moves.map((m) => m.next.localDate), moves.map((m) => m.step)],
      );
      return new Set(rows.map((r) => Number(r.id)));
    },
    dueSnoozes: async (now, limit) =>
      (
        await q.query<DueSnooze>('SELECT * FROM reminders WHERE snooze_at <= $1 AND paused_reason IS NULL ORDER BY snooze_at, id LIMIT $2', [
          now,
          limit,
        ])
      ).rows,
    takeSnooze: (id, at) => changed(q, 'UPDATE reminders SET snooze_at = NULL, snooze_of = NULL WHERE id = $1 AND snooze_at = $2', [id, at]),
  };
}

type MemberOps = Pick<ReminderRepository, 'member' | 'forget' | 'markDmClosed' | 'markDmOpen' | 'forgetDmChannel' | 'takeNotice'>;

function memberOps(pool: PgPool): MemberOps {
  return {
    member: (userId) => first<MemberRow>(pool, 'SELECT * FROM members WHERE user_id = $1', [userId]),
    forget: (userId) =>
      inTransaction(pool, async (client) => {
        const deliveries = await changes(client, 'DELETE FROM deliveries WHERE user_id = $1', [userId]);
        const reminders = await changes(client, 'DELETE FROM reminders WHERE user_id = $1', [userId]);
        await client.query('DELETE FROM members WHERE user_id = $1', [userId]);
        return { reminders, deliveries };
      }),
    markDmClosed: (userId, now) =>
      inTransaction(pool, async (client) => {
        await client.query("UPDATE members SET dm_status = 'closed', dm_closed_at = $1, notice_pending = 1 WHERE user_id = $2", [now, userId]);
        await client.query(
          `UPDATE reminders SET next_fire_at = NULL, next_local_date = NULL, paused_until = NULL, paused_reason = 'dm-closed',
             snooze_at = NULL, snooze_of = NULL WHERE user_id = $1`,
          [userId],
        );
      }),
    // A DM got through: any pending "I couldn't DM you" notice is out of date.
    markDmOpen: async (userId, channelId) => {
      await pool.query("UPDATE members SET dm_status = 'open', dm_channel_id = $1, dm_closed_at = NULL, notice_pending = 0 WHERE user_id = $2", [
        channelId,
        userId,
      ]);
    },
    forgetDmChannel: async (userId) => {
      await pool.query('UPDATE members SET dm_channel_id = NULL WHERE user_id = $1', [userId]);
    },
    takeNotice: async (userId) => {
      // Asked after every command: read first, so the usual answer writes nothing.
      if (!(await first<{ notice_pending: number }>(pool, 'SELECT notice_pending FROM members WHERE user_id = $1', [userId]))?.notice_pending) return false;
      return changed(pool, 'UPDATE members SET notice_pending = 0 WHERE user_id = $1 AND notice_pending = 1', [userId]);
    },
  };
}

async function count(q: Queryable, userId: string): Promise<number> {
  return (await first<{ n: number }>(q, 'SELECT count(*) AS n FROM reminders WHERE user_id = $1', [userId]))?.n ?? 0;
}

function addReminder(pool: PgPool): ReminderRepository['add'] {
  return (r) =>
    inTransaction(pool, async (client) => {
      // The upsert locks the member row until COMMIT, so a concurrent add for this member waits here; its
      // count below is a new snapshot (READ COMMITTED) that sees the reminder this one inserted.
      await client.query(
        'INSERT INTO members (user_id, created_at, time_zone) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone',
        [r.userId, r.now, r.timeZone],
      );
      if ((await count(client, r.userId)) >= MAX_REMINDERS_PER_MEMBER) throw new TooManyReminders();
      const inserted = await first<{ id: number }>(
        client,
        `INSERT INTO reminders (user_id, local_time, time_zone, days, stretch_id, routine_id, next_fire_at, next_local_date, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [r.userId, r.localTime, r.timeZone, r.days, r.stretchId, r.routineId ?? null, r.next.at, r.next.localDate, r.now],
      );
      return inserted!.id;
    });
}

type ReminderOps = Omit<ReminderRepository, keyof ReminderClaimOps | keyof MemberOps | 'add'>;

function reminderOps(pool: PgPool): ReminderOps {
  return {
    count: (userId) => count(pool, userId),
    list: async (userId) => (await pool.query<ReminderRow>('SELECT * FROM reminders WHERE user_id = $1 ORDER BY local_time COLLATE "C", id', [userId])).rows,
    get: (userId, id) => first<ReminderRow>(pool, 'SELECT * FROM reminders WHERE id = $1 AND user_id = $2', [id, userId]),
    byId: (id) => first<ReminderRow>(pool, 'SELECT * FROM reminders WHERE id = $1', [id]),
    reschedule: (list) =>
      inTransaction(pool, async (client) => {
        for (const { id, next, pause } of list) {
          // A pause also drops a pending snooze: "pause" means no reminders at all until it ends.
          await client.query(
            `UPDATE reminders SET next_fire_at = $2, next_local_date = $3, paused_until = $4, paused_reason = $5::text,
               snooze_at = CASE WHEN $5::text IS NULL THEN snooze_at END, snooze_of = CASE WHEN $5::text IS NULL THEN snooze_of END
             WHERE id = $1`,
            [id, next?.at ?? null, next?.localDate ?? null, pause?.until ?? null, pause?.reason ?? null],
          );
        }
      }),
    delete: (userId, id) =>
      inTransaction(pool, async (client) => {
        const deleted = await changed(client, 'DELETE FROM reminders WHERE id = $1 AND user_id = $2', [id, userId]);
        if (deleted) await client.query("DELETE FROM deliveries WHERE kind IN ('reminder', 'snooze') AND target_id = $1", [id]);
        return deleted;
      }),
    snooze: (userId, id, at, localDate) =>
      changed(pool, 'UPDATE reminders SET snooze_at = $1, snooze_of = $2 WHERE id = $3 AND user_id = $4 AND paused_reason IS NULL', [
        at,
        localDate,
        id,
        userId,
      ]),
    doneSince: async (userId, localDate) => {
      const { rows } = await pool.query<{ target_id: number; n: number }>(
        `SELECT target_id, count(*) AS n FROM deliveries
         WHERE user_id = $1 AND kind = 'reminder' AND local_date COLLATE "C" >= $2 AND done_at IS NOT NULL GROUP BY target_id`,
        [userId, localDate],
      );
      return new Map(rows.map((r) => [r.target_id, r.n]));
    },
  };
}

export function createPgReminderRepository(pool: PgPool): ReminderRepository {
  return { ...pgReminderClaimOps(pool), ...memberOps(pool), ...reminderOps(pool), add: addReminder(pool) };
}
