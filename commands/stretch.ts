// /stretch [name] [routine]: one stretch step by step with its picture, a guided routine, or the list of stretches.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand, exhaustive, type Choice } from '../src/discord/command.ts';
import { SERVER_AND_DM } from '../src/discord/command-options.ts';
import type { AppContext } from '../src/app/context.ts';
import { UserError, type Reply } from '../src/render/message.ts';
import { parseRoutineArgs, renderRoutineStep } from '../src/render/routine.ts';
import { renderStretch, renderStretchList } from '../src/render/stretch.ts';

const data = {
  name: 'stretch',
  description: 'A stretch or warm-up step by step, or a guided routine; leave both empty for the list',
  ...SERVER_AND_DM,
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'name',
      description: 'Which stretch: piriformis, hip flexor, knee to chest…',
      autocomplete: true,
      max_length: 100,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'routine',
      description: 'A guided routine, one step at a time: post-run cool-down, desk break…',
      autocomplete: true,
      max_length: 100,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Step 1 of a routine, privately; its Back and Next buttons carry the rest. */
function startRoutine(ctx: AppContext, name: string): Reply {
  const routine = ctx.routines.resolve(name);
  if (!routine) {
    const names = ctx.knowledge.routines.map((r) => `**${r.name}**`).join(', ');
    throw new UserError(`I couldn't find that routine. These are the ones I know: ${names}.`);
  }
  return { ephemeral: true, ...renderRoutineStep(ctx.knowledge, ctx.pictures, routine, 0, ctx.clock().getTime()) };
}

export const stretch = defineCommand(data, {
  execute(input, ctx) {
    const { name, routine } = input.options;
    const named = name !== undefined && name.trim() !== '';
    if (routine !== undefined && routine.trim() !== '') {
      if (named) throw new UserError('Pick either a stretch or a routine, not both.');
      return startRoutine(ctx, routine);
    }
    if (!named) return { ephemeral: true, ...renderStretchList(ctx.knowledge) };
    const found = ctx.stretches.resolve(name);
    if (found) return { ephemeral: true, ...renderStretch(ctx.knowledge, found, ctx.pictures) };
    const close = ctx.stretches.search(name, 3).map((s) => `**${s.name}**`);
    throw new UserError(
      close.length
        ? `I couldn't find that stretch. Did you mean ${close.join(', ')}? Or run **/stretch** without a name for the list.`
        : `I couldn't find that stretch. Run **/stretch** without a name to see the list.`,
    );
  },

  autocomplete(input, ctx): Choice[] {
    const q = input.focused.value;
    switch (input.focused.name) {
      case 'name': {
        const found = q.trim() === '' ? ctx.knowledge.stretches : ctx.stretches.search(q, 25);
        return found.slice(0, 25).map((s) => ({ name: s.name, value: s.id }));
      }
      case 'routine': {
        const found = q.trim() === '' ? ctx.knowledge.routines : ctx.routines.search(q, 25);
        return found.slice(0, 25).map((r) => ({ name: `${r.emoji} ${r.name}`, value: r.id }));
      }
      default:
        return exhaustive(input.focused.name);
    }
  },

  // The stretch menu is for whoever opened it. A routine's Back and Next move it for the member who started it;
  // anyone else pressing them gets their own private copy at that step, as with a shared /backpain card.
  componentOwner: (args) => (args[0] === 'routine' ? { kind: 'message', others: 'allowed' } : { kind: 'message', others: 'refused' }),

  component(input, ctx) {
    if (input.args[0] === 'routine') {
      const at = parseRoutineArgs(ctx.knowledge, input.args);
      if (!at) throw new UserError('This routine is out of date. Run **/stretch routine:** again for a fresh one.');
      const card = renderRoutineStep(ctx.knowledge, ctx.pictures, at.routine, at.step, ctx.clock().getTime());
      return input.isOwner ? { update: card } : { reply: { ephemeral: true, ...card } };
    }
    const chosen = ctx.knowledge.stretchById.get(input.values[0] ?? '');
    if (input.args[0] !== 'pick' || !chosen) throw new UserError('That menu is out of date. Run **/stretch** again.');
    return { update: renderStretch(ctx.knowledge, chosen, ctx.pictures) };
  },
});
