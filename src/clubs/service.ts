// What /clubtips does, apart from Discord: who may, what Lumbar may post where, and the schedule.
import { PermissionFlagsBits } from 'discord.js';
import type { Tip } from '../content/schema.ts';
import type { AppContext } from '../app/context.ts';
import { UserError } from '../render/message.ts';
import { classify } from '../delivery/discord-errors.ts';
import { renderTipPost } from '../render/tip.ts';
import { nonceFor } from '../delivery/messenger.ts';
import { nextOccurrence, type Occurrence } from '../time/calendar.ts';
import { canonicalZone } from '../time/zones.ts';
import { formatLocalTime, parseDays, parseLocalTime, type DaysChoice } from '../time/parse.ts';
import type { ClubChannelRow } from '../store/clubs.ts';
import { missingPostPermissions } from './permissions.ts';
import { channelSeed, nextTip, shuffleRank } from './rotation.ts';

export interface Manager {
  userId: string;
  guildId: string;
}

/** The command is hidden from members without Manage Server, but Discord lets admins change that. */
export function requireManager(input: { userId: string; guildId: string | null; permissions: bigint | null }): Manager {
  if (!input.guildId) throw new UserError('Club tips belong to a server: use **/clubtips** in your server.');
  const perms = input.permissions ?? 0n;
  if ((perms & PermissionFlagsBits.ManageGuild) === 0n && (perms & PermissionFlagsBits.Administrator) === 0n) {
    throw new UserError('Only members with the **Manage Server** permission can change club tips. Ask a server admin.');
  }
  return { userId: input.userId, guildId: input.guildId };
}

/** Names what Lumbar is missing in a channel, or explains that it cannot see the channel at all. */
export function checkCanPost(ctx: AppContext, channelId: string): void {
  const perms = ctx.messenger.botPermissionsIn(channelId);
  if (perms === null) throw new UserError(`I can't see <#${channelId}>. Pick a text channel in this server that Lumbar can view.`);
  const missing = missingPostPermissions(perms).map((name) => `**${name}**`);
  if (missing.length) {
    throw new UserError(`I can't post in <#${channelId}> yet: I'm missing ${missing.join(', ')} there. Give Lumbar's role those permissions in the channel's settings, then try again.`);
  }
}

export interface EnableRequest {
  channelId: string;
  time: string;
  timezone: string;
  roleId?: string;
  days?: DaysChoice;
  customDays?: string;
}

function ok<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new UserError(result.error);
  return result.value;
}

export async function enableChannel(ctx: AppContext, m: Manager, req: EnableRequest): Promise<{ row: ClubChannelRow; next: Occurrence }> {
  const time = ok(parseLocalTime(req.time));
  const zone = ok(canonicalZone(req.timezone));
  const days = ok(parseDays(req.days, req.customDays));
  checkCanPost(ctx, req.channelId);
  const existing = await ctx.store.clubs.byChannel(req.channelId);
  if (existing && existing.guild_id !== m.guildId) throw new UserError('That channel belongs to another server.');
  const now = ctx.clock().getTime();
  const schedule = { time_zone: zone, local_time: formatLocalTime(time), days };
  const next = nextOccurrence(now, schedule);
  const settings = {
    guildId: m.guildId,
    channelId: req.channelId,
    localTime: schedule.local_time,
    timeZone: zone,
    days,
    roleId: req.roleId ?? null,
    next,
    // Used for a new channel only: saving again keeps a channel's shuffle and round.
    seed: channelSeed(req.channelId),
    now,
  };
  const row = await ctx.store.write(() => ctx.store.clubs.save(settings));
  return { row, next };
}

async function ownChannel(ctx: AppContext, m: Manager, channelId: string): Promise<ClubChannelRow> {
  const row = await ctx.store.clubs.byChannel(channelId);
  if (!row || row.guild_id !== m.guildId) throw new UserError(`Club tips aren't set up in <#${channelId}>. **/clubtips status** lists the channels that have them.`);
  return row;
}

