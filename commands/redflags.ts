// /redflags: the escalation ladder, and a menu that says which level chosen symptoms reach.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand } from '../src/discord/command.ts';
import { SERVER_AND_DM } from '../src/discord/command-options.ts';
import { UserError } from '../src/render/message.ts';
import { renderLadder, renderTriage } from '../src/render/redflags.ts';

const data = {
  name: 'redflags',
  description: 'Warning signs with back pain that mean: get help now, today, or soon',
  ...SERVER_AND_DM,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const redflags = defineCommand(data, {
  execute(_input, ctx) {
    return { ephemeral: true, ...renderLadder(ctx.knowledge) };
  },

  component(input, ctx) {
    if (input.args[0] !== 'check') throw new UserError('That menu is out of date. Run **/redflags** again.');
    return { reply: { ephemeral: true, ...renderTriage(ctx.knowledge, input.values) } };
  },
});
