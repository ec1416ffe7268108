// Registers the command list with Discord by bulk overwrite, globally or on one server, and skips
// the write when Discord already has exactly these definitions (a restart costs one GET). Discord's answer
// carries the commands' ids, which every process learns for clickable command mentions (learnCommandIds).
import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from '../base/logger.ts';
import type { CommandIds, RegisteredCommand } from '../app/command-ids.ts';
import { describeError } from '../delivery/discord-errors.ts';

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;

export interface SyncResult {
  changed: boolean;
  scope: 'global' | `guild ${string}`;
  count: number;
  /** The commands as Discord now has them, with their ids: the PUT's answer, or the GET's when nothing changed. */
  registered: RegisteredCommand[];
}

const routeOf = (applicationId: string, guildId: string | undefined) =>
  guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);

export async function syncCommands(
  rest: REST,
  applicationId: string,
  definitions: readonly Definition[],
  options: { guildId?: string; force?: boolean; logger: Logger },
): Promise<SyncResult> {
  const route = routeOf(applicationId, options.guildId);
  const scope = options.guildId ? (`guild ${options.guildId}` as const) : ('global' as const);
  if (!options.force) {
    const existing = (await rest.get(route)) as RegisteredCommand[];
    if (sameCommands(existing, definitions)) {
      options.logger.info({ scope, count: definitions.length }, 'commands unchanged; registration skipped');
      return { changed: false, scope, count: definitions.length, registered: existing };
    }
  }
  const registered = (await rest.put(route, { body: definitions })) as RegisteredCommand[];
  options.logger.info({ scope, count: definitions.length }, 'commands registered');
  return { changed: true, scope, count: definitions.length, registered };
}

/** Discord refuses commands for user installs while the application cannot be added to accounts. */
export const USER_INSTALL_OFF =
  'Discord refused the commands for user installs: in the Developer Portal open your application, Installation, tick "User Install" under Installation Contexts and save; then restart Lumbar (or run npm run commands:deploy).';

/** The fix for a refused registration, when Lumbar knows it. */
export function registrationHint(err: unknown): string | undefined {
  return err instanceof Error && /integration_types/.test(err.message) ? USER_INSTALL_OFF : undefined;
}

export interface LearnOptions {
  guildId?: string;
  /** This process registers (shard 0's); the others only read what it registered. */
  register: boolean;
  logger: Logger;
  /**
   * When a reading process finds some commands not registered yet (shard 0's process is still registering them
   * on a first deploy): how often to read again, the first time after `retryMs`, then twice as long each time.
   */
  retries?: number;
  retryMs?: number;
}

/**
 * At ready, in every process: shard 0's registers (syncCommands) and learns the ids from Discord's answer; every
 * other reads them with one GET. Until the ids are known, command references stay plain text. Never throws.
 */
export async function learnCommandIds(rest: REST, applicationId: string, definitions: readonly Definition[], ids: CommandIds, options: LearnOptions): Promise<void> {
  const { logger } = options;
  if (options.register) {
    try {
      ids.learn((await syncCommands(rest, applicationId, definitions, options)).registered);
      logger.info({ count: ids.size }, "learned the commands' ids from the registration");
      return;
    } catch (err) {
      logger.error({ err: describeError(err), fix: registrationHint(err) }, 'could not register commands; existing registrations stay in place');
    }
  }
  const retries = options.register ? 0 : (options.retries ?? 6);
  const read = async (attempt: number): Promise<void> => {
    try {
      ids.learn((await rest.get(routeOf(applicationId, options.guildId))) as RegisteredCommand[]);
    } catch (err) {
      logger.warn({ err: describeError(err) }, 'could not read the command ids; commands are named in plain text');
      return;
    }
    const missing = definitions.filter((d) => ids.idOf(d.name) === undefined).map((d) => d.name);
    if (missing.length === 0) {
      logger.info({ count: ids.size }, "learned the commands' ids");
      return;
    }
    if (attempt >= retries) {
      logger.warn({ missing }, 'these commands are not registered; they are named in plain text');
      return;
    }
    // Shard 0's process may still be registering them: read again a little later (2 s, 4 s, … about 2 minutes in all).
    setTimeout(() => void read(attempt + 1), (options.retryMs ?? 2000) * 2 ** attempt).unref();
  };
  await read(0);
}

/** Compares what Discord returns with what we send, filling in the defaults Discord omits. */
export function sameCommands(existing: readonly unknown[], wanted: readonly Definition[]): boolean {
  const key = (list: readonly unknown[]) =>
    JSON.stringify(list.map((c) => normalizeCommand(c as Record<string, unknown>)).sort((a, b) => String(a.name).localeCompare(String(b.name))));
  return key(existing) === key(wanted);
}

function normalizeCommand(c: Record<string, unknown>) {
  return {
    name: c.name,
    type: c.type ?? 1,
    description: c.description ?? '',
    default_member_permissions: c.default_member_permissions ?? null,
    contexts: sorted(c.contexts),
    integration_types: sorted(c.integration_types ?? [0]),
    nsfw: c.nsfw ?? false,
    options: normalizeOptions(c.options),
  };
}

function normalizeOptions(options: unknown): unknown[] {
  if (!Array.isArray(options)) return [];
  return options.map((o: Record<string, unknown>) => ({
    type: o.type,
    name: o.name,
    description: o.description ?? '',
    required: o.required ?? false,
    autocomplete: o.autocomplete ?? false,
    choices: Array.isArray(o.choices) ? o.choices.map((ch: Record<string, unknown>) => ({ name: ch.name, value: ch.value })) : [],
    options: normalizeOptions(o.options),
    channel_types: sorted(o.channel_types),
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    min_length: o.min_length ?? null,
    max_length: o.max_length ?? null,
  }));
}

function sorted(v: unknown): unknown {
  return Array.isArray(v) ? [...v].sort() : null;
}
