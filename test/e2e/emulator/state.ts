// Everything the emulator remembers: commands, channels, messages, interactions, recorded requests and the
// failure-injection switches. REST and gateway code both work on one State.
import { World, userWire } from './fixture.ts';
import type {
  CommandRecord,
  FailNextSpec,
  Fixture,
  HoldRelease,
  InteractionCallbackRecord,
  Json,
  RecordedFile,
  RecordedRequest,
  RejectedCallback,
  Timing,
  WireMessage,
  WireUser,
} from './types.ts';
import { clone, isRecord, isoNow, snowflake } from './util.ts';

export interface StoredMessage {
  msg: WireMessage;
  /** Not listed by GET /channels/:id/messages or messages(): ephemeral replies and fabricated component hosts. */
  hidden: boolean;
  deleted: boolean;
}

export interface InteractionState {
  id: string;
  token: string;
  type: number;
  payload: Json;
  dispatchedAt: number;
  userId: string;
  channelId: string;
  guildId: string | null;
  /** For component interactions: the message the component is on. */
  componentMessageId: string | null;
  callbacks: InteractionCallbackRecord[];
  rejected: RejectedCallback[];
  originalId: string | null;
  followUpIds: string[];
}

/** A `fail.hold`: catches up to `remaining` matching requests and keeps them until released. */
export interface HoldState {
  predicate: (request: RecordedRequest) => boolean;
  remaining: number;
  caught: RecordedRequest[];
  /** Resolvers of the requests still waiting. */
  waiting: ((mode: HoldRelease) => void)[];
  released: HoldRelease | null;
}

export interface DmChannel {
  id: string;
  userId: string;
}

/** Hook the gateway installs so state changes become dispatches. */
export type Dispatcher = (event: string, data: Json, intent: number | null) => number;

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

export class State {
  readonly world: World;
  readonly botUser: WireUser;
  readonly requests: RecordedRequest[] = [];
  readonly globalCommands: CommandRecord[] = [];
  readonly guildCommands = new Map<string, CommandRecord[]>();
  readonly dms = new Map<string, DmChannel>(); // by channel id
  readonly messages = new Map<string, StoredMessage>();
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  readonly interactions = new Map<string, InteractionState>();
  /** Channels the bot is not in, reached through a user install (user-install.ts): channel id -> server id (null: a group DM). */
  readonly elsewhere = new Map<string, string | null>();
  readonly fail = {
    dm: new Map<string, number>(),
    channel: new Map<string, number>(),
    next: [] as FailNextSpec[],
    holds: [] as HoldState[],
    global: { enabled: false, perSecond: 50, windowStart: 0, count: 0 },
  };
  dispatcher: Dispatcher = () => 0;
  port = 0;

  /** The gateway's sharding: what /gateway/bot recommends, and whether fewer shards are refused (4011). */
  shards = { recommended: 1, required: false };

  constructor(
    readonly fixture: Fixture,
    readonly token: string,
    readonly timing: Timing,
    readonly contract: boolean,
  ) {
    this.world = new World(fixture);
    this.botUser = userWire(fixture.users.bot);
  }

