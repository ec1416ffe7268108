// Stretch reminders as a delivery job: claim due reminders and snoozes, send them by DM.
import type { Knowledge } from '../content/load.ts';
import type { Pictures } from '../content/pictures.ts';
import type { Stretch } from '../content/schema.ts';
import { classify } from '../delivery/discord-errors.ts';
import type { Messenger } from '../delivery/messenger.ts';
import { interrupted, postOnce } from '../delivery/post-once.ts';
import { LATE_LIMIT_MS, newClaim, type Claim, type ClaimBatch, type Job, type Outcome } from '../delivery/types.ts';
import type { Logger } from '../base/logger.ts';
import { reminderMarker, reminderPool, renderReminderDm, renderRoutineReminderDm, type ReminderDay } from '../render/reminder.ts';
import type { MessageBody } from '../render/message.ts';
import { latestOccurrence } from '../time/calendar.ts';
import type { ReminderRow } from '../store/reminders.ts';
import type { DeliveryOps, ReminderRepository, StoreTx } from '../store/repositories.ts';

export interface ReminderJobDeps {
  reminders: ReminderRepository;
  deliveries: DeliveryOps;
  knowledge: Knowledge;
  pictures: Pictures;
  messenger: Messenger;
  logger: Logger;
}

/** The deps, and the stretches a reminder without a fixed one rotates through. */
interface Env extends ReminderJobDeps {
  pool: readonly Stretch[];
}

export function createReminderJob(d: ReminderJobDeps): Job {
  const env: Env = { ...d, pool: reminderPool(d.knowledge) };
  return {
    kinds: ['reminder', 'snooze'],
    async claimDue(tx, now, limit): Promise<ClaimBatch> {
      const claims: Claim[] = [];
      const scanned = await claimSnoozes(env, tx, now, limit, claims);
      return { claims, scanned: scanned + (await claimReminders(env, tx, now, limit - scanned, claims)) };
    },
    deliver: (claim, now, signal) => deliverReminder(env, claim, now, signal),
  };
}

/** What a claim records as sent: the reminder's routine, its fixed stretch, or the next stretch in rotation. */
function itemFor(env: Env, r: Pick<ReminderRow, 'stretch_id' | 'routine_id' | 'rotation'>): string | null {
  return r.routine_id ?? r.stretch_id ?? env.pool[r.rotation % env.pool.length]?.id ?? null;
}

/** Due snoozes, each keyed by its reminder's date and snooze time; returns how many were looked at. */
async function claimSnoozes(env: Env, tx: StoreTx, now: number, limit: number, claims: Claim[]): Promise<number> {
  const snoozes = await tx.reminders.dueSnoozes(now, limit);
  for (const r of snoozes) {
    if (!(await tx.reminders.takeSnooze(r.id, r.snooze_at))) continue;
    const key = { kind: 'snooze' as const, targetId: r.id, localDate: `${r.snooze_of}T${r.snooze_at}` };
    const itemId = (await tx.deliveries.get({ kind: 'reminder', targetId: r.id, localDate: r.snooze_of }))?.item_id ?? itemFor(env, r);
    if (await tx.deliveries.claim({ ...key, userId: r.user_id, scheduledAt: r.snooze_at, itemId }, now)) claims.push(newClaim(key, r.user_id, r.snooze_at, now, itemId));
  }
  return snoozes.length;
}

