// Club channels for daily tips: configuration, schedule, health and the rotation's memory.
import type { Db } from './db.ts';

export type ClubHealth = 'ok' | 'paused' | 'disabled';

export interface ClubChannelRow {
  id: number;
  guild_id: string;
  channel_id: string;
  local_time: string;
  time_zone: string;
  days: number;
  role_id: string | null;
  next_fire_at: number | null;
  next_local_date: string | null;
  health: ClubHealth;
  health_reason: string | null;
  health_since: number | null;
  failing_since: number | null;
  shuffle_seed: number;
  cycle: number;
  created_at: number;
  updated_at: number;
}

export interface ClubChannelSettings {
  guildId: string;
  channelId: string;
  localTime: string;
  timeZone: string;
  days: number;
  roleId: string | null;
  next: { at: number; localDate: string };
  seed: number;
  now: number;
}

function statements(db: Db) {
  return {
    upsert: db.prepare(
      `INSERT INTO club_channels (guild_id, channel_id, local_time, time_zone, days, role_id, next_fire_at, next_local_date, shuffle_seed, created_at, updated_at)
       VALUES (@guildId, @channelId, @localTime, @timeZone, @days, @roleId, @nextAt, @nextDate, @seed, @now, @now)
       ON CONFLICT (channel_id) DO UPDATE SET
         guild_id = excluded.guild_id, local_time = excluded.local_time, time_zone = excluded.time_zone, days = excluded.days,
         role_id = excluded.role_id, next_fire_at = excluded.next_fire_at, next_local_date = excluded.next_local_date,
         health = 'ok', health_reason = NULL, health_since = NULL, failing_since = NULL, updated_at = excluded.updated_at`,
    ),
    byChannel: db.prepare<[string], ClubChannelRow>('SELECT * FROM club_channels WHERE channel_id = ?'),
    byId: db.prepare<[number], ClubChannelRow>('SELECT * FROM club_channels WHERE id = ?'),
    inGuild: db.prepare<[string], ClubChannelRow>('SELECT * FROM club_channels WHERE guild_id = ? ORDER BY next_fire_at IS NULL, next_fire_at, id'),
    setHealth: db.prepare(
      `UPDATE club_channels SET health = @health, health_reason = @reason,
         health_since = CASE WHEN health = @health AND health_reason IS @reason THEN health_since ELSE @now END,
         failing_since = @failingSince, next_fire_at = CASE WHEN @health = 'disabled' THEN NULL ELSE next_fire_at END,
         next_local_date = CASE WHEN @health = 'disabled' THEN NULL ELSE next_local_date END, updated_at = @now
       WHERE id = @id`,
    ),
    disableGuild: db.prepare<[number, number, string]>(
      `UPDATE club_channels SET health = 'disabled', health_reason = 'Lumbar was removed from the server', health_since = ?,
         next_fire_at = NULL, next_local_date = NULL, updated_at = ? WHERE guild_id = ? AND health != 'disabled'`,
    ),
    posted: db.prepare<[number, number], { tip_id: string }>('SELECT tip_id FROM club_tips_posted WHERE channel_row = ? AND cycle = ?'),
    markPosted: db.prepare<[number, number, string, number]>(
      'INSERT INTO club_tips_posted (channel_row, cycle, tip_id, posted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    setCycle: db.prepare('UPDATE club_channels SET cycle = @cycle WHERE id = @id AND cycle < @cycle'),
    forgetOldCycles: db.prepare<[number, number]>('DELETE FROM club_tips_posted WHERE channel_row = ? AND cycle < ?'),
    due: db.prepare<[number, number], ClubChannelRow>('SELECT * FROM club_channels WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ?'),
    // Guarded by the fire time read: a row another claimer moved on is left alone.
    advance: db.prepare('UPDATE club_channels SET next_fire_at = @nextAt, next_local_date = @nextDate, updated_at = @now WHERE id = @id AND next_fire_at = @oldAt'),
  };
}

type Statements = ReturnType<typeof statements>;

export function createClubStore(db: Db) {
  const s = statements(db);
  return { ...channelMethods(s), ...rotationMethods(db, s) };
}

function channelMethods(s: Statements) {
  return {
    /** Enables (or re-enables with new settings) a channel; health starts fresh. */
    save(c: ClubChannelSettings): ClubChannelRow {
      s.upsert.run({ ...c, nextAt: c.next.at, nextDate: c.next.localDate });
      return s.byChannel.get(c.channelId)!;
    },
    byChannel(channelId: string): ClubChannelRow | undefined {
      return s.byChannel.get(channelId);
    },
    byId(id: number): ClubChannelRow | undefined {
      return s.byId.get(id);
    },
    inGuild(guildId: string): ClubChannelRow[] {
      return s.inGuild.all(guildId);
    },
    setHealth(id: number, health: 'ok' | 'paused' | 'disabled', reason: string | null, failingSince: number | null, now: number): void {
      s.setHealth.run({ id, health, reason, failingSince, now });
    },
    /** Lumbar left the server: every channel there stops. */
    disableGuild(guildId: string, now: number): number {
      return s.disableGuild.run(now, now, guildId).changes;
    },
    /** Channels whose post is due, soonest first (for the tip job's claim). */
    due(now: number, limit: number): ClubChannelRow[] {
      return s.due.all(now, limit);
    },
    /** Moves a channel on to its next post, unless its fire time is no longer `oldAt`; false then. */
    advance(id: number, oldAt: number, next: { at: number; localDate: string }, now: number): boolean {
      return s.advance.run({ id, oldAt, nextAt: next.at, nextDate: next.localDate, now }).changes > 0;
    },
  };
}

function rotationMethods(db: Db, s: Statements) {
  return {
    postedInCycle(id: number, cycle: number): Set<string> {
      return new Set(s.posted.all(id, cycle).map((r) => r.tip_id));
    },
    /** Remembers a tip as used in `cycle`; moving to a new cycle drops the old one's memory. */
    markPosted: db.transaction((id: number, cycle: number, tipId: string, now: number): void => {
      s.markPosted.run(id, cycle, tipId, now);
      if (s.setCycle.run({ cycle, id }).changes > 0) s.forgetOldCycles.run(id, cycle);
    }),
  };
}

export type ClubStore = ReturnType<typeof createClubStore>;