  get applicationId(): string {
    return this.fixture.application.id;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  // -------------------------------------------------------------------------------------------- channels

  dmFor(userId: string): DmChannel {
    for (const dm of this.dms.values()) if (dm.userId === userId) return dm;
    const dm = { id: snowflake(), userId };
    this.dms.set(dm.id, dm);
    return dm;
  }

  dmWire(dm: DmChannel): Json {
    const user = this.world.user(dm.userId);
    const last = this.channelMessages(dm.id).at(-1);
    return {
      id: dm.id,
      type: 1,
      last_message_id: last?.id ?? null,
      flags: 0,
      recipients: user ? [userWire(user)] : [{ id: dm.userId, username: 'unknown', discriminator: '0', global_name: null, avatar: null }],
    };
  }

  /** True for fixture guild channels and DM channels the emulator knows. */
  channelExists(channelId: string): boolean {
    return Boolean(this.world.channel(channelId) || this.dms.has(channelId));
  }

  // -------------------------------------------------------------------------------------------- messages

  channelMessages(channelId: string): WireMessage[] {
    const out: WireMessage[] = [];
    for (const stored of this.messages.values()) {
      if (stored.msg.channel_id === channelId && !stored.hidden && !stored.deleted) out.push(stored.msg);
    }
    return out.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  private mentions(content: string): { users: WireUser[]; roles: string[] } {
    const users: WireUser[] = [];
    for (const m of content.matchAll(/<@!?(\d+)>/g)) {
      const user = m[1] ? this.world.user(m[1]) : undefined;
      if (user && !users.some((u) => u.id === user.id)) users.push(userWire(user));
    }
    const roles = [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] ?? '').filter((id) => this.world.role(id));
    return { users, roles };
  }

  /** Apply a create/edit body to a wire message (only the fields the body carries). */
  private applyBody(msg: WireMessage, body: Json, files: RecordedFile[]): void {
    if ('content' in body) msg.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) {
      msg.embeds = Array.isArray(body.embeds)
        ? body.embeds.filter(isRecord).map((e) => ({ type: 'rich', ...clone(e) }))
        : [];
    }
    if ('components' in body) msg.components = Array.isArray(body.components) ? clone(body.components.filter(isRecord)) : [];
    if ('allowed_mentions' in body) msg.allowed_mentions = clone(body.allowed_mentions);
    if ('attachments' in body || files.length) {
      // An edit keeps the attachments it lists by id (as they were stored), or all of them when it lists none.
      const keep = Array.isArray(body.attachments) ? new Set(body.attachments.filter(isRecord).map((a) => String(a.id))) : null;
      const kept = keep ? msg.attachments.filter((old) => keep.has(String(old.id))) : msg.attachments;
      // An upload's entry in `attachments` has the index of its files[n] part as id, and its description.
      const listed = Array.isArray(body.attachments) ? body.attachments.filter(isRecord) : [];
      const added = files.map((f) => {
        const id = snowflake();
        const entry = listed.find((a) => `files[${String(a.id)}]` === f.field);
        return {
          id,
          filename: f.name,
          ...(typeof entry?.description === 'string' ? { description: entry.description } : {}),
          size: f.size,
          content_type: f.contentType,
          url: `${this.url}/attachments/${msg.channel_id}/${id}/${encodeURIComponent(f.name)}`,
          proxy_url: `${this.url}/attachments/${msg.channel_id}/${id}/${encodeURIComponent(f.name)}`,
        };
      });
      msg.attachments = [...kept, ...added];
    }
    const { users, roles } = this.mentions(msg.content);
    msg.mentions = users;
    msg.mention_roles = roles;
    const am = msg.allowed_mentions;
    const everyoneAllowed = !isRecord(am) || (Array.isArray(am.parse) && am.parse.includes('everyone'));
    msg.mention_everyone = /@(everyone|here)\b/.test(msg.content) && everyoneAllowed;
  }

  createMessage(params: {
    channelId: string;
    body: Json;
    files?: RecordedFile[];
    type?: number;
    hidden?: boolean;
    flags?: number;
    interaction?: InteractionState;
    at?: number;
    /** Someone else than the bot (a member talking in the channel). */
    author?: WireUser;
  }): StoredMessage {
    const at = params.at ?? Date.now();
    const body = params.body;
    const guildId = this.world.guildOf(params.channelId) ?? this.elsewhere.get(params.channelId) ?? undefined;
    const reference = isRecord(body.message_reference) ? body.message_reference : undefined;
    const interaction = params.interaction;
    const msg: WireMessage = {
      id: snowflake(at),
      type: params.type ?? (reference ? 19 : 0),
      channel_id: params.channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: clone(params.author ?? this.botUser),
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: body.tts === true,
      timestamp: isoNow(at),
      edited_timestamp: null,
      flags: (typeof body.flags === 'number' ? body.flags : 0) | (params.flags ?? 0),
    };
    if (body.nonce !== undefined && body.nonce !== null) msg.nonce = body.nonce as string | number;
    if (reference && typeof reference.message_id === 'string') {
      msg.message_reference = { type: 0, message_id: reference.message_id, channel_id: params.channelId, ...(guildId ? { guild_id: guildId } : {}) };
    }
    if (interaction) {
      const user = this.world.user(interaction.userId);
      const data = isRecord(interaction.payload.data) ? interaction.payload.data : {};
      msg.webhook_id = this.applicationId;
      msg.application_id = this.applicationId;
      const actor = user ? userWire(user) : { id: interaction.userId };
      msg.interaction_metadata = {
        id: interaction.id,
        type: interaction.type,
        user: actor,
        authorizing_integration_owners: interaction.payload.authorizing_integration_owners ?? {},
        ...(interaction.type === 2 ? { name: data.name, command_type: data.type ?? 1 } : {}),
        ...(interaction.componentMessageId ? { interacted_message_id: interaction.componentMessageId } : {}),
      };
      if (interaction.type === 2) {
        msg.interaction = { id: interaction.id, type: 2, name: data.name, user: actor };
      }
    }
    this.applyBody(msg, body, params.files ?? []);
    const stored: StoredMessage = { msg, hidden: params.hidden ?? false, deleted: false };
    this.messages.set(msg.id, stored);
    if (!stored.hidden) this.emitMessage('MESSAGE_CREATE', msg);
    return stored;
  }

