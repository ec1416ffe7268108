// The gateway half: HELLO / IDENTIFY / READY / GUILD_CREATE / heartbeats / RESUME over `ws`, with optional
// zlib-stream transport compression and identify (per-payload) compression.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { Intent, type State } from './state.ts';
import { otherGuildCreateWire, otherGuildIds } from './other-guilds.ts';
import type { GatewayConnectionInfo, Json } from './types.ts';
import { randomToken } from './util.ts';

const PRIVILEGED = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;
const ALL_INTENTS = (1 << 26) - 1;

interface Session {
  id: string;
  seq: number;
  intents: number;
  /** [shard_id, shard_count]: which guilds' events this session receives. */
  shard: [number, number];
  buffer: { op: 0; s: number; t: string; d: Json }[];
  connection: Connection | null;
}

class Connection {
  identify: Json | null = null;
  session: Session | null = null;
  resumed = false;
  open = true;
  closeCode: number | null = null;
  heartbeats = 0;
  identifyCompress = false;
  private deflate: zlib.Deflate | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    readonly ws: WebSocket,
    readonly query: Record<string, string>,
  ) {
    if (query.compress === 'zlib-stream') this.deflate = zlib.createDeflate({ chunkSize: 65535 });
  }

  get compress(): string | null {
    return this.query.compress === 'zlib-stream' ? 'zlib-stream' : this.identifyCompress ? 'payload' : null;
  }

  send(payload: Json): void {
    if (!this.open) return;
    const text = JSON.stringify(payload);
    this.queue = this.queue.then(async () => {
      if (!this.open) return;
      if (this.deflate) {
        const chunk = await deflateSync(this.deflate, text);
        this.ws.send(chunk, { binary: true });
      } else if (this.identifyCompress) {
        this.ws.send(zlib.deflateSync(text), { binary: true });
      } else {
        this.ws.send(text);
      }
    });
  }

  close(code: number, reason: string): void {
    if (!this.open) return;
    this.queue = this.queue.then(() => {
      this.ws.close(code, reason);
    });
  }

  dispose(): void {
    this.open = false;
    this.deflate?.close();
    this.deflate = null;
  }

  info(): GatewayConnectionInfo {
    return {
      id: this.id,
      query: { ...this.query },
      compress: this.compress,
      identify: this.identify ? structuredClone(this.identify) : null,
      intents: typeof this.identify?.intents === 'number' ? this.identify.intents : (this.session?.intents ?? null),
      sessionId: this.session?.id ?? null,
      resumed: this.resumed,
      open: this.open,
      closeCode: this.closeCode,
      heartbeats: this.heartbeats,
      shard: this.session ? [...this.session.shard] : null,
    };
  }
}

/** Discord's rule: a guild's events go to shard (guild_id >> 22) % shard_count. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

function ownedBy(session: Session, guildId: string): boolean {
  return shardOfGuild(guildId, session.shard[1]) === session.shard[0];
}

/** Events that happen outside any guild (a DM's interaction or message) arrive on shard 0. */
const DM_EVENTS = new Set(['INTERACTION_CREATE', 'MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE', 'CHANNEL_PINS_UPDATE', 'TYPING_START']);

/** Which sessions get an event: the owner of its guild, shard 0 for a DM's, or all. */
function routeOf(event: string, data: Json): string | 'dm' | 'all' {
  if (typeof data.guild_id === 'string') return data.guild_id;
  if (/^GUILD_(CREATE|UPDATE|DELETE)$/.test(event) && typeof data.id === 'string') return data.id;
  return DM_EVENTS.has(event) ? 'dm' : 'all';
}