/** Due reminders, each moved to its next occurrence and claimed for its latest one; returns how many were looked at. */
// Read, move and claim each go as one statement for the whole batch (three round trips on PostgreSQL, not three a row).
async function claimReminders(env: Env, tx: StoreTx, now: number, limit: number, claims: Claim[]): Promise<number> {
  const ids = await tx.reminders.dueIds(now, limit);
  const plans = (await tx.reminders.dueRows(ids)).flatMap((r) => {
    if (r.next_fire_at === null) return [];
    const { latest, next } = latestOccurrence({ at: r.next_fire_at, localDate: r.next_local_date ?? '' }, now, r);
    // Only a reminder without a fixed stretch or routine moves on through the rotation.
    const move = { id: r.id, oldAt: r.next_fire_at, next, step: r.stretch_id || r.routine_id ? 0 : 1 };
    const key = { kind: 'reminder' as const, targetId: r.id, localDate: latest.localDate };
    return [{ r, latest, move, key, itemId: itemFor(env, r), late: now - latest.at > LATE_LIMIT_MS }];
  });
  const moved = await tx.reminders.advanceAll(plans.map((p) => p.move));
  const due = plans.filter((p) => moved.has(p.r.id));
  // Down for longer than the late limit: record the miss and move on; never replay old days.
  const status = (late: boolean) => (late ? 'skipped' : 'claimed') as 'skipped' | 'claimed';
  const claimed = await tx.deliveries.claimAll(
    due.map((p) => ({ ...p.key, userId: p.r.user_id, scheduledAt: p.latest.at, itemId: p.itemId, status: status(p.late) })),
    now,
  );
  due.forEach((p, i) => {
    if (claimed[i] && !p.late) claims.push(newClaim(p.key, p.r.user_id, p.latest.at, now, p.itemId));
  });
  return ids.length;
}

async function deliverReminder(env: Env, claim: Claim, now: number, signal?: AbortSignal): Promise<Outcome> {
  const userId = claim.userId ?? '';
  const member = await env.reminders.member(userId);
  const reminder = await env.reminders.byId(claim.key.targetId);
  if (!member || !reminder || member.dm_status === 'closed') return { status: 'skipped' };
  // A snooze's key is "<local date>T<snooze time>": one per snooze, and the date it repeats.
  const [localDate = claim.key.localDate, snoozeAt] = claim.key.kind === 'snooze' ? claim.key.localDate.split('T') : [claim.key.localDate];
  const snoozeTime = snoozeAt === undefined ? undefined : Number(snoozeAt);
  const body = reminderBody(env, claim, { reminderId: reminder.id, localDate, snoozeAt: snoozeTime }, reminder.routine_id);
  if (!body) return { status: 'failed' };
  let channelId = member.dm_channel_id;
  try {
    channelId ??= await env.messenger.openDm(userId, signal);
    const marker = reminderMarker(reminder.id, localDate, snoozeTime);
    const messageId = await postOnce({ ...env, claim, channelId, marker, body, signal });
    await env.reminders.markDmOpen(userId, channelId);
    return { status: 'sent', messageId };
  } catch (err) {
    return interrupted(err, signal) ?? (await dmFailed(env, userId, err, now));
  }
}

/** The DM for what the claim recorded: a routine, or a stretch (a routine or stretch no longer in the knowledge
 *  base falls back to the reminder's routine, then to the first stretch). */
function reminderBody(env: Env, claim: Claim, day: ReminderDay, routineId: string | null): MessageBody | null {
  const routine = env.knowledge.routineById.get(claim.itemId ?? '') ?? env.knowledge.routineById.get(routineId ?? '');
  if (routine) return renderRoutineReminderDm(env.knowledge, env.pictures, day, routine);
  const stretch = env.knowledge.stretchById.get(claim.itemId ?? '') ?? env.pool[0];
  return stretch ? renderReminderDm(env.knowledge, env.pictures, day, stretch) : null;
}

/** What Discord's refusal of a reminder DM means for the member's reminders. */
async function dmFailed(env: Env, userId: string, err: unknown, now: number): Promise<Outcome> {
  const { kind, code } = classify(err);
  switch (kind) {
    case 'dm-closed':
      await env.reminders.markDmClosed(userId, now);
      env.logger.info({ user: userId, code }, 'DMs closed; reminders paused until the member resumes them');
      return { status: 'failed', errorCode: code };
    case 'channel-gone':
      await env.reminders.forgetDmChannel(userId);
      return { status: 'retry', errorCode: code };
    case 'too-fast':
    case 'transient':
      return { status: 'retry', errorCode: code };
    default:
      env.logger.warn({ user: userId, code, err: (err as Error).message }, 'reminder DM failed');
      return { status: 'failed', errorCode: code };
  }
}
