// A member's own install of the app (user install): interactions from places the bot is not in. Discord sends
// them to the bot all the same, authorized by the member's install (`authorizing_integration_owners` { "1": user
// id }), with the place in `context`: 0 a server (here one the bot is not a member of: no GUILD_CREATE, so the
// bot's cache has neither the server nor the channel), 2 a group DM (or a DM between other people). The bot answers
// through the interaction; it cannot post in these channels itself (10003) and gets no message events from them.
import { userWire, type World } from './fixture.ts';
import type { CommandRecord, FixtureUser, Json } from './types.ts';
import { DEFAULT_EVERYONE_PERMISSIONS, Perm } from './util.ts';

/** Where a member uses the app through their own install. */
export type UserInstallPlace = 'server-without-bot' | 'group-dm';

/** Fixed ids of the places, so tests can read their messages (`messages(ELSEWHERE.channelId)`). */
export const ELSEWHERE = {
  /** A server the bot is not in ("Trail Runners"), and its #lounge. */
  guildId: '1180000000000000901',
  channelId: '1180000000000000911',
  /** A group DM of the member and the admin ("Sunday long run"). */
  groupDmId: '1180000000000000921',
} as const;

/** Discord's app_permissions in (group) DMs with other people: ATTACH_FILES | EMBED_LINKS | MENTION_EVERYONE. */
export const PRIVATE_CHANNEL_APP_PERMISSIONS = Perm.AttachFiles | Perm.EmbedLinks | Perm.MentionEveryone;

/** Integration types an application may register commands for (Developer Portal, Installation). */
export const DEFAULT_INTEGRATION_TYPES = [0, 1];

export interface ElsewhereInteraction {
  channelId: string;
  guildId: string | null;
  context: 0 | 2;
  /** The payload's fields for the place: guild, channel, member or user, app_permissions, owners, context. */
  fields: Json;
}

/** Throws when Discord would not offer the command in that place through a user install. */
export function checkUserInstallAvailable(command: CommandRecord, place: UserInstallPlace): void {
  const where = `/${command.name}`;
  const types = Array.isArray(command.integration_types) ? (command.integration_types as number[]) : [0];
  if (command.guild_id || !types.includes(1)) {
    throw new Error(`injectInteraction: ${where} is not registered for user installs (integration_types ${JSON.stringify(types)}${command.guild_id ? ', a guild command' : ''}); Discord does not offer it in a ${place} (pass unchecked: true to deliver anyway)`);
  }
  const context = place === 'group-dm' ? 2 : 0;
  const contexts = Array.isArray(command.contexts) ? (command.contexts as number[]) : [0, 1];
  if (!contexts.includes(context)) {
    throw new Error(`injectInteraction: ${where} is not available in a ${place} (contexts ${JSON.stringify(contexts)}); pass unchecked: true to deliver anyway`);
  }
}

/** The place's part of an INTERACTION_CREATE sent through `user`'s own install. */
export function elsewhereInteraction(world: World, place: UserInstallPlace, user: FixtureUser, lastMessageId: string | null): ElsewhereInteraction {
  const owners = { '1': user.id };
  if (place === 'group-dm') {
    const friend = world.fixture.users.admin.id === user.id ? world.fixture.users.member : world.fixture.users.admin;
    const channel = {
      id: ELSEWHERE.groupDmId,
      type: 3,
      name: 'Sunday long run',
      icon: null,
      owner_id: user.id,
      last_message_id: lastMessageId,
      flags: 0,
      recipients: [userWire(friend)],
    };
    const fields = { channel, user: userWire(user), app_permissions: PRIVATE_CHANNEL_APP_PERMISSIONS.toString(), authorizing_integration_owners: owners, context: 2 };
    return { channelId: ELSEWHERE.groupDmId, guildId: null, context: 2, fields };
  }
  const channel = {
    id: ELSEWHERE.channelId,
    type: 0,
    guild_id: ELSEWHERE.guildId,
    name: 'lounge',
    position: 0,
    topic: null,
    nsfw: false,
    parent_id: null,
    last_message_id: lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
    permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
  };
  // A plain member of that server: no nick, no roles; the fixture's wire shape, with the user always included.
  const member = {
    ...world.memberWire({ userId: user.id, nick: null, roleIds: [], joinedAt: '2025-01-05T10:00:00.000Z' }, false),
    user: userWire(user),
    permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
  };
  const fields = {
    guild_id: ELSEWHERE.guildId,
    guild_locale: 'en-US',
    guild: { id: ELSEWHERE.guildId, locale: 'en-US', features: [] },
    channel,
    member,
    // What the app may do there through the member's install; the bot itself is not in the server.
    app_permissions: (DEFAULT_EVERYONE_PERMISSIONS & ~Perm.ViewChannel & ~Perm.SendMessages).toString(),
    authorizing_integration_owners: owners,
    context: 0,
  };
  return { channelId: ELSEWHERE.channelId, guildId: ELSEWHERE.guildId, context: 0, fields };
}

/** The application's integration types, as GET /applications/@me reports them. */
export function integrationTypesConfig(types: readonly number[]): Json {
  return Object.fromEntries(types.map((t) => [String(t), t === 0 ? { oauth2_install_params: { scopes: ['bot', 'applications.commands'], permissions: '19456' } } : { oauth2_install_params: { scopes: ['applications.commands'], permissions: '0' } }]));
}

/** Registering a command for an integration type the application does not support is refused (Discord's 50035). */
export function unsupportedIntegrationTypes(body: unknown, supported: readonly number[]): { path: (string | number)[]; code: string; message: string }[] {
  const commands = Array.isArray(body) ? body : [body];
  const issues: { path: (string | number)[]; code: string; message: string }[] = [];
  commands.forEach((c: unknown, i) => {
    const types = typeof c === 'object' && c !== null ? (c as { integration_types?: unknown }).integration_types : undefined;
    if (!Array.isArray(types)) return;
    types.forEach((t: unknown, j) => {
      if (typeof t === 'number' && !supported.includes(t)) {
        issues.push({
          path: Array.isArray(body) ? [i, 'integration_types', j] : ['integration_types', j],
          code: 'BASE_TYPE_CHOICES',
          message: `Value must be one of (${supported.join(', ')}): the application is not installable that way (Developer Portal, Installation).`,
        });
      }
    });
  });
  return issues;
}
