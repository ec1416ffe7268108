// "I paused your reminders": told once, right after the answer to the member's next command. main.ts hands
// this to the router, which asks after every answer; the usual case costs one read and no write lock.
import type { AppContext } from '../app/context.ts';
import type { Logger } from '../base/logger.ts';
import type { Reply } from '../render/message.ts';
import { isBusy } from '../store/busy.ts';
import { DMS_CLOSED_HELP } from './dm-check.ts';

/** The notice if this member's reminders were paused for closed DMs and they were not told yet; else null. */
export async function closedDmsNotice(userId: string, ctx: AppContext, log: Logger): Promise<Reply | null> {
  try {
    if (!(await ctx.store.reminders.takeNotice(userId))) return null;
  } catch (err) {
    if (!isBusy(err)) throw err;
    // Not taken, so it is still pending: the member hears it after a later command.
    log.info('database locked; the closed-DMs notice waits for the next command');
    return null;
  }
  return { ephemeral: true, content: `⏸️ I paused your stretch reminders because I couldn't DM you.\n${DMS_CLOSED_HELP}\nThen run **/remind resume**.` };
}
