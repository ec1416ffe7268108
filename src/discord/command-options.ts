// Option definitions and parsing shared by several commands.
import { ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import type { DaysChoice } from '../time/parse.ts';
import type { CommandInput } from './command.ts';
import { UserError } from '../render/message.ts';
import { optionalString } from './options.ts';

export const DAYS_CHOICES: { name: string; value: DaysChoice }[] = [
  { name: 'Every day', value: 'every-day' },
  { name: 'Weekdays (Mon–Fri)', value: 'weekdays' },
  { name: 'Weekends (Sat–Sun)', value: 'weekends' },
  { name: 'Custom (fill in custom_days)', value: 'custom' },
];

export function optionalDays(input: CommandInput): DaysChoice | undefined {
  const days = optionalString(input, 'days');
  if (days === undefined) return undefined;
  const choice = DAYS_CHOICES.find((d) => d.value === days);
  if (!choice) throw new UserError('`days` can be every-day, weekdays, weekends or custom.');
  return choice.value;
}

/** Where the knowledge commands and /remind work: in servers and in a DM with Lumbar. */
export const SERVER_AND_DM = {
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
};
