// /backpain activity:<text> [section] [share]: why it hurts, what helps, and when to get help.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand, type Choice } from '../src/discord/command.ts';
import { SERVER_AND_DM } from '../src/discord/command-options.ts';
import { UserError } from '../src/render/message.ts';
import { SECTIONS, SECTION_INFO, isSection, renderActivityCard, renderGeneralCard } from '../src/render/backpain.ts';

const data = {
  name: 'backpain',
  description: 'Why your back hurts after an activity, what helps now, and when to see a doctor',
  ...SERVER_AND_DM,
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'activity',
      description: 'What you did: deadlift, running, sitting, yoga…',
      required: true,
      autocomplete: true,
      max_length: 100,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'section',
      description: 'Open the card at this part',
      choices: SECTIONS.map((s) => ({ name: SECTION_INFO[s].label, value: s })),
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'share',
      description: 'Post the card in the channel for everyone (only you see it otherwise)',
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const backpain = defineCommand(data, {
  execute(input, ctx) {
    const { activity: query, section = 'overview', share = false } = input.options;
    const activity = ctx.activities.resolve(query);
    if (!activity) {
      // Not sure which card: general advice rather than a guess, with the closest cards one click away.
      const closest = ctx.activities.search(query, 6).filter((a) => a !== ctx.knowledge.general);
      return { ephemeral: true, ...renderGeneralCard(ctx.knowledge, query, closest, input.userId) };
    }
    return { ephemeral: !share, ...renderActivityCard(ctx.knowledge, activity, section, input.userId, ctx.pictures) };
  },

  autocomplete(input, ctx): Choice[] {
    const query = input.focused.value;
    // Nothing typed yet: offer everything, so the list itself teaches what Lumbar knows.
    const found = query.trim() === '' ? [...ctx.knowledge.activities].sort((a, b) => a.name.localeCompare(b.name)) : ctx.activities.search(query, 25);
    return found.slice(0, 25).map((a) => ({ name: `${a.emoji} ${a.name}`, value: a.id }));
  },

  // On a shared card only the person who asked moves it; anyone else gets their own private copy.
  componentOwner: () => ({ kind: 'message', others: 'allowed' }),

  component(input, ctx) {
    // The id's third part (the owner it was rendered for) is not trusted: the router decides `isOwner`.
    const [activityId = '', section = ''] = input.args;
    const activity = ctx.knowledge.activityById.get(activityId);
    if (!activity || !isSection(section)) throw new UserError('This card is out of date. Run **/backpain** again for a fresh one.');
    const card = renderActivityCard(ctx.knowledge, activity, section, input.userId, ctx.pictures);
    return input.isOwner ? { update: card } : { reply: { ephemeral: true, ...card } };
  },
});
