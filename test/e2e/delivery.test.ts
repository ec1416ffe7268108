// Exactly once when things go wrong, against a local Discord that does NOT de-duplicate nonces: whatever the
// bot sends twice shows up twice.
//
//   kill -9 mid-batch  60 members due the same minute; the first 8 reminder DMs are held in flight, the bot is
//                      SIGKILLed, Discord stores the 8, and the bot restarts a second later: one DM per member.
//   buried tip         the bot is killed while its daily tip post is in flight, Discord stores it, 25 members'
//                      messages follow in the channel; restarted 90 s after the post time: still one post.
//   timeout            a club tip post stalls behind a 429 with a long Retry-After; the scheduler's deliver timeout
//                      aborts it, so it never reaches Discord, and the retry posts once. In process, with the real
//                      discord.js REST client, scheduler, tip job and SQLite file.
import { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/content/load.ts';
import { createDiscordMessenger } from '../../src/discord/messenger.ts';
import { createLogger } from '../../src/base/logger.ts';
import { DATA_DIR } from '../../src/base/paths.ts';
import { createScheduler } from '../../src/delivery/scheduler.ts';
import { createTipJob } from '../../src/clubs/job.ts';
import { storeOf } from './backend-store.ts';
import { allPictures } from '../../src/render/pictures/strip.ts';
import { sleep, type BotProcess } from './bot-process.ts';
import { type Hold, type LocalDiscord, type RecordedRequest, type WireMessage } from './emulator/index.ts';
import { embedText, withLogs } from './helpers.ts';
import { e2eHarness, fixturePeople } from './harness.ts';

const DAY = '2026-06-03';
const DUE = Date.parse(`${DAY}T07:30:00Z`);
const MEMBERS = 60;
const HELD = 8;
const LEAD_MS = 4000;

// Each test starts its own local Discord; after it, its requests are checked and everything is stopped.
const h = e2eHarness({ scope: 'test' });

const isMessagePost = (r: RecordedRequest) => r.route === 'POST /channels/:channel/messages';

/** Lumbar over the test's database, its clock starting at `startAt`, ticking every second. */
const startRun = (name: string, startAt: number) => h.startBot({ name, startAt });

/** Deliveries with that status in the bot's database. */
const countDeliveries = (status: string) => h.query<{ n: number }>('SELECT count(*) AS n FROM deliveries WHERE status = ?', status)[0]!.n;

/** A local Discord without nonce de-duplication, and a store over a fresh SQLite file with #club-tips due at 07:30 UTC. */
async function tipSetup(prefix: string) {
  const local = await h.startDiscord({ nonceDedup: false }, prefix);
  const channelId = local.fixture.channels.clubTips!.id;
  const store = await storeOf(h);
  await store.clubs.save({ guildId: local.fixture.guild.id, channelId, localTime: '07:30', timeZone: 'UTC', days: 127, roleId: null, next: { at: DUE, localDate: DAY }, seed: 1, now: DUE - 60_000 });
  return { local, channelId, store };
}

/** The first bot is SIGKILLed while the held requests are in flight; then Discord stores them (the answers are lost). */
async function killThenStore(bot: BotProcess, local: LocalDiscord, hold: Hold): Promise<void> {
  expect((await bot.kill()).signal).toBe('SIGKILL');
  hold.release('process');
  const stored = (r: RecordedRequest) => local.messages(r.path.split('/')[2]!).some((m) => m.nonce === (r.body as { nonce?: string }).nonce);
  await local.waitFor(() => hold.caught.every(stored), 5000, 'the held posts stored');
}

describe('a restart one second after kill -9 mid-batch', () => {
  const ids = Array.from({ length: MEMBERS }, (_, i) => String(1180000000000100000n + BigInt(i)));
  const people = fixturePeople(Object.fromEntries(ids.map((id, i) => [`m${i}`, id])), (key) => ({ username: `member${key.slice(1)}`, globalName: null }));

  /** 60 reminders at 07:30 UTC today, written with Lumbar's own store (the migrations run as at start-up). */
  async function seed(): Promise<void> {
    const store = await storeOf(h);
    for (const userId of ids) {
      await store.reminders.add({ userId, localTime: '07:30', timeZone: 'UTC', days: 127, stretchId: null, next: { at: DUE, localDate: DAY }, now: DUE - 60_000 });
    }
    await store.close();
  }

  it('every member gets exactly one reminder DM, none twice, none missing', { timeout: 60_000 }, async () => {
    const local = await h.startDiscord({ fixture: people, nonceDedup: false }, 'lumbar-delivery-');
    await seed();
    const reminderDms = (userId: string): WireMessage[] => local.messages(local.dmChannelOf(userId)).filter((m) => /Reminder #\d+ · /.test(embedText(m)));

    const hold = local.fail.hold(isMessagePost, { count: HELD });
    const bot = await startRun('run 1', DUE - LEAD_MS);
    await h.until(() => hold.caught.length === HELD, LEAD_MS + 20_000, `${HELD} reminder DMs in flight`);
    // Mid-batch: besides the held ones, some members had not been sent anything yet.
    expect(ids.filter((id) => reminderDms(id).length > 0).length + HELD).toBeLessThan(MEMBERS);
    await killThenStore(bot, local, hold);
    const heldChannels = hold.caught.map((r) => r.path);

    await sleep(1000);
    const mark = local.requests.length;
    const restarted = await startRun('run 2', DUE + 5000);
    await h.until(() => countDeliveries('sent') === MEMBERS, 30_000, 'every delivery recorded as sent');

    for (const id of ids) expect(reminderDms(id), `member ${id}`).toHaveLength(1);
    // The held DMs were found in their channels, not posted again.
    expect(local.requests.slice(mark).filter((r) => isMessagePost(r) && heldChannels.includes(r.path))).toEqual([]);
    const rows = h.query<{ user_id: string; message_id: string }>('SELECT user_id, message_id FROM deliveries');
    expect(rows.map((r) => r.message_id).sort()).toEqual(ids.map((id) => reminderDms(id)[0]!.id).sort());
    await restarted.stop();
  });
});

describe('a daily tip whose answer was lost, buried under 25 newer messages', () => {
  it('is found in the channel at the restart and not posted again', { timeout: 60_000 }, async () => {
    const { local, channelId, store } = await tipSetup('lumbar-buried-');
    await store.close(); // the bot owns the database from here
    const dailyPosts = () => local.messages(channelId).filter((m) => embedText(m).includes(`Daily tip · ${DAY}`));

    const hold = local.fail.hold(isMessagePost);
    const bot = await startRun('run 1', DUE - LEAD_MS);
    await withLogs(bot, hold.waitUntilCaught(LEAD_MS + 20_000));
    await killThenStore(bot, local, hold);
    for (let i = 1; i <= 25; i++) local.postAs('member', 'clubTips', `run ${i}: 10 km easy`);
    expect(local.messages(channelId).slice(-20).some((m) => m.author.id === local.botUser.id)).toBe(false);

    const mark = local.requests.length;
    const restarted = await startRun('run 2', DUE + 90_000);
    await h.until(() => countDeliveries('sent') === 1, 20_000, 'the tip recorded as sent');
    expect(dailyPosts()).toHaveLength(1);
    expect(local.requests.slice(mark).filter(isMessagePost)).toEqual([]);
    await restarted.stop();
  });
});

describe('a send that times out behind a rate limit', () => {
  it('is cancelled, never posted later, and its retry posts once', { timeout: 30_000 }, async () => {
    const { local, channelId, store } = await tipSetup('lumbar-timeout-');
    const knowledge = loadKnowledge(DATA_DIR);
    const logger = createLogger('silent');
    // The real REST client, not logged in to the gateway: sends only.
    const client = new Client({ intents: [], rest: { api: local.apiUrl } });
    client.rest.setToken(local.token);
    const job = createTipJob({ clubs: store.clubs, deliveries: store.deliveries, knowledge, pictures: allPictures(knowledge), messenger: createDiscordMessenger(client), logger });
    let now = DUE;
    const scheduler = createScheduler({ store, jobs: [job], clock: () => new Date(now), logger, deliverTimeoutMs: 1000 });
    const posts = () => local.requests.filter((r) => isMessagePost(r) && r.path === `/channels/${channelId}/messages`);
    try {
      local.fail.next(1, { status: 429, retryAfter: 3 });
      expect(await scheduler.tick()).toMatchObject({ claimed: 1, retry: 1 });
      expect(posts().map((r) => r.status)).toEqual([429]);
      // Past the Retry-After: discord.js would have sent the request again by now, had it not been cancelled.
      await sleep(3500);
      now = DUE + 60_000; // the first retry is due a minute later
      expect(await scheduler.tick()).toMatchObject({ resent: 1, sent: 1 });
      expect(posts().map((r) => r.status)).toEqual([429, 200]);
      expect(local.messages(channelId)).toHaveLength(1);
      expect(await store.deliveries.get({ kind: 'tip', targetId: 1, localDate: DAY })).toMatchObject({ status: 'sent', message_id: local.messages(channelId)[0]!.id });
    } finally {
      await client.destroy();
      await store.close();
    }
  });
});
