// Public types of the local Discord emulator. Wire objects use Discord's snake_case field names
// because that is what the bot sends and what discord.js expects back.

/** A JSON object as it travels over the wire. */
export type Json = Record<string, unknown>;

export interface FixtureUser {
  id: string;
  username: string;
  globalName: string | null;
  bot?: boolean;
}

export interface FixturePermissionOverwrite {
  /** Role or user id. */
  id: string;
  /** 0 = role, 1 = member. */
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface FixtureChannel {
  id: string;
  name: string;
  /** 0 = GUILD_TEXT (default), 5 = GUILD_ANNOUNCEMENT, 4 = GUILD_CATEGORY, 2 = GUILD_VOICE. */
  type: number;
  position: number;
  topic: string | null;
  parentId?: string | null;
  permissionOverwrites?: FixturePermissionOverwrite[];
  /** Set for a channel of another server the bot is also in (see other-guilds.ts); default the fixture guild. */
  guildId?: string;
}

export interface FixtureRole {
  id: string;
  name: string;
  /** Permission bit set as a decimal string, like Discord sends it. */
  permissions: string;
  position: number;
  color: number;
  hoist?: boolean;
  mentionable?: boolean;
  /** Set for a role of another server the bot is also in (see other-guilds.ts); default the fixture guild. */
  guildId?: string;
}

export interface FixtureMember {
  userId: string;
  /** Role ids, without @everyone (Discord leaves it out too). */
  roleIds: string[];
  nick: string | null;
  joinedAt: string;
}

export interface FixtureGuild {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
}

export interface FixtureApplication {
  id: string;
  name: string;
  /** Application flags as READY reports them (e.g. GATEWAY_GUILD_MEMBERS_LIMITED = 1 << 15). */
  flags: number;
  /**
   * How the application can be installed (Developer Portal, Installation): 0 guild install, 1 user install.
   * Default [0, 1]. Registering a command for a type left out is refused with 50035, like Discord.
   */
  integrationTypes?: number[];
}

export type Named<K extends string, T> = { [P in K]: T } & Record<string, T>;

export interface Fixture {
  application: FixtureApplication;
  guild: FixtureGuild;
  channels: Named<'general' | 'clubTips' | 'announcements', FixtureChannel>;
  roles: Named<'everyone' | 'runners' | 'admins', FixtureRole>;
  users: Named<'admin' | 'member' | 'bot', FixtureUser>;
  members: Named<'admin' | 'member' | 'bot', FixtureMember>;
}

/** What `startLocalDiscord({ fixture })` accepts: every section optional, merged key by key over the default. */
export type FixtureInput = { [K in keyof Fixture]?: Partial<Fixture[K]> };

export interface Timing {
  /** Discord drops an interaction that is not answered within 3 s. */
  ackWindowMs: number;
  /** Interaction tokens (webhook routes) stay valid for 15 minutes. */
  tokenTtlMs: number;
  /** enforce_nonce looks back "a few minutes"; 0 turns the de-duplication off. */
  nonceWindowMs: number;
  /** HELLO heartbeat_interval. */
  heartbeatIntervalMs: number;
}

export interface LocalDiscordOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  fixture?: FixtureInput;
  /** Validate request bodies against Discord's contract (default true). */
  contract?: boolean;
  /** Override the accepted bot token. */
  token?: string;
  timing?: Partial<Timing>;
  /** false: `enforce_nonce` is ignored, every post creates a message (the same as `timing.nonceWindowMs: 0`). */
  nonceDedup?: boolean;
  /** Per-route bucket size reported in X-RateLimit-* headers and enforced (default 50 per second). */
  routeLimitPerSecond?: number;
  /**
   * Privileged intents the application is allowed to use (bit set). Identify asking for others is closed
   * with 4014 like Discord does. Default: all three (GuildMembers, GuildPresences, MessageContent).
   */
  allowedPrivilegedIntents?: number;
  /**
   * A sharded gateway: `GET /gateway/bot` recommends `recommended` shards (default 1); IDENTIFY's `shard:
   * [id, count]` is validated (4010 Invalid shard); with `required`, a count below the recommendation is closed
   * with 4011 Sharding required. Guild events and guild interactions go only to the session of shard
   * `(guild_id >> 22) % count`, DM interactions and messages only to shard 0.
   */
  shards?: { recommended: number; required?: boolean };
}

