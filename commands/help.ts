// /help: what Lumbar can do, each command as a clickable mention, the disclaimer, and where the data lives.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand } from '../src/discord/command.ts';
import { SERVER_AND_DM } from '../src/discord/command-options.ts';
import { inviteUrl, userInstallUrl } from '../src/discord/invite.ts';
import { renderHelp } from '../src/render/help.ts';

const data = {
  name: 'help',
  description: 'What Lumbar can do, where it works, and what it stores',
  ...SERVER_AND_DM,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const help = defineCommand(data, {
  execute(_input, ctx) {
    const app = ctx.commandIds.applicationId;
    const links = app ? { server: inviteUrl(app), account: userInstallUrl(app) } : null;
    return { ephemeral: true, ...renderHelp(ctx.knowledge, links) };
  },
});
