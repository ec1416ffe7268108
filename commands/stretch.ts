// /stretch [name]: one stretch step by step, or the list of all of them.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand, type Choice } from '../src/discord/command.ts';
import { SERVER_AND_DM } from '../src/discord/command-options.ts';
import { UserError } from '../src/render/message.ts';
import { renderStretch, renderStretchList } from '../src/render/stretch.ts';

const data = {
  name: 'stretch',
  description: 'A stretch or warm-up step by step; leave the name empty for the list',
  ...SERVER_AND_DM,
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'name',
      description: 'Which stretch: piriformis, hip flexor, knee to chest…',
      autocomplete: true,
      max_length: 100,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const stretch = defineCommand(data, {
  execute(input, ctx) {
    const { name } = input.options;
    if (name === undefined || name.trim() === '') return { ephemeral: true, ...renderStretchList(ctx.knowledge) };
    const found = ctx.stretches.resolve(name);
    if (found) return { ephemeral: true, ...renderStretch(ctx.knowledge, found) };
    const close = ctx.stretches.search(name, 3).map((s) => `**${s.name}**`);
    throw new UserError(
      close.length
        ? `I couldn't find that stretch. Did you mean ${close.join(', ')}? Or run **/stretch** without a name for the list.`
        : `I couldn't find that stretch. Run **/stretch** without a name to see the list.`,
    );
  },

  autocomplete(input, ctx): Choice[] {
    const q = input.focused.value;
    const found = q.trim() === '' ? ctx.knowledge.stretches : ctx.stretches.search(q, 25);
    return found.slice(0, 25).map((s) => ({ name: s.name, value: s.id }));
  },

  component(input, ctx) {
    const chosen = ctx.knowledge.stretchById.get(input.values[0] ?? '');
    if (input.args[0] !== 'pick' || !chosen) throw new UserError('That menu is out of date. Run **/stretch** again.');
    return { update: renderStretch(ctx.knowledge, chosen) };
  },
});
