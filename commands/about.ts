// /about: what Lumbar is, its sources, the disclaimer, and what it stores.
import { ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import type { Command } from '../src/discord/command.ts';
import { renderAbout } from '../src/render/about.ts';

export const about: Command = {
  data: {
    name: 'about',
    description: 'What Lumbar is, where its advice comes from, and what it stores',
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },

  execute(_input, ctx) {
    return { ephemeral: true, ...renderAbout(ctx.knowledge, ctx.version) };
  },
};
