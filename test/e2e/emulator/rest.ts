// The REST half of the emulator: /api/v10 routes, auth, rate-limit headers, failure injection, contract checks.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attachmentIssues, checkContract, errorsTree, formatIssue, isEmptyMessage, type ContractIssue, type ContractKind } from './contract.ts';
import { channelWire, roleWire, userWire } from './fixture.ts';
import type { InteractionState, State, StoredMessage } from './state.ts';
import type { CommandRecord, Json, RecordedFile, RecordedRequest } from './types.ts';
import { DiscordError, Perm, clone, isRecord } from './util.ts';
import { DEFAULT_INTEGRATION_TYPES, integrationTypesConfig, unsupportedIntegrationTypes } from './user-install.ts';

interface Ctx {
  state: State;
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
  record: RecordedRequest;
  headers: IncomingMessage['headers'];
}

interface Result {
  status: number;
  body?: unknown;
}

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  /** false for interaction callbacks and interaction webhooks (discord.js sends them without a token). */
  auth: boolean;
  handler: (ctx: Ctx) => Result | Promise<Result>;
}

const ok = (body: unknown, status = 200): Result => ({ status, body });
const noContent = (): Result => ({ status: 204 });

function objectBody(ctx: Ctx): Json {
  return isRecord(ctx.body) ? ctx.body : {};
}

/** The uploads of a message body (`data` of an interaction callback) against `existing`, the attachments of the
 *  message it edits; nothing when the contract check is off. */
function uploads(ctx: Ctx, body: unknown, existing: readonly Json[] = [], path: (string | number)[] = []): ContractIssue[] {
  return ctx.state.contract ? attachmentIssues(body, ctx.files, existing, path) : [];
}

/** Validate a body; on failure record the reasons and answer 400 50035 like Discord. */
function enforce(ctx: Ctx, kind: ContractKind, extra: ContractIssue[] = []): void {
  const issues = [...extra, ...(ctx.state.contract ? checkContract(kind, ctx.body) : [])];
  if (!issues.length) return;
  ctx.record.contractErrors.push(...issues.map(formatIssue));
  throw new DiscordError(400, 50035, 'Invalid Form Body', errorsTree(issues));
}

function enforceNotEmpty(ctx: Ctx, body: unknown): void {
  if (!isEmptyMessage(body, ctx.files.length)) return;
  ctx.record.contractErrors.push('Cannot send an empty message (no content, embeds, components, stickers, files or poll).');
  throw DiscordError.of(50006);
}

// ------------------------------------------------------------------------------------------------ commands

function commandRoutes(): Route[] {
  const list = (ctx: Ctx): CommandRecord[] => {
    const { state, params } = ctx;
    if (params.app !== state.applicationId) throw new DiscordError(403, 20012, 'You are not authorized to perform this action on this application');
    if (params.guild !== undefined && params.guild !== state.world.guildId) throw DiscordError.of(50001);
    return state.commandList(params.guild);
  };
  const find = (ctx: Ctx): CommandRecord => {
    const command = list(ctx).find((c) => c.id === ctx.params.command);
    if (!command) throw DiscordError.of(10063);
    return command;
  };
  const integrationIssues = (ctx: Ctx) => unsupportedIntegrationTypes(ctx.body, ctx.state.fixture.application.integrationTypes ?? DEFAULT_INTEGRATION_TYPES);
  const routes: Route[] = [];
  for (const base of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
    routes.push(
      route('GET', base, (ctx) => ok(clone(list(ctx)))),
      route('PUT', base, (ctx) => {
        const existing = list(ctx);
        enforce(ctx, 'commands.bulk', integrationIssues(ctx));
        const bodies = Array.isArray(ctx.body) ? ctx.body.filter(isRecord) : [];
        const next = bodies.map((b) => ctx.state.toCommand(b, ctx.params.guild, existing));
        existing.splice(0, existing.length, ...next);
        return ok(clone(next));
      }),
      route('POST', base, (ctx) => {
        const existing = list(ctx);
        enforce(ctx, 'command.create', integrationIssues(ctx));
        const command = ctx.state.toCommand(objectBody(ctx), ctx.params.guild, existing);
        const at = existing.findIndex((c) => c.id === command.id);
        if (at >= 0) existing[at] = command;
        else existing.push(command);
        return ok(clone(command), at >= 0 ? 200 : 201);
      }),
      route('GET', `${base}/:command`, (ctx) => ok(clone(find(ctx)))),
      route('PATCH', `${base}/:command`, (ctx) => {
        const command = find(ctx);
        enforce(ctx, 'command.edit', integrationIssues(ctx));
        const merged = ctx.state.toCommand({ ...command, ...objectBody(ctx) }, ctx.params.guild, list(ctx));
        Object.assign(command, merged, { id: command.id });
        return ok(clone(command));
      }),
      route('DELETE', `${base}/:command`, (ctx) => {
        const command = find(ctx);
        const existing = list(ctx);
        existing.splice(existing.indexOf(command), 1);
        return noContent();
      }),
    );
  }
  return routes;
}

