// `npm run try -- /backpain activity:deadlift section:relief`: runs the same handler the bot runs
// and prints the reply it would send, so a newcomer sees Lumbar work before creating a bot.
//   --json          print the raw payload instead
//   --autocomplete  print the autocomplete choices for the last option instead
// The pictures a reply would attach are written to a new temporary folder, and their paths printed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../commands/index.ts';
import { parseConfig, readEnv } from './app/config.ts';
import { loadKnowledgeBase } from './content/index.ts';
import type { AppContext } from './app/context.ts';
import { type CommandInput } from './discord/command.ts';
import { UserError, type Attachment, type MessageBody, type Reply } from './render/message.ts';
import { allPictures } from './render/pictures/strip.ts';
import { createLogger } from './base/logger.ts';
import { readVersion } from './base/version.ts';
import type { Messenger } from './delivery/messenger.ts';
import { openDatabase } from './store/db.ts';
import { createStore } from './store/index.ts';
import { createSingleFlight } from './base/single-flight.ts';
import { CommandIds } from './app/command-ids.ts';

const TRY_USER = '100000000000000001';

/** Splits "/remind set time:7:30 am timezone:Europe/London" into command, subcommand and options. */
export function parseCommandLine(line: string): { name: string; subcommand: string | null; options: Record<string, string> } {
  const m = /^\s*\/?([\w-]+)(.*)$/s.exec(line);
  if (!m) throw new Error('Type a command, for example: /backpain activity:deadlift');
  const name = m[1] ?? '';
  let rest = m[2] ?? '';
  let subcommand: string | null = null;
  const sub = /^\s+([\w-]+)(?=\s|$)(?!:)/.exec(rest);
  if (sub && !/^\s+[\w-]+:/.test(rest)) {
    subcommand = sub[1] ?? null;
    rest = rest.slice(sub[0].length);
  }
  const options: Record<string, string> = {};
  const re = /([\w-]+):(.*?)(?=\s+[\w-]+:|\s*$)/gs;
  for (const o of rest.matchAll(re)) options[o[1] ?? ''] = (o[2] ?? '').trim();
  return { name, subcommand, options };
}

/** Discord shows <t:…:F> in each reader's own time; the terminal shows it in this machine's. */
function showTimestamps(text: string): string {
  return text.replace(/<t:(\d+):([tTdDfFR])>/g, (_, seconds: string, style: string) => {
    const date = new Date(Number(seconds) * 1000);
    if (style === 'R') {
      const seconds = Math.round((date.getTime() - Date.now()) / 1000);
      // Within a minute and a half: seconds, as Discord counts a routine's hold down.
      if (Math.abs(seconds) < 90) return seconds >= 0 ? `in ${seconds} seconds` : `${-seconds} seconds ago`;
      const minutes = Math.round(seconds / 60);
      const [n, unit] = Math.abs(minutes) >= 1440 ? [Math.round(minutes / 1440), 'day'] : Math.abs(minutes) >= 60 ? [Math.round(minutes / 60), 'hour'] : [minutes, 'minute'];
      return n >= 0 ? `in ${n} ${unit}${n === 1 ? '' : 's'}` : `${-n} ${unit}${n === -1 ? '' : 's'} ago`;
    }
    const dateOnly = style === 'd' || style === 'D';
    return date.toLocaleString('en-GB', dateOnly ? { dateStyle: 'full' } : { dateStyle: 'full', timeStyle: 'short' });
  });
}

export function formatReply(body: MessageBody & { ephemeral?: boolean }): string {
  return showTimestamps(formatRaw(body));
}

function formatRaw(body: MessageBody & { ephemeral?: boolean }): string {
  const out: string[] = [];
  if (body.ephemeral !== undefined) out.push(body.ephemeral ? '(only you can see this)' : '(posted in the channel)');
  if (body.content) out.push(body.content);
  for (const e of body.embeds ?? []) {
    out.push('┌─────────────────────────────────────────');
    if (e.title) out.push(`│ \x1b[1m${e.title}\x1b[0m`);
    if (e.description) out.push(...e.description.split('\n').map((l) => `│ ${l}`));
    for (const f of e.fields ?? []) {
      out.push('│', `│ \x1b[1m${f.name}\x1b[0m`, ...f.value.split('\n').map((l) => `│   ${l}`));
    }
    if (e.image) out.push('│', `│ 🖼  ${e.image.url}`);
    if (e.footer) out.push('│', `│ \x1b[2m${e.footer.text}\x1b[0m`);
    out.push('└─────────────────────────────────────────');
  }
  for (const row of body.components ?? []) {
    const parts = row.components.map((c) => {
      if ('label' in c && c.label) return `[${c.label}]${'disabled' in c && c.disabled ? '*' : ''}`;
      if ('options' in c) return `<menu: ${c.placeholder ?? ''} ${c.options.length} options>`;
      return '[?]';
    });
    out.push(parts.join(' '));
  }
  return out.join('\n');
}