export interface RecordedFile {
  /** The multipart field, e.g. "files[0]". */
  field: string;
  name: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes, so a test can tell which picture was sent. */
  sha256: string;
}

export interface RecordedRequest {
  method: string;
  /** Path below /api/v10, decoded (e.g. /webhooks/1/tok/messages/@original). */
  path: string;
  /** Emulated route pattern (e.g. "POST /channels/:channel/messages"), or null when not emulated. */
  route: string | null;
  query: Record<string, string>;
  /** Parsed JSON body (payload_json for multipart), or null. */
  body: unknown;
  files: RecordedFile[];
  status: number;
  /** Response body sent back (parsed JSON), or null for 204. */
  response: unknown;
  at: number;
  contractErrors: string[];
  /**
   * Set when a `fail.hold` caught the request: 'held' while it waits, then 'processed' (handled as usual) or
   * 'dropped' (the connection was closed without handling it; status stays 0).
   */
  hold?: 'held' | 'processed' | 'dropped';
  /** False while the emulator is still reading or handling the request (its route and checks are not known yet). */
  settled: boolean;
  /** The client closed the connection before its body was whole (a bot killed mid-upload): Discord never got it. */
  aborted?: boolean;
}

export interface WireUser extends Json {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
}

/** A message as the emulator stores and returns it. `allowed_mentions` is kept for assertions. */
export interface WireMessage extends Json {
  id: string;
  type: number;
  channel_id: string;
  author: WireUser;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: Json[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  nonce?: string | number | null;
  allowed_mentions?: unknown;
}

export interface CommandRecord extends Json {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  description: string;
  guild_id?: string;
}

export interface InteractionCallbackRecord {
  type: number;
  data: unknown;
  at: number;
  withResponse: boolean;
}

export interface RejectedCallback {
  at: number;
  status: number;
  code: number;
  message: string;
}

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** Interaction type: 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  readonly type: number;
  /** The INTERACTION_CREATE payload as dispatched. */
  readonly payload: Json;
  readonly dispatchedAt: number;
  /** First accepted callback (type + data). Rejects when the bot did not answer within the ack window. */
  response(timeoutMs?: number): Promise<InteractionCallbackRecord>;
  /** The @original message once it is no longer a "thinking…" placeholder (after reply, or defer + edit). */
  reply(timeoutMs?: number): Promise<WireMessage>;
  /** The current @original message (for components: the message the component is on). */
  original(): WireMessage | undefined;
  followUps(): WireMessage[];
  callbacks(): InteractionCallbackRecord[];
  /** Callback attempts Discord refused (late: 10062, second: 40060, bad body: 50035). */
  rejected(): RejectedCallback[];
  readonly acknowledged: boolean;
}

export interface GatewayConnectionInfo {
  id: number;
  query: Record<string, string>;
  compress: string | null;
  identify: Json | null;
  intents: number | null;
  sessionId: string | null;
  resumed: boolean;
  open: boolean;
  closeCode: number | null;
  heartbeats: number;
  /** The session's `[shard_id, shard_count]` ([0, 1] when IDENTIFY named none). */
  shard: [number, number] | null;
}

/** What a released hold does with the requests it caught. */
export type HoldRelease = 'process' | 'drop';

/** Requests caught by `fail.hold(predicate)`, kept waiting until `release()`. */
export interface Hold {
  /** Requests caught so far, in arrival order (waiting or released). */
  readonly caught: readonly RecordedRequest[];
  /** Resolves with the first caught request; rejects after timeoutMs (default 5000) if none arrives. */
  waitUntilCaught(timeoutMs?: number): Promise<RecordedRequest>;
  /**
   * Stop catching and let every waiting request go: 'process' (default) handles it as if it had just arrived,
   * even if the client has gone away meanwhile (Discord did the work, the answer is lost); 'drop' closes the
   * connection without handling it (Discord never saw it).
   */
  release(mode?: HoldRelease): void;
}

export type FailNextSpec = { status: 500 | 502 | 503 } | { status: 429; retryAfter: number; global?: boolean };
