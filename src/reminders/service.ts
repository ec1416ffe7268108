// What /remind does, apart from Discord: validate, write, compute the next fire time, check DMs.
// Writes go through ctx.store.write, so a database locked by another process makes them wait
// (asynchronously) instead of failing or freezing the bot.
import type { AppContext } from '../app/context.ts';
import { UserError } from '../render/message.ts';
import { reminderPool } from '../render/reminder.ts';
import { nextOccurrence, type Occurrence } from '../time/calendar.ts';
import { formatLocalTime, parseDays, parseLocalTime, type DaysChoice } from '../time/parse.ts';
import { canonicalZone } from '../time/zones.ts';
import { MAX_REMINDERS_PER_MEMBER, TooManyReminders, type ReminderRow } from '../store/reminders.ts';
import { DMS_CLOSED_HELP, checkDm, helloDm, type DmCheck } from './dm-check.ts';

export { DMS_CLOSED_HELP, checkDm, testReminder, type DmCheck } from './dm-check.ts';

/** A partial stretch name shorter than this must be typed in full ("a" or "arm" picks nothing). */
const MIN_PARTIAL_STRETCH = 4;

export interface SetRequest {
  time: string;
  timezone: string;
  days?: DaysChoice;
  customDays?: string;
  stretch?: string;
  /** A guided routine instead of a stretch. */
  routine?: string;
}

export interface SetResult {
  reminder: ReminderRow;
  next: Occurrence;
  dmCheck: DmCheck;
  /** The member's other reminders still paused because DMs had failed. */
  stillPausedForDms: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function ok<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new UserError(result.error);
  return result.value;
}

export async function setReminder(ctx: AppContext, userId: string, req: SetRequest): Promise<SetResult> {
  const time = ok(parseLocalTime(req.time));
  const zone = ok(canonicalZone(req.timezone));
  const days = ok(parseDays(req.days, req.customDays));
  if (req.stretch && req.routine) throw new UserError('Pick either a stretch or a routine for a reminder, not both.');
  const stretchId = req.stretch ? resolveReminderStretch(ctx, req.stretch) : null;
  const routineId = req.routine ? resolveReminderRoutine(ctx, req.routine) : null;
  const { reminders } = ctx.store;
  const count = await reminders.count(userId);
  if (count >= MAX_REMINDERS_PER_MEMBER) throw tooMany();

  // Check that a DM reaches the member before anything is saved: for the first reminder, and
  // whenever Discord last refused a DM (else "✅ set" would promise a reminder that can't arrive).
  const dmsClosed = (await reminders.member(userId))?.dm_status === 'closed';
  const hello = count === 0 || dmsClosed ? await helloDm(ctx, userId) : null;
  const dmCheck: DmCheck = hello?.check ?? 'skipped';
  if (dmCheck === 'closed') {
    const then = dmsClosed ? '' : '\nThen run **/remind set** again.';
    throw new UserError(`I couldn't send you a DM, so a reminder couldn't reach you. Nothing was saved.\n${DMS_CLOSED_HELP}${then}`);
  }

  const now = ctx.clock().getTime();
  const row = { time_zone: zone, local_time: formatLocalTime(time), days };
  const next = nextOccurrence(now, row);
  let id: number;
  try {
    id = await ctx.store.write(() => reminders.add({ userId, localTime: row.local_time, timeZone: zone, days, stretchId, routineId, next, now }));
  } catch (err) {
    if (err instanceof TooManyReminders) throw tooMany();
    throw err;
  }
  // The member row exists only now: keep the DM channel the check opened, so reminders need no extra request.
  const channelId = hello?.channelId;
  if (channelId) await ctx.store.write(() => reminders.markDmOpen(userId, channelId));
  const stillPausedForDms = (await reminders.list(userId)).filter((r) => r.paused_reason === 'dm-closed').length;
  return { reminder: (await reminders.get(userId, id))!, next, dmCheck, stillPausedForDms };
}

function tooMany(): UserError {
  return new UserError(`You already have ${MAX_REMINDERS_PER_MEMBER} reminders, the most Lumbar keeps per member. Remove one with **/remind delete**, or change days on an existing one.`);
}

function resolveReminderStretch(ctx: AppContext, name: string): string {
  const found = ctx.stretches.resolve(name, { minPartialLength: MIN_PARTIAL_STRETCH });
  if (found && found.kind !== 'mobility-check') return found.id;
  const names = reminderPool(ctx.knowledge).map((s) => s.name);
  throw new UserError(`I couldn't find a stretch called “${name.slice(0, 60)}”. Pick one from the list, for example: ${names.slice(0, 5).join(', ')}. Or leave it empty to rotate through all of them.`);
}

