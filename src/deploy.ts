// `npm run commands:deploy [-- --force]`: registers the commands without starting the bot.
import { REST, Routes, type APIApplication } from 'discord.js';
import { commands } from '../commands/index.ts';
import { ConfigError, parseConfig, readEnv, requireToken } from './app/config.ts';
import { describeError } from './delivery/discord-errors.ts';
import { inviteUrl, userInstallUrl } from './discord/invite.ts';
import { registrationHint, syncCommands } from './discord/sync.ts';
import { createLogger } from './base/logger.ts';

try {
  const config = requireToken(parseConfig(readEnv()));
  const logger = createLogger(config.LOG_LEVEL);
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  try {
    const app = (await rest.get(Routes.currentApplication())) as APIApplication;
    const result = await syncCommands(rest, app.id, commands.map((c) => c.data), {
      guildId: config.DISCORD_GUILD_ID,
      force: process.argv.includes('--force'),
      logger,
    });
    console.log(`${result.changed ? 'Registered' : 'Already up to date:'} ${result.count} commands (${result.scope}).`);
    console.log(`Invite Lumbar to a server: ${inviteUrl(app.id)}`);
    console.log(`Add Lumbar to your own account: ${userInstallUrl(app.id)}`);
  } catch (err) {
    logger.fatal({ err: describeError(err) }, 'could not register commands');
    const fix = registrationHint(err);
    if (fix) console.error(fix);
    process.exitCode = 1;
  }
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exitCode = 2;
}
