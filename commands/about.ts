// /about: what Lumbar is, its sources, the disclaimer, and what it stores.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand } from '../src/discord/command.ts';
import { SERVER_AND_DM } from '../src/discord/command-options.ts';
import { renderAbout } from '../src/render/about.ts';

const data = {
  name: 'about',
  description: 'What Lumbar is, where its advice comes from, and what it stores',
  ...SERVER_AND_DM,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const about = defineCommand(data, {
  execute(_input, ctx) {
    return { ephemeral: true, ...renderAbout(ctx.knowledge, ctx.version) };
  },
});
