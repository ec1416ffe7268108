// The reminder DM: a short stretch with its picture, its steps, the safety footer, and Done / Snooze / Pause; or,
// for a reminder with a routine, the routine's steps and a Start routine button that opens it step by step.
import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord.js';
import type { Knowledge } from '../content/load.ts';
import type { Pictures } from '../content/pictures.ts';
import type { Routine, Stretch } from '../content/schema.ts';
import type { MessageBody } from './message.ts';
import { customId } from './message.ts';
import { COLORS, LIMITS, field, numbered, truncate } from './common.ts';
import { shown } from './picture.ts';
import { routineMinutes, routineStepLines } from './routine.ts';
import { stretchFields } from './stretch.ts';

/** Printed in the footer; a late resend looks for it to avoid sending the same reminder twice. */
export function reminderMarker(reminderId: number, localDate: string, snoozeAt?: number): string {
  // Each snooze gets its own short reference, so a late resend of one is not mistaken for another.
  return `Reminder #${reminderId} · ${localDate}${snoozeAt === undefined ? '' : ` · snooze ${Math.floor(snoozeAt / 60_000).toString(36)}`}`;
}

/** Which reminder and day a DM is for; `snoozeAt` set: this is a snoozed repeat of that day's reminder. */
export interface ReminderDay {
  reminderId: number;
  localDate: string;
  snoozeAt?: number;
}

export function renderReminderDm(knowledge: Knowledge, pictures: Pictures, day: ReminderDay, stretch: Stretch): MessageBody {
  const { image, files } = shown(pictures.stretches.get(stretch.id));
  return {
    embeds: [
      {
        title: truncate(`${day.snoozeAt !== undefined ? '⏰ Snoozed: ' : '🧘 Stretch time: '}${stretch.name}`, LIMITS.title),
        description: stretch.purpose,
        color: COLORS.stretch,
        fields: stretchFields(stretch),
        ...(image ? { image } : {}),
        footer: { text: `${knowledge.redflags.footer}\n${reminderMarker(day.reminderId, day.localDate, day.snoozeAt)}` },
      },
    ],
    components: [{ type: ComponentType.ActionRow, components: reminderButtons(day) }],
    files,
  };
}

/** A routine's reminder: its steps and the first one's picture, and Start routine before Done / Snooze / Pause. */
export function renderRoutineReminderDm(knowledge: Knowledge, pictures: Pictures, day: ReminderDay, routine: Routine): MessageBody {
  const first = routine.steps[0];
  const { image, files } = shown(first ? pictures.stretches.get(first.stretch) : undefined);
  const start: APIButtonComponent = {
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    label: 'Start routine',
    emoji: { name: '▶️' },
    custom_id: customId('remind', 'routine', String(day.reminderId), routine.id),
  };
  return {
    embeds: [
      {
        title: truncate(`${day.snoozeAt !== undefined ? '⏰ Snoozed: ' : `${routine.emoji} Routine time: `}${routine.name}`, LIMITS.title),
        description: `${routine.when}\nPress **Start routine** to go through it step by step.`,
        color: COLORS.stretch,
        fields: [field('Steps', numbered(routineStepLines(knowledge, routine))), field('Takes about', `${routineMinutes(routine)} min`, true)],
        ...(image ? { image } : {}),
        footer: { text: `${knowledge.redflags.footer}\n${reminderMarker(day.reminderId, day.localDate, day.snoozeAt)}` },
      },
    ],
    components: [{ type: ComponentType.ActionRow, components: [start, ...reminderButtons(day)] }],
    files,
  };
}

function reminderButtons({ reminderId, localDate }: ReminderDay): APIButtonComponent[] {
  return [
    { type: ComponentType.Button, style: ButtonStyle.Success, label: 'Done', emoji: { name: '✅' }, custom_id: customId('remind', 'done', String(reminderId), localDate) },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Snooze 15 min', emoji: { name: '⏰' }, custom_id: customId('remind', 'snooze', String(reminderId), localDate) },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Pause reminders', custom_id: customId('remind', 'pause', String(reminderId)) },
  ];
}

/** Stretches that suit a reminder: not the mobility check, which needs a table and a helper. */
export function reminderPool(knowledge: Knowledge): Stretch[] {
  return knowledge.stretches.filter((s) => s.kind !== 'mobility-check');
}
