// The router's precondition step: what an interaction must satisfy before any handler runs, checked in one
// place from facts a forged interaction cannot change (the gateway cache, the message's interaction metadata,
// Lumbar's own records), never from option payloads or custom ids. Failures are private UserErrors.
import { ApplicationIntegrationType, ChannelType, InteractionContextType, type Client } from 'discord.js';
import { type Command, type CommandInput, type ComponentOwner, type OptionRule } from './command.ts';
import { UserError } from '../render/message.ts';

/** What the gateway told Lumbar about a channel; both null when Lumbar doesn't know it. */
export interface ChannelFacts {
  guildId: string | null;
  type: ChannelType | null;
}

export interface OptionFacts {
  channel(id: string): ChannelFacts;
  /**
   * The servers whose role cache holds the role. discord.js adds an interaction's resolved roles to the
   * interaction's server, so a forged role shows up there too: a role that any other server has is that server's.
   */
  roleGuilds(id: string): string[];
}

export const NOT_YOURS = "🚫 This isn't yours: only the member it belongs to can use these buttons.";

/** Without a declaration a component belongs to whoever made its message, and nobody else may press it. */
export const MESSAGE_OWNER_ONLY: ComponentOwner = { kind: 'message', others: 'refused' };

// Threads are left out on purpose: they archive, and a daily post would revive or fail in them.
const POSTABLE = new Set<ChannelType>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

const KIND_NAMES: Partial<Record<ChannelType, string>> = {
  [ChannelType.GuildCategory]: 'a category',
  [ChannelType.GuildVoice]: 'a voice channel',
  [ChannelType.GuildStageVoice]: 'a stage channel',
  [ChannelType.GuildForum]: 'a forum',
  [ChannelType.GuildMedia]: 'a media channel',
  [ChannelType.PublicThread]: 'a thread',
  [ChannelType.PrivateThread]: 'a thread',
  [ChannelType.AnnouncementThread]: 'a thread',
};

/** Which installation of Lumbar brought an interaction, and where it was used: as Discord sent it. */
export interface InstallFacts {
  /** A server, the DM with Lumbar, or a group DM or other DM (through a user install); null when Discord did not say. */
  context: InteractionContextType | null;
  /** The installations that authorized it, by integration type: a server's (guild install) and/or the member's own (user install). */
  owners: Partial<Record<ApplicationIntegrationType, string>>;
}

/**
 * Throws a private UserError when the command was not registered for the installation or the place that brought
 * it (Discord does not offer it there; an old client or a forged interaction can still send it). /clubtips is
 * registered for server installs only: through a member's own install, in a server without Lumbar, it would
 * change a server Lumbar cannot post in.
 */
export function checkInstall(command: Pick<Command, 'data'>, facts: InstallFacts): void {
  const { name } = command.data;
  const types = command.data.integration_types ?? [ApplicationIntegrationType.GuildInstall];
  const by = Object.keys(facts.owners).map(Number);
  // Discord always names the installation; an interaction that doesn't is judged by the place alone.
  if (by.length > 0 && !by.some((t) => types.includes(t))) {
    throw new UserError(
      types.includes(ApplicationIntegrationType.UserInstall)
        ? `**/${name}** works through Lumbar on your own account: add it to your apps first.`
        : `**/${name}** works only in servers where Lumbar itself has been added, not through Lumbar on your own account. Ask a server admin to add Lumbar to this server.`,
    );
  }
  const contexts = command.data.contexts;
  if (facts.context !== null && contexts && !contexts.includes(facts.context)) {
    throw new UserError(contexts.includes(InteractionContextType.Guild) && !contexts.includes(InteractionContextType.BotDM)
      ? `**/${name}** works only in a server. Use it in a server where Lumbar has been added.`
      : `**/${name}** isn't available here.`);
  }
}

/** Throws a private UserError when an option value breaks its command's rules. */
export function checkOptions(command: Pick<Command, 'optionRules'>, input: CommandInput, facts: OptionFacts): void {
  const rules: Record<string, OptionRule> = command.optionRules?.[input.subcommand ?? ''] ?? {};
  for (const [name, rule] of Object.entries(rules)) {
    const value = input.options[name];
    // Left empty: nothing to check here (a missing required option is the handler's to name).
    if (value === undefined) continue;
    const id = String(value);
    if (rule === 'postable-channel') checkPostableChannel(id, input.guildId, facts.channel(id));
    else checkServerRole(id, input.guildId, facts.roleGuilds(id));
  }
}

function checkPostableChannel(id: string, guildId: string | null, facts: ChannelFacts): void {
  if (facts.guildId === null) throw new UserError(`I can't see <#${id}>. Pick a text channel in this server that Lumbar can view.`);
  if (facts.guildId !== guildId) throw new UserError('That channel belongs to another server. Pick a text channel in this server.');
  if (facts.type === null || !POSTABLE.has(facts.type)) {
    const kind = (facts.type !== null && KIND_NAMES[facts.type]) || 'not a channel I can post in';
    throw new UserError(`<#${id}> is ${kind}: tips go in a text or announcement channel. Pick one of those.`);
  }
}

function checkServerRole(id: string, guildId: string | null, roleGuilds: string[]): void {
  // Discord gives @everyone the server's own id.
  if (id === guildId) throw new UserError('`@everyone` can’t be the tip role: every post would ping the whole server. Pick a role, or leave `role` empty.');
  if (!roleGuilds.includes(guildId ?? '') || roleGuilds.some((g) => g !== guildId)) {
    throw new UserError('That role belongs to another server. Pick a role of this server.');
  }
}

/** Whether the presser owns the component; throws for anyone else unless the owner rule lets them through. */
export function checkOwner(rule: ComponentOwner, presserId: string, messageOwnerId: string | null): boolean {
  if (rule.kind === 'member' && rule.userId === null) throw new UserError('This button is out of date: what it was for no longer exists.');
  const ownerId = rule.kind === 'message' ? messageOwnerId : rule.userId;
  const isOwner = ownerId === presserId;
  if (!isOwner && !(rule.kind === 'message' && rule.others === 'allowed')) throw new UserError(NOT_YOURS);
  return isOwner;
}

/** Facts from discord.js's gateway cache: what Discord said about its servers, not what the interaction claims. */
export function gatewayFacts(client: Client): OptionFacts {
  return {
    channel(id) {
      const channel = client.channels.cache.get(id);
      if (!channel || channel.isDMBased()) return { guildId: null, type: null };
      return { guildId: channel.guildId, type: channel.type };
    },
    roleGuilds(id) {
      return client.guilds.cache.filter((g) => g.roles.cache.has(id)).map((g) => g.id);
    },
  };
}
