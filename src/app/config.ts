// The environment, parsed once. Every problem is reported together with its fix, and the token's
// value never appears in a message: only whether it is present and well-formed.
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { shardCountSetting, shardIdsSetting, shardProblems } from './shards.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const snowflake = /^\d{17,20}$/;
// Bot tokens are three base64url parts joined by dots; checking the shape catches pasted client
// secrets and application ids without ever echoing the value.
const tokenShape = /^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/;

const TICK_ERROR = 'SCHEDULER_TICK_SECONDS must be a whole number of seconds from 1 to 60. Fix: correct it, or leave it empty for 20.';

const HISTORY_ERROR = 'HISTORY_DAYS must be a whole number of days from 1 to 3650. Fix: correct it, or leave it empty for 90.';
const DATABASE_URL_ERROR =
  'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/lumbar (postgres:// or postgresql://, a host and a database name; a password with @, : or / percent-encoded). Fix: correct it, or leave it empty to use SQLite at DATABASE_PATH.';

/** A usable PostgreSQL URL: parsed by WHATWG URL, never echoed (it carries the password). */
export function isPostgresUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && database !== '' && !database.includes('/');
}

/** The URL with its password replaced, for logs and messages. */
export function redactDatabaseUrl(value: string): string {
  if (!URL.canParse(value)) return '(a malformed URL)';
  const url = new URL(value);
  if (url.password) url.password = '***';
  return url.toString();
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A whole number from `min` to `max`; empty is `fallback`; anything else is `error`. */
const wholeNumber = (min: number, max: number, fallback: number, error: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback));

const ConfigSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((t) => !/^bot\s/i.test(t), {
        message: 'DISCORD_TOKEN starts with "Bot ". Fix: paste the token alone; Lumbar adds the prefix itself.',
      })
      .refine((t) => /^bot\s/i.test(t) || tokenShape.test(t), {
        message:
          'DISCORD_TOKEN does not look like a bot token (three parts separated by dots). Fix: copy it again from the Developer Portal, Bot page, "Reset Token" — not the client secret or application id.',
      })
      .optional(),
  ),
  DISCORD_GUILD_ID: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(snowflake, {
        message:
          'DISCORD_GUILD_ID must be a server id (17–20 digits). Fix: in Discord, turn on Developer Mode, right-click the server, "Copy Server ID" — or leave it empty to register commands globally.',
      })
      .optional(),
  ),
  DATABASE_PATH: z.preprocess(blankToUndefined, z.string().default('data/lumbar.db')),
  // Set: PostgreSQL at this URL; unset: SQLite at DATABASE_PATH. The value is never part of a message.
  DATABASE_URL: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z.string().refine(isPostgresUrl, { error: DATABASE_URL_ERROR }).optional(),
  ),
  DISCORD_API_URL: z.preprocess(
    blankToUndefined,
    z
      .url({
        protocol: /^https?$/,
        error:
          'DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:8787/api. Fix: correct it, or leave it empty to use Discord itself.',
      })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  ),
  // For demos and end-to-end tests: the clock starts at this instant and runs on in real time.
  LUMBAR_START_TIME: z.preprocess(
    blankToUndefined,
    z.iso
      .datetime({ offset: true, error: 'LUMBAR_START_TIME must be an ISO date-time such as 2026-03-29T00:59:00Z. Fix: correct it, or leave it empty to use the real time.' })
      .optional(),
  ),
  SCHEDULER_TICK_SECONDS: wholeNumber(1, 60, 20, TICK_ERROR),
  // Delivery history older than this is pruned (this week's rows are always kept).
  HISTORY_DAYS: wholeNumber(1, 3650, 90, HISTORY_ERROR),
  // Which gateway shards this process runs (src/app/shards.ts); neither set: every shard Discord recommends.
  SHARD_COUNT: shardCountSetting,
  SHARD_IDS: shardIdsSetting,
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z
      .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}. Fix: pick one, or leave it empty for "info".` })
      .default('info'),
  ),
});

export type Config = z.infer<typeof ConfigSchema>;
export type BotConfig = Config & { DISCORD_TOKEN: string };

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly missingToken = false,
  ) {
    super(`Lumbar cannot start: ${problems.length === 1 ? 'one setting needs' : `${problems.length} settings need`} attention.\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads `.env` (if present) beneath the real environment: a variable set in the shell wins. */
export function readEnv(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return { ...fromFile, ...env };
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  const problems = result.success ? shardProblems(result.data) : [];
  if (result.success && problems.length === 0) return result.data;
  if (!result.success) problems.push(...result.error.issues.map((i) => i.message));
  throw new ConfigError(problems);
}

/** The bot needs a token; `npm run try` and the tests do not. */
export function requireToken(config: Config): BotConfig {
  if (config.DISCORD_TOKEN) return config as BotConfig;
  throw new ConfigError([MISSING_TOKEN_HELP], true);
}


export const MISSING_TOKEN_HELP = `DISCORD_TOKEN is not set.
  To run Lumbar on Discord you need a bot token:
    1. Open https://discord.com/developers/applications and click "New Application".
    2. On the "Bot" page click "Reset Token" and copy it.
    3. Copy .env.example to .env and put it after DISCORD_TOKEN= (or export DISCORD_TOKEN in your shell).
    4. Run npm start again; it prints an invite link for your server.
  No token yet? "npm run try -- /backpain activity:deadlift" shows every command working in this terminal.`;