export async function disableChannel(ctx: AppContext, m: Manager, channelId: string): Promise<ClubChannelRow> {
  const row = await ownChannel(ctx, m, channelId);
  await ctx.store.write(() => ctx.store.clubs.setHealth(row.id, 'disabled', 'turned off with /clubtips disable', null, ctx.clock().getTime()));
  return row;
}

export interface ChannelStatus {
  row: ClubChannelRow;
  lastTip: { tip: Tip | undefined; localDate: string } | null;
  nextTip: Tip | undefined;
  /** A post that failed for a passing reason (Discord's 5xx, a timeout) and waits for its next try. */
  retrying: { localDate: string; retryAt: number | null; errorCode: number | null } | null;
}

export async function channelStatuses(ctx: AppContext, m: Manager): Promise<ChannelStatus[]> {
  const rows = await ctx.store.clubs.inGuild(m.guildId);
  return await Promise.all(
    rows.map(async (row) => {
      const last = await ctx.store.deliveries.lastSent('tip', row.id);
      const waiting = await ctx.store.deliveries.waitingRetry('tip', row.id);
      return {
        row,
        retrying: waiting ? { localDate: waiting.local_date, retryAt: waiting.retry_at, errorCode: waiting.error_code } : null,
        lastTip: last ? { tip: ctx.knowledge.tipById.get(last.item_id ?? ''), localDate: last.local_date } : null,
        nextTip: ctx.knowledge.tipById.get(await upcomingTipId(ctx, row)),
      };
    }),
  );
}

/** The tip this channel gets next, without using it up. */
export async function upcomingTipId(ctx: AppContext, row: ClubChannelRow): Promise<string> {
  return nextTip(ctx.knowledge.tips.map((t) => t.id), row.shuffle_seed, row.cycle, await ctx.store.clubs.postedInCycle(row.id, row.cycle)).tipId;
}

/** The tip a channel posts next, without using it up; for a channel without tips, the first it would get. */
export async function previewTip(ctx: AppContext, m: Manager, channelId: string): Promise<{ tip: Tip; channelId: string; channel: ClubChannelRow | null }> {
  const row = await ctx.store.clubs.byChannel(channelId);
  const channel = row && row.guild_id === m.guildId ? row : null;
  const tipId = channel ? await upcomingTipId(ctx, channel) : nextTip(ctx.knowledge.tips.map((t) => t.id), channelSeed(channelId), 0, new Set()).tipId;
  return { tip: ctx.knowledge.tipById.get(tipId)!, channelId, channel };
}

/** Posts a tip now. It comes from the channel's rotation if it has one, and the daily post still goes out. */
export async function postNow(ctx: AppContext, m: Manager, channelId: string): Promise<Tip> {
  checkCanPost(ctx, channelId);
  const now = ctx.clock().getTime();
  const row = await ctx.store.clubs.byChannel(channelId);
  const ids = ctx.knowledge.tips.map((t) => t.id);
  const pick = row && row.guild_id === m.guildId ? nextTip(ids, row.shuffle_seed, row.cycle, await ctx.store.clubs.postedInCycle(row.id, row.cycle)) : nextTip(ids, shuffleRank(now, 0, channelId), 0, new Set());
  const tip = ctx.knowledge.tipById.get(pick.tipId)!;
  try {
    await ctx.messenger.send(channelId, renderTipPost(ctx.knowledge, ctx.pictures, tip, null, null), nonceFor(`post-now:${channelId}:${now}`));
  } catch (err) {
    const { kind } = classify(err);
    if (kind === 'no-access') {
      throw new UserError(`Discord refused the post in <#${channelId}>: Lumbar is missing permissions there (View Channel, Send Messages, Embed Links).`);
    }
    if (kind === 'channel-gone') throw new UserError('That channel no longer exists.');
    throw err;
  }
  if (row && row.guild_id === m.guildId) await ctx.store.write(() => ctx.store.clubs.markPosted(row.id, pick.cycle, pick.tipId, now));
  return tip;
}
