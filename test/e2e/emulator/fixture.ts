// The default world the emulator serves (one running-club guild) and the Discord wire shapes built from it.
import type {
  Fixture,
  FixtureChannel,
  FixtureInput,
  FixtureMember,
  FixtureRole,
  FixtureUser,
  Json,
  WireUser,
} from './types.ts';
import { ALL_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, Perm } from './util.ts';

const GUILD_ID = '1180000000000000001';
const JOINED = '2024-03-01T09:00:00.000Z';

/** Fixed ids so tests and logs are reproducible. */
export function defaultFixture(): Fixture {
  const users = {
    admin: { id: '1180000000000000101', username: 'coach_kim', globalName: 'Coach Kim' },
    member: { id: '1180000000000000102', username: 'runner_sam', globalName: 'Sam' },
    bot: { id: '1180000000000000100', username: 'Lumbar', globalName: null, bot: true },
  };
  return {
    application: { id: users.bot.id, name: 'Lumbar', flags: 1 << 23 /* APPLICATION_COMMAND_BADGE */ },
    guild: { id: GUILD_ID, name: 'Riverside Running Club', ownerId: users.admin.id, preferredLocale: 'en-US' },
    channels: {
      general: { id: '1180000000000000201', name: 'general', type: 0, position: 0, topic: 'Club chat' },
      clubTips: { id: '1180000000000000202', name: 'club-tips', type: 0, position: 1, topic: 'Daily tips' },
      announcements: { id: '1180000000000000203', name: 'announcements', type: 0, position: 2, topic: null },
    },
    roles: {
      // Discord gives @everyone the guild's id.
      everyone: {
        id: GUILD_ID,
        name: '@everyone',
        permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
        position: 0,
        color: 0,
      },
      runners: { id: '1180000000000000301', name: 'Runners', permissions: '0', position: 1, color: 0x2ecc71, mentionable: true },
      admins: {
        id: '1180000000000000302',
        name: 'Admins',
        permissions: (Perm.ManageGuild | Perm.ManageMessages | Perm.ManageChannels).toString(),
        position: 2,
        color: 0xe67e22,
        hoist: true,
      },
    },
    users,
    members: {
      admin: { userId: users.admin.id, roleIds: ['1180000000000000302', '1180000000000000301'], nick: null, joinedAt: JOINED },
      member: { userId: users.member.id, roleIds: ['1180000000000000301'], nick: 'Sammy', joinedAt: JOINED },
      bot: { userId: users.bot.id, roleIds: [], nick: null, joinedAt: JOINED },
    },
  };
}

export function mergeFixture(input: FixtureInput | undefined): Fixture {
  const base = defaultFixture();
  if (!input) return base;
  return {
    application: { ...base.application, ...input.application },
    guild: { ...base.guild, ...input.guild },
    channels: { ...base.channels, ...input.channels } as Fixture['channels'],
    roles: { ...base.roles, ...input.roles } as Fixture['roles'],
    users: { ...base.users, ...input.users } as Fixture['users'],
    members: { ...base.members, ...input.members } as Fixture['members'],
  };
}

export function userWire(user: FixtureUser): WireUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
    public_flags: 0,
    ...(user.bot ? { bot: true } : {}),
  };
}

export function roleWire(role: FixtureRole): Json {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist ?? false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions,
    managed: false,
    mentionable: role.mentionable ?? false,
    flags: 0,
  };
}

export function channelWire(channel: FixtureChannel, guildId: string): Json {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId ?? guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: (channel.permissionOverwrites ?? []).map((o) => ({ ...o })),
    parent_id: channel.parentId ?? null,
    ...(channel.type === 4
      ? {}
      : { topic: channel.topic, nsfw: false, last_message_id: null, rate_limit_per_user: 0 }),
    flags: 0,
  };
}

export class World {
  constructor(readonly fixture: Fixture) {}

  get guildId(): string {
    return this.fixture.guild.id;
  }

  user(id: string): FixtureUser | undefined {
    return Object.values(this.fixture.users).find((u) => u.id === id);
  }

  member(userId: string): FixtureMember | undefined {
    return Object.values(this.fixture.members).find((m) => m.userId === userId);
  }

  channel(id: string): FixtureChannel | undefined {
    return Object.values(this.fixture.channels).find((c) => c.id === id);
  }

  role(id: string): FixtureRole | undefined {
    return Object.values(this.fixture.roles).find((r) => r.id === id);
  }

