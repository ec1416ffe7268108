// The one harness the end-to-end files share: a local Discord and Lumbar as a child process over a fresh SQLite
// file, the hooks every file needs (mark where each test's requests start, check them after it, stop and clean up
// at the end), and the readers the tests use: the bot's database, bounded waits that fail with the bot's last log
// lines, and an interaction with its answer. Tests talk to the bot as a process, so nothing here imports src/.
// With LUMBAR_E2E_BACKEND=postgres (vitest's "e2e on PostgreSQL" project) the bot runs on a fresh PostgreSQL
// database of the run's test server instead, and `query` reads that (pg-sync.ts).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { removeTempDirs, startBot, stopAllBots, tempDir, type BotProcess } from './bot-process.ts';
import {
  startLocalDiscord,
  type FixtureMember,
  type FixtureUser,
  type InteractionHandle,
  type InteractionSpec,
  type Json,
  type LocalDiscord,
  type LocalDiscordOptions,
  type RecordedRequest,
} from './emulator/index.ts';
import { embedText, isJson, requestChecker, withLogs } from './helpers.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { syncPg, type SyncPg } from './pg-sync.ts';

/** Which database the bots of this run use. */
export const E2E_BACKEND: 'sqlite' | 'postgres' = process.env.LUMBAR_E2E_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** Message flags: the answer only its member sees. */
export const EPHEMERAL = 64;

/** Members a test adds to the fixture: for each key and id, a user and a membership of the server without roles. */
export function fixturePeople(
  ids: Record<string, string>,
  names: (key: string) => Pick<FixtureUser, 'username' | 'globalName'> = (key) => ({ username: key, globalName: key }),
): { users: Record<string, FixtureUser>; members: Record<string, FixtureMember> } {
  const users: Record<string, FixtureUser> = {};
  const members: Record<string, FixtureMember> = {};
  for (const [key, id] of Object.entries(ids)) {
    users[key] = { id, ...names(key) };
    members[key] = { userId: id, roleIds: [], nick: null, joinedAt: '2024-03-01T09:00:00.000Z' };
  }
  return { users, members };
}

export interface BotStart {
  /** For failure messages (default "lumbar"). */
  name?: string;
  /** The bot's clock starts at this instant (LUMBAR_START_TIME) and the scheduler ticks every second; absent: real time. */
  startAt?: number;
  env?: Record<string, string>;
  /** How long start-up may take, in beforeAll (default 20 s). */
  readyMs?: number;
  /** Keep the bot already running: several processes on one database (`h.bot` is the one started last). */
  alongside?: boolean;
}

export interface HarnessOptions extends Pick<LocalDiscordOptions, 'fixture' | 'nonceDedup'> {
  /** Prefix of the temp folder that holds the bot's database. */
  prefix?: string;
  /** A bot started in beforeAll and waited for; without it the file starts its own with `h.startBot`. */
  bot?: BotStart;
  /**
   * 'file' (default): one local Discord for the whole file, from beforeAll to afterAll. 'test': each test starts its
   * own with `h.startDiscord`, and after the test its requests are checked and everything is stopped and removed.
   */
  scope?: 'file' | 'test';
}

/** A row of `deliveries` (src/store/migrations/001_reminders.sql and 004_delivery_attempts.sql). */
export interface DeliveryRow {
  kind: string;
  target_id: number;
  local_date: string;
  user_id: string | null;
  scheduled_at: number;
  claimed_at: number;
  status: string;
  attempts: number;
  item_id: string | null;
  message_id: string | null;
  error_code: number | null;
  done_at: number | null;
  updated_at: number;
}

/** A row of `reminders` (src/store/migrations/001_reminders.sql), the columns the tests read. */
export interface ReminderRow {
  id: number;
  user_id: string;
  next_fire_at: number | null;
  paused_reason: string | null;
  snooze_at: number | null;
}

/** A row of `club_channels` (src/store/migrations/002_club_tips.sql), the columns the tests read. */
export interface ChannelRow {
  id: number;
  guild_id: string;
  channel_id: string;
  local_time: string;
  time_zone: string;
  role_id: string | null;
  next_fire_at: number | null;
  next_local_date: string | null;
  health: string;
  health_reason: string | null;
  health_since: number | null;
  failing_since: number | null;
}

/** An interaction's first answer, and the message it produced (the deferred reply, the reply, or the updated message). */
export interface Answer {
  handle: InteractionHandle;
  response: Awaited<ReturnType<InteractionHandle['response']>>;
  type: number;
  data: Json;
  /** The answer's flags (64 = ephemeral), 0 when it has none. */
  flags: number;
  message: ReturnType<InteractionHandle['original']>;
  text: string;
}

export class E2eHarness {
  /** `discord.requests.length` when the current test started: `discord.requests.slice(h.mark)` is what it caused. */
  mark = 0;
  private local: LocalDiscord | undefined;
  private current: BotProcess | undefined;
  private database = '';
  private pgUrl: string | undefined;
  private pg: SyncPg | undefined;
  private checker: () => void = () => undefined;
  private readonly teardowns: (() => unknown)[] = [];