// ------------------------------------------------------------------------------------------------ interactions

const ALLOWED_CALLBACKS: Record<number, number[]> = {
  2: [4, 5, 9, 12],
  3: [4, 5, 6, 7, 9, 12],
  4: [8],
  5: [4, 5, 6, 7],
};

function callbackResponse(state: State, it: InteractionState, type: number): Json {
  const original = it.originalId ? state.messages.get(it.originalId) : undefined;
  const withMessage = type === 4 || type === 5 || type === 7;
  return {
    interaction: {
      id: it.id,
      type: it.type,
      activity_instance_id: null,
      response_message_id: withMessage ? (original?.msg.id ?? null) : null,
      response_message_loading: type === 5,
      response_message_ephemeral: withMessage ? Boolean((original?.msg.flags ?? 0) & 64) : false,
    },
    ...(withMessage && original ? { resource: { type, message: state.wire(original) } } : { resource: { type } }),
  };
}

function interactionCallback(ctx: Ctx): Result {
  const { state, params } = ctx;
  const it = state.interactions.get(params.interaction ?? '');
  if (!it || it.token !== params.token) throw DiscordError.of(10062);
  try {
    if (it.callbacks.length) throw DiscordError.of(40060);
    if (Date.now() > it.dispatchedAt + state.timing.ackWindowMs) throw DiscordError.of(10062);
    const body = objectBody(ctx);
    const type = typeof body.type === 'number' ? body.type : -1;
    const allowed = ALLOWED_CALLBACKS[it.type] ?? [];
    const extra: ContractIssue[] = [];
    if (type !== -1 && !allowed.includes(type)) {
      extra.push({
        path: ['type'],
        code: 'INTERACTION_RESPONSE_TYPE_INVALID',
        message: `Callback type ${type} is not valid for interaction type ${it.type} (allowed: ${allowed.join(', ')}).`,
      });
    }
    if ((type === 6 || type === 7) && !it.componentMessageId) {
      extra.push({ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Callback type ${type} needs a message (this interaction has none).` });
    }
    const edited = type === 7 && it.componentMessageId ? state.messages.get(it.componentMessageId)?.msg.attachments : undefined;
    if (type === 4 || type === 7) extra.push(...uploads(ctx, body.data, edited ?? [], ['data']));
    enforce(ctx, 'callback', extra);
    const data = isRecord(body.data) ? body.data : {};
    if (type === 4) enforceNotEmpty(ctx, data);
    const ephemeral = typeof data.flags === 'number' && (data.flags & 64) !== 0;
    const messageType = it.type === 2 ? 20 : 0;
    if (type === 4) {
      it.originalId = state.createMessage({ channelId: it.channelId, body: data, files: ctx.files, type: messageType, hidden: ephemeral, interaction: it }).msg.id;
    } else if (type === 5) {
      it.originalId = state.createMessage({
        channelId: it.channelId,
        body: { content: '' },
        flags: 128 | (ephemeral ? 64 : 0),
        type: messageType,
        hidden: ephemeral,
        interaction: it,
      }).msg.id;
    } else if (type === 6 || type === 7) {
      it.originalId = it.componentMessageId;
      const stored = it.componentMessageId ? state.messages.get(it.componentMessageId) : undefined;
      if (type === 7 && stored) state.editMessage(stored, data, ctx.files);
    }
    it.callbacks.push({ type, data: clone(body.data ?? null), at: Date.now(), withResponse: ctx.query.with_response === 'true' });
    return ctx.query.with_response === 'true' ? ok(callbackResponse(state, it, type)) : noContent();
  } catch (error) {
    if (error instanceof DiscordError) {
      it.rejected.push({ at: Date.now(), status: error.status, code: error.code, message: error.message });
    }
    throw error;
  }
}

function webhookInteraction(ctx: Ctx): InteractionState {
  const { state, params } = ctx;
  if (params.app !== state.applicationId) throw DiscordError.of(10015);
  let found: InteractionState | undefined;
  for (const it of state.interactions.values()) {
    if (it.token === params.token) {
      found = it;
      break;
    }
  }
  if (!found) throw DiscordError.of(10015);
  if (Date.now() > found.dispatchedAt + state.timing.tokenTtlMs) throw DiscordError.of(50027);
  return found;
}

function webhookMessage(ctx: Ctx, it: InteractionState): StoredMessage {
  const ref = ctx.params.message;
  const id = ref === '@original' ? it.originalId : ref;
  const known = id !== null && id !== undefined && (id === it.originalId || it.followUpIds.includes(id));
  const stored = known ? ctx.state.messages.get(id) : undefined;
  if (!stored || stored.deleted) throw DiscordError.of(10008);
  return stored;
}

function webhookRoutes(): Route[] {
  const base = '/webhooks/:app/:token';
  return [
    route('POST', base, (ctx) => {
      const { state } = ctx;
      const it = webhookInteraction(ctx);
      if (!it.callbacks.length) throw DiscordError.of(10015);
      enforce(ctx, 'webhook.execute', uploads(ctx, ctx.body));
      const body = objectBody(ctx);
      enforceNotEmpty(ctx, body);
      const original = it.originalId ? state.messages.get(it.originalId) : undefined;
      let stored: StoredMessage;
      if (original && !original.deleted && original.msg.flags & 128 && it.callbacks[0]?.type === 5) {
        // Discord: the first follow-up after a deferred reply edits the "thinking…" message.
        original.msg.flags &= ~128;
        stored = state.editMessage(original, body, ctx.files, false);
      } else {
        const ephemeral = typeof body.flags === 'number' && (body.flags & 64) !== 0;
        stored = state.createMessage({ channelId: it.channelId, body, files: ctx.files, type: it.type === 2 ? 20 : 0, hidden: ephemeral, interaction: it });
        it.followUpIds.push(stored.msg.id);
      }
      return ctx.query.wait === 'true' ? ok(state.wire(stored)) : noContent();
    }, false),
    route('GET', `${base}/messages/:message`, (ctx) => {
      const it = webhookInteraction(ctx);
      return ok(ctx.state.wire(webhookMessage(ctx, it)));
    }, false),
    route('PATCH', `${base}/messages/:message`, (ctx) => {
      const it = webhookInteraction(ctx);
      const stored = webhookMessage(ctx, it);
      enforce(ctx, 'webhook.edit', uploads(ctx, ctx.body, stored.msg.attachments));
      const loading = (stored.msg.flags & 128) !== 0;
      stored.msg.flags &= ~128;
      ctx.state.editMessage(stored, objectBody(ctx), ctx.files, !loading);
      return ok(ctx.state.wire(stored));
    }, false),
    route('DELETE', `${base}/messages/:message`, (ctx) => {
      const it = webhookInteraction(ctx);
      ctx.state.deleteMessage(webhookMessage(ctx, it));
      return noContent();
    }, false),
  ];
}

// ------------------------------------------------------------------------------------------------ channels

/** Channel types that hold no messages of their own: category, voice, stage, forum, media (as the issue saw: 50008). */
const NO_TEXT_CHANNEL_TYPES = new Set([2, 4, 13, 15, 16]);

function channelRoutes(): Route[] {
  const exists = (ctx: Ctx): string => {
    const id = ctx.params.channel ?? '';
    if (!ctx.state.channelExists(id)) throw DiscordError.of(10003);
    return id;
  };
  const message = (ctx: Ctx): StoredMessage => {
    const channelId = exists(ctx);
    const stored = ctx.state.messages.get(ctx.params.message ?? '');
    if (!stored || stored.deleted || stored.hidden || stored.msg.channel_id !== channelId) throw DiscordError.of(10008);
    return stored;
  };
  return [
    route('GET', '/channels/:channel', (ctx) => {
      const id = exists(ctx);
      const { state } = ctx;
      const guildChannel = state.world.channel(id);
      if (guildChannel) {
        const last = state.channelMessages(id).at(-1);
        return ok({ ...channelWire(guildChannel, state.world.guildId), last_message_id: last?.id ?? null });
      }
      return ok(state.dmWire(state.dms.get(id)!));
    }),
    route('GET', '/channels/:channel/messages', (ctx) => {
      const id = exists(ctx);
      const limit = Math.min(100, Math.max(1, Number(ctx.query.limit ?? 50) || 50));
      let list = ctx.state.channelMessages(id);
      const before = ctx.query.before;
      const after = ctx.query.after;
      if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
      if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after));
      // Newest first, like Discord (with `after`, the messages right after it).
      const picked = after ? list.slice(0, limit) : list.slice(-limit);
      // Discord returns the nonce only on the answer to the post and in gateway events, not in history.
      return ok(picked.reverse().map(({ nonce: _nonce, ...m }) => clone(m)));
    }),
    route('POST', '/channels/:channel/messages', (ctx) => {
      const { state } = ctx;
      const id = exists(ctx);
      const dm = state.dms.get(id);
      if (dm) {
        const code = state.fail.dm.get(dm.userId);
        if (code !== undefined) throw DiscordError.of(code);
      } else {
        if (NO_TEXT_CHANNEL_TYPES.has(state.world.channel(id)!.type)) throw DiscordError.of(50008);
        const perms = state.world.channelPermissions(state.botUser.id, id);
        if (!(perms & Perm.ViewChannel)) throw DiscordError.of(50001);
        if (!(perms & Perm.SendMessages)) throw DiscordError.of(50013);
      }
      enforce(ctx, 'message.create', uploads(ctx, ctx.body));
      const body = objectBody(ctx);
      enforceNotEmpty(ctx, body);
      const nonce = body.nonce;
      const key = `${id}:${String(nonce)}`;
      if (body.enforce_nonce === true && nonce !== undefined && nonce !== null) {
        const seen = state.nonces.get(key);
        const previous = seen ? state.messages.get(seen.messageId) : undefined;
        if (seen && previous && !previous.deleted && Date.now() - seen.at < state.timing.nonceWindowMs) {
          return ok(state.wire(previous));
        }
      }
      const stored = state.createMessage({ channelId: id, body, files: ctx.files });
      if (nonce !== undefined && nonce !== null) state.nonces.set(key, { messageId: stored.msg.id, at: Date.now() });
      return ok(state.wire(stored));
    }),
    route('GET', '/channels/:channel/messages/:message', (ctx) => ok(ctx.state.wire(message(ctx)))),
    route('PATCH', '/channels/:channel/messages/:message', (ctx) => {
      const stored = message(ctx);
      enforce(ctx, 'message.edit', uploads(ctx, ctx.body, stored.msg.attachments));
      return ok(ctx.state.wire(ctx.state.editMessage(stored, objectBody(ctx), ctx.files)));
    }),
    route('DELETE', '/channels/:channel/messages/:message', (ctx) => {
      ctx.state.deleteMessage(message(ctx));
      return noContent();
    }),
    route('POST', '/channels/:channel/typing', (ctx) => {
      exists(ctx);
      return noContent();
    }),
    route('PUT', '/channels/:channel/messages/:message/reactions/:emoji/@me', (ctx) => {
      const stored = message(ctx);
      const reactions = Array.isArray(stored.msg.reactions) ? (stored.msg.reactions as Json[]) : [];
      const name = ctx.params.emoji ?? '';
      const existing = reactions.find((r) => isRecord(r.emoji) && r.emoji.name === name);
      if (existing) existing.me = true;
      else reactions.push({ count: 1, me: true, emoji: { id: null, name } });
      stored.msg.reactions = reactions;
      return noContent();
    }),
    route('DELETE', '/channels/:channel/messages/:message/reactions/:emoji/@me', (ctx) => {
      const stored = message(ctx);
      const reactions = Array.isArray(stored.msg.reactions) ? (stored.msg.reactions as Json[]) : [];
      stored.msg.reactions = reactions.filter((r) => !(isRecord(r.emoji) && r.emoji.name === ctx.params.emoji));
      return noContent();
    }),
  ];
}

// ------------------------------------------------------------------------------------------------ guilds, users, gateway

function guildRoutes(): Route[] {
  const guild = (ctx: Ctx) => {
    if (ctx.params.guild !== ctx.state.world.guildId) throw DiscordError.of(10004);
    return ctx.state.world;
  };
  return [
    route('GET', '/guilds/:guild', (ctx) => ok(guild(ctx).guildWire(ctx.query.with_counts === 'true'))),
    route('GET', '/guilds/:guild/channels', (ctx) => {
      const world = guild(ctx);
      return ok(world.channels().map((c) => channelWire(c, world.guildId)));
    }),
    route('GET', '/guilds/:guild/roles', (ctx) => ok(guild(ctx).roles().map(roleWire))),
    route('GET', '/guilds/:guild/members', (ctx) => {
      const world = guild(ctx);
      const limit = Math.min(1000, Math.max(1, Number(ctx.query.limit ?? 1) || 1));
      const after = ctx.query.after ?? '0';
      const members = world
        .members()
        .filter((m) => BigInt(m.userId) > BigInt(after))
        .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
        .slice(0, limit);
      return ok(members.map((m) => world.memberWire(m)));
    }),
    route('GET', '/guilds/:guild/members/search', (ctx) => {
      const world = guild(ctx);
      const q = (ctx.query.query ?? '').toLowerCase();
      const members = world.members().filter((m) => {
        const u = world.user(m.userId);
        return [u?.username, u?.globalName, m.nick].some((s) => s?.toLowerCase().startsWith(q));
      });
      return ok(members.slice(0, Number(ctx.query.limit ?? 1) || 1).map((m) => world.memberWire(m)));
    }),
    route('GET', '/guilds/:guild/members/:user', (ctx) => {
      const world = guild(ctx);
      const member = world.member(ctx.params.user ?? '');
      if (!member) throw DiscordError.of(10007);
      return ok(world.memberWire(member));
    }),
  ];
}

function miscRoutes(): Route[] {
  return [
    route('GET', '/gateway', (ctx) => ok({ url: ctx.state.gatewayUrl })),
    route('GET', '/gateway/bot', (ctx) =>
      ok({
        url: ctx.state.gatewayUrl,
        shards: ctx.state.shards.recommended,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
    ),
    route('GET', '/users/@me', (ctx) =>
      ok({ ...ctx.state.botUser, bot: true, verified: true, mfa_enabled: false, flags: 0, locale: 'en-US', email: null, banner: null, accent_color: null }),
    ),
    route('GET', '/users/:user', (ctx) => {
      const user = ctx.state.world.user(ctx.params.user ?? '');
      if (!user) throw DiscordError.of(10013);
      return ok(userWire(user));
    }),
    route('POST', '/users/@me/channels', (ctx) => {
      enforce(ctx, 'dm.create');
      const recipient = objectBody(ctx).recipient_id;
      const user = typeof recipient === 'string' ? ctx.state.world.user(recipient) : undefined;
      if (!user || user.id === ctx.state.botUser.id) throw DiscordError.of(50033);
      return ok(ctx.state.dmWire(ctx.state.dmFor(user.id)));
    }),
    route('GET', '/applications/@me', (ctx) => {
      const { state } = ctx;
      const app = state.fixture.application;
      const owner = state.world.user(state.fixture.guild.ownerId);
      return ok({
        id: app.id,
        name: app.name,
        icon: null,
        description: 'Back-pain cards, stretches and club tips.',
        summary: '',
        type: null,
        hook: true,
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: app.flags,
        owner: owner ? userWire(owner) : null,
        team: null,
        bot: state.botUser,
        approximate_guild_count: 1,
        approximate_user_install_count: 0,
        redirect_uris: [],
        interactions_endpoint_url: null,
        install_params: { scopes: ['bot', 'applications.commands'], permissions: '277025770560' },
        integration_types_config: integrationTypesConfig(app.integrationTypes ?? DEFAULT_INTEGRATION_TYPES),
        tags: [],
      });
    }),
    route('PATCH', '/applications/@me', (ctx) => ok({ id: ctx.state.applicationId, ...objectBody(ctx) })),
  ];
}

function route(method: string, pattern: string, handler: Route['handler'], auth = true): Route {
  return { method, pattern, segments: pattern.split('/').filter(Boolean), auth, handler };
}

// Literal routes first so /users/@me wins over /users/:user and /members/search over /members/:user.
const ROUTES: Route[] = [
  ...miscRoutes(),
  ...guildRoutes(),
  ...commandRoutes(),
  route('POST', '/interactions/:interaction/:token/callback', interactionCallback, false),
  ...webhookRoutes(),
  ...channelRoutes(),
].sort((a, b) => literalScore(b) - literalScore(a));

function literalScore(r: Route): number {
  return r.segments.filter((s) => !s.startsWith(':')).length;
}

function match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | null {
  for (const r of ROUTES) {
    if (r.method !== method || r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let okMatch = true;
    for (let i = 0; i < r.segments.length; i++) {
      const pat = r.segments[i]!;
      const seg = segments[i]!;
      if (pat.startsWith(':')) params[pat.slice(1)] = seg;
      else if (pat !== seg) {
        okMatch = false;
        break;
      }
    }
    if (okMatch) return { route: r, params };
  }
  return null;
}

// ------------------------------------------------------------------------------------------------ server glue

const buckets = new WeakMap<State, Map<string, { start: number; count: number }>>();

function bucketFor(state: State, route: Pick<Route, 'method' | 'pattern'>, params: Record<string, string>, limit: number) {
  let map = buckets.get(state);
  if (!map) {
    map = new Map();
    buckets.set(state, map);
  }
  const major = params.channel ?? params.guild ?? params.interaction ?? (params.token ? `${params.app}/${params.token}` : '');
  const key = `${route.method} ${route.pattern}:${major}`;
  const now = Date.now();
  let b = map.get(key);
  if (!b || now - b.start >= 1000) {
    b = { start: now, count: 0 };
    map.set(key, b);
  }
  b.count++;
  const hash = createHash('sha1').update(`${route.method} ${route.pattern}`).digest('hex').slice(0, 32);
  const resetAfter = Math.max(0, (b.start + 1000 - now) / 1000);
  return {
    over: b.count > limit,
    headers: {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - b.count)),
      'x-ratelimit-reset': ((b.start + 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': hash,
    },
    resetAfter,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (!raw.length) return { body: null, files: [] };
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://local/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    let body: unknown = null;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        const sha256 = createHash('sha256').update(Buffer.from(await value.arrayBuffer())).digest('hex');
        files.push({ field, name: value.name, contentType: value.type || 'application/octet-stream', size: value.size, sha256 });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}

export function createRestHandler(state: State, routeLimitPerSecond: number) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const prefix = '/api/v10';
    const rawPath = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || '/' : url.pathname;
    const segments = rawPath.split('/').filter(Boolean).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    const record: RecordedRequest = {
      method,
      path: `/${segments.join('/')}`,
      route: null,
      query: Object.fromEntries(url.searchParams.entries()),
      body: null,
      files: [],
      status: 0,
      response: null,
      at,
      contractErrors: [],
      settled: false,
    };
    state.requests.push(record);
    let headers: Record<string, string> = {};
    const send = (status: number, body?: unknown) => {
      record.settled = true;
      record.status = status;
      record.response = body === undefined ? null : body;
      const out: Record<string, string> = { ...headers, via: '1.1 local-discord' };
      if (body !== undefined) out['content-type'] = 'application/json';
      // The client may be gone (a held request released after it died): Discord did the work, the answer is lost.
      if (res.destroyed || res.socket?.destroyed) return;
      res.writeHead(status, out);
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };

    let raw: Buffer;
    try {
      raw = await readBody(req);
      const parsed = await parseBody(req, raw);
      record.body = parsed.body;
      record.files = parsed.files;
    } catch {
      if (req.destroyed && !req.complete) {
        record.aborted = true;
        record.settled = true;
        return;
      }
      send(400, { message: 'The request body contains invalid JSON.', code: 50109 });
      return;
    }

    const found = url.pathname.startsWith(`${prefix}/`) ? match(method, segments) : null;
    if (!found) {
      headers = bucketFor(state, { method, pattern: '/unknown' }, {}, routeLimitPerSecond).headers;
      send(404, { message: '404: Not Found', code: 0 });
      return;
    }
    const { route: r, params } = found;
    record.route = `${r.method} ${r.pattern}`;
    // A held request waits here, before anything else decides its fate (failures, auth, the handler).
    const held = state.catchHeld(record);
    if (held) {
      const mode = await held;
      record.hold = mode === 'drop' ? 'dropped' : 'processed';
      if (mode === 'drop') {
        record.settled = true;
        res.destroy();
        return;
      }
    }
    const bucket = bucketFor(state, r, params, routeLimitPerSecond);
    headers = bucket.headers;

    const failure = state.takeNextFailure();
    if (failure) {
      if (failure.status === 429) {
        const global = failure.global === true;
        headers = {
          ...headers,
          'retry-after': String(failure.retryAfter),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(failure.retryAfter),
          'x-ratelimit-scope': global ? 'global' : 'user',
          ...(global ? { 'x-ratelimit-global': 'true' } : {}),
        };
        send(429, { message: 'You are being rate limited.', retry_after: failure.retryAfter, global, code: 0 });
      } else {
        send(failure.status, { message: `${failure.status}: Internal Server Error`, code: 0 });
      }
      return;
    }

    if (r.auth) {
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bot ${state.token}`) {
        send(401, { message: '401: Unauthorized', code: 0 });
        return;
      }
      // Counted when the request arrived, as Discord counts it: not after the emulator has read and parsed its body
      // (a multipart upload takes longer to parse, which would bunch paced requests). A held one arrives on release.
      const wait = state.overGlobalBudget(held ? Date.now() : at);
      if (wait !== null) {
        headers = {
          ...headers,
          'retry-after': wait.toFixed(3),
          'x-ratelimit-global': 'true',
          'x-ratelimit-scope': 'global',
        };
        send(429, { message: 'You are being rate limited.', retry_after: Number(wait.toFixed(3)), global: true, code: 0 });
        return;
      }
    }
    if (bucket.over) {
      headers = { ...headers, 'retry-after': bucket.resetAfter.toFixed(3), 'x-ratelimit-scope': 'user' };
      send(429, { message: 'You are being rate limited.', retry_after: Number(bucket.resetAfter.toFixed(3)), global: false, code: 0 });
      return;
    }

    const ctx: Ctx = { state, method, params, query: record.query, body: record.body, files: record.files, record, headers: req.headers };
    try {
      const channelFailure = params.channel !== undefined ? state.fail.channel.get(params.channel) : undefined;
      if (channelFailure !== undefined) throw DiscordError.of(channelFailure);
      const result = await r.handler(ctx);
      send(result.status, result.body);
    } catch (error) {
      if (error instanceof DiscordError) send(error.status, error.body());
      else {
        send(500, { message: `Emulator error: ${error instanceof Error ? error.message : String(error)}`, code: 0 });
      }
    }
  };
}
