// Registers the command list with Discord by bulk overwrite, globally or on one server, and skips
// the write when Discord already has exactly these definitions (a restart costs one GET).
import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from '../base/logger.ts';

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;

export interface SyncResult {
  changed: boolean;
  scope: 'global' | `guild ${string}`;
  count: number;
}

export async function syncCommands(
  rest: REST,
  applicationId: string,
  definitions: readonly Definition[],
  options: { guildId?: string; force?: boolean; logger: Logger },
): Promise<SyncResult> {
  const route = options.guildId ? Routes.applicationGuildCommands(applicationId, options.guildId) : Routes.applicationCommands(applicationId);
  const scope = options.guildId ? (`guild ${options.guildId}` as const) : ('global' as const);
  if (!options.force) {
    const existing = (await rest.get(route)) as unknown[];
    if (sameCommands(existing, definitions)) {
      options.logger.info({ scope, count: definitions.length }, 'commands unchanged; registration skipped');
      return { changed: false, scope, count: definitions.length };
    }
  }
  await rest.put(route, { body: definitions });
  options.logger.info({ scope, count: definitions.length }, 'commands registered');
  return { changed: true, scope, count: definitions.length };
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
