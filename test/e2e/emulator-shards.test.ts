// The emulator's sharded gateway, driven by bare discord.js clients and a raw socket: /gateway/bot
// recommends the shard count, IDENTIFY's shard is validated (4010, 4011), a guild's events and
// interactions reach only the session of its shard, a DM's only shard 0.
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { shardOfGuild } from './emulator/gateway.ts';
import { slashCommand, startLocalDiscord, type LocalDiscord } from './emulator/index.ts';

let discord: LocalDiscord;
const clients: Client[] = [];
const seen = new Map<Client, string[]>();

async function connect(options: { shards: number[] | 'auto'; shardCount?: number }): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: `${discord.url}/api` }, ...options });
  clients.push(client);
  seen.set(client, []);
  client.on(Events.InteractionCreate, (i: Interaction) => {
    seen.get(client)!.push(i.id);
    if (i.isChatInputCommand()) void i.reply({ content: `shards ${client.ws.shards.map((s) => s.id).join(',')}` });
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(discord.token);
  await ready;
  return client;
}

/** IDENTIFY over a raw socket with this `shard`; resolves with the close code, or 0 once READY arrives. */
function identify(shard: unknown): Promise<number> {
  const ws = new WebSocket(`${discord.gatewayUrl}/?v=10&encoding=json`);
  return new Promise((resolve) => {
    ws.on('message', (data: Buffer) => {
      const payload = JSON.parse(data.toString('utf8')) as { op: number; t: string | null };
      if (payload.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: discord.token, intents: 1, properties: {}, ...(shard === undefined ? {} : { shard }) } }));
      if (payload.t === 'READY') {
        resolve(0);
        ws.close();
      }
    });
    ws.on('close', (code) => resolve(code));
  });
}

beforeAll(async () => {
  discord = await startLocalDiscord({ shards: { recommended: 2, required: true } });
  // A global command, offered in servers and DMs alike.
  await fetch(`${discord.apiUrl}/v10/applications/${discord.applicationId}/commands`, {
    method: 'PUT',
    headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ name: 'ping', description: 'which shard answers', type: 1, contexts: [0, 1], integration_types: [0] }]),
  });
});

afterAll(async () => {
  for (const c of clients) await c.destroy();
  await discord?.close();
});

describe('a sharded gateway', () => {
  it('recommends its shard count in GET /gateway/bot', async () => {
    const res = await fetch(`${discord.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${discord.token}` } });
    expect(((await res.json()) as { shards: number }).shards).toBe(2);
  });

  it.each([
    [[2, 2], 4010],
    [[0, 0], 4010],
    [[-1, 2], 4010],
    ['0', 4010],
    [[0, 1], 4011],
    [undefined, 4011],
    [[1, 2], 0],
  ])('answers IDENTIFY with shard %j by %i', async (shard, code) => {
    expect(await identify(shard)).toBe(code);
  });

  it('routes guild interactions to the owning shard and DM interactions to shard 0', async () => {
    const guildShard = shardOfGuild(discord.fixture.guild.id, 2);
    const zero = await connect({ shards: [0], shardCount: 2 });
    const one = await connect({ shards: [1], shardCount: 2 });
    const owner = guildShard === 0 ? zero : one;
    const other = owner === zero ? one : zero;
    expect(owner.guilds.cache.has(discord.fixture.guild.id)).toBe(true);
    expect(other.guilds.cache.has(discord.fixture.guild.id)).toBe(false);

    const inGuild = discord.injectInteraction(slashCommand('ping'));
    expect((await inGuild.reply()).content).toBe(`shards ${guildShard}`);
    const inDm = discord.injectInteraction(slashCommand('ping', { dm: true }));
    expect((await inDm.reply()).content).toBe('shards 0');
    expect(seen.get(owner)).toContain(inGuild.id);
    expect(seen.get(other)).not.toContain(inGuild.id);
    expect(seen.get(zero)).toContain(inDm.id);
    expect(seen.get(one)).not.toContain(inDm.id);
  });

  it("runs every recommended shard in one client with discord.js's shards: 'auto'", async () => {
    const before = discord.identifies.length;
    const auto = await connect({ shards: 'auto' });
    expect(auto.ws.shards.map((s) => s.id).sort()).toEqual([0, 1]);
    expect(discord.identifies.slice(before).map((d) => d.shard)).toEqual(expect.arrayContaining([[0, 2], [1, 2]]));
    expect(auto.guilds.cache.has(discord.fixture.guild.id)).toBe(true);
  });
});
