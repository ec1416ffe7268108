// Two Lumbar processes on one PostgreSQL, one gateway shard each (SHARD_COUNT=2, SHARD_IDS=0 and 1), against the
// local Discord at 2 shards with nonce de-duplication OFF (a double send shows up as two messages). 500 members'
// reminders and a club tip are due in the same minute. The process holding the sender lease is stopped mid-batch:
//
//   kill -9   the other process takes the lease over (a dead pid on this machine frees it at once) and finishes
//             the batch: 500 DMs, one each, one tip; the survivor answers /remind list.
//   SIGSTOP   the sender freezes (as a machine cut off would): its pid lives, so the other waits for its lease to
//             run out (20 s), then sends what the frozen one had not; woken, the frozen one sends nothing again.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/store/pg/open.ts';
import { createPgStore } from '../../src/store/pg/store.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import type { BotProcess } from './bot-process.ts';
import { shardOfGuild } from './emulator/gateway.ts';
import { slashCommand, type LocalDiscord, type WireMessage } from './emulator/index.ts';
import { e2eHarness, fixturePeople } from './harness.ts';
import { embedText } from './helpers.ts';

const DAY = '2026-06-03';
const DUE = Date.parse(`${DAY}T07:30:00Z`);
const MEMBERS = 500;
const LEAD_MS = 25_000;
const SENDING = 'this process now sends scheduled reminders and tips';

const h = e2eHarness({ scope: 'test' });
const ids = Array.from({ length: MEMBERS }, (_, i) => String(1190000000000100000n + BigInt(i)));
const people = fixturePeople(Object.fromEntries(ids.map((id, i) => [`p${i}`, id])), (key) => ({ username: `runner${key.slice(1)}`, globalName: null }));

/** A fresh database with 500 reminders and #club-tips due at 07:30 UTC, written with Lumbar's own repositories. */
async function seed(url: string, local: LocalDiscord): Promise<void> {
  const store = createPgStore(await openPostgres(url));
  const next = { at: DUE, localDate: DAY };
  for (const userId of ids) await store.reminders.add({ userId, localTime: '07:30', timeZone: 'UTC', days: 127, stretchId: null, next, now: DUE - 60_000 });
  const channelId = local.fixture.channels.clubTips!.id;
  await store.clubs.save({ guildId: local.fixture.guild.id, channelId, localTime: '07:30', timeZone: 'UTC', days: 127, roleId: null, next, seed: 1, now: DUE - 60_000 });
  await store.close();
}

/** The sender starts first and takes the lease; the other runs the fixture server's shard, so it answers there. */
async function startTwo(url: string, local: LocalDiscord): Promise<{ sender: BotProcess; survivor: BotProcess }> {
  const serverShard = shardOfGuild(local.fixture.guild.id, 2);
  const start = (shard: number, name: string) => h.startBot({ name, alongside: true, startAt: DUE - LEAD_MS, env: { DATABASE_URL: url, SHARD_COUNT: '2', SHARD_IDS: String(shard) } });
  const started = Date.now();
  const sender = await start(1 - serverShard, 'sender');
  await sender.waitForLog(SENDING, 20_000);
  const survivor = await start(serverShard, 'survivor');
  await survivor.waitForReady(20_000);
  // Both logged in before 07:30: a process logging in (a few requests) while the other sends at 48/s shares
  // Discord's budget with it; that is not what this test measures.
  expect(Date.now() - started).toBeLessThan(LEAD_MS);
  return { sender, survivor };
}

function reminderDms(local: LocalDiscord, userId: string): WireMessage[] {
  return local.messages(local.dmChannelOf(userId)).filter((m) => /Reminder #\d+ · /.test(embedText(m)));
}

const dmCount = (local: LocalDiscord) => ids.filter((id) => reminderDms(local, id).length > 0).length;

async function scalar(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number(Object.values((await client.query(sql)).rows[0] as object)[0]);
  } finally {
    await client.end();
  }
}

