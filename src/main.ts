// Wiring: config -> store (SQLite or PostgreSQL) -> content -> client -> router; graceful shutdown on SIGINT/SIGTERM.
import { Events, type Client, type Guild } from 'discord.js';
import { commands } from '../commands/index.ts';
import { ConfigError, parseConfig, readEnv, requireToken, type Config } from './app/config.ts';
import { loadKnowledgeBase } from './content/index.ts';
import { KnowledgeError } from './content/load.ts';
import type { AppContext } from './app/context.ts';
import { createClient } from './discord/client.ts';
import { describeError } from './delivery/discord-errors.ts';
import { inviteUrl, userInstallUrl } from './discord/invite.ts';
import { createRouter } from './discord/router.ts';
import { learnCommandIds } from './discord/sync.ts';
import { withCommandMentions } from './discord/mentions.ts';
import { CommandIds } from './app/command-ids.ts';
import { sanitizeInteractionPacket } from './discord/sanitize-packet.ts';
import { createLogger, type Logger } from './base/logger.ts';
import { createProcessGuard, type ProcessGuard } from './process-guard.ts';
import { DatabaseOpenError, openDatabase } from './store/db.ts';
import { PostgresOpenError, openPostgres } from './store/pg/open.ts';
import { createPgStore } from './store/pg/store.ts';
import type { Store } from './store/repositories.ts';
import { SenderLease } from './delivery/sender-lease.ts';
import { readVersion } from './base/version.ts';
import { createClock } from './base/clock.ts';
import { disableRemovedGuild } from './clubs/guild-removed.ts';
import { createDiscordMessenger } from './discord/messenger.ts';
import { createReminderJob } from './reminders/job.ts';
import { closedDmsNotice } from './reminders/notice.ts';
import { createTipJob } from './clubs/job.ts';
import { createScheduler, tickSchedule, type Scheduler } from './delivery/scheduler.ts';
import { createStore } from './store/index.ts';
import { allPictures } from './render/pictures/strip.ts';
import { createSingleFlight } from './base/single-flight.ts';
import { describeShards, isPartial, runsShardZero, shardPlan } from './app/shards.ts';

/** Problems the user fixes (a setting, the database file): one message naming the fix, exit 2, no stack trace. */
function orExitWithHelp<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseOpenError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(err instanceof DatabaseOpenError ? err.exitCode : 2);
    }
    throw err;
  }
}

interface App {
  config: Config;
  ctx: AppContext;
  store: Store;
  client: Client;
  scheduler: Scheduler;
  lease: SenderLease;
}

const SQLITE_SHARED_ACROSS_MACHINES =
  'another Lumbar process on another machine (or container) uses this SQLite file: SQLite cannot be shared across machines (a network drive corrupts it). Fix: run every process on one machine, or use PostgreSQL with DATABASE_URL (docs/scaling.md)';