/** Write one payload into a shared zlib stream and flush with Z_SYNC_FLUSH (ends in 00 00 ff ff). */
function deflateSync(deflate: zlib.Deflate, text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => chunks.push(chunk);
    deflate.on('data', onData);
    deflate.write(text, (err) => {
      if (err) {
        deflate.off('data', onData);
        reject(err);
      }
    });
    deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      deflate.off('data', onData);
      resolve(Buffer.concat(chunks));
    });
  });
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections: Connection[] = [];
  private readonly sessions = new Map<string, Session>();
  readonly identifies: Json[] = [];
  private nextId = 1;

  constructor(
    private readonly state: State,
    private readonly allowedPrivileged: number,
  ) {
    state.dispatcher = (event, data, intent) => this.dispatch(event, data, intent);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const conn = new Connection(this.nextId++, ws, Object.fromEntries(url.searchParams.entries()));
    this.connections.push(conn);
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(conn, data, isBinary));
    ws.on('close', (code: number) => {
      conn.closeCode = code;
      conn.dispose();
      if (conn.session?.connection === conn) conn.session.connection = null;
    });
    ws.on('error', () => {
      conn.open = false;
    });
    if ((conn.query.encoding ?? 'json') !== 'json') {
      conn.close(4002, 'Only encoding=json is emulated');
      return;
    }
    conn.send({ op: 10, d: { heartbeat_interval: this.state.timing.heartbeatIntervalMs, _trace: ['["local-discord",{"micros":0}]'] }, s: null, t: null });
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: Json;
    try {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data);
      payload = JSON.parse(text) as Json;
    } catch {
      conn.close(4002, 'Decode error');
      return;
    }
    const d = payload.d;
    switch (payload.op) {
      case 1:
        conn.heartbeats++;
        conn.send({ op: 11, d: null, s: null, t: null });
        return;
      case 2:
        this.onIdentify(conn, (d ?? {}) as Json);
        return;
      case 6:
        this.onResume(conn, (d ?? {}) as Json);
        return;
    }
    if (!conn.session) {
      conn.close(4003, 'Not authenticated.');
      return;
    }
    switch (payload.op) {
      case 3: // presence update
      case 4: // voice state update
      case 31: // request soundboard sounds
        return;
      case 8:
        this.onRequestMembers(conn, (d ?? {}) as Json);
        return;
      default:
        conn.close(4001, 'Unknown opcode.');
    }
  }

  private onIdentify(conn: Connection, d: Json): void {
    if (conn.session) {
      conn.close(4005, 'Already authenticated.');
      return;
    }
    conn.identify = structuredClone(d);
    this.identifies.push(structuredClone(d));
    if (d.token !== this.state.token) {
      conn.close(4004, 'Authentication failed.');
      return;
    }
    const intents = d.intents;
    if (typeof intents !== 'number' || intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      conn.close(4013, 'Invalid intent(s).');
      return;
    }
    if ((intents & PRIVILEGED & ~this.allowedPrivileged) !== 0) {
      conn.close(4014, 'Disallowed intent(s).');
      return;
    }
    const shard = this.shardOf(conn, d.shard);
    if (!shard) return;
    conn.identifyCompress = d.compress === true;
    const session: Session = { id: randomToken(16).toLowerCase(), seq: 0, intents, shard, buffer: [], connection: conn };
    this.sessions.set(session.id, session);
    conn.session = session;
    const { state } = this;
    this.send(session, 'READY', {
      v: 10,
      user: { ...state.botUser, bot: true, verified: true, mfa_enabled: false, flags: 0, email: null },
      user_settings: {},
      guilds: [state.world.guildId, ...otherGuildIds(state.world)].filter((id) => ownedBy(session, id)).map((id) => ({ id, unavailable: true })),
      guild_join_requests: [],
      relationships: [],
      private_channels: [],
      presences: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: state.gatewayUrl,
      shard,
      application: { id: state.applicationId, flags: state.fixture.application.flags },
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["local-discord",{"micros":0}]'],
    });
    if (intents & Intent.Guilds) {
      if (ownedBy(session, state.world.guildId)) this.send(session, 'GUILD_CREATE', state.world.guildCreateWire(state.botUser.id, (intents & Intent.GuildMembers) !== 0));
      for (const id of otherGuildIds(state.world)) if (ownedBy(session, id)) this.send(session, 'GUILD_CREATE', otherGuildCreateWire(state.world, id, state.botUser.id));
    }
  }

  /** IDENTIFY's `shard`, validated as Discord does; null after closing the connection. */
  private shardOf(conn: Connection, shard: unknown): [number, number] | null {
    const given = shard === undefined || shard === null ? [0, 1] : shard;
    const valid = Array.isArray(given) && given.length === 2 && given.every((n) => Number.isInteger(n) && n >= 0) && given[0] < given[1];
    if (!valid) {
      conn.close(4010, 'Invalid shard.');
      return null;
    }
    const [id, count] = given as [number, number];
    if (this.state.shards.required && count < this.state.shards.recommended) {
      conn.close(4011, 'Sharding required.');
      return null;
    }
    return [id, count];
  }

  private onResume(conn: Connection, d: Json): void {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (d.token !== this.state.token) {
      conn.close(4004, 'Authentication failed.');
      return;
    }
    if (!session) {
      conn.send({ op: 9, d: false, s: null, t: null });
      return;
    }
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (session.connection && session.connection !== conn) session.connection.close(4000, 'Session resumed elsewhere');
    session.connection = conn;
    conn.session = session;
    conn.resumed = true;
    for (const missed of session.buffer) if (missed.s > seq) conn.send(missed);
    this.send(session, 'RESUMED', { _trace: ['["local-discord",{"micros":0}]'] });
  }

  private onRequestMembers(conn: Connection, d: Json): void {
    const { world } = this.state;
    const session = conn.session!;
    const hasIntent = (session.intents & Intent.GuildMembers) !== 0;
    const userIds = Array.isArray(d.user_ids) ? d.user_ids.map(String) : typeof d.user_ids === 'string' ? [d.user_ids] : null;
    let members = world.members();
    if (userIds) members = members.filter((m) => userIds.includes(m.userId));
    else if (typeof d.query === 'string') {
      const q = d.query.toLowerCase();
      if (q === '' && !hasIntent) members = [];
      members = members.filter((m) => world.user(m.userId)?.username.toLowerCase().startsWith(q));
      const limit = typeof d.limit === 'number' && d.limit > 0 ? d.limit : Infinity;
      members = members.slice(0, limit);
    }
    this.send(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: world.guildId,
      members: members.map((m) => world.memberWire(m)),
      chunk_index: 0,
      chunk_count: 1,
      ...(userIds ? { not_found: userIds.filter((id) => !world.member(id)) } : {}),
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }

  private send(session: Session, t: string, d: Json): void {
    session.seq++;
    const payload = { op: 0 as const, s: session.seq, t, d };
    session.buffer.push(payload);
    if (session.buffer.length > 500) session.buffer.shift();
    session.connection?.send(payload);
  }

  /**
   * Send a dispatch to every identified session that should see it (optionally only those with an intent):
   * a guild's event to the session of that guild's shard, a DM's to shard 0, anything else to all. Returns how many.
   */
  dispatch(event: string, data: Json, intent: number | null = null): number {
    let n = 0;
    const route = routeOf(event, data);
    for (const session of this.sessions.values()) {
      if (!session.connection?.open) continue;
      if (intent !== null && (session.intents & intent) === 0) continue;
      if (route === 'dm' ? session.shard[0] !== 0 : route !== 'all' && !ownedBy(session, route)) continue;
      this.send(session, event, structuredClone(data));
      n++;
    }
    return n;
  }

  /** Sessions that would receive an INTERACTION_CREATE right now. */
  readySessions(): number {
    let n = 0;
    for (const session of this.sessions.values()) if (session.connection?.open) n++;
    return n;
  }

  /** Shard ids with an identified, connected session. */
  connectedShards(): number[] {
    const ids = [...this.sessions.values()].filter((s) => s.connection?.open).map((s) => s.shard[0]);
    return ids.sort((a, b) => a - b);
  }

  /** Ask every client to reconnect and resume (op 7 RECONNECT). */
  requestReconnect(): void {
    for (const conn of this.connections) if (conn.open) conn.send({ op: 7, d: null, s: null, t: null });
  }

  connectionInfos(): GatewayConnectionInfo[] {
    return this.connections.map((c) => c.info());
  }

  async close(): Promise<void> {
    for (const conn of this.connections) {
      conn.dispose();
      conn.ws.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
