// Replies for /remind: confirmations with Discord timestamps (each member reads their own time).
import { ButtonStyle, ComponentType } from 'discord.js';
import type { Knowledge } from '../content/load.ts';
import type { MessageBody } from './message.ts';
import { customId } from './message.ts';
import type { Occurrence } from '../time/calendar.ts';
import { formatDays } from '../time/parse.ts';
import { COLORS, field } from './common.ts';

/** What these replies show of a reminder; the store's rows have these columns (and more). */
export interface ReminderView {
  id: number;
  local_time: string;
  time_zone: string;
  /** Bit 0 = Monday … bit 6 = Sunday. */
  days: number;
  stretch_id: string | null;
  routine_id: string | null;
  next_fire_at: number | null;
  paused_until: number | null;
  paused_reason: 'member' | 'dm-closed' | null;
}

export const timestamp = (ms: number, style: 'F' | 'R' | 'D' | 't' | 'f' = 'F') => `<t:${Math.floor(ms / 1000)}:${style}>`;

export function describeReminder(r: Pick<ReminderView, 'id' | 'local_time' | 'days' | 'time_zone'>): string {
  return `#${r.id} · ${r.local_time} ${formatDays(r.days)} (${r.time_zone})`;
}

/** How a reminder reads in the `id` autocomplete: "07:30 weekdays · #3". */
export function reminderChoiceLabel(r: Pick<ReminderView, 'id' | 'local_time' | 'days'>): string {
  return `${r.local_time} ${formatDays(r.days)} · #${r.id}`;
}

const routineName = (knowledge: Knowledge, id: string) => knowledge.routineById.get(id)?.name ?? id;

/** What a reminder brings: "Knee rolls", "the Desk break routine", "a different stretch each time". */
export function stretchLabel(knowledge: Knowledge, r: Pick<ReminderView, 'stretch_id' | 'routine_id'>): string {
  if (r.routine_id) return `the ${routineName(knowledge, r.routine_id)} routine`;
  return r.stretch_id ? (knowledge.stretchById.get(r.stretch_id)?.name ?? r.stretch_id) : 'a different stretch each time';
}

export function renderSetConfirmation(knowledge: Knowledge, r: ReminderView, next: Occurrence, dmChecked: boolean, stillPausedForDms = 0): MessageBody {
  return {
    content: [
      `✅ Reminder **#${r.id}** set: **${r.local_time}** ${formatDays(r.days)}, ${r.time_zone} time, with ${stretchLabel(knowledge, r)}.`,
      `Next one: ${timestamp(next.at)} (${timestamp(next.at, 'R')}).`,
      dmChecked ? '📬 I sent you a DM to check they reach you; reminders will arrive there.' : '',
      stillPausedForDms > 0 ? `⏸️ ${stillPausedForDms === 1 ? 'One other reminder is' : `${stillPausedForDms} other reminders are`} still paused from when DMs failed: **/remind resume** restarts them.` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

export function renderReminderList(knowledge: Knowledge, rows: readonly ReminderView[], doneThisWeek: ReadonlyMap<number, number>): MessageBody {
  if (rows.length === 0) {
    return { content: 'You have no reminders. Add one with **/remind set** — for example `time:07:30 timezone:Europe/London days:weekdays`.' };
  }
  return {
    embeds: [
      {
        title: '⏰ Your stretch reminders',
        color: COLORS.stretch,
        fields: rows.map((r) => field(describeReminder(r), [statusLine(r), r.routine_id ? `Routine: ${routineName(knowledge, r.routine_id)}` : `Stretch: ${stretchLabel(knowledge, r)}`, `Done this week: ${doneThisWeek.get(r.id) ?? 0}`].join('\n'))),
        footer: { text: 'Change one: /remind pause, /remind resume, /remind delete. Everything: /remind forget-me' },
      },
    ],
  };
}

function statusLine(r: ReminderView): string {
  if (r.paused_reason === 'dm-closed') return '⏸️ Paused: I could not DM you. Turn DMs on, then **/remind resume**.';
  if (r.paused_reason === 'member' && r.next_fire_at === null) return '⏸️ Paused until you resume it.';
  if (r.paused_reason === 'member' && r.paused_until !== null && r.next_fire_at !== null) {
    return `⏸️ Paused until ${timestamp(r.paused_until, 'D')}; next after that ${timestamp(r.next_fire_at, 'F')}`;
  }
  return r.next_fire_at === null ? '⏸️ Paused.' : `Next: ${timestamp(r.next_fire_at)} (${timestamp(r.next_fire_at, 'R')})`;
}

export function renderPaused(paused: readonly Pick<ReminderView, 'id'>[], until: number | null): MessageBody {
  const which = paused.length === 1 ? `Reminder #${paused[0]!.id} is` : `All ${paused.length} reminders are`;
  return { content: `⏸️ ${which} paused ${until === null ? 'until you run **/remind resume**' : `until ${timestamp(until, 'F')}`}.` };
}

export function renderResumed(resumed: readonly { row: ReminderView; next: Occurrence }[]): MessageBody {
  return { content: resumed.map((r) => `▶️ ${describeReminder(r.row)}: next ${timestamp(r.next.at)} (${timestamp(r.next.at, 'R')})`).join('\n') };
}

export function renderDeleted(r: ReminderView): MessageBody {
  return { content: `🗑️ Deleted reminder ${describeReminder(r)}.` };
}

export function renderForgetPrompt(userId: string): MessageBody {
  return {
    content: '🗑️ This deletes **everything** Lumbar stores about you: all your reminders, their history and your DM settings. It cannot be undone.',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Delete all my data', custom_id: customId('remind', 'forget', userId) },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: customId('remind', 'keep', userId) },
        ],
      },
    ],
  };
}