const tipPosts = (local: LocalDiscord) => local.messages(local.fixture.channels.clubTips!.id).filter((m) => /Daily tip · 2026-06-03/.test(embedText(m)));

/** Waits (bounded) until every member has a DM, the tip is posted and every delivery is recorded as sent. */
async function allDelivered(local: LocalDiscord, url: string, timeoutMs: number): Promise<void> {
  await local.waitFor(() => dmCount(local) === MEMBERS && tipPosts(local).length > 0, timeoutMs, 'every reminder DM and the tip');
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 200))) {
    if ((await scalar(url, "SELECT count(*) FROM deliveries WHERE status = 'sent'")) === MEMBERS + 1) return;
  }
}

/** Every member exactly one reminder DM, the tip once, every delivery recorded sent. (Zero 429s at Discord's
 *  50/s is measured by `npm run bench -- two-processes`, on a machine not also running the test suite.) */
async function expectExactlyOnce(local: LocalDiscord, url: string): Promise<void> {
  for (const id of ids) expect(reminderDms(local, id), `member ${id}`).toHaveLength(1);
  expect(tipPosts(local)).toHaveLength(1);
  expect(await scalar(url, "SELECT count(*) FROM deliveries WHERE status = 'sent'")).toBe(MEMBERS + 1);
}

describe('two processes on one PostgreSQL', () => {
  it('kill -9 of the sender mid-batch: the other finishes the batch, none lost, none doubled', { timeout: 150_000 }, async () => {
    const local = await h.startDiscord({ shards: { recommended: 2, required: true }, fixture: people, nonceDedup: false }, 'lumbar-multi-');
    const url = await freshDatabase();
    await seed(url, local);
    const { sender, survivor } = await startTwo(url, local);
    // Each process identified only its own shard; an interaction is answered once, by the server's shard's process.
    expect(local.identifies.map((d) => d.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const before = await h.run(slashCommand('about'));
    expect(before.handle.callbacks()).toHaveLength(1);
    expect(before.handle.rejected()).toEqual([]);

    await local.waitFor(() => dmCount(local) >= 100, LEAD_MS + 30_000, '100 reminder DMs sent');
    expect((await sender.kill()).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    const sentAtKill = dmCount(local);
    expect(sentAtKill).toBeLessThan(MEMBERS);

    await survivor.waitForLog(SENDING, 60_000);
    await allDelivered(local, url, 90_000);
    const resumed = local.requests.find((r) => r.at > killedAt && r.method === 'POST' && /\/messages$/.test(r.path))!.at;
    expect(resumed - killedAt).toBeLessThan(60_000);
    await expectExactlyOnce(local, url);

    // The survivor answers in the server; a member's list shows the reminder and that it went out today.
    const list = await h.run(slashCommand('remind', { user: 'p7', subcommand: 'list' }));
    expect(list.handle.callbacks()).toHaveLength(1);
    expect(list.text).toMatch(/07:30[\s\S]*UTC/);
  });

  it('a frozen sender (SIGSTOP) is replaced once its lease runs out; woken, it sends nothing twice', { timeout: 150_000 }, async () => {
    const local = await h.startDiscord({ shards: { recommended: 2, required: true }, fixture: people, nonceDedup: false }, 'lumbar-multi-');
    const url = await freshDatabase();
    await seed(url, local);
    const { sender, survivor } = await startTwo(url, local);

    await local.waitFor(() => dmCount(local) >= 100, LEAD_MS + 30_000, '100 reminder DMs sent');
    sender.freeze(true);
    const frozenAt = Date.now();
    await survivor.waitForLog(SENDING, 60_000);
    await local.waitFor(() => dmCount(local) === MEMBERS, 90_000, 'every member has a reminder DM');
    expect(Date.now() - frozenAt).toBeLessThan(60_000);
    await allDelivered(local, url, 30_000);

    sender.freeze(false);
    // Woken: it finds the lease gone and its claims taken over; a few seconds to act on it.
    await sender.waitForLog('another process holds the sender lease; this one stands by', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await expectExactlyOnce(local, url);
  });
});