/** Writes a message's files into a new temporary folder; returns their paths. */
export function savePictures(files: readonly Attachment[]): string[] {
  if (files.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'lumbar-try-'));
  return files.map((f) => {
    const path = join(dir, f.name);
    writeFileSync(path, f.data);
    return path;
  });
}

/** The pictures a message would attach, saved, as lines naming each file and its description. */
function picturesNote(files: readonly Attachment[] | undefined): string {
  const paths = savePictures(files ?? []);
  if (paths.length === 0) return '';
  const lines = paths.map((path, i) => `  ${path}  (${((files![i]!.data.length) / 1024).toFixed(1)} KB)\n    \x1b[2malt: ${files![i]!.description}\x1b[0m`);
  return `\n📎 The picture${paths.length === 1 ? '' : 's'} it would attach:\n${lines.join('\n')}`;
}

/** The payload as JSON, each file saved and named by its path instead of its bytes. */
function asJson(body: MessageBody & { ephemeral?: boolean }): string {
  const paths = savePictures(body.files ?? []);
  const files = body.files?.map((f, i) => ({ name: f.name, description: f.description, bytes: f.data.length, savedAt: paths[i] }));
  return JSON.stringify(files ? { ...body, files } : body, null, 2);
}

function terminalMessenger(): Messenger {
  let seq = 0;
  return {
    openDm: async (userId) => `dm-${userId}`,
    async send(channelId, body, _nonce, _signal, beforeSend) {
      await beforeSend?.();
      console.log(`\x1b[2m(a DM Lumbar would send you:)\x1b[0m\n${formatReply(body)}${picturesNote(body.files)}\n`);
      return { id: String(++seq) };
    },
    messagesAfter: async () => [],
    botUserId: () => 'lumbar',
    // No Discord here, so no channels: /clubtips explains it needs the bot in a server.
    botPermissionsIn: () => null,
  };
}

async function run(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const wantAutocomplete = argv.includes('--autocomplete');
  const line = argv.filter((a) => !a.startsWith('--')).join(' ');
  if (!line.trim()) {
    console.log(`Usage: npm run try -- /command option:value …   (--json for the raw payload, --autocomplete for choices)\nCommands: ${commands.map((c) => `/${c.data.name}`).join(' ')}`);
    return 0;
  }
  const parsed = parseCommandLine(line);
  const command = commands.find((c) => c.data.name === parsed.name);
  if (!command) {
    console.error(`Unknown command /${parsed.name}. Try one of: ${commands.map((c) => `/${c.data.name}`).join(' ')}`);
    return 2;
  }
  const config = parseConfig({ ...readEnv(), LOG_LEVEL: 'silent' });
  // A throwaway in-memory database, and DMs printed here instead of sent.
  const base = loadKnowledgeBase();
  const ctx: AppContext = {
    config,
    ...base,
    pictures: allPictures(base.knowledge),
    logger: createLogger('silent'),
    version: readVersion(),
    clock: () => new Date(),
    store: createStore(openDatabase(':memory:')),
    singleFlight: createSingleFlight(),
    messenger: terminalMessenger(),
    // No Discord here, so no command ids: commands are named in plain text.
    commandIds: new CommandIds(),
  };
  const input: CommandInput = { userId: TRY_USER, guildId: null, channelId: null, permissions: null, subcommand: parsed.subcommand, options: parsed.options };

  if (wantAutocomplete) {
    const focusedName = Object.keys(parsed.options).at(-1);
    if (!command.autocomplete || !focusedName) {
      console.error(`/${parsed.name} has no autocomplete for that option.`);
      return 2;
    }
    const choices = await command.autocomplete({ ...input, focused: { name: focusedName, value: parsed.options[focusedName] ?? '' } }, ctx);
    console.log(json ? JSON.stringify(choices, null, 2) : choices.map((c) => `${c.name}  →  ${c.value}`).join('\n') || '(no choices)');
    return 0;
  }

  let reply: Reply;
  try {
    reply = await command.execute(input, ctx);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    reply = { ephemeral: true, content: err.message, ...err.extra };
  }
  console.log(json ? asJson(reply) : `${formatReply(reply)}${picturesNote(reply.files)}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await run(process.argv.slice(2));
}
