// What /remind does, apart from Discord: validate, write, compute the next fire time, check DMs.
import type { AppContext } from '../context.ts';
import { UserError } from '../discord/command.ts';
import { DiscordCode, discordCode } from '../discord/errors.ts';
import { reminderPool, renderReminderDm } from '../render/reminder.ts';
import { nonceFor } from '../schedule/messenger.ts';
import { nextOccurrence, type Occurrence } from '../schedule/occurrences.ts';
import { canonicalZone, formatLocalTime, parseDays, parseLocalTime, type DaysChoice } from '../schedule/time.ts';
import { MAX_REMINDERS_PER_MEMBER, TooManyReminders, type ReminderRow } from '../store/reminders.ts';

export const DMS_CLOSED_HELP =
  'To let Lumbar DM you: right-click (or long-press) the server icon → **Privacy Settings** → turn on **Direct Messages**, or allow DMs from server members in **User Settings → Content & Social**.';

export interface SetRequest {
  time: string;
  timezone: string;
  days?: DaysChoice;
  customDays?: string;
  stretch?: string;
}

export type DmCheck = 'ok' | 'closed' | 'skipped';

export interface SetResult {
  reminder: ReminderRow;
  next: Occurrence;
  dmCheck: DmCheck;
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
  const stretchId = req.stretch ? resolveReminderStretch(ctx, req.stretch) : null;
  const { reminders } = ctx.store;
  if (reminders.count(userId) >= MAX_REMINDERS_PER_MEMBER) throw tooMany();

  // The first reminder checks that a DM reaches the member before anything is saved.
  const first = reminders.count(userId) === 0;
  const hello = first ? await helloDm(ctx, userId) : null;
  const dmCheck: DmCheck = hello?.check ?? 'skipped';
  if (dmCheck === 'closed') throw new UserError(`I couldn't send you a DM, so a reminder couldn't reach you. Nothing was saved.\n${DMS_CLOSED_HELP}\nThen run **/remind set** again.`);

  const now = ctx.clock().getTime();
  const row = { time_zone: zone, local_time: formatLocalTime(time), days };
  const next = nextOccurrence(now, row);
  let id: number;
  try {
    id = reminders.add({ userId, localTime: row.local_time, timeZone: zone, days, stretchId, next, now });
  } catch (err) {
    if (err instanceof TooManyReminders) throw tooMany();
    throw err;
  }
  // The member row exists only now: keep the DM channel the check opened, so reminders need no extra request.
  if (hello?.channelId) reminders.markDmOpen(userId, hello.channelId);
  return { reminder: reminders.get(userId, id)!, next, dmCheck };
}

function tooMany(): UserError {
  return new UserError(`You already have ${MAX_REMINDERS_PER_MEMBER} reminders, the most Lumbar keeps per member. Remove one with **/remind delete**, or change days on an existing one.`);
}

function resolveReminderStretch(ctx: AppContext, name: string): string {
  const found = ctx.stretches.resolve(name);
  if (found && found.kind !== 'mobility-check') return found.id;
  const names = reminderPool(ctx.knowledge).map((s) => s.name);
  throw new UserError(`I couldn't find a stretch called “${name.slice(0, 60)}”. Pick one from the list, for example: ${names.slice(0, 5).join(', ')}. Or leave it empty to rotate through all of them.`);
}

/** Sends a short hello by DM; 'closed' when Discord says the member does not accept DMs. */
export async function checkDm(ctx: AppContext, userId: string): Promise<DmCheck> {
  const { check, channelId } = await helloDm(ctx, userId);
  if (channelId) ctx.store.reminders.markDmOpen(userId, channelId);
  return check;
}

/** The hello DM itself, writing nothing: the member may not have a row yet. */
async function helloDm(ctx: AppContext, userId: string): Promise<{ check: DmCheck; channelId?: string }> {
  try {
    const channelId = await ctx.messenger.openDm(userId);
    await ctx.messenger.send(
      channelId,
      { content: '👋 This is where your Lumbar stretch reminders will arrive. You can change or stop them any time with **/remind**.' },
      nonceFor(`hello:${userId}:${ctx.clock().getTime()}`),
    );
    return { check: 'ok', channelId };
  } catch (err) {
    const code = discordCode(err);
    if (code === DiscordCode.CannotSendMessagesToThisUser || code === DiscordCode.CannotSendToThisUserNow) return { check: 'closed' };
    throw err;
  }
}

