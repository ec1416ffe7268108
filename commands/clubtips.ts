// /clubtips: a daily warm-up or stretch tip in chosen channels at the club's local time.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type ApplicationCommandOptionAllowedChannelType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { defineCommand, exhaustive, type Choice } from '../src/discord/command.ts';
import { DAYS_CHOICES } from '../src/discord/command-options.ts';
import { channelStatuses, disableChannel, enableChannel, postNow, previewTip, requireManager } from '../src/clubs/service.ts';
import { renderDisabled, renderEnabled, renderPostedNow, renderPreview, renderStatus } from '../src/render/clubtips.ts';
import { searchZones } from '../src/time/zone-search.ts';

const channelOption = <const R extends boolean>(description: string, required: R) => ({
  type: ApplicationCommandOptionType.Channel as const,
  name: 'channel' as const,
  description,
  required,
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] satisfies ApplicationCommandOptionAllowedChannelType[],
});

const data = {
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
        channelOption('Where to post', true),
        { type: ApplicationCommandOptionType.String, name: 'time', description: "Club's local time, like 07:00 or 6:30pm", required: true, max_length: 20 },
        { type: ApplicationCommandOptionType.String, name: 'timezone', description: "Club's time zone: type a city, like London", required: true, autocomplete: true, max_length: 64 },
        { type: ApplicationCommandOptionType.Role, name: 'role', description: 'Mention this role in each post' },
        { type: ApplicationCommandOptionType.String, name: 'days', description: 'Which days (every day if left empty)', choices: DAYS_CHOICES },
        { type: ApplicationCommandOptionType.String, name: 'custom_days', description: 'With days:custom, e.g. mon,wed,fri', max_length: 60 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'disable', description: 'Stop daily tips in a channel', options: [channelOption('Which channel', true)] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Every channel with tips: next post, last tip, health' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'preview',
      description: 'See the tip that will be posted next (only you see it)',
      options: [channelOption('Which channel (this one if empty)', false)],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'post-now', description: 'Post a tip now (the daily post still goes out)', options: [channelOption('Where to post', true)] },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const clubtips = defineCommand(data, {
  // A forged interaction can name any channel or role: the router checks these against the gateway cache.
  optionRules: {
    enable: { channel: 'postable-channel', role: 'server-role' },
    preview: { channel: 'postable-channel' },
    'post-now': { channel: 'postable-channel' },
  },

  async execute(input, ctx) {
    const manager = requireManager(input);
    switch (input.subcommand) {
      case 'enable': {
        const { channel, time, timezone, role, days, custom_days } = input.options;
        const { row, next } = await enableChannel(ctx, manager, { channelId: channel, time, timezone, roleId: role, days, customDays: custom_days });
        return { ephemeral: true, ...renderEnabled(row, next) };
      }
      case 'disable': {
        const row = await disableChannel(ctx, manager, input.options.channel);
        return { ephemeral: true, ...renderDisabled(row.channel_id) };
      }
      case 'status':
        return { ephemeral: true, ...renderStatus(await channelStatuses(ctx, manager)) };
      case 'preview': {
        // Without `channel`: the channel the command is used in (requireManager made sure it is a server's).
        const preview = await previewTip(ctx, manager, input.options.channel ?? input.channelId ?? '');
        return { ephemeral: true, ...renderPreview(ctx.knowledge, ctx.pictures, preview) };
      }
      case 'post-now': {
        const tip = await postNow(ctx, manager, input.options.channel);
        return { ephemeral: true, ...renderPostedNow(tip, input.options.channel) };
      }
      default:
        return exhaustive(input);
    }
  },

  autocomplete(input): Choice[] {
    return input.focused.name === 'timezone' ? searchZones(input.focused.value, 25) : [];
  },
});
