// /clubtips: a daily warm-up or stretch tip in chosen channels at the club's local time.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandChannelOption,
} from 'discord.js';
import type { Choice, Command } from '../src/discord/command.ts';
import { UserError } from '../src/render/message.ts';
import { optionalString, requiredString } from '../src/discord/options.ts';
import { channelStatuses, disableChannel, enableChannel, postNow, previewTip, requireManager } from '../src/clubs/service.ts';
import { renderEnabled, renderPreview, renderStatus } from '../src/render/clubtips.ts';
import { searchZones } from '../src/time/zone-search.ts';
import { DAYS_CHOICES, optionalDays } from '../src/discord/command-options.ts';

const channelOption = (description: string): APIApplicationCommandChannelOption => ({
  type: ApplicationCommandOptionType.Channel,
  name: 'channel',
  description,
  required: true,
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
});

export const clubtips: Command = {
  data: {
    name: 'clubtips',
    description: 'A daily warm-up or stretch tip in your club channels',
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'enable',
        description: 'Post a tip every day in a channel (or change its schedule)',
        options: [
          channelOption('Where to post'),
          { type: ApplicationCommandOptionType.String, name: 'time', description: "Club's local time, like 07:00 or 6:30pm", required: true, max_length: 20 },
          { type: ApplicationCommandOptionType.String, name: 'timezone', description: "Club's time zone: type a city, like London", required: true, autocomplete: true, max_length: 64 },
          { type: ApplicationCommandOptionType.Role, name: 'role', description: 'Mention this role in each post' },
          { type: ApplicationCommandOptionType.String, name: 'days', description: 'Which days (every day if left empty)', choices: DAYS_CHOICES },
          { type: ApplicationCommandOptionType.String, name: 'custom_days', description: 'With days:custom, e.g. mon,wed,fri', max_length: 60 },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'disable', description: 'Stop daily tips in a channel', options: [channelOption('Which channel')] },
      { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Every channel with tips: next post, last tip, health' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'preview', description: 'See the tip that will be posted next (only you see it)' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'post-now', description: "Post a tip now (the daily post still goes out)", options: [channelOption('Where to post')] },
    ],
  },

  // A forged interaction can name any channel or role: the router checks these against the gateway cache.
  optionRules: {
    enable: { channel: 'postable-channel', role: 'server-role' },
    'post-now': { channel: 'postable-channel' },
  },

  async execute(input, ctx) {
    const manager = requireManager(input);
    switch (input.subcommand) {
      case 'enable': {
        const days = optionalDays(input);
        const { row, next } = await enableChannel(ctx, manager, {
          channelId: requiredString(input, 'channel'),
          time: requiredString(input, 'time'),
          timezone: requiredString(input, 'timezone'),
          roleId: optionalString(input, 'role'),
          days,
          customDays: optionalString(input, 'custom_days'),
        });
        return { ephemeral: true, ...renderEnabled(row, next) };
      }
      case 'disable': {
        const row = await disableChannel(ctx, manager, requiredString(input, 'channel'));
        return { ephemeral: true, content: `⛔ Daily tips are off in <#${row.channel_id}>. **/clubtips enable** turns them back on where the rotation left off.` };
      }
      case 'status':
        return { ephemeral: true, ...renderStatus(channelStatuses(ctx, manager)) };
      case 'preview': {
        const { tip, channel } = previewTip(ctx, manager);
        return { ephemeral: true, ...renderPreview(ctx.knowledge, tip, channel) };
      }
      case 'post-now': {
        const channelId = requiredString(input, 'channel');
        const tip = await postNow(ctx, manager, channelId);
        return { ephemeral: true, content: `📣 Posted “${tip.title}” in <#${channelId}>.` };
      }
      default:
        throw new UserError('Pick one of the /clubtips subcommands: enable, disable, status, preview, post-now.');
    }
  },

  autocomplete(input): Choice[] {
    return input.focused.name === 'timezone' ? searchZones(input.focused.value, 25) : [];
  },
};