  editMessage(stored: StoredMessage, body: Json, files: RecordedFile[] = [], markEdited = true): StoredMessage {
    const msg = stored.msg;
    this.applyBody(msg, body, files);
    if (typeof body.flags === 'number') {
      // Only SUPPRESS_EMBEDS (1 << 2) can be toggled by an edit; ephemeral/loading bits stay as they are.
      msg.flags = (msg.flags & ~4) | (body.flags & 4);
    }
    if (markEdited) msg.edited_timestamp = isoNow();
    if (!stored.hidden && !stored.deleted) this.emitMessage('MESSAGE_UPDATE', msg);
    return stored;
  }

  deleteMessage(stored: StoredMessage): void {
    stored.deleted = true;
    if (!stored.hidden && !this.elsewhere.has(stored.msg.channel_id)) {
      const guildId = stored.msg.guild_id;
      this.dispatcher(
        'MESSAGE_DELETE',
        { id: stored.msg.id, channel_id: stored.msg.channel_id, ...(guildId ? { guild_id: guildId } : {}) },
        guildId ? Intent.GuildMessages : Intent.DirectMessages,
      );
    }
  }

  private emitMessage(event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', msg: WireMessage): void {
    // The bot is not in those channels: Discord tells it nothing of their messages.
    if (this.elsewhere.has(msg.channel_id)) return;
    const { allowed_mentions: _am, ...wire } = msg;
    const guildId = typeof msg.guild_id === 'string' ? msg.guild_id : null;
    const member = guildId ? this.world.member(msg.author.id) : undefined;
    this.dispatcher(
      event,
      { ...clone(wire), ...(member ? { member: this.world.memberWire(member, false) } : {}) },
      guildId ? Intent.GuildMessages : Intent.DirectMessages,
    );
  }

  /** The message as the REST API returns it. */
  wire(stored: StoredMessage): Json {
    return clone(stored.msg);
  }

  // -------------------------------------------------------------------------------------------- commands

  commandList(guildId?: string): CommandRecord[] {
    if (guildId === undefined) return this.globalCommands;
    let list = this.guildCommands.get(guildId);
    if (!list) {
      list = [];
      this.guildCommands.set(guildId, list);
    }
    return list;
  }

  /** Turn a command body into the stored command; keeps the id of an existing command with the same name+type. */
  toCommand(body: Json, guildId: string | undefined, existing: CommandRecord[]): CommandRecord {
    const type = typeof body.type === 'number' ? body.type : 1;
    const name = String(body.name ?? '');
    const previous = existing.find((c) => c.name === name && c.type === type);
    const perms = body.default_member_permissions;
    const command: CommandRecord = {
      id: previous?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: perms === undefined || perms === null ? null : String(perms),
      type,
      name,
      name_localizations: body.name_localizations ?? null,
      description: typeof body.description === 'string' ? body.description : '',
      description_localizations: body.description_localizations ?? null,
      ...(guildId ? { guild_id: guildId } : {}),
      dm_permission: guildId ? undefined : body.dm_permission !== false,
      contexts: Array.isArray(body.contexts) ? clone(body.contexts) : null,
      integration_types: Array.isArray(body.integration_types) ? clone(body.integration_types) : [0],
      nsfw: body.nsfw === true,
    };
    if (Array.isArray(body.options) && body.options.length) command.options = clone(body.options);
    if (command.dm_permission === undefined) delete command.dm_permission;
    return command;
  }

  findCommand(name: string, guildId: string | null): CommandRecord | undefined {
    const fromGuild = guildId ? this.guildCommands.get(guildId)?.find((c) => c.name === name && c.type === 1) : undefined;
    return fromGuild ?? this.globalCommands.find((c) => c.name === name && c.type === 1);
  }

  // -------------------------------------------------------------------------------------------- failures

  /** If an active hold wants this request, catch it: resolves with how it is released. */
  catchHeld(request: RecordedRequest): Promise<HoldRelease> | null {
    const hold = this.fail.holds.find((h) => h.released === null && h.remaining > 0 && h.predicate(request));
    if (!hold) return null;
    hold.remaining--;
    hold.caught.push(request);
    request.hold = 'held';
    return new Promise<HoldRelease>((resolve) => hold.waiting.push(resolve));
  }

  releaseHold(hold: HoldState, mode: HoldRelease): void {
    hold.released ??= mode;
    for (const resolve of hold.waiting.splice(0)) resolve(mode);
  }

  takeNextFailure(): FailNextSpec | undefined {
    return this.fail.next.shift();
  }

  /** Count a request against the global budget; returns seconds to wait when over it. */
  overGlobalBudget(now: number): number | null {
    const g = this.fail.global;
    if (!g.enabled) return null;
    if (now - g.windowStart >= 1000) {
      g.windowStart = now;
      g.count = 0;
    }
    g.count++;
    if (g.count <= g.perSecond) return null;
    return Math.max(0.001, (g.windowStart + 1000 - now) / 1000);
  }
}
