// The reminder DM: a short stretch, its steps, the safety footer, and Done / Snooze / Pause.
import { ButtonStyle, ComponentType } from 'discord.js';
import type { Knowledge } from '../content/load.ts';
import type { Stretch } from '../content/schema.ts';
import type { MessageBody } from './message.ts';
import { customId } from './message.ts';
import { COLORS, LIMITS, truncate } from './common.ts';
import { stretchFields } from './stretch.ts';

/** Printed in the footer; a late resend looks for it to avoid sending the same reminder twice. */
export function reminderMarker(reminderId: number, localDate: string, snoozeAt?: number): string {
  // Each snooze gets its own short reference, so a late resend of one is not mistaken for another.
  return `Reminder #${reminderId} · ${localDate}${snoozeAt === undefined ? '' : ` · snooze ${Math.floor(snoozeAt / 60_000).toString(36)}`}`;
}

/** `snoozeAt` set: this is a snoozed repeat of that day's reminder. */
export function renderReminderDm(knowledge: Knowledge, reminderId: number, localDate: string, stretch: Stretch, snoozeAt?: number): MessageBody {
  const snoozed = snoozeAt !== undefined;
  return {
    embeds: [
      {
        title: truncate(`${snoozed ? '⏰ Snoozed: ' : '🧘 Stretch time: '}${stretch.name}`, LIMITS.title),
        description: stretch.purpose,
        color: COLORS.stretch,
        fields: stretchFields(stretch),
        footer: { text: `${knowledge.redflags.footer}\n${reminderMarker(reminderId, localDate, snoozeAt)}` },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Success, label: 'Done', emoji: { name: '✅' }, custom_id: customId('remind', 'done', String(reminderId), localDate) },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Snooze 15 min', emoji: { name: '⏰' }, custom_id: customId('remind', 'snooze', String(reminderId), localDate) },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Pause reminders', custom_id: customId('remind', 'pause', String(reminderId)) },
        ],
      },
    ],
  };
}

/** Stretches that suit a reminder: not the mobility check, which needs a table and a helper. */
export function reminderPool(knowledge: Knowledge): Stretch[] {
  return knowledge.stretches.filter((s) => s.kind !== 'mobility-check');
}
