// Whether a DM reaches the member: a short hello (or a sample reminder), and what Discord's
// answer means for their reminders. Nothing here is saved before the member has a row.
import type { AppContext } from '../app/context.ts';
import { classify } from '../delivery/discord-errors.ts';
import { nonceFor } from '../delivery/messenger.ts';
import { reminderPool, renderReminderDm } from '../render/reminder.ts';

export const DMS_CLOSED_HELP =
  'To let Lumbar DM you: right-click (or long-press) the server icon → **Privacy Settings** → turn on **Direct Messages**, or allow DMs from server members in **User Settings → Content & Social**.';

export type DmCheck = 'ok' | 'closed' | 'skipped';

export interface HelloResult {
  check: DmCheck;
  channelId?: string;
}

/** Discord's answer for a member who does not accept DMs from Lumbar. */
function isDmClosed(err: unknown): boolean {
  return classify(err).kind === 'dm-closed';
}

/** The hello DM, writing nothing; concurrent checks for one member share one DM. */
export function helloDm(ctx: AppContext, userId: string): Promise<HelloResult> {
  return ctx.singleFlight(`hello:${userId}`, async () => {
    try {
      const channelId = await ctx.messenger.openDm(userId);
      await ctx.messenger.send(
        channelId,
        { content: '👋 This is where your Lumbar stretch reminders will arrive. You can change or stop them any time with **/remind**.' },
        nonceFor(`hello:${userId}:${ctx.clock().getTime()}`),
      );
      return { check: 'ok', channelId };
    } catch (err) {
      if (isDmClosed(err)) return { check: 'closed' };
      throw err;
    }
  });
}

/** Sends the hello and, when it arrived, remembers the DM channel (which also clears a closed-DMs state). */
export async function checkDm(ctx: AppContext, userId: string): Promise<DmCheck> {
  const { check, channelId } = await helloDm(ctx, userId);
  if (channelId) await ctx.store.write(() => ctx.store.reminders.markDmOpen(userId, channelId));
  return check;
}

/** Sends one reminder now, uncounted, to show what they look like and that DMs arrive. */
export async function testReminder(ctx: AppContext, userId: string): Promise<DmCheck> {
  const stretch = reminderPool(ctx.knowledge)[0];
  if (!stretch) throw new Error('no stretches in the knowledge base');
  try {
    const channelId = await ctx.messenger.openDm(userId);
    const today = new Date(ctx.clock().getTime()).toISOString().slice(0, 10);
    await ctx.messenger.send(channelId, { ...renderReminderDm(ctx.knowledge, ctx.pictures, { reminderId: 0, localDate: today }, stretch), components: [] }, nonceFor(`test:${userId}:${ctx.clock().getTime()}`));
    if (await ctx.store.reminders.member(userId)) await ctx.store.write(() => ctx.store.reminders.markDmOpen(userId, channelId));
    return 'ok';
  } catch (err) {
    if (isDmClosed(err)) return 'closed';
    throw err;
  }
}
