// Daily club tips as a scheduler job: one post per channel per local date, in rotation.
import type { Knowledge } from '../content/load.ts';
import { missingPostPermissions } from '../clubs/permissions.ts';
import { currentCycle, nextTip } from '../clubs/rotation.ts';
import { discordCode, DiscordCode, isTransient } from '../discord/errors.ts';
import type { Logger } from '../logger.ts';
import { renderTipPost, tipMarker } from '../render/tip.ts';
import type { ClubChannelRow, ClubStore } from '../store/clubs.ts';
import { isBusy } from '../store/busy.ts';
import type { Db } from '../store/db.ts';
import type { DeliveryStore } from '../store/deliveries.ts';
import type { Messenger } from './messenger.ts';
import { latestOccurrence } from '../time/calendar.ts';
import { postOnce } from './post-once.ts';
import { LATE_LIMIT_MS, type Claim, type ClaimBatch, type Job, type Outcome } from './scheduler.ts';

/** Missing access or permissions: retried at each daily post for this long, then disabled. */
export const PERMISSION_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

const PERMISSION_NAMES: Record<number, string> = {
  [DiscordCode.MissingAccess]: 'missing access to the channel (View Channel)',
  [DiscordCode.MissingPermissions]: 'missing permissions (Send Messages or Embed Links)',
};

export interface TipJobDeps {
  db: Db;
  clubs: ClubStore;
  deliveries: DeliveryStore;
  knowledge: Knowledge;
  messenger: Messenger;
  logger: Logger;
}

export function createTipJob(d: TipJobDeps): Job {
  const due = d.db.prepare<[number, number], ClubChannelRow>('SELECT * FROM club_channels WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ?');
  const advance = d.db.prepare('UPDATE club_channels SET next_fire_at = @nextAt, next_local_date = @nextDate, updated_at = @now WHERE id = @id AND next_fire_at = @oldAt');
  const poolIds = () => d.knowledge.tips.map((t) => t.id);

  function claimDue(now: number, limit: number): ClaimBatch {
    const claims: Claim[] = [];
    const rows = due.all(now, limit);
    for (const row of rows) {
      const { latest, next } = latestOccurrence({ at: row.next_fire_at!, localDate: row.next_local_date ?? '' }, now, row);
      if (advance.run({ id: row.id, oldAt: row.next_fire_at, nextAt: next.at, nextDate: next.localDate, now }).changes === 0) continue;
      const key = { kind: 'tip' as const, targetId: row.id, localDate: latest.localDate };
      const late = now - latest.at > LATE_LIMIT_MS;
      const pick = late ? null : nextTip(poolIds(), row.shuffle_seed, row.cycle, d.clubs.postedInCycle(row.id, row.cycle));
      const claimed = d.deliveries.claim({ ...key, userId: null, scheduledAt: latest.at, itemId: pick?.tipId ?? null }, now, late ? 'skipped' : 'claimed');
      if (!claimed || !pick) continue;
      claims.push({ key, userId: null, scheduledAt: latest.at, claimedAt: now, itemId: pick.tipId, attempts: 0, resend: false });
    }
    return { claims, scanned: rows.length };
  }

  async function deliver(claim: Claim, now: number, signal?: AbortSignal): Promise<Outcome> {
    const row = d.clubs.byId(claim.key.targetId);
    const tip = d.knowledge.tipById.get(claim.itemId ?? '');
    if (!row || row.health === 'disabled' || !tip) return { status: 'skipped' };
    // Only a tip that reached the channel counts as used; a failed post's tip stays in the round.
    const posted = (messageId: string): Outcome => {
      d.clubs.markPosted(row.id, currentCycle(poolIds(), row.cycle, d.clubs.postedInCycle(row.id, row.cycle)), tip.id, now);
      if (row.health !== 'ok') d.clubs.setHealth(row.id, 'ok', null, null, now);
      return { status: 'sent', messageId };
    };
    try {
      const body = renderTipPost(d.knowledge, tip, claim.key.localDate, row.role_id);
      const marker = tipMarker(claim.key.localDate);
      return posted(await postOnce({ ...d, claim, channelId: row.channel_id, marker, body, signal }));
    } catch (err) {
      // Timed out: the scheduler has already recorded a retry.
      if (signal?.aborted) return { status: 'retry' };
      // The attempt record or the bookkeeping waited for another process's lock: try again next tick.
      if (isBusy(err)) return { status: 'busy' };
      const code = discordCode(err);
      if (code === DiscordCode.UnknownChannel || code === DiscordCode.CannotSendInNonTextChannel) {
        const reason = code === DiscordCode.UnknownChannel ? 'the channel was deleted' : 'the channel is no longer a text channel';
        d.clubs.setHealth(row.id, 'disabled', reason, null, now);
        d.logger.info({ channel: row.channel_id }, 'club channel is gone; its tips are disabled');
        return { status: 'failed', errorCode: code };
      }
      if (code === DiscordCode.MissingAccess || code === DiscordCode.MissingPermissions) {
        const since = row.failing_since ?? now;
        // Name exactly what is missing when the gateway cache can tell; Discord's code says less.
        const perms = d.messenger.botPermissionsIn(row.channel_id);
        const missing = perms === null ? [] : missingPostPermissions(perms);
        const reason = missing.length ? `missing ${missing.join(', ')}` : PERMISSION_NAMES[code]!;
        // Each failure costs an invalid request with Discord: a week of daily tries, then stop.
        if (now - since >= PERMISSION_GRACE_MS) d.clubs.setHealth(row.id, 'disabled', `${reason} for over a week`, since, now);
        else d.clubs.setHealth(row.id, 'paused', reason, since, now);
        return { status: 'failed', errorCode: code };
      }
      if (isTransient(err)) return { status: 'retry', errorCode: code };
      d.logger.warn({ channel: row.channel_id, code, err: (err as Error).message }, 'club tip post failed');
      return { status: 'failed', errorCode: code };
    }
  }

  return { kinds: ['tip'], claimDue, deliver };
}
