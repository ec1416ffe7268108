// Club channels on PostgreSQL: the statements of SQLite's src/store/clubs.ts with the same semantics and guards.
import type { ClubChannelRow } from '../clubs.ts';
import type { ClubClaimOps, ClubRepository } from '../repositories.ts';
import { inTransaction, type PgPool, type Queryable } from './pool.ts';

const changes = async (q: Queryable, sql: string, values: unknown[]): Promise<number> => (await q.query(sql, values)).rowCount ?? 0;
const rows = async (q: Queryable, sql: string, values: unknown[]): Promise<ClubChannelRow[]> => (await q.query<ClubChannelRow>(sql, values)).rows;

/** The tip job's side, on the pool or on a claim batch's connection. */
export function pgClubClaimOps(q: Queryable): ClubClaimOps {
  return {
    // `id` breaks ties, which SQLite leaves to its plan (in practice the due index: next_fire_at, then rowid).
    due: (now, limit) => rows(q, 'SELECT * FROM club_channels WHERE next_fire_at <= $1 ORDER BY next_fire_at, id LIMIT $2', [now, limit]),
    // Guarded by the fire time read: a row another claimer moved on is left alone.
    advance: async (id, oldAt, next, now) =>
      (await changes(
        q,
        'UPDATE club_channels SET next_fire_at = $3, next_local_date = $4, updated_at = $5 WHERE id = $1 AND next_fire_at = $2',
        [id, oldAt, next.at, next.localDate, now],
      )) > 0,
    postedInCycle: async (id, cycle) =>
      new Set(
        (await q.query<{ tip_id: string }>('SELECT tip_id FROM club_tips_posted WHERE channel_row = $1 AND cycle = $2', [id, cycle])).rows.map(
          (r) => r.tip_id,
        ),
      ),
  };
}

type ChannelOps = Pick<ClubRepository, 'save' | 'byChannel' | 'byId' | 'inGuild'>;

function channelOps(pool: PgPool): ChannelOps {
  return {
    // A re-save keeps the row's id, seed, cycle and created_at; its health starts fresh.
    save: async (c) =>
      (
        await rows(
          pool,
          `INSERT INTO club_channels (guild_id, channel_id, local_time, time_zone, days, role_id, next_fire_at, next_local_date, shuffle_seed, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
           ON CONFLICT (channel_id) DO UPDATE SET
             guild_id = excluded.guild_id, local_time = excluded.local_time, time_zone = excluded.time_zone, days = excluded.days,
             role_id = excluded.role_id, next_fire_at = excluded.next_fire_at, next_local_date = excluded.next_local_date,
             health = 'ok', health_reason = NULL, health_since = NULL, failing_since = NULL, updated_at = excluded.updated_at
           RETURNING *`,
          [c.guildId, c.channelId, c.localTime, c.timeZone, c.days, c.roleId, c.next.at, c.next.localDate, c.seed, c.now],
        )
      )[0]!,
    byChannel: async (channelId) => (await rows(pool, 'SELECT * FROM club_channels WHERE channel_id = $1', [channelId]))[0],
    byId: async (id) => (await rows(pool, 'SELECT * FROM club_channels WHERE id = $1', [id]))[0],
    // false < true in both databases, so the scheduled channels come first, then the stopped ones by id.
    inGuild: (guildId) => rows(pool, 'SELECT * FROM club_channels WHERE guild_id = $1 ORDER BY next_fire_at IS NULL, next_fire_at, id', [guildId]),
  };
}

type HealthOps = Pick<ClubRepository, 'setHealth' | 'disableGuild' | 'markPosted'>;

function healthOps(pool: PgPool): HealthOps {
  return {
    // health_since moves only when the health or its reason changes (the CASE reads the row before the update).
    setHealth: async (id, health, reason, failingSince, now) => {
      await pool.query(
        `UPDATE club_channels SET health = $2::text, health_reason = $3::text,
           health_since = CASE WHEN health = $2::text AND health_reason IS NOT DISTINCT FROM $3::text THEN health_since ELSE $5::bigint END,
           failing_since = $4, next_fire_at = CASE WHEN $2::text = 'disabled' THEN NULL ELSE next_fire_at END,
           next_local_date = CASE WHEN $2::text = 'disabled' THEN NULL ELSE next_local_date END, updated_at = $5::bigint
         WHERE id = $1`,
        [id, health, reason, failingSince, now],
      );
    },
    disableGuild: (guildId, now) =>
      changes(
        pool,
        `UPDATE club_channels SET health = 'disabled', health_reason = 'Lumbar was removed from the server', health_since = $1,
           next_fire_at = NULL, next_local_date = NULL, updated_at = $1 WHERE guild_id = $2 AND health != 'disabled'`,
        [now, guildId],
      ),
    markPosted: (id, cycle, tipId, now) =>
      inTransaction(pool, async (client) => {
        await client.query('INSERT INTO club_tips_posted (channel_row, cycle, tip_id, posted_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          id,
          cycle,
          tipId,
          now,
        ]);
        if ((await changes(client, 'UPDATE club_channels SET cycle = $2 WHERE id = $1 AND cycle < $2', [id, cycle])) > 0) {
          await client.query('DELETE FROM club_tips_posted WHERE channel_row = $1 AND cycle < $2', [id, cycle]);
        }
      }),
  };
}

export function createPgClubRepository(pool: PgPool): ClubRepository {
  return { ...pgClubClaimOps(pool), ...channelOps(pool), ...healthOps(pool) };
}
