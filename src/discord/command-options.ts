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

/** Where the knowledge commands and /remind work: in servers and in a DM with Lumbar. */
export const SERVER_AND_DM = {
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
};
