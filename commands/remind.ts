// /remind: stretch reminders by DM at the member's local time. Every reply is private.
import { ApplicationCommandOptionType } from 'discord.js';
import type { Choice, Command } from '../src/discord/command.ts';
import { UserError } from '../src/render/message.ts';
import { optionalInteger, optionalString, requiredString } from '../src/discord/options.ts';
import { reminderPool } from '../src/render/reminder.ts';
import { describeReminder, renderForgetPrompt, renderReminderList, renderSetConfirmation, timestamp } from '../src/render/remind.ts';
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
import { formatDays } from '../src/time/parse.ts';
import { searchZones } from '../src/time/zone-search.ts';
import { DAYS_CHOICES, SERVER_AND_DM, optionalDays } from '../src/discord/command-options.ts';

const idOption = (required: boolean, description: string) => ({
  type: ApplicationCommandOptionType.Integer as const,
  name: 'id',
  description,
  required,
  autocomplete: true,
  min_value: 1,
});

export const remind: Command = {
  // Sending a DM to check it arrives can take a moment: answer "thinking…" first.
  defer: true,
  data: {
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
  },

  async execute(input, ctx) {
    const user = input.userId;
    switch (input.subcommand) {
      case 'set': {
        const days = optionalDays(input);
        const result = await setReminder(ctx, user, {
          time: requiredString(input, 'time'),
          timezone: requiredString(input, 'timezone'),
          days,
          customDays: optionalString(input, 'custom_days'),
          stretch: optionalString(input, 'stretch'),
        });
        return { ephemeral: true, ...renderSetConfirmation(ctx.knowledge, result.reminder, result.next, result.dmCheck === 'ok', result.stillPausedForDms) };
      }
      case 'list': {
        const { reminders, doneThisWeek } = listReminders(ctx, user);
        return { ephemeral: true, ...renderReminderList(ctx.knowledge, reminders, doneThisWeek) };
      }
      case 'pause': {
        const { paused, until } = await pauseReminders(ctx, user, optionalInteger(input, 'id'), optionalInteger(input, 'days'));
        const which = paused.length === 1 ? `Reminder #${paused[0]!.id} is` : `All ${paused.length} reminders are`;
        return { ephemeral: true, content: `⏸️ ${which} paused ${until === null ? 'until you run **/remind resume**' : `until ${timestamp(until, 'F')}`}.` };
      }
      case 'resume': {
        const { resumed } = await resumeReminders(ctx, user, optionalInteger(input, 'id'));
        const lines = resumed.map((r) => `▶️ ${describeReminder(r.row)}: next ${timestamp(r.next.at)} (${timestamp(r.next.at, 'R')})`);
        return { ephemeral: true, content: lines.join('\n') };
      }
      case 'delete': {
        const id = optionalInteger(input, 'id');
        if (id === undefined) throw new UserError('Tell me which reminder: `id` (pick it from the list as you type).');
        const row = await deleteReminder(ctx, user, id);
        return { ephemeral: true, content: `🗑️ Deleted reminder ${describeReminder(row)}.` };
      }
      case 'test': {
        const result = await testReminder(ctx, user);
        if (result === 'closed') throw new UserError(`I couldn't DM you.\n${DMS_CLOSED_HELP}`);
        return { ephemeral: true, content: '📬 Sent! Check your DMs for a sample reminder.' };
      }
      case 'forget-me':
        return { ephemeral: true, ...renderForgetPrompt(user) };
      default:
        throw new UserError('Pick one of the /remind subcommands: set, list, pause, resume, delete, test, forget-me.');
    }
  },

  autocomplete(input, ctx): Choice[] {
    const { name, value } = input.focused;
    if (name === 'timezone') {
      // Nothing typed yet: the zone they used last comes first.
      const last = value.trim() === '' ? ctx.store.reminders.member(input.userId)?.time_zone : null;
      const found = searchZones(value, 25);
      const mine = last ? searchZones(last, 1).filter((c) => c.value === last) : [];
      return [...mine, ...found.filter((c) => c.value !== last)].slice(0, 25);
    }
    if (name === 'stretch') {
      const pool = new Set(reminderPool(ctx.knowledge).map((s) => s.id));
      const found = value.trim() === '' ? ctx.knowledge.stretches : ctx.stretches.search(value, 25);
      return found.filter((s) => pool.has(s.id)).slice(0, 25).map((s) => ({ name: s.name, value: s.id }));
    }
    if (name === 'id') {
      const q = value.trim().toLowerCase().replace(/^#/, '');
      return ctx.store.reminders
        .list(input.userId)
        .map((r) => ({ name: `${r.local_time} ${formatDays(r.days)} · #${r.id}`, value: String(r.id) }))
        .filter((c) => q === '' || c.name.toLowerCase().includes(q))
        .slice(0, 25);
    }
    return [];
  },

  // A reminder DM is sent by the scheduler, not in answer to an interaction: its owner is the reminder's member.
  componentOwner(args, ctx) {
    const [action, reminderId = ''] = args;
    if (action === 'done' || action === 'snooze' || action === 'pause') {
      return { kind: 'member', userId: ctx.store.reminders.byId(Number(reminderId))?.user_id ?? null };
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
};