function resolveReminderRoutine(ctx: AppContext, name: string): string {
  const found = ctx.routines.resolve(name, { minPartialLength: MIN_PARTIAL_STRETCH });
  if (found) return found.id;
  const names = ctx.knowledge.routines.map((r) => r.name);
  throw new UserError(`I couldn't find a routine called “${name.slice(0, 60)}”. Pick one from the list: ${names.join(', ')}.`);
}

export async function listReminders(ctx: AppContext, userId: string): Promise<{ reminders: ReminderRow[]; doneThisWeek: Map<number, number> }> {
  const rows = await ctx.store.reminders.list(userId);
  const since = mondayOf(ctx.clock().getTime());
  return { reminders: rows, doneThisWeek: await ctx.store.reminders.doneSince(userId, since) };
}

/** The Monday of this week (UTC date): "this week" is a rough count, not a per-zone ledger. */
function mondayOf(now: number): string {
  const d = new Date(now);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(now - back * DAY_MS).toISOString().slice(0, 10);
}

async function ownReminder(ctx: AppContext, userId: string, id: number): Promise<ReminderRow> {
  const row = await ctx.store.reminders.get(userId, id);
  if (!row) throw new UserError(`You don't have a reminder #${id}. **/remind list** shows yours.`);
  return row;
}

async function targets(ctx: AppContext, userId: string, id: number | undefined): Promise<ReminderRow[]> {
  if (id !== undefined) return [await ownReminder(ctx, userId, id)];
  const all = await ctx.store.reminders.list(userId);
  if (all.length === 0) throw new UserError('You have no reminders yet. Add one with **/remind set**.');
  return all;
}

export async function pauseReminders(ctx: AppContext, userId: string, id: number | undefined, days: number | undefined): Promise<{ paused: ReminderRow[]; until: number | null }> {
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 30)) throw new UserError('`days` can be 1 to 30. Leave it empty to pause until you resume.');
  const rows = await targets(ctx, userId, id);
  const until = days === undefined ? null : ctx.clock().getTime() + days * DAY_MS;
  const changes = rows.map((r) => ({ id: r.id, next: until === null ? null : nextOccurrence(until, r), pause: { until, reason: 'member' as const } }));
  await ctx.store.write(() => ctx.store.reminders.reschedule(changes));
  return { paused: rows, until };
}

export async function resumeReminders(ctx: AppContext, userId: string, id: number | undefined): Promise<{ resumed: { row: ReminderRow; next: Occurrence }[] }> {
  const rows = await targets(ctx, userId, id);
  // DMs were closed: try one before promising anything.
  if ((await ctx.store.reminders.member(userId))?.dm_status === 'closed' && (await checkDm(ctx, userId)) === 'closed') {
    throw new UserError(`I still can't DM you, so your reminders stay paused.\n${DMS_CLOSED_HELP}`);
  }
  const now = ctx.clock().getTime();
  const resumed = rows.map((row) => ({ row, next: nextOccurrence(now, row) }));
  await ctx.store.write(() => ctx.store.reminders.reschedule(resumed.map((r) => ({ id: r.row.id, next: r.next, pause: null }))));
  return { resumed };
}

export async function deleteReminder(ctx: AppContext, userId: string, id: number): Promise<ReminderRow> {
  const row = await ownReminder(ctx, userId, id);
  await ctx.store.write(() => ctx.store.reminders.delete(userId, id));
  return row;
}

export async function forgetMember(ctx: AppContext, userId: string): Promise<{ reminders: number; deliveries: number }> {
  return await ctx.store.write(() => ctx.store.reminders.forget(userId));
}

export async function markDone(ctx: AppContext, userId: string, reminderId: number, localDate: string): Promise<boolean> {
  return await ctx.store.write(() => ctx.store.deliveries.markDone(reminderId, localDate, userId, ctx.clock().getTime()));
}

export async function snooze(ctx: AppContext, userId: string, reminderId: number, localDate: string, minutes = 15): Promise<number> {
  const row = await ctx.store.reminders.get(userId, reminderId);
  if (!row) throw new UserError('That reminder no longer exists. **/remind list** shows yours.');
  if (row.paused_reason) throw new UserError(`Reminder #${row.id} is paused, so I won't snooze it. **/remind resume** starts it again.`);
  const at = ctx.clock().getTime() + minutes * 60_000;
  // Paused between the read and the write: the store's guard refuses it.
  if (!(await ctx.store.write(() => ctx.store.reminders.snooze(userId, reminderId, at, localDate)))) {
    throw new UserError(`Reminder #${row.id} is paused, so I won't snooze it. **/remind resume** starts it again.`);
  }
  return at;
}
