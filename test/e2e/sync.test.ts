// Command registration against the local Discord: bulk overwrite once, skipped while unchanged.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { learnCommandIds, syncCommands } from '../../src/discord/sync.ts';
import { CommandIds } from '../../src/app/command-ids.ts';
import { createLogger } from '../../src/base/logger.ts';
import { startLocalDiscord, type LocalDiscord } from './emulator/index.ts';

let discord: LocalDiscord;
let rest: REST;
const logger = createLogger('silent');
const defs = commands.map((c) => c.data);
const puts = () => discord.requests.filter((r) => r.method === 'PUT').length;

beforeAll(async () => {
  discord = await startLocalDiscord();
  rest = new REST({ api: `${discord.url}/api` }).setToken(discord.token);
});
afterAll(async () => {
  await discord.close();
});

describe('command sync', () => {
  it('registers globally, then skips while Discord already has the same definitions', async () => {
    expect(await syncCommands(rest, discord.applicationId, defs, { logger })).toMatchObject({ changed: true, scope: 'global' });
    expect(puts()).toBe(1);
    expect(await syncCommands(rest, discord.applicationId, defs, { logger })).toMatchObject({ changed: false });
    expect(puts()).toBe(1);
    expect(discord.commands().map((c) => c.name).sort()).toEqual(defs.map((d) => d.name).sort());
    expect(discord.contractViolations).toEqual([]);
  });

  it('re-registers when a definition changes, or when forced', async () => {
    const changed = defs.map((d) => (d.name === 'about' ? { ...d, description: 'What Lumbar is (new words)' } : d));
    expect((await syncCommands(rest, discord.applicationId, changed, { logger })).changed).toBe(true);
    expect((await syncCommands(rest, discord.applicationId, defs, { logger })).changed).toBe(true);
    expect((await syncCommands(rest, discord.applicationId, defs, { logger, force: true })).changed).toBe(true);
    expect((await syncCommands(rest, discord.applicationId, defs, { logger })).changed).toBe(false);
  });

  it("answers with Discord's ids, from the PUT's answer or, when nothing changed, the GET's", async () => {
    const changed = defs.map((d) => (d.name === 'about' ? { ...d, description: 'What Lumbar is (other words)' } : d));
    const put = await syncCommands(rest, discord.applicationId, changed, { logger });
    const ids = (list: { id: string; name: string }[]) => Object.fromEntries(list.map((c) => [c.name, c.id]));
    expect(put.changed).toBe(true);
    expect(ids(put.registered)).toEqual(ids(discord.commands()));
    const got = await syncCommands(rest, discord.applicationId, changed, { logger });
    expect(got.changed).toBe(false);
    expect(ids(got.registered)).toEqual(ids(discord.commands()));
    expect(Object.keys(ids(got.registered)).sort()).toEqual(defs.map((d) => d.name).sort());
    await syncCommands(rest, discord.applicationId, defs, { logger });
  });

  it('learnCommandIds: the registering process learns from its registration, the others with one GET', async () => {
    const registering = new CommandIds();
    const before = discord.requests.length;
    await learnCommandIds(rest, discord.applicationId, defs, registering, { register: true, logger });
    expect(registering.mention('redflags')).toBe(`</redflags:${discord.commands().find((c) => c.name === 'redflags')?.id}>`);
    const reading = new CommandIds();
    const mark = discord.requests.length;
    await learnCommandIds(rest, discord.applicationId, defs, reading, { register: false, logger });
    expect(discord.requests.slice(mark).map((r) => r.route)).toEqual(['GET /applications/:app/commands']);
    expect(reading.mention('remind', 'resume')).toBe(registering.mention('remind', 'resume'));
    expect(discord.requests.slice(before).filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('a reading process that finds the commands not registered yet reads again a little later', async () => {
    const fresh = await startLocalDiscord();
    try {
      const freshRest = new REST({ api: `${fresh.url}/api` }).setToken(fresh.token);
      const reading = new CommandIds();
      await learnCommandIds(freshRest, fresh.applicationId, defs, reading, { register: false, logger, retryMs: 50 });
      expect(reading.size).toBe(0);
      expect(reading.mention('about')).toBe('**/about**');
      await syncCommands(freshRest, fresh.applicationId, defs, { logger });
      await fresh.waitFor(() => reading.size === defs.length, 2000, 'the ids read again');
      expect(reading.mention('about')).toMatch(/^<\/about:\d+>$/);
    } finally {
      await fresh.close();
    }
  });

  it('registers on one server when a guild id is given', async () => {
    const guildId = discord.fixture.guild.id;
    expect(await syncCommands(rest, discord.applicationId, defs, { logger, guildId })).toMatchObject({ changed: true, scope: `guild ${guildId}` });
    expect(await syncCommands(rest, discord.applicationId, defs, { logger, guildId })).toMatchObject({ changed: false });
    expect(discord.commands(guildId)).toHaveLength(defs.length);
  });
});

const ROOT = resolve(import.meta.dirname, '../..');

/** `npm run commands:deploy` as a user runs it: its own process, settings from the environment. */
function deploy(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/deploy.ts'), ...args], {
      cwd: mkdtempSync(join(tmpdir(), 'lumbar-deploy-')),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, out });
    });
  });
}

describe('npm run commands:deploy', () => {
  it('registers without starting the bot, then reports it is up to date, and --force re-sends', async () => {
    const fresh = await startLocalDiscord();
    try {
      const env = { DISCORD_TOKEN: fresh.token, DISCORD_API_URL: `${fresh.url}/api` };
      const first = await deploy(env);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(new RegExp(`Registered ${defs.length} commands \\(global\\)`));
      expect(first.out).toMatch(/discord\.com\/oauth2\/authorize\?client_id=/);
      expect(first.out).toMatch(/Add Lumbar to your own account: https:\/\/discord\.com\/oauth2\/authorize\?client_id=\d+&scope=applications\.commands&integration_type=1/);
      expect(first.out).not.toContain(fresh.token);
      expect((await deploy(env)).out).toMatch(/Already up to date/);
      expect((await deploy(env, ['--force'])).out).toMatch(/Registered/);
      expect(fresh.gatewayConnections).toHaveLength(0);
      expect(fresh.contractViolations).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('without a token exits 2 with the set-up help', async () => {
    const r = await deploy({});
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/DISCORD_TOKEN is not set/);
  });
});
