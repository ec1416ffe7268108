// Local Discord emulator for end-to-end tests: REST (/api/v10) and gateway on one 127.0.0.1 port, enough of
// Discord for a discord.js 14 bot to log in, register commands and answer interactions, plus recording,
// failure injection and a contract check of every body the bot sends.
//
//   const discord = await startLocalDiscord();
//   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: `${discord.url}/api` } });
//   await client.login(discord.token);
//   const handle = discord.injectInteraction(slashCommand('backpain', { options: { activity: 'deadlift' } }));
//   const { type, data } = await handle.response();
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mergeFixture, userWire } from './fixture.ts';
import { Gateway } from './gateway.ts';
import { InteractionFactory, type InteractionSpec } from './interactions.ts';
import { createRestHandler } from './rest.ts';
import { Intent, State, type HoldState, type InteractionState } from './state.ts';
import type {
  CommandRecord,
  FailNextSpec,
  Fixture,
  Hold,
  GatewayConnectionInfo,
  InteractionCallbackRecord,
  InteractionHandle,
  Json,
  LocalDiscordOptions,
  RecordedRequest,
  Timing,
  WireMessage,
  WireUser,
} from './types.ts';
import { botTokenFor, clone, sleep } from './util.ts';

export * from './interactions.ts';
export type * from './types.ts';
export { attachmentIssues, checkContract, formatIssue, type ContractIssue, type ContractKind } from './contract.ts';
export { defaultFixture } from './fixture.ts';
export { ELSEWHERE, PRIVATE_CHANNEL_APP_PERMISSIONS, type UserInstallPlace } from './user-install.ts';

export const DEFAULT_TIMING: Timing = {
  ackWindowMs: 3000,
  tokenTtlMs: 15 * 60_000,
  nonceWindowMs: 5 * 60_000,
  heartbeatIntervalMs: 41_250,
};

export interface LocalDiscord {
  /** http://127.0.0.1:PORT — give discord.js `rest: { api: `${url}/api` }`. */
  readonly url: string;
  /** DISCORD_API_URL for the bot: `${url}/api`. */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly port: number;
  /** The bot token the emulator accepts (Authorization: Bot <token>). */
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: WireUser;
  readonly fixture: Fixture;
  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Requests to routes the emulator does not emulate (answered 404 code 0). */
  readonly unexpected: RecordedRequest[];
  /** Requests whose bodies broke Discord's contract (answered 400 50035 / 50006). */
  readonly contractViolations: RecordedRequest[];
  readonly gatewayConnections: GatewayConnectionInfo[];
  /** IDENTIFY payloads (`d`) in order; `intents` is what the bot asked for. */
  readonly identifies: Json[];
  /** Registered commands: global without an argument, else that guild's. */
  commands(guildId?: string): CommandRecord[];
  /** Visible messages in a channel (guild or DM), oldest first. Ephemeral replies are on the interaction handle. */
  messages(channelId: string): WireMessage[];
  /** Any message the emulator knows by id (including ephemeral and deleted ones). */
  message(id: string): WireMessage | undefined;
  /** The DM channel id between the bot and a user (created on demand, like POST /users/@me/channels). */
  dmChannelOf(userId: string): string;
  /** A message from a person (fixture user key, username or id) in a channel: others talking there. */
  postAs(user: string, channel: string, content: string): WireMessage;
  injectInteraction(spec: InteractionSpec): InteractionHandle;
  fail: {
    /** Sending to that user's DM channel fails with 403 {code} (default 50007). */
    dm(userId: string, code?: number): () => void;
    /** Every route on that channel answers 10003 (404) / 50001 / 50013 (403). */
    channel(channelId: string, code: 10003 | 50001 | 50013): () => void;
    /** The next n REST requests fail with 5xx or 429 (retry_after in seconds). */
    next(n: number, spec: FailNextSpec): void;
    /** Answer 429 (global) once more than perSecond bot-authenticated requests arrive within a second. */
    globalBudget(enabled: boolean, perSecond?: number): void;
    /**
     * Catch the next `count` (default 1) REST requests the predicate accepts and keep them waiting, unanswered,
     * until `release('process' | 'drop')`: a request in flight, for killing the bot mid-send. Matching sees the
     * recorded request (method, path, route, body).
     */
    hold(predicate: (request: RecordedRequest) => boolean, options?: { count?: number }): Hold;
    /** Remove every injected failure (held requests are released and processed). */
    clear(): void;
  };
  /** Poll until predicate returns something truthy (resolved with it) or reject after timeoutMs. */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number, what?: string): Promise<T>;
  /** Resolve once a bot has identified (READY and GUILD_CREATE sent) and is still connected. */
  waitForBot(timeoutMs?: number): Promise<void>;
  /** Shard ids with an identified, connected session, sorted (0 for a bot that does not shard). */
  connectedShards(): number[];
  /** Send a gateway dispatch to every connected session; returns how many got it. */
  dispatch(event: string, data: Json): number;
  /** Send op 7 RECONNECT so clients reconnect and RESUME. */
  requestReconnect(): void;
  /** Forget recorded requests and identifies (state such as messages and commands stays). */
  clearRecords(): void;
  close(): Promise<void>;
}

