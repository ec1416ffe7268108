// /remind: stretch reminders by DM at the member's local time. Every reply is private.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand, exhaustive } from '../src/discord/command.ts';
import { UserError } from '../src/render/message.ts';
import {
  renderDeleted,
  renderForgetPrompt,
  renderPaused,
  renderReminderList,
  renderResumed,
  renderSetConfirmation,
  timestamp,
} from '../src/render/remind.ts';
import {
  DMS_CLOSED_HELP,
  deleteReminder,
  forgetMember,
  listReminders,
  markDone,
  pauseReminders,
  resumeReminders,
  setReminder,
  snooze,
  testReminder,
} from '../src/reminders/service.ts';
import { reminderChoices, reminderOwner, routineChoices, stretchChoices, timeZoneChoices } from '../src/reminders/choices.ts';
import { renderRoutineStep } from '../src/render/routine.ts';
import { DAYS_CHOICES, SERVER_AND_DM } from '../src/discord/command-options.ts';

const idOption = <const R extends boolean>(required: R, description: string) => ({
  type: ApplicationCommandOptionType.Integer as const,
  name: 'id' as const,
  description,
  required,
  autocomplete: true as const,
  min_value: 1,
});

const data = {
  name: 'remind',
  description: 'Stretch reminders by DM at your local time',
  ...SERVER_AND_DM,
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'set',
      description: 'Add a reminder (up to 5)',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'time', description: 'Local time, like 07:30, 7:30am or 19:05', required: true, max_length: 20 },
        { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'Your time zone: type a city, like London or New York', required: true, autocomplete: true, max_length: 64 },
        { type: ApplicationCommandOptionType.String, name: 'days', description: 'Which days (every day if left empty)', choices: DAYS_CHOICES },
        { type: ApplicationCommandOptionType.String, name: 'custom_days', description: 'With days:custom, e.g. mon,wed,fri', max_length: 60 },
        { type: ApplicationCommandOptionType.String, name: 'stretch', description: 'Always this stretch (a different one each time if empty)', autocomplete: true, max_length: 100 },
        { type: ApplicationCommandOptionType.String, name: 'routine', description: 'A guided routine instead of one stretch: cool-down, warm-up, desk break…', autocomplete: true, max_length: 100 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Your reminders, their next time and how many you did this week' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'pause',
      description: 'Pause one reminder, or all of them',
      options: [
        idOption(false, 'Which reminder (all if empty)'),
        { type: ApplicationCommandOptionType.Integer, name: 'days', description: 'For how many days (until you resume if empty)', min_value: 1, max_value: 30 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'resume', description: 'Resume one paused reminder, or all of them', options: [idOption(false, 'Which reminder (all if empty)')] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'delete', description: 'Delete a reminder', options: [idOption(true, 'Which reminder')] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'test', description: 'Send one reminder now, to check DMs reach you' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'forget-me', description: 'Delete everything Lumbar stores about you' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const remind = defineCommand(data, {
  // Sending a DM to check it arrives can take a moment: answer "thinking…" first.
  defer: true,

  async execute(input, ctx) {
    const user = input.userId;
    switch (input.subcommand) {
      case 'set': {
        const { time, timezone, days, custom_days, stretch, routine } = input.options;
        const result = await setReminder(ctx, user, { time, timezone, days, customDays: custom_days, stretch, routine });
        return { ephemeral: true, ...renderSetConfirmation(ctx.knowledge, result.reminder, result.next, result.dmCheck === 'ok', result.stillPausedForDms) };
      }
      case 'list': {
        const { reminders, doneThisWeek } = await listReminders(ctx, user);
        return { ephemeral: true, ...renderReminderList(ctx.knowledge, reminders, doneThisWeek) };
      }
      case 'pause': {
        const { paused, until } = await pauseReminders(ctx, user, input.options.id, input.options.days);
        return { ephemeral: true, ...renderPaused(paused, until) };
      }
      case 'resume': {
        const { resumed } = await resumeReminders(ctx, user, input.options.id);
        return { ephemeral: true, ...renderResumed(resumed) };
      }
      case 'delete': {
        const row = await deleteReminder(ctx, user, input.options.id);
        return { ephemeral: true, ...renderDeleted(row) };
      }
      case 'test': {
        const result = await testReminder(ctx, user);
        if (result === 'closed') throw new UserError(`I couldn't DM you.\n${DMS_CLOSED_HELP}`);
        return { ephemeral: true, content: '📬 Sent! Check your DMs for a sample reminder.' };
      }
      case 'forget-me':
        return { ephemeral: true, ...renderForgetPrompt(user) };
      default:
        return exhaustive(input);
    }
  },

  autocomplete(input, ctx) {
    const { name, value } = input.focused;
    switch (name) {
      case 'timezone':
        return timeZoneChoices(ctx, input.userId, value);
      case 'stretch':
        return stretchChoices(ctx, value);
      case 'routine':
        return routineChoices(ctx, value);
      case 'id':
        return reminderChoices(ctx, input.userId, value);
      default:
        return exhaustive(name);
    }
  },

  // A reminder DM is sent by the scheduler, not in answer to an interaction: its owner is the reminder's member.
  async componentOwner(args, ctx) {
    const [action, reminderId = ''] = args;
    if (action === 'done' || action === 'snooze' || action === 'pause' || action === 'routine') {
      return { kind: 'member', userId: await reminderOwner(ctx, Number(reminderId)) };
    }
    return { kind: 'message', others: 'refused' };
  },

  // Only the owner gets here (componentOwner): `input.userId` is whose reminders these are.
  async component(input, ctx) {
    const [action, a = '', b = ''] = input.args;
    const user = input.userId;
    switch (action) {
      case 'done': {
        const counted = await markDone(ctx, user, Number(a), b);
        return { reply: { ephemeral: true, content: counted ? '✅ Nice work! Counted for this week.' : '✅ Already counted. Nice work!' } };
      }
      case 'snooze': {
        const at = await snooze(ctx, user, Number(a), b);
        return { reply: { ephemeral: true, content: `⏰ Snoozed. I'll remind you again ${timestamp(at, 'R')}.` } };
      }
      case 'routine': {
        // Opened in the DM as a new message, step 1; the reminder with its Done button stays as it was.
        const routine = ctx.knowledge.routineById.get(b);
        if (!routine) throw new UserError('That routine is no longer available. **/stretch routine:** lists the ones there are.');
        return { reply: { ephemeral: false, ...renderRoutineStep(ctx.knowledge, ctx.pictures, routine, 0, ctx.clock().getTime()) } };
      }
      case 'pause': {
        const { paused } = await pauseReminders(ctx, user, undefined, undefined);
        return { reply: { ephemeral: true, content: `⏸️ Paused all ${paused.length} of your reminders. Run **/remind resume** to start again.` } };
      }
      case 'forget':
      case 'keep': {
        if (action === 'keep') return { update: { content: 'Nothing was deleted.', components: [] } };
        const gone = await forgetMember(ctx, user);
        return {
          update: {
            content: `Done. Deleted ${gone.reminders} reminder(s) and ${gone.deliveries} delivery record(s). Lumbar now stores nothing about you.`,
            components: [],
          },
        };
      }
      default:
        throw new UserError('This button is out of date. Run **/remind list** for your reminders.');
    }
  },
});