export function listReminders(ctx: AppContext, userId: string): { reminders: ReminderRow[]; doneThisWeek: Map<number, number> } {
  const rows = ctx.store.reminders.list(userId);
  const since = mondayOf(ctx.clock().getTime());
  return { reminders: rows, doneThisWeek: ctx.store.reminders.doneSince(userId, since) };
}

/** The Monday of this week (UTC date): "this week" is a rough count, not a per-zone ledger. */
function mondayOf(now: number): string {
  const d = new Date(now);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(now - back * DAY_MS).toISOString().slice(0, 10);
}

function ownReminder(ctx: AppContext, userId: string, id: number): ReminderRow {
  const row = ctx.store.reminders.get(userId, id);
  if (!row) throw new UserError(`You don't have a reminder #${id}. **/remind list** shows yours.`);
  return row;
}

function targets(ctx: AppContext, userId: string, id: number | undefined): ReminderRow[] {
  if (id !== undefined) return [ownReminder(ctx, userId, id)];
  const all = ctx.store.reminders.list(userId);
  if (all.length === 0) throw new UserError('You have no reminders yet. Add one with **/remind set**.');
  return all;
}

export function pauseReminders(ctx: AppContext, userId: string, id: number | undefined, days: number | undefined): { paused: ReminderRow[]; until: number | null } {
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 30)) throw new UserError('`days` can be 1 to 30. Leave it empty to pause until you resume.');
  const rows = targets(ctx, userId, id);
  const until = days === undefined ? null : ctx.clock().getTime() + days * DAY_MS;
  ctx.store.db.transaction(() => {
    for (const r of rows) ctx.store.reminders.setSchedule(r.id, until === null ? null : nextOccurrence(until, r), { until, reason: 'member' });
  })();
  return { paused: rows, until };
}

export async function resumeReminders(ctx: AppContext, userId: string, id: number | undefined): Promise<{ resumed: { row: ReminderRow; next: Occurrence }[] }> {
  const rows = targets(ctx, userId, id);
  // DMs were closed: try one before promising anything.
  if (ctx.store.reminders.member(userId)?.dm_status === 'closed' && (await checkDm(ctx, userId)) === 'closed') {
    throw new UserError(`I still can't DM you, so your reminders stay paused.\n${DMS_CLOSED_HELP}`);
  }
  const now = ctx.clock().getTime();
  const resumed = rows.map((row) => ({ row, next: nextOccurrence(now, row) }));
  ctx.store.db.transaction(() => {
    for (const r of resumed) ctx.store.reminders.setSchedule(r.row.id, r.next, null);
  })();
  return { resumed };
}

export function deleteReminder(ctx: AppContext, userId: string, id: number): ReminderRow {
  const row = ownReminder(ctx, userId, id);
  ctx.store.reminders.delete(userId, id);
  return row;
}

/** Sends one reminder now, uncounted, to show what they look like and that DMs arrive. */
export async function testReminder(ctx: AppContext, userId: string): Promise<DmCheck> {
  const stretch = reminderPool(ctx.knowledge)[0];
  if (!stretch) throw new Error('no stretches in the knowledge base');
  try {
    const channelId = await ctx.messenger.openDm(userId);
    const today = new Date(ctx.clock().getTime()).toISOString().slice(0, 10);
    await ctx.messenger.send(channelId, { ...renderReminderDm(ctx.knowledge, 0, today, stretch), components: [] }, nonceFor(`test:${userId}:${ctx.clock().getTime()}`));
    if (ctx.store.reminders.member(userId)) ctx.store.reminders.markDmOpen(userId, channelId);
    return 'ok';
  } catch (err) {
    const code = discordCode(err);
    if (code === DiscordCode.CannotSendMessagesToThisUser || code === DiscordCode.CannotSendToThisUserNow) return 'closed';
    throw err;
  }
}

export function forgetMember(ctx: AppContext, userId: string): { reminders: number; deliveries: number } {
  return ctx.store.reminders.forget(userId);
}

export function markDone(ctx: AppContext, userId: string, reminderId: number, localDate: string): boolean {
  return ctx.store.deliveries.markDone(reminderId, localDate, userId, ctx.clock().getTime());
}

export function snooze(ctx: AppContext, userId: string, reminderId: number, localDate: string, minutes = 15): number {
  const at = ctx.clock().getTime() + minutes * 60_000;
  if (!ctx.store.reminders.snooze(userId, reminderId, at, localDate)) throw new UserError('That reminder no longer exists. **/remind list** shows yours.');
  return at;
}
