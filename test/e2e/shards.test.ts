// Two Lumbar processes, one gateway shard each (SHARD_COUNT=2, SHARD_IDS=0 and 1), on one SQLite file on
// this machine, against the local Discord at 2 shards: each identifies only its shard; an interaction in the
// server is answered once, by the process that owns the server's shard; a DM's by shard 0's process; the
// commands are registered once, by shard 0's process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotProcess } from './bot-process.ts';
import { shardOfGuild } from './emulator/gateway.ts';
import { slashCommand } from './emulator/index.ts';
import { E2eHarness } from './harness.ts';

const h = new E2eHarness();
const bots: BotProcess[] = [];

beforeAll(async () => {
  await h.startDiscord({ shards: { recommended: 2, required: true } }, 'lumbar-shards-');
  for (const id of [0, 1]) {
    bots.push(await h.startBot({ name: `shard-${id}`, alongside: true, env: { SHARD_COUNT: '2', SHARD_IDS: String(id) } }));
  }
  await Promise.all(bots.map((b) => b.waitForReady(30_000)));
}, 40_000);
afterAll(() => h.teardown(true));

const received = (bot: BotProcess, id: string) => bot.logs.filter((l) => l.msg === 'interaction received' && l.interaction === id);
/** The answer can reach the local Discord before the log line reaches this process: wait for the line (bounded). */
const receivedBy = (bot: BotProcess, id: string) => bot.waitForLog((l) => l.msg === 'interaction received' && l.interaction === id, 5000);

describe('two processes, one shard each', () => {
  it('each process identifies only its own shard, and says it shares the SQLite file on this machine', () => {
    expect(h.discord.identifies.map((d) => d.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(h.discord.connectedShards()).toEqual([0, 1]);
    for (const [id, bot] of bots.entries()) {
      expect(bot.logs.find((l) => l.msg === 'Lumbar is ready')).toMatchObject({ shards: [id], shardCount: 2 });
      expect(bot.logs.some((l) => /SQLite cannot be shared across machines/.test(l.msg ?? ''))).toBe(true);
    }
  });

  it('registers the commands once, from the process running shard 0', () => {
    const registered = (bot: BotProcess) => bot.logs.filter((l) => /^commands (registered|unchanged)/.test(l.msg ?? '')).length;
    expect(bots.map(registered)).toEqual([1, 0]);
    expect(h.discord.requests.filter((r) => r.method === 'PUT' && /\/commands$/.test(r.path))).toHaveLength(1);
    expect(h.discord.commands().map((c) => c.name)).toContain('about');
  });

  it("both know the commands' ids: shard 0's from its registration, the other's from reading them", async () => {
    await Promise.all(bots.map((b) => b.waitForLog(/^learned the commands' ids/, 20_000)));
    const backpain = h.discord.commands().find((c) => c.name === 'backpain')!.id;
    // The server's interactions reach only shard 1's process (it registered nothing), a DM's only shard 0's.
    expect(shardOfGuild(h.discord.fixture.guild.id, 2)).toBe(1);
    for (const answer of [await h.run(slashCommand('help')), await h.run(slashCommand('help', { dm: true }))]) {
      expect(answer.text).toContain(`</backpain:${backpain}>`);
    }
  });

  it("answers an interaction in the server once, from the process that owns the server's shard", async () => {
    const owner = shardOfGuild(h.discord.fixture.guild.id, 2);
    const answer = await h.run(slashCommand('about'));
    expect(answer.text).toMatch(/Lumbar/);
    expect(answer.handle.callbacks()).toHaveLength(1);
    expect(answer.handle.rejected()).toEqual([]);
    expect(await receivedBy(bots[owner]!, answer.handle.id)).toMatchObject({ shard: owner });
    expect(received(bots[owner]!, answer.handle.id)).toHaveLength(1);
    expect(received(bots[1 - owner]!, answer.handle.id)).toEqual([]);
  });

  it("answers a DM interaction from shard 0's process", async () => {
    const answer = await h.run(slashCommand('about', { dm: true }));
    expect(answer.text).toMatch(/Lumbar/);
    expect(answer.handle.callbacks()).toHaveLength(1);
    await receivedBy(bots[0]!, answer.handle.id);
    expect(received(bots[0]!, answer.handle.id)).toHaveLength(1);
    expect(received(bots[1]!, answer.handle.id)).toEqual([]);
  });

  it("handles the server's GUILD_DELETE in the process that owns its shard only", async () => {
    const owner = shardOfGuild(h.discord.fixture.guild.id, 2);
    expect(h.discord.dispatch('GUILD_DELETE', { id: h.discord.fixture.guild.id })).toBe(1);
    const removed = (bot: BotProcess) => bot.logs.filter((l) => l.msg === "removed from a server; its club tips are off").length;
    await bots[owner]!.waitForLog("removed from a server; its club tips are off", 10_000);
    expect(bots.map(removed)).toEqual(owner === 0 ? [1, 0] : [0, 1]);
  });
});