export async function startLocalDiscord(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
  const fixture = mergeFixture(options.fixture);
  const timing: Timing = { ...DEFAULT_TIMING, ...options.timing, ...(options.nonceDedup === false ? { nonceWindowMs: 0 } : {}) };
  const token = options.token ?? botTokenFor(fixture.application.id);
  const state = new State(fixture, token, timing, options.contract ?? true);
  state.shards = { recommended: options.shards?.recommended ?? 1, required: options.shards?.required ?? false };
  const gateway = new Gateway(
    state,
    options.allowedPrivilegedIntents ?? Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent,
  );
  const factory = new InteractionFactory(state);
  const rest = createRestHandler(state, options.routeLimitPerSecond ?? 50);

  const server = createServer((req, res) => {
    void rest(req, res);
  });
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  state.port = (server.address() as AddressInfo).port;

  const waitFor = async <T>(predicate: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() >= deadline) throw new Error(`waitFor: ${what} not met within ${timeoutMs} ms`);
      await sleep(Math.min(10, Math.max(1, deadline - Date.now())));
    }
  };

  const handleFor = (it: InteractionState): InteractionHandle => {
    const original = () => {
      const stored = it.originalId ? state.messages.get(it.originalId) : undefined;
      return stored && !stored.deleted ? clone(stored.msg) : undefined;
    };
    const label = () => {
      const data = it.payload.data as Json;
      return `interaction ${it.id} (${String(data.name ?? data.custom_id ?? it.type)})`;
    };
    return {
      id: it.id,
      token: it.token,
      type: it.type,
      payload: it.payload,
      dispatchedAt: it.dispatchedAt,
      get acknowledged() {
        return it.callbacks.length > 0;
      },
      async response(timeoutMs?: number): Promise<InteractionCallbackRecord> {
        const limit = timeoutMs ?? Math.max(0, it.dispatchedAt + timing.ackWindowMs + 250 - Date.now());
        try {
          const first = await waitFor(() => it.callbacks[0], limit, 'first callback');
          return clone(first);
        } catch {
          const late = it.rejected.map((r) => `${r.code} ${r.message}`).join('; ');
          throw new Error(`${label()}: no accepted callback within ${limit} ms${late ? ` (refused: ${late})` : ''}`);
        }
      },
      async reply(timeoutMs = timing.ackWindowMs + 5000): Promise<WireMessage> {
        const msg = await waitFor(
          () => {
            const m = original();
            return m && !(m.flags & 128) ? m : undefined;
          },
          timeoutMs,
          `${label()} reply`,
        );
        return msg;
      },
      original,
      followUps: () =>
        it.followUpIds.map((id) => state.messages.get(id)).filter((s) => s && !s.deleted).map((s) => clone(s!.msg)),
      callbacks: () => clone(it.callbacks),
      rejected: () => clone(it.rejected),
    };
  };

  const discord: LocalDiscord = {
    url: state.url,
    apiUrl: `${state.url}/api`,
    gatewayUrl: state.gatewayUrl,
    port: state.port,
    token,
    applicationId: state.applicationId,
    botUser: clone(state.botUser),
    fixture,
    requests: state.requests,
    get unexpected() {
      return state.requests.filter((r) => r.settled && r.route === null && !r.aborted);
    },
    get contractViolations() {
      return state.requests.filter((r) => r.contractErrors.length > 0);
    },
    get gatewayConnections() {
      return gateway.connectionInfos();
    },
    identifies: gateway.identifies,
    commands: (guildId) => clone(guildId === undefined ? state.globalCommands : (state.guildCommands.get(guildId) ?? [])),
    messages: (channelId) => clone(state.channelMessages(channelId)),
    message: (id) => {
      const stored = state.messages.get(id);
      return stored ? clone(stored.msg) : undefined;
    },
    dmChannelOf: (userId) => state.dmFor(userId).id,
    postAs: (user, channel, content) => {
      const author = state.world.user(factory.resolveUser(user))!;
      return clone(state.createMessage({ channelId: factory.resolveChannel(channel), body: { content }, author: userWire(author) }).msg);
    },
    injectInteraction(spec) {
      if (gateway.readySessions() === 0) {
        throw new Error('injectInteraction: no bot is connected to the gateway (log the client in and wait for ready first)');
      }
      const it = factory.build(spec);
      state.interactions.set(it.id, it);
      it.dispatchedAt = Date.now();
      gateway.dispatch('INTERACTION_CREATE', it.payload);
      return handleFor(it);
    },
    fail: {
      dm(userId, code = 50007) {
        state.fail.dm.set(userId, code);
        return () => state.fail.dm.delete(userId);
      },
      channel(channelId, code) {
        state.fail.channel.set(channelId, code);
        return () => state.fail.channel.delete(channelId);
      },
      next(n, spec) {
        for (let i = 0; i < n; i++) state.fail.next.push(spec);
      },
      globalBudget(enabled, perSecond = 50) {
        Object.assign(state.fail.global, { enabled, perSecond, windowStart: 0, count: 0 });
      },
      hold(predicate, options = {}) {
        const hold = { predicate, remaining: options.count ?? 1, caught: [], waiting: [], released: null } as HoldState;
        state.fail.holds.push(hold);
        return {
          caught: hold.caught,
          waitUntilCaught: (timeoutMs = 5000) => waitFor(() => hold.caught[0], timeoutMs, 'a request caught by fail.hold'),
          release: (mode = 'process') => state.releaseHold(hold, mode),
        };
      },
      clear() {
        for (const hold of state.fail.holds.splice(0)) state.releaseHold(hold, 'process');
        state.fail.dm.clear();
        state.fail.channel.clear();
        state.fail.next.length = 0;
        state.fail.global.enabled = false;
      },
    },
    waitFor,
    async waitForBot(timeoutMs = 10_000) {
      await waitFor(() => gateway.readySessions() > 0, timeoutMs, 'a bot connected to the gateway');
    },
    connectedShards: () => gateway.connectedShards(),
    dispatch: (event, data) => gateway.dispatch(event, data),
    requestReconnect: () => gateway.requestReconnect(),
    clearRecords() {
      state.requests.length = 0;
      gateway.identifies.length = 0;
    },
    async close() {
      // Nothing is left waiting: held requests are dropped (their connections close with the server).
      for (const hold of state.fail.holds.splice(0)) state.releaseHold(hold, 'drop');
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return discord;
}
