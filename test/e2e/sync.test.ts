// Command registration against the local Discord: bulk overwrite once, skipped while unchanged.
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { syncCommands } from '../../src/discord/sync.ts';
import { createLogger } from '../../src/logger.ts';
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
