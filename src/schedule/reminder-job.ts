// Stretch reminders as a scheduler job: claim due reminders and snoozes, send them by DM.
import type { Knowledge } from '../content/load.ts';
import { discordCode, DiscordCode, isTransient } from '../discord/errors.ts';
import type { Logger } from '../logger.ts';
import { reminderMarker, reminderPool, renderReminderDm } from '../render/reminder.ts';
import { isBusy } from '../store/busy.ts';
import type { Db } from '../store/db.ts';
import type { DeliveryStore } from '../store/deliveries.ts';
import type { ReminderRow, ReminderStore } from '../store/reminders.ts';
import type { Messenger } from './messenger.ts';
import { postOnce } from './post-once.ts';
import { LATE_LIMIT_MS, type Claim, type ClaimBatch, type Job, type Outcome } from './scheduler.ts';
import { latestOccurrence, type Occurrence } from '../time/calendar.ts';

/** The due query reads only the partial index on next_fire_at (a covering scan); rows are read one by one as they are claimed. */
export const DUE_REMINDERS_SQL = 'SELECT id FROM reminders WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ?';

type DueReminder = Pick<ReminderRow, 'id' | 'user_id' | 'local_time' | 'time_zone' | 'days' | 'stretch_id' | 'rotation' | 'next_fire_at' | 'next_local_date'>;

export interface ReminderJobDeps {
  db: Db;
  reminders: ReminderStore;
  deliveries: DeliveryStore;
  knowledge: Knowledge;
  messenger: Messenger;
  logger: Logger;
}

export function createReminderJob(d: ReminderJobDeps): Job {
  const pool = reminderPool(d.knowledge);
  const s = {
    due: d.db.prepare<[number, number], number>(DUE_REMINDERS_SQL).pluck(),
    row: d.db.prepare<[number], DueReminder>(
      'SELECT id, user_id, local_time, time_zone, days, stretch_id, rotation, next_fire_at, next_local_date FROM reminders WHERE id = ?',
    ),
    advance: d.db.prepare(
      `UPDATE reminders SET next_fire_at = @nextAt, next_local_date = @nextDate, rotation = rotation + @step,
         paused_until = NULL, paused_reason = NULL
       WHERE id = @id AND next_fire_at = @oldAt`,
    ),
    snoozes: d.db.prepare<[number, number], ReminderRow & { snooze_at: number; snooze_of: string }>(
      'SELECT * FROM reminders WHERE snooze_at <= ? AND paused_reason IS NULL ORDER BY snooze_at LIMIT ?',
    ),
    clearSnooze: d.db.prepare<[number, number]>('UPDATE reminders SET snooze_at = NULL, snooze_of = NULL WHERE id = ? AND snooze_at = ?'),
  };

  const stretchFor = (r: Pick<ReminderRow, 'stretch_id' | 'rotation'>) => r.stretch_id ?? pool[r.rotation % pool.length]?.id ?? null;

  function claimDue(now: number, limit: number): ClaimBatch {
    const claims: Claim[] = [];
    let scanned = 0;
    for (const r of s.snoozes.all(now, limit)) {
      scanned++;
      if (s.clearSnooze.run(r.id, r.snooze_at).changes === 0) continue;
      const key = { kind: 'snooze' as const, targetId: r.id, localDate: `${r.snooze_of}T${r.snooze_at}` };
      const itemId = d.deliveries.get({ kind: 'reminder', targetId: r.id, localDate: r.snooze_of })?.item_id ?? stretchFor(r);
      const c = { ...key, userId: r.user_id, scheduledAt: r.snooze_at, itemId };
      if (d.deliveries.claim(c, now)) claims.push({ key, userId: r.user_id, scheduledAt: r.snooze_at, claimedAt: now, itemId, attempts: 0, resend: false });
    }
    for (const id of s.due.all(now, limit - scanned)) {
      scanned++;
      const r = s.row.get(id);
      if (!r || r.next_fire_at === null) continue;
      const current: Occurrence = { at: r.next_fire_at!, localDate: r.next_local_date ?? '' };
      const { latest, next } = latestOccurrence(current, now, r);
      const itemId = stretchFor(r);
      const advanced = s.advance.run({ id: r.id, oldAt: r.next_fire_at, nextAt: next.at, nextDate: next.localDate, step: r.stretch_id ? 0 : 1 }).changes > 0;
      if (!advanced) continue;
      const key = { kind: 'reminder' as const, targetId: r.id, localDate: latest.localDate };
      const late = now - latest.at > LATE_LIMIT_MS;
      // Down for longer than the late limit: record the miss and move on; never replay old days.
      const claimed = d.deliveries.claim({ ...key, userId: r.user_id, scheduledAt: latest.at, itemId }, now, late ? 'skipped' : 'claimed');
      if (claimed && !late) claims.push({ key, userId: r.user_id, scheduledAt: latest.at, claimedAt: now, itemId, attempts: 0, resend: false });
    }
    return { claims, scanned };
  }

  async function deliver(claim: Claim, now: number, signal?: AbortSignal): Promise<Outcome> {
    const userId = claim.userId ?? '';
    const member = d.reminders.member(userId);
    const reminder = d.reminders.byId(claim.key.targetId);
    if (!member || !reminder || member.dm_status === 'closed') return { status: 'skipped' };
    const stretch = d.knowledge.stretchById.get(claim.itemId ?? '') ?? pool[0];
    if (!stretch) return { status: 'failed' };
    // A snooze's key is "<local date>T<snooze time>": one per snooze, and the date it repeats.
    const [localDate = claim.key.localDate, snoozeAt] = claim.key.kind === 'snooze' ? claim.key.localDate.split('T') : [claim.key.localDate];
    const snoozeTime = snoozeAt === undefined ? undefined : Number(snoozeAt);
    const body = renderReminderDm(d.knowledge, reminder.id, localDate, stretch, snoozeTime);
    let channelId = member.dm_channel_id;
    try {
      channelId ??= await d.messenger.openDm(userId, signal);
      const marker = reminderMarker(reminder.id, localDate, snoozeTime);
      const messageId = await postOnce({ ...d, claim, channelId, marker, body, signal });
      d.reminders.markDmOpen(userId, channelId);
      return { status: 'sent', messageId };
    } catch (err) {
      // Timed out: the scheduler has already recorded a retry.
      if (signal?.aborted) return { status: 'retry' };
      // The attempt record or the bookkeeping waited for another process's lock: try again next tick.
      if (isBusy(err)) return { status: 'busy' };
      const code = discordCode(err);
      if (code === DiscordCode.CannotSendMessagesToThisUser || code === DiscordCode.CannotSendToThisUserNow) {
        d.reminders.markDmClosed(userId, now);
        d.logger.info({ user: userId, code }, 'DMs closed; reminders paused until the member resumes them');
        return { status: 'failed', errorCode: code };
      }
      if (code === DiscordCode.UnknownChannel) {
        d.reminders.forgetDmChannel(userId);
        return { status: 'retry', errorCode: code };
      }
      if (code === DiscordCode.OpeningDMsTooFast || isTransient(err)) return { status: 'retry', errorCode: code };
      d.logger.warn({ user: userId, code, err: (err as Error).message }, 'reminder DM failed');
      return { status: 'failed', errorCode: code };
    }
  }

  return { kinds: ['reminder', 'snooze'], claimDue, deliver };
}