  /** The fixture guild's roles (not those of other servers, see other-guilds.ts). */
  roles(): FixtureRole[] {
    return Object.values(this.fixture.roles).filter((r) => this.isHere(r)).sort((a, b) => a.position - b.position);
  }

  /** The fixture guild's channels (not those of other servers, see other-guilds.ts). */
  channels(): FixtureChannel[] {
    return Object.values(this.fixture.channels).filter((c) => this.isHere(c)).sort((a, b) => a.position - b.position);
  }

  /** The server a fixture channel belongs to, or undefined for a channel the fixture does not have. */
  guildOf(channelId: string): string | undefined {
    const channel = this.channel(channelId);
    return channel ? (channel.guildId ?? this.guildId) : undefined;
  }

  private isHere(item: { guildId?: string }): boolean {
    return item.guildId === undefined || item.guildId === this.guildId;
  }

  members(): FixtureMember[] {
    return Object.values(this.fixture.members);
  }

  /** Guild-level permissions of a member (roles OR-ed; owner and Administrator get everything). */
  basePermissions(userId: string): bigint {
    if (userId === this.fixture.guild.ownerId) return ALL_PERMISSIONS;
    const member = this.member(userId);
    let perms = BigInt(this.fixture.roles.everyone.permissions);
    for (const roleId of member?.roleIds ?? []) perms |= BigInt(this.role(roleId)?.permissions ?? '0');
    return perms & Perm.Administrator ? ALL_PERMISSIONS : perms;
  }

  /** Permissions in a channel after overwrites (Discord's documented algorithm). */
  channelPermissions(userId: string, channelId: string): bigint {
    let perms = this.basePermissions(userId);
    if (perms === ALL_PERMISSIONS) return perms;
    const channel = this.channel(channelId);
    const overwrites = channel?.permissionOverwrites ?? [];
    const apply = (o: { allow: string; deny: string } | undefined) => {
      if (!o) return;
      perms &= ~BigInt(o.deny);
      perms |= BigInt(o.allow);
    };
    apply(overwrites.find((o) => o.id === this.guildId));
    const roleIds = new Set(this.member(userId)?.roleIds ?? []);
    let allow = 0n;
    let deny = 0n;
    for (const o of overwrites) {
      if (o.type === 0 && roleIds.has(o.id)) {
        allow |= BigInt(o.allow);
        deny |= BigInt(o.deny);
      }
    }
    perms = (perms & ~deny) | allow;
    apply(overwrites.find((o) => o.type === 1 && o.id === userId));
    return perms;
  }

  memberWire(member: FixtureMember, withUser = true): Json {
    const user = this.user(member.userId);
    return {
      ...(withUser && user ? { user: userWire(user) } : {}),
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: [...member.roleIds],
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      unusual_dm_activity_until: null,
    };
  }

  /** GET /guilds/:id shape (no channels/members). */
  guildWire(withCounts = false): Json {
    const g = this.fixture.guild;
    return {
      id: g.id,
      name: g.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 1,
      default_message_notifications: 1,
      explicit_content_filter: 2,
      roles: this.roles().map(roleWire),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: this.fixture.channels.general.id,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: g.preferredLocale,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      incidents_data: null,
      ...(withCounts
        ? { approximate_member_count: this.members().length, approximate_presence_count: 0 }
        : {}),
    };
  }

  /** GUILD_CREATE payload. Without the GuildMembers intent Discord only includes the bot's own member. */
  guildCreateWire(botUserId: string, withAllMembers: boolean): Json {
    const members = this.members().filter((m) => withAllMembers || m.userId === botUserId);
    return {
      ...this.guildWire(),
      joined_at: this.member(botUserId)?.joinedAt ?? new Date().toISOString(),
      large: false,
      unavailable: false,
      lazy: true,
      member_count: this.members().length,
      members: members.map((m) => this.memberWire(m)),
      ...guildCreateLists(this.channels(), this.guildId),
      embedded_activities: [],
      activity_instances: [],
      hub_type: null,
      nsfw: false,
    };
  }
}

/** The lists every GUILD_CREATE carries: the server's channels (without their guild_id, as Discord sends them) and the empty rest. */
export function guildCreateLists(channels: readonly FixtureChannel[], guildId: string): Json {
  return {
    voice_states: [],
    channels: channels.map((c) => {
      const { guild_id: _guildId, ...rest } = channelWire(c, guildId);
      return rest;
    }),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
