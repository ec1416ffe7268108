// Command registration against the local Discord: bulk overwrite once, skipped while unchanged.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { syncCommands } from '../../src/discord/sync.ts';
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
