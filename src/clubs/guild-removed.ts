// Lumbar was removed from a server: its club channels stop posting. The event comes once, so the
// write must not be lost to a database another process has locked: it waits (without blocking
// the bot) for up to an hour, retrying every few seconds at most.
import type { AppContext } from '../app/context.ts';
import { describeError } from '../delivery/discord-errors.ts';

const GUILD_REMOVAL_WAIT_MS = 60 * 60_000;

export async function disableRemovedGuild(ctx: Pick<AppContext, 'store' | 'clock' | 'logger'>, guildId: string): Promise<void> {
  try {
    const disabled = await ctx.store.write(() => ctx.store.clubs.disableGuild(guildId, ctx.clock().getTime()), {
      maxWaitMs: GUILD_REMOVAL_WAIT_MS,
      maxDelayMs: 5000,
      onFirstWait: () => ctx.logger.warn({ guild: guildId }, 'database locked; turning off club tips for a removed server once it is free'),
    });
    ctx.logger.info({ guild: guildId, disabled }, 'removed from a server; its club tips are off');
  } catch (err) {
    ctx.logger.error({ guild: guildId, err: describeError(err) }, 'could not turn off club tips for a removed server');
  }
}