/** SQLite at DATABASE_PATH, or PostgreSQL at DATABASE_URL (retried while unreachable); a problem exits with its message. */
async function openStoreOrExit(config: Config, logger: Logger): Promise<Store> {
  if (config.DATABASE_URL === undefined) return createStore(orExitWithHelp(() => openDatabase(config.DATABASE_PATH)));
  try {
    const pool = await openPostgres(config.DATABASE_URL, {
      onRetry: (attempt, delayMs, reason) => logger.warn({ attempt, delayMs, reason }, 'PostgreSQL is not reachable yet; trying again'),
    });
    return createPgStore(pool, { onIdleError: (err) => logger.warn({ err: describeError(err) }, 'a PostgreSQL connection failed; the pool opens another') });
  } catch (err) {
    if (!(err instanceof PostgresOpenError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(err.exitCode);
  }
}

function loadKnowledgeOrExit(logger: Logger): ReturnType<typeof loadKnowledgeBase> {
  try {
    return loadKnowledgeBase();
  } catch (err) {
    if (err instanceof KnowledgeError) {
      logger.fatal({ problems: err.problems }, 'the knowledge base in data/ is invalid');
      process.exit(1);
    }
    throw err;
  }
}

/** The one place dependencies are made and handed on: the context, the client and the scheduler. */
async function wire(config: Config): Promise<App> {
  const logger = createLogger(config.LOG_LEVEL);
  const base = loadKnowledgeOrExit(logger);
  // Every stretch picture is made here, once (read from the disk cache after the first start); requests only read them.
  const pictures = allPictures(base.knowledge);
  const store = await openStoreOrExit(config, logger);
  const clock = createClock(config.LUMBAR_START_TIME);
  const client = createClient(config);
  // Learned at ready (onReady); replies, posts and DMs name commands as clickable mentions from then on.
  const commandIds = new CommandIds();
  const messenger = withCommandMentions(createDiscordMessenger(client), commandIds);
  const ctx: AppContext = { config, ...base, pictures, logger, version: readVersion(), clock, store, messenger, singleFlight: createSingleFlight(), commandIds };
  // Every process keeps a heartbeat; the one holding the sender lease claims and sends (src/delivery/sender-lease.ts).
  const lease = new SenderLease({
    processes: store.processes,
    shards: describeShards(shardPlan(config)),
    logger,
    onGained: () => void scheduler.tick().catch(() => {}),
    // SQLite's locks hold on one machine only: a file shared over a network drive would corrupt.
    onOtherMachine: store.backend === 'sqlite' ? (host) => logger.error({ host, database: config.DATABASE_PATH }, SQLITE_SHARED_ACROSS_MACHINES) : undefined,
  });
  const scheduler = createScheduler({
    store,
    lease,
    jobs: [
      createReminderJob({ reminders: store.reminders, deliveries: store.deliveries, knowledge: base.knowledge, pictures, messenger, logger }),
      createTipJob({ clubs: store.clubs, deliveries: store.deliveries, knowledge: base.knowledge, pictures, messenger, logger }),
    ],
    clock,
    logger,
    schedule: tickSchedule(config.SCHEDULER_TICK_SECONDS),
    historyDays: config.HISTORY_DAYS,
  });
  return { config, ctx, store, client, scheduler, lease };
}

/** Every gateway event Lumbar handles, each behind the process guard. */
function listen(app: App, guard: ProcessGuard): void {
  const { client, ctx } = app;
  const { logger } = ctx;
  const route = createRouter(commands, ctx, [closedDmsNotice]);
  // Before discord.js builds the interaction: malformed permissions would make it throw where the
  // router cannot answer; repaired to "none", the member gets an answer.
  client.on(
    Events.Raw,
    guard.listener('raw', (packet: unknown) => {
      const repaired = sanitizeInteractionPacket(packet);
      if (repaired.length) logger.warn({ fields: repaired }, 'an interaction carried malformed permissions; treated as none');
    }),
  );
  client.on(Events.InteractionCreate, guard.listener('interactionCreate', route));
  client.on(Events.GuildDelete, guard.listener('guildDelete', (guild: Guild) => disableRemovedGuild(ctx, guild.id)));
  client.on(Events.Error, guard.listener('error', (err: Error) => logger.error({ err: describeError(err) }, 'discord client error')));
  client.on(Events.ShardDisconnect, guard.listener('shardDisconnect', (_event: unknown, shard: number) => logger.warn({ shard }, 'gateway disconnected; discord.js will reconnect')));
  client.once(Events.ClientReady, guard.listener('ready', (ready: Client<true>) => onReady(app, ready)));
}

async function onReady({ config, ctx: { logger, commandIds }, scheduler, lease }: App, ready: Client<true>): Promise<void> {
  const shards = ready.ws.shards.map((s) => s.id);
  // Commands are registered once, by the process that runs shard 0; every process learns their ids.
  const first = runsShardZero(shardPlan(config));
  await learnCommandIds(ready.rest, ready.application.id, commands.map((c) => c.data), commandIds, { guildId: config.DISCORD_GUILD_ID, register: first, logger });
  // Every process may become the sender: the first tick runs as soon as this one holds the lease (onGained), so
  // deliveries a previous run claimed but never confirmed go out at once; then the clock ticks.
  lease.start();
  scheduler.start();
  const roles = first ? 'registers commands; sends when it holds the sender lease' : 'sends when it holds the sender lease';
  logger.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, shards, shardCount: config.SHARD_COUNT ?? 'auto', roles, invite: inviteUrl(ready.application.id), addToAccount: userInstallUrl(ready.application.id) }, 'Lumbar is ready');
}

/** Several processes on one SQLite file: said once at start-up, with what it implies. */
function warnIfShared(config: Config, logger: Logger): void {
  if (!isPartial(shardPlan(config))) return;
  if (config.DATABASE_URL !== undefined) return;
  logger.warn(
    { shards: config.SHARD_IDS, shardCount: config.SHARD_COUNT, database: config.DATABASE_PATH },
    'this process runs only some shards (SHARD_IDS) on SQLite: every process must run on this machine and share this DATABASE_PATH, since SQLite cannot be shared across machines; for several machines set DATABASE_URL (docs/scaling.md)',
  );
}

/** Stops the clock (sends in flight finish), leaves Discord, closes the database; once. */
function shutdownOf({ ctx: { logger }, scheduler, lease, client, store }: App): (reason: string, code?: number) => Promise<void> {
  let stopping = false;
  return async (reason, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: reason }, 'shutting down');
    await scheduler.stop();
    // Gives the lease up: another process sends from now on, and takes this one's unsent claims at once.
    await lease.stop();
    await client.destroy();
    await store.close();
    logger.info('stopped cleanly');
    process.exit(code);
  };
}

async function main(): Promise<void> {
  const config = orExitWithHelp(() => requireToken(parseConfig(readEnv())));
  const app = await wire(config);
  const { logger } = app.ctx;
  const shutdown = shutdownOf(app);
  warnIfShared(config, logger);
  // A fatal error (the database gone or damaged) stops the bot cleanly with exit code 1.
  const guard = createProcessGuard(logger, (code) => shutdown('fatal error', code));
  listen(app, guard);
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // Installed once start-up's own failures are handled above: from here on, nothing ends the process but a fatal error.
  guard.install();

  try {
    await app.client.login(config.DISCORD_TOKEN);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'TokenInvalid') logger.fatal('Discord rejected DISCORD_TOKEN. Copy a fresh one from the Developer Portal (Bot, Reset Token) into .env.');
    else logger.fatal({ err: describeError(err) }, 'could not connect to Discord');
    await app.store.close();
    process.exit(1);
  }
}

await main();
