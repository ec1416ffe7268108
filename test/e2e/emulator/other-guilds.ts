// Other servers the bot is also in: fixture channels and roles with a `guildId` of their own. The bot gets a
// GUILD_CREATE for each, so its gateway cache knows them, and a forged interaction can name them in an option.
// They are deliberately thin: @everyone with Discord's default permissions, the bot as the only member.
import { guildCreateLists, roleWire, type World } from './fixture.ts';
import type { FixtureChannel, FixtureRole, Json } from './types.ts';
import { DEFAULT_EVERYONE_PERMISSIONS } from './util.ts';

/** Ids of the servers other than the fixture guild that fixture channels or roles belong to. */
export function otherGuildIds(world: World): string[] {
  const items: { guildId?: string }[] = [...Object.values(world.fixture.channels), ...Object.values(world.fixture.roles)];
  const ids = items.map((i) => i.guildId).filter((id): id is string => id !== undefined && id !== world.guildId);
  return [...new Set(ids)];
}

/** The GUILD_CREATE payload of another server (Discord sends one per server the bot is in). */
export function otherGuildCreateWire(world: World, guildId: string, botUserId: string): Json {
  const channels = Object.values(world.fixture.channels).filter((c: FixtureChannel) => c.guildId === guildId);
  const roles = Object.values(world.fixture.roles).filter((r: FixtureRole) => r.guildId === guildId);
  const everyone: FixtureRole = { id: guildId, name: '@everyone', permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(), position: 0, color: 0 };
  const bot = world.member(botUserId);
  return {
    id: guildId,
    name: `Other server ${guildId}`,
    icon: null,
    owner_id: '1',
    preferred_locale: 'en-US',
    features: [],
    emojis: [],
    stickers: [],
    roles: [everyone, ...roles.filter((r) => r.id !== guildId)].map(roleWire),
    joined_at: bot?.joinedAt ?? new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 1,
    members: bot ? [{ ...world.memberWire(bot), roles: [] }] : [],
    ...guildCreateLists(channels, guildId),
  };
}
