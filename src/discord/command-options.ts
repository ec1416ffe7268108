// Option definitions shared by several commands.
import { ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import type { DaysChoice } from '../time/parse.ts';

// Typed by value, so a command declaring these choices gets `days: DaysChoice` (option-types.ts).
export const DAYS_CHOICES: { name: string; value: DaysChoice }[] = [
  { name: 'Every day', value: 'every-day' },
  { name: 'Weekdays (Mon–Fri)', value: 'weekdays' },
  { name: 'Weekends (Sat–Sun)', value: 'weekends' },
  { name: 'Custom (fill in custom_days)', value: 'custom' },
];

/**
 * Where the knowledge commands, /remind and /help work: in servers and DMs, wherever members are. Installed
 * on a server (guild install) they work there and in the DM with Lumbar; added by a member to their own
 * account (user install) they also work in group DMs and in servers Lumbar itself is not in. Replies go back
 * through the interaction, so none of this needs Lumbar in the channel; reminders still arrive by DM.
 */
export const SERVER_AND_DM = {
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
};