  get discord(): LocalDiscord {
    if (!this.local) throw new Error('the local Discord has not been started');
    return this.local;
  }

  /** The bot started last. */
  get bot(): BotProcess {
    if (!this.current) throw new Error('no bot has been started');
    return this.current;
  }

  /** The bot's SQLite file, in a fresh temp folder for each local Discord (unused on PostgreSQL). */
  get dbPath(): string {
    return this.database;
  }

  /** The bot's PostgreSQL database, fresh for each local Discord; undefined on SQLite. */
  get databaseUrl(): string | undefined {
    return this.pgUrl;
  }

  /** A local Discord with the request checker afterEach runs, and a fresh database path for the bots. */
  async startDiscord(options: LocalDiscordOptions = {}, prefix = 'lumbar-e2e-'): Promise<LocalDiscord> {
    this.local = await startLocalDiscord(options);
    this.checker = requestChecker(this.local);
    this.database = join(tempDir(prefix), 'lumbar.db');
    if (E2E_BACKEND === 'postgres') {
      await this.pg?.close();
      this.pgUrl = await freshDatabase();
      this.pg = syncPg(this.pgUrl);
    }
    this.mark = 0;
    return this.local;
  }

  /** Lumbar over `h.dbPath`, not yet ready; a previous bot still running (after a failure) is stopped first. */
  async startBot(start: BotStart = {}): Promise<BotProcess> {
    if (this.current && !this.current.exitInfo && !start.alongside) await this.current.stop();
    const clock: Record<string, string> = start.startAt === undefined ? {} : { SCHEDULER_TICK_SECONDS: '1', LUMBAR_START_TIME: new Date(start.startAt).toISOString() };
    const backend: Record<string, string> = this.pgUrl ? { DATABASE_URL: this.pgUrl } : {};
    this.current = startBot({ name: start.name ?? 'lumbar', discord: this.discord, databasePath: this.dbPath, env: { ...clock, ...backend, ...start.env } });
    return this.current;
  }

  /** What afterEach checks (helpers.ts `requestChecker`): the requests since the last check broke no contract. */
  checkRequests(): void {
    this.checker();
  }

  /** Runs before the bots are stopped at the end (release held requests, a lock…). */
  onTeardown(work: () => unknown): void {
    this.teardowns.push(work);
  }

  /** Reads the bot's database while the bot runs (WAL allows it), waiting a little for its write lock. */
  readonly query = <T>(sql: string, ...params: unknown[]): T[] => {
    if (this.pg) return this.pg.query<T>(sql, ...params);
    const db = new Database(this.dbPath, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 2000');
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  /** A bounded wait on the local Discord that fails with the bot's last log lines. */
  readonly until = <T>(predicate: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> =>
    withLogs(this.bot, this.discord.waitFor(predicate, timeoutMs, what));

  /** The first answer to an interaction and its message; a deferred answer ("thinking…") waits for the reply. */
  readonly answer = async (handle: InteractionHandle): Promise<Answer> => {
    const response = await withLogs(this.bot, handle.response());
    const message = response.type === 5 ? await withLogs(this.bot, handle.reply()) : handle.original();
    const data = isJson(response.data) ? response.data : {};
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    return { handle, response, type: response.type, data, flags, message, text: embedText(message) };
  };

  /** The bot's requests to a channel's messages since `from`: its posts (POST) or its reads (GET). */
  readonly messageRequests = (method: 'POST' | 'GET', channelId: string, from = 0): RecordedRequest[] =>
    this.discord.requests.slice(from).filter((r) => r.method === method && r.path === `/channels/${channelId}/messages`);

  /** Injects an interaction and waits for its answer. */
  readonly run = (spec: InteractionSpec): Promise<Answer> => this.answer(this.discord.injectInteraction(spec));

  /** Stops every bot, checks the last requests, closes the local Discord and removes the temp folders. */
  async teardown(check: boolean): Promise<void> {
    try {
      for (const work of this.teardowns) await work();
    } finally {
      await stopAllBots();
      try {
        if (check && this.local) this.checker();
      } finally {
        await this.local?.close();
        await this.pg?.close();
        this.pg = undefined;
        this.pgUrl = undefined;
        this.local = undefined;
        this.current = undefined;
        removeTempDirs();
      }
    }
  }
}

/** The harness, with its hooks registered in the calling test file. */
export function e2eHarness(options: HarnessOptions = {}): E2eHarness {
  const h = new E2eHarness();
  if (options.scope === 'test') {
    afterEach(() => h.teardown(true));
    return h;
  }
  beforeAll(async () => {
    await h.startDiscord({ fixture: options.fixture, nonceDedup: options.nonceDedup }, options.prefix);
    if (!options.bot) return;
    const bot = await h.startBot(options.bot);
    await bot.waitForReady(options.bot.readyMs ?? 20_000);
  });
  beforeEach(() => {
    h.mark = h.discord.requests.length;
  });
  afterEach(() => h.checkRequests());
  afterAll(() => h.teardown(false));
  return h;
}
