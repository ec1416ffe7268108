// Daily club tips as a delivery job: one post per channel per local date, in rotation.
import type { Knowledge } from '../content/load.ts';
import type { Pictures } from '../content/pictures.ts';
import { DiscordCode, classify } from '../delivery/discord-errors.ts';
import type { Messenger } from '../delivery/messenger.ts';
import { interrupted, postOnce } from '../delivery/post-once.ts';
import { LATE_LIMIT_MS, newClaim, type Claim, type ClaimBatch, type Job, type Outcome } from '../delivery/types.ts';
import type { Logger } from '../base/logger.ts';
import { renderTipPost, tipMarker } from '../render/tip.ts';
import { latestOccurrence } from '../time/calendar.ts';
import type { ClubChannelRow } from '../store/clubs.ts';
import type { ClubRepository, DeliveryOps, StoreTx } from '../store/repositories.ts';
import { missingPostPermissions } from './permissions.ts';
import { currentCycle, nextTip } from './rotation.ts';

/** Missing access or permissions: retried at each daily post for this long, then disabled. */
export const PERMISSION_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

const PERMISSION_NAMES: Record<number, string> = {
  [DiscordCode.MissingAccess]: 'missing access to the channel (View Channel)',
  [DiscordCode.MissingPermissions]: 'missing permissions (Send Messages or Embed Links)',
};

export interface TipJobDeps {
  clubs: ClubRepository;
  deliveries: DeliveryOps;
  knowledge: Knowledge;
  pictures: Pictures;
  messenger: Messenger;
  logger: Logger;
}

export function createTipJob(d: TipJobDeps): Job {
  return {
    kinds: ['tip'],
    claimDue: (tx, now, limit) => claimTips(d, tx, now, limit),
    deliver: (claim, now, signal) => deliverTip(d, claim, now, signal),
  };
}

const poolIds = (d: TipJobDeps) => d.knowledge.tips.map((t) => t.id);

/** Due channels, each moved to its next post and claimed for its latest one with the rotation's next tip. */
async function claimTips(d: TipJobDeps, tx: StoreTx, now: number, limit: number): Promise<ClaimBatch> {
  const claims: Claim[] = [];
  const rows = await tx.clubs.due(now, limit);
  for (const row of rows) {
    const { latest, next } = latestOccurrence({ at: row.next_fire_at!, localDate: row.next_local_date ?? '' }, now, row);
    if (!(await tx.clubs.advance(row.id, row.next_fire_at!, next, now))) continue;
    const key = { kind: 'tip' as const, targetId: row.id, localDate: latest.localDate };
    const late = now - latest.at > LATE_LIMIT_MS;
    const pick = late ? null : nextTip(poolIds(d), row.shuffle_seed, row.cycle, await tx.clubs.postedInCycle(row.id, row.cycle));
    const claimed = await tx.deliveries.claim({ ...key, userId: null, scheduledAt: latest.at, itemId: pick?.tipId ?? null }, now, late ? 'skipped' : 'claimed');
    if (claimed && pick) claims.push(newClaim(key, null, latest.at, now, pick.tipId));
  }
  return { claims, scanned: rows.length };
}

async function deliverTip(d: TipJobDeps, claim: Claim, now: number, signal?: AbortSignal): Promise<Outcome> {
  const row = await d.clubs.byId(claim.key.targetId);
  const tip = d.knowledge.tipById.get(claim.itemId ?? '');
  if (!row || row.health === 'disabled' || !tip) return { status: 'skipped' };
  try {
    const body = renderTipPost(d.knowledge, d.pictures, tip, claim.key.localDate, row.role_id);
    const marker = tipMarker(claim.key.localDate);
    const messageId = await postOnce({ ...d, claim, channelId: row.channel_id, marker, body, signal });
    // Only a tip that reached the channel counts as used; a failed post's tip stays in the round.
    await d.clubs.markPosted(row.id, currentCycle(poolIds(d), row.cycle, await d.clubs.postedInCycle(row.id, row.cycle)), tip.id, now);
    if (row.health !== 'ok') await d.clubs.setHealth(row.id, 'ok', null, null, now);
    return { status: 'sent', messageId };
  } catch (err) {
    return interrupted(err, signal) ?? (await postFailed(d, row, err, now));
  }
}

/** What Discord's refusal of a post means for the channel's health. */
async function postFailed(d: TipJobDeps, row: ClubChannelRow, err: unknown, now: number): Promise<Outcome> {
  const { kind, code } = classify(err);
  switch (kind) {
    case 'channel-gone':
    case 'not-text-channel':
      await d.clubs.setHealth(row.id, 'disabled', kind === 'channel-gone' ? 'the channel was deleted' : 'the channel is no longer a text channel', null, now);
      d.logger.info({ channel: row.channel_id }, 'club channel is gone; its tips are disabled');
      return { status: 'failed', errorCode: code };
    case 'no-access':
      await noAccess(d, row, code!, now);
      return { status: 'failed', errorCode: code };
    case 'transient':
      return { status: 'retry', errorCode: code };
    default:
      d.logger.warn({ channel: row.channel_id, code, err: (err as Error).message }, 'club tip post failed');
      return { status: 'failed', errorCode: code };
  }
}

/** Pauses the channel naming what is missing; after a week of daily failures, disables it. */
async function noAccess(d: TipJobDeps, row: ClubChannelRow, code: number, now: number): Promise<void> {
  const since = row.failing_since ?? now;
  // Name exactly what is missing when the gateway cache can tell; Discord's code says less.
  const perms = d.messenger.botPermissionsIn(row.channel_id);
  const missing = perms === null ? [] : missingPostPermissions(perms);
  const reason = missing.length ? `missing ${missing.join(', ')}` : PERMISSION_NAMES[code]!;
  // Each failure costs an invalid request with Discord: a week of daily tries, then stop.
  if (now - since >= PERMISSION_GRACE_MS) await d.clubs.setHealth(row.id, 'disabled', `${reason} for over a week`, since, now);
  else await d.clubs.setHealth(row.id, 'paused', reason, since, now);
}
