// Daily club tips end to end: the bot as a child process against the local Discord, over one SQLite file that
// outlives six bot processes. The tests follow two simulated mornings in London and run in order:
//
//   run 0  clock 10 minutes before 07:30 on day 1. A member without Manage Server is refused; the admin enables
//          eight channels for 07:30 Europe/London (#club-tips mentioning @Runners), two channels where Lumbar may
//          not post are refused; post-now posts in #general. Stopped with SIGTERM.
//   run 1  clock a few seconds before 07:30, ticking every second. #club-tips and #general get their posts at
//          07:30; one channel answers 10003 (disabled), two 50013 (paused); the posts to three more channels are
//          held in flight and the bot is SIGKILLed. Released: two dropped (Discord never saw them), one processed.
//   run 2  restarted within the due minute. Each claim was attempted, so the bot looks in its channel first: the
//          processed post is found there and not sent again; a dropped one goes out once; the other dropped one is
//          resent, held again, and the bot killed again (this time Discord stores it). Then 25 members' messages.
//   run 3  restarted 90 s after 07:30: the bot looks through the channel since its first attempt, past the 25
//          messages, finds its post and does not post again.
//
// The local Discord runs without nonce de-duplication: exactly one post must not depend on it.
//   run 4  day 2, 07:30: the previewed tip is posted; the paused channel still refused is retried (and stays
//          paused), the other one, fixed meanwhile, is healthy again. Stopped with SIGTERM.
//   run 5  started again within day 2's due minute: no second post anywhere. Then GUILD_DELETE.
//
// The bot's clock is LUMBAR_START_TIME (it starts there and runs in real time).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type Knowledge } from '../../src/content/load.ts';
import { DATA_DIR } from '../../src/base/paths.ts';
import { sleep } from './bot-process.ts';
import {
  autocomplete,
  defaultFixture,
  slashCommand,
  type FixtureChannel,
  type Hold,
  type Json,
  type RecordedRequest,
  type WireMessage,
} from './emulator/index.ts';
import { Perm } from './emulator/util.ts';
import { firstEmbedTitle, isJson, withLogs } from './helpers.ts';
import { EPHEMERAL, e2eHarness, type ChannelRow, type DeliveryRow } from './harness.ts';

const DAY1 = '2026-06-03'; // a Wednesday; London is on BST (UTC+1)
const DAY2 = '2026-06-04';
const DUE = Date.parse(`${DAY1}T06:30:00Z`); // 07:30 in London
const DAY_MS = 24 * 60 * 60 * 1000;
const DUE2 = DUE + DAY_MS;
const DUE3 = DUE2 + DAY_MS;
const LEAD_RUN1_MS = 4000;

const base = defaultFixture();
const GUILD = base.guild.id;
const BOT = base.users.bot.id;
const RUNNERS = base.roles.runners.id;

const extra = (id: string, name: string, position: number, deny?: bigint): FixtureChannel => ({
  id,
  name,
  type: 0,
  position,
  topic: null,
  ...(deny ? { permissionOverwrites: [{ id: BOT, type: 1, allow: '0', deny: deny.toString() }] } : {}),
});
const EXTRA_CHANNELS = {
  nonce: extra('1180000000000000211', 'tips-nonce', 3),
  late: extra('1180000000000000212', 'tips-late', 4),
  gone: extra('1180000000000000213', 'tips-gone', 5),
  stillPaused: extra('1180000000000000214', 'tips-still-paused', 6),
  unpaused: extra('1180000000000000215', 'tips-unpaused', 7),
  readOnly: extra('1180000000000000216', 'read-only', 8, Perm.SendMessages),
  noEmbeds: extra('1180000000000000217', 'no-embeds', 9, Perm.EmbedLinks),
};

// One channel per scenario (fixture channel keys).
const SCENARIO = {
  tips: 'clubTips', // 07:30 with @Runners: the post, status, preview, the next day's tip
  postNow: 'general', // post-now, and its daily post still goes out
  dropped: 'announcements', // killed mid-send, request dropped
  nonce: 'nonce', // killed mid-send, processed; found in the channel at the restart
  late: 'late', // killed mid-send twice, the second processed, then buried under 25 messages; found 90 s later
  gone: 'gone', // 10003
  stillPaused: 'stillPaused', // 50013 on both days
  unpaused: 'unpaused', // 50013 on day 1, fixed before day 2
} as const;
type Scenario = keyof typeof SCENARIO;
const ENABLED_ORDER: Scenario[] = ['tips', 'postNow', 'dropped', 'nonce', 'late', 'gone', 'stillPaused', 'unpaused'];
const HELD = ['dropped', 'nonce', 'late'] as const;

const h = e2eHarness({
  fixture: { channels: EXTRA_CHANNELS },
  nonceDedup: false,
  prefix: 'lumbar-clubtips-',
  bot: { name: 'run 0', startAt: DUE - 10 * 60_000 },
});
const { query, until, run } = h;
let knowledge: Knowledge;

const ch = (s: Scenario | 'readOnly' | 'noEmbeds') => h.discord.fixture.channels[s === 'readOnly' || s === 'noEmbeds' ? s : SCENARIO[s]]!.id;
const ts = (ms: number, style = 'F') => `<t:${Math.floor(ms / 1000)}:${style}>`;

/** The next bot process over the same database (a previous one still running after a failure is stopped first). */
const startRun = (name: string, startAt: number) => h.startBot({ name, startAt });

const channelRow = (s: Scenario | 'readOnly' | 'noEmbeds') => query<ChannelRow>('SELECT * FROM club_channels WHERE channel_id = ?', ch(s))[0];
const deliveries = (s: Scenario) =>
  query<DeliveryRow>(
    "SELECT d.* FROM deliveries d JOIN club_channels c ON c.id = d.target_id WHERE d.kind = 'tip' AND c.channel_id = ? ORDER BY d.local_date",
    ch(s),
  );
const delivery = (s: Scenario, date: string) => deliveries(s).find((d) => d.local_date === date);
const counts = () => ({
  channels: query<{ n: number }>('SELECT count(*) AS n FROM club_channels')[0]!.n,
  deliveries: query<{ n: number }>('SELECT count(*) AS n FROM deliveries')[0]!.n,
});

const footerOf = (m: WireMessage | Json | undefined): string => {
  const embed = Array.isArray(m?.embeds) ? m.embeds[0] : undefined;
  return isJson(embed) && isJson(embed.footer) && typeof embed.footer.text === 'string' ? embed.footer.text : '';
};
/** The daily posts (footer line "Daily tip · <date>") in a channel. */
const dailyPosts = (s: Scenario, date: string): WireMessage[] =>
  h.discord.messages(ch(s)).filter((m) => footerOf(m).split('\n').includes(`Daily tip · ${date}`));
const channelPosts = (s: Scenario, from = 0) => h.messageRequests('POST', ch(s), from);
const channelReads = (s: Scenario, from = 0) => h.messageRequests('GET', ch(s), from);
const isPostTo = (s: Scenario) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${ch(s)}/messages`;
const tipById = (id: string | null | undefined) => knowledge.tips.find((t) => t.id === id);
const bodyOf = (r: RecordedRequest | undefined): Json => (isJson(r?.body) ? r.body : {});

const clubtips = (subcommand: string, options: Record<string, string> = {}, ctx: { user?: string; unchecked?: boolean } = {}) =>
  run(slashCommand('clubtips', { user: 'admin', subcommand, options, ...ctx }));

/** A channel's field in the /clubtips status embed: its name (the schedule) and value. */
function statusOf(message: WireMessage | undefined, s: Scenario): string {
  const embed = message?.embeds[0];
  const fields = isJson(embed) && Array.isArray(embed.fields) ? (embed.fields as { name: string; value: string }[]) : [];
  const field = fields.find((f) => f.value.startsWith(`<#${ch(s)}>`));
  if (!field) throw new Error(`no status field for <#${ch(s)}> in ${JSON.stringify(embed)}`);
  return `${field.name}\n${field.value}`;
}

// Filled in as the mornings go on.
const holds: Partial<Record<string, Hold>> = {};
const undo: Partial<Record<Scenario, () => void>> = {};
let postNowTitle = '';
let firstTipTitle = '';
let previewTitle = '';
let pausedSince: { health_since: number | null; failing_since: number | null } | undefined;
let run1StartupMs = 0;

beforeAll(() => {
  knowledge = loadKnowledge(DATA_DIR);
});

h.onTeardown(() => {
  for (const hold of Object.values(holds)) hold?.release('drop');
});

describe('daily club tips, two mornings', () => {
  it('a member without Manage Server does not see /clubtips, and is refused privately when it arrives anyway', async () => {
    const status = slashCommand('clubtips', { user: 'member', subcommand: 'status' });
    expect(() => h.discord.injectInteraction(status)).toThrow(/Discord hides \/clubtips from runner_sam/);
    const enable = { channel: 'clubTips', time: '07:30', timezone: 'Europe/London' };
    expect(() => h.discord.injectInteraction(slashCommand('clubtips', { user: 'member', subcommand: 'enable', options: enable }))).toThrow(/Discord hides/);

    for (const [subcommand, options] of [['enable', enable], ['status', {}], ['post-now', { channel: 'clubTips' }]] as const) {
      const refused = await clubtips(subcommand, options, { user: 'member', unchecked: true });
      expect(refused.response.type, subcommand).toBe(4);
      expect(refused.flags, subcommand).toBe(EPHEMERAL);
      expect(refused.text, subcommand).toMatch(/Only members with the \*\*Manage Server\*\* permission/);
    }
    expect(counts()).toEqual({ channels: 0, deliveries: 0 });
    expect(h.discord.requests.slice(h.mark).filter((r) => r.route === 'POST /channels/:channel/messages')).toEqual([]);
  });

  it('/clubtips enable: the time zone autocompletes, and the private answer gives the first post as a Discord timestamp', async () => {
    const auto = h.discord.injectInteraction(autocomplete('clubtips', 'timezone', { user: 'admin', subcommand: 'enable', value: 'london' }));
    const suggested = await withLogs(h.bot, auto.response());
    expect(suggested.type).toBe(8);
    const choices = (isJson(suggested.data) ? suggested.data.choices : []) as { name: string; value: string }[];
    const london = choices.find((c) => c.value === 'Europe/London');
    expect(london?.name, JSON.stringify(choices)).toMatch(/London/);
    const zone = london!.value;

    const first = await clubtips('enable', { channel: 'clubTips', time: '07:30', timezone: zone, role: 'runners' });
    expect(first.response.type).toBe(4);
    expect(first.flags).toBe(EPHEMERAL);
    expect(first.text).toContain(`<#${ch('tips')}>`);
    expect(first.text).toContain('07:30');
    expect(first.text).toContain('Europe/London');
    expect(first.text).toContain(`<@&${RUNNERS}>`);
    expect(first.text).toContain(`First post: ${ts(DUE)} (${ts(DUE, 'R')})`);
    // The confirmation names the role without pinging it.
    const callback = h.discord.requests.slice(h.mark).find((r) => r.route === 'POST /interactions/:interaction/:token/callback' && r.path.includes(first.handle.id));
    const sentData = bodyOf(callback).data as Json;
    expect((sentData.allowed_mentions as Json).roles ?? []).toEqual([]);
    expect(channelRow('tips')).toMatchObject({
      guild_id: GUILD,
      local_time: '07:30',
      time_zone: 'Europe/London',
      role_id: RUNNERS,
      next_fire_at: DUE,
      next_local_date: DAY1,
      health: 'ok',
    });

    // The other scenarios' channels, with the time written in other ways; all due at the same instant.
    const times = ['7:30am', '07:30', '7:30 AM', '7:30', '07:30', '7:30am', '07:30'];
    const rest = ENABLED_ORDER.slice(1);
    const replies = await Promise.all(rest.map((s, i) => clubtips('enable', { channel: SCENARIO[s], time: times[i]!, timezone: 'Europe/London' })));
    for (const [i, s] of rest.entries()) {
      expect(replies[i]!.flags, s).toBe(EPHEMERAL);
      expect(replies[i]!.text, s).toContain(ts(DUE));
      expect(channelRow(s), s).toMatchObject({ next_fire_at: DUE, role_id: null, health: 'ok' });
    }
    expect(counts()).toEqual({ channels: ENABLED_ORDER.length, deliveries: 0 });
    // Private answers only: nothing in any channel.
    for (const s of ENABLED_ORDER) expect(h.discord.messages(ch(s)), s).toEqual([]);
  });

  it('a channel where Lumbar lacks Send Messages or Embed Links is refused, naming what is missing; nothing is saved', async () => {
    const before = counts();
    const readOnly = await clubtips('enable', { channel: 'readOnly', time: '07:30', timezone: 'Europe/London' });
    expect(readOnly.flags).toBe(EPHEMERAL);
    expect(readOnly.text).toMatch(/I can't post in <#\d+> yet: I'm missing \*\*Send Messages\*\* there/);
    expect(readOnly.text).not.toMatch(/Embed Links|View Channel/);
    const noEmbeds = await clubtips('enable', { channel: 'noEmbeds', time: '07:30', timezone: 'Europe/London' });
    expect(noEmbeds.text).toMatch(/I'm missing \*\*Embed Links\*\* there/);
    expect(noEmbeds.text).not.toMatch(/Send Messages|View Channel/);
    const postNow = await clubtips('post-now', { channel: 'readOnly' });
    expect(postNow.text).toMatch(/missing \*\*Send Messages\*\*/);

    expect(counts()).toEqual(before);
    expect(channelRow('readOnly')).toBeUndefined();
    expect(channelRow('noEmbeds')).toBeUndefined();
    // Checked from what the gateway told the bot, without trying Discord.
    expect(h.discord.requests.slice(h.mark).filter((r) => r.route === 'POST /channels/:channel/messages')).toEqual([]);
  });

  it('post-now posts a tip at once, without the daily marker or a delivery record', async () => {
    const now = await clubtips('post-now', { channel: 'general' });
    expect(now.flags).toBe(EPHEMERAL);
    postNowTitle = /Posted “(.+)” in <#(\d+)>/.exec(now.text)?.[1] ?? '';
    expect(now.text).toContain(`<#${ch('postNow')}>`);
    const [posted, ...more] = h.discord.messages(ch('postNow'));
    expect(more).toEqual([]);
    expect(firstEmbedTitle(posted)).toContain(postNowTitle);
    expect(knowledge.tips.map((t) => t.title)).toContain(postNowTitle);
    expect(footerOf(posted)).toMatch(/\/redflags/);
    expect(footerOf(posted)).not.toMatch(/Daily tip/);
    expect(bodyOf(channelPosts('postNow', h.mark)[0]).allowed_mentions).toEqual({ parse: [], roles: [] });
    // The daily post is still to come.
    expect(deliveries('postNow')).toEqual([]);
    expect(channelRow('postNow')).toMatchObject({ next_fire_at: DUE, health: 'ok' });

    const exit = await h.bot.stop(10_000);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('the post arrives at the due minute: the tip, the footer, the role mentioned and only that role allowed', { timeout: 30_000 }, async () => {
    // Set the stage for 07:30: three posts held in flight, one channel gone, two refused.
    for (const s of HELD) holds[s] = h.discord.fail.hold(isPostTo(s), { count: 3 });
    h.discord.fail.channel(ch('gone'), 10003);
    undo.stillPaused = h.discord.fail.channel(ch('stillPaused'), 50013);
    undo.unpaused = h.discord.fail.channel(ch('unpaused'), 50013);

    await startRun('run 1', DUE - LEAD_RUN1_MS);
    await h.bot.waitForReady(20_000);
    run1StartupMs = h.bot.readyAt! - h.bot.spawnedAt;
    const post = await until(() => dailyPosts('tips', DAY1)[0], LEAD_RUN1_MS + 10_000, 'the 07:30 post in #club-tips');
    // Discord has the message a moment before the bot has recorded its answer.
    const row = await until(() => deliveries('tips').find((d) => d.status !== 'claimed'), 3000, 'the delivery recorded');
    expect(row).toMatchObject({ local_date: DAY1, status: 'sent', scheduled_at: DUE, message_id: post.id });
    // Claimed in the bot's clock at 07:30, never before, and sent right away.
    expect(row!.claimed_at, `bot ready after ${run1StartupMs} ms; lead ${LEAD_RUN1_MS} ms`).toBeGreaterThanOrEqual(DUE);
    expect(row!.claimed_at - DUE, `bot ready after ${run1StartupMs} ms; lead ${LEAD_RUN1_MS} ms`).toBeLessThan(run1StartupMs > LEAD_RUN1_MS ? 60_000 : 2500);
    expect(row!.updated_at - row!.claimed_at).toBeLessThan(3000);

    const tip = tipById(row!.item_id)!;
    expect(tip).toBeDefined();
    firstTipTitle = tip.title;
    expect(firstEmbedTitle(post)).toContain(tip.title);
    expect(post.embeds[0]?.description).toBe(tip.body);
    const footer = footerOf(post).split('\n');
    expect(footer).toContain(knowledge.redflags.footer);
    expect(knowledge.redflags.footer).toMatch(/\/redflags/);
    expect(footer).toContain(`Daily tip · ${DAY1}`);
    expect(post.content).toBe(`<@&${RUNNERS}>`);
    expect(post.mention_roles).toEqual([RUNNERS]);

    const [request, ...more] = channelPosts('tips');
    expect(more).toEqual([]);
    expect(request!.status).toBe(200);
    expect(bodyOf(request)).toMatchObject({ content: `<@&${RUNNERS}>`, nonce: expect.any(String), enforce_nonce: true });
    expect(bodyOf(request).allowed_mentions).toEqual({ parse: [], roles: [RUNNERS] });
    expect(channelRow('tips')).toMatchObject({ next_fire_at: DUE2, next_local_date: DAY2, health: 'ok' });
  });

  it('post-now did not use up the daily post: #general gets its 07:30 tip too, a different one', async () => {
    const daily = await until(() => dailyPosts('postNow', DAY1)[0], 5000, 'the 07:30 post in #general');
    expect(h.discord.messages(ch('postNow'))).toHaveLength(2);
    const row = await until(() => delivery('postNow', DAY1)?.status === 'sent' && delivery('postNow', DAY1), 3000, 'its delivery recorded');
    expect(row.message_id).toBe(daily.id);
    const tip = tipById(row.item_id)!;
    expect(firstEmbedTitle(daily)).toContain(tip.title);
    expect(tip.title).not.toBe(postNowTitle);
    // No role set: no mention, and none allowed.
    expect(daily.content ?? '').toBe('');
    expect(bodyOf(channelPosts('postNow').at(-1)).allowed_mentions).toEqual({ parse: [], roles: [] });
  });

  it('10003 disables the channel; 50013 pauses it with the reason; /clubtips status shows both', async () => {
    await until(() => channelRow('gone')?.health === 'disabled', 5000, 'the deleted channel disabled');
    expect(channelRow('gone')).toMatchObject({ health_reason: 'the channel was deleted', next_fire_at: null });
    expect(channelPosts('gone').map((r) => [r.status, (r.response as Json | null)?.code])).toEqual([[404, 10003]]);
    // The channel's health is written while the post is handled, the delivery's outcome just after: wait for both.
    await until(() => delivery('gone', DAY1)?.status === 'failed', 5000, 'the deleted channel’s delivery recorded');
    expect(delivery('gone', DAY1)).toMatchObject({ status: 'failed', error_code: 10003 });

    for (const s of ['stillPaused', 'unpaused'] as const) {
      await until(() => channelRow(s)?.health === 'paused', 5000, `${s} paused`);
      const row = channelRow(s)!;
      expect(row, s).toMatchObject({ health_reason: expect.stringMatching(/missing permissions/), next_fire_at: DUE2 });
      expect(row.failing_since, s).toBeGreaterThanOrEqual(DUE);
      expect(row.health_since, s).toBe(row.failing_since);
      expect(channelPosts(s).map((r) => [r.status, (r.response as Json | null)?.code]), s).toEqual([[403, 50013]]);
      await until(() => delivery(s, DAY1)?.status === 'failed', 5000, `${s}'s delivery recorded`);
      expect(delivery(s, DAY1), s).toMatchObject({ status: 'failed', error_code: 50013 });
    }
    pausedSince = { health_since: channelRow('stillPaused')!.health_since, failing_since: channelRow('stillPaused')!.failing_since };

    const status = await clubtips('status');
    expect(status.flags).toBe(EPHEMERAL);
    const gone = statusOf(status.message, 'gone');
    expect(gone).toMatch(/⛔ Off: the channel was deleted since <t:\d+:D>/);
    expect(gone).toContain('Next post: none');
    const paused = statusOf(status.message, 'stillPaused');
    expect(paused).toContain(`⏸️ Paused: missing permissions (Send Messages or Embed Links) since ${ts(pausedSince.health_since!, 'D')}`);
    expect(paused).toContain(`Next post: ${ts(DUE2)}`);
  });

  it('/clubtips status and preview: next post, last tip, health, and the tip that comes next', async () => {
    const status = await clubtips('status');
    expect(status.flags).toBe(EPHEMERAL);
    const tips = statusOf(status.message, 'tips');
    expect(tips).toContain('07:30');
    expect(tips).toContain('Europe/London');
    expect(tips).toContain(`<#${ch('tips')}> · mentions <@&${RUNNERS}>`);
    expect(tips).toContain('✅ Healthy');
    expect(tips).toContain(`Next post: ${ts(DUE2)} (${ts(DUE2, 'R')})`);
    expect(tips).toContain(`Last tip: ${firstTipTitle} (${DAY1})`);
    const upNext = /Up next: (.+)/.exec(tips)?.[1];
    expect(statusOf(status.message, 'postNow')).toContain('✅ Healthy');

    // Without `channel`: the channel the command is used in (#general here).
    const here = await clubtips('preview');
    expect(here.message?.content).toContain(`The next tip for <#${ch('postNow')}>`);
    expect(firstEmbedTitle(here.message)).toContain(/Up next: (.+)/.exec(statusOf(status.message, 'postNow'))?.[1] ?? '(none)');

    const preview = await clubtips('preview', { channel: SCENARIO.tips });
    expect(preview.flags).toBe(EPHEMERAL);
    expect(preview.message?.content).toContain(`<#${ch('tips')}>`);
    previewTitle = knowledge.tips.find((t) => firstEmbedTitle(preview.message).endsWith(` ${t.title}`))?.title ?? '';
    expect(previewTitle).not.toBe('');
    expect(previewTitle).toBe(upNext);
    // No repeat: the next tip is another one.
    expect(previewTitle).not.toBe(firstTipTitle);
    expect(footerOf(preview.message)).not.toMatch(/Daily tip/);
  });

  it('a kill between claim and send: the posts in flight are held, the bot is SIGKILLed', async () => {
    for (const s of HELD) {
      const caught = await withLogs(h.bot, holds[s]!.waitUntilCaught(5000));
      expect(caught.hold, s).toBe('held');
      // Claimed in the database, not yet confirmed.
      expect(deliveries(s), s).toEqual([expect.objectContaining({ status: 'claimed', local_date: DAY1, scheduled_at: DUE, message_id: null })]);
    }
    const exit = await h.bot.kill();
    expect(exit.signal).toBe('SIGKILL');
    holds.dropped!.release('drop'); // Discord never saw these
    holds.late!.release('drop');
    holds.nonce!.release('process'); // Discord posted it; the bot never heard back
    await until(() => dailyPosts('nonce', DAY1).length === 1, 3000, 'the processed post');
    expect(dailyPosts('dropped', DAY1)).toEqual([]);
    expect(dailyPosts('late', DAY1)).toEqual([]);
    for (const s of HELD) expect(deliveries(s)[0]!.status, s).toBe('claimed');
  });

  it('restarted within the due minute: the dropped post goes out once, the processed one is found in the channel', { timeout: 30_000 }, async () => {
    const nonceOf = (s: (typeof HELD)[number]) => bodyOf(holds[s]!.caught[0]).nonce;
    holds.late2 = h.discord.fail.hold(isPostTo('late'), { count: 3 });
    await startRun('run 2', DUE + 10_000);
    // Unconfirmed claims go out at start-up; the third is held again.
    await withLogs(h.bot, holds.late2.waitUntilCaught(15_000));
    await until(() => delivery('dropped', DAY1)?.status === 'sent' && delivery('nonce', DAY1)?.status === 'sent', 10_000, 'both resends confirmed');

    const [droppedPost, ...moreDropped] = channelPosts('dropped', h.mark);
    expect(moreDropped).toEqual([]);
    expect(bodyOf(droppedPost)).toMatchObject({ nonce: nonceOf('dropped'), enforce_nonce: true });
    expect(dailyPosts('dropped', DAY1)).toHaveLength(1);
    expect(delivery('dropped', DAY1)!.message_id).toBe(dailyPosts('dropped', DAY1)[0]!.id);
    expect(delivery('dropped', DAY1)!.updated_at - DUE).toBeLessThan(60_000);
    // Attempted before the kill: looked for in the channel first (not there), then posted once.
    expect(channelReads('dropped', h.mark).length).toBeGreaterThan(0);

    // Discord had this one: found among the messages since the attempt, and not posted again.
    expect(channelReads('nonce', h.mark).length).toBeGreaterThan(0);
    expect(channelPosts('nonce', h.mark)).toEqual([]);
    expect(dailyPosts('nonce', DAY1)).toHaveLength(1);
    expect(delivery('nonce', DAY1)!.message_id).toBe(dailyPosts('nonce', DAY1)[0]!.id);
    // The posts that did go out at 07:30 are not sent again.
    expect(channelPosts('tips', h.mark)).toEqual([]);
    expect(channelPosts('postNow', h.mark)).toEqual([]);

    // The third resend is in flight: kill again; this time Discord stores it and the answer is lost.
    expect(bodyOf(holds.late2.caught[0])).toMatchObject({ nonce: nonceOf('late'), enforce_nonce: true });
    await h.bot.kill();
    holds.late2.release('process');
    await until(() => dailyPosts('late', DAY1).length === 1, 3000, 'the resend processed');
    expect(deliveries('late')).toEqual([expect.objectContaining({ status: 'claimed', message_id: null })]);
    // Members talk in the channel meanwhile: the post is no longer among the last 20 messages.
    for (let i = 1; i <= 25; i++) h.discord.postAs('member', ch('late'), `run ${i}: 10 km easy`);
    expect(h.discord.messages(ch('late')).slice(-20).filter((m) => m.author.id === BOT)).toEqual([]);
  });

  it('restarted 90 s after 07:30: the processed post is found under 25 newer messages and not sent again', { timeout: 30_000 }, async () => {
    await startRun('run 3', DUE + 90_000);
    await h.bot.waitForReady(20_000);
    await until(() => delivery('late', DAY1)?.status === 'sent', 5000, 'the late claim settled');
    expect(delivery('late', DAY1)!.message_id).toBe(dailyPosts('late', DAY1)[0]!.id);
    expect(dailyPosts('late', DAY1)).toHaveLength(1);
    expect(channelPosts('late', h.mark)).toEqual([]);
    expect(channelReads('late', h.mark).length).toBeGreaterThan(0);
    // That tick went on to claim what was due: nothing for 07:30 again.
    const tick = await h.bot.waitForLog('scheduler tick', 5000);
    expect(tick).toMatchObject({ resent: 1, sent: 1, claimed: 0 });
    for (const s of ENABLED_ORDER) expect(channelPosts(s, h.mark), s).toEqual([]);

    const exit = await h.bot.stop(10_000);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('day 2: the previewed tip is posted; the still-refused channel is retried and stays paused, the fixed one is healthy', { timeout: 30_000 }, async () => {
    undo.unpaused!();
    await startRun('run 4', DUE2 - 1000);
    await h.bot.waitForReady(20_000);
    const posting: Scenario[] = ['tips', 'postNow', 'dropped', 'nonce', 'late', 'unpaused'];
    await until(
      () => posting.every((s) => delivery(s, DAY2)?.status === 'sent') && delivery('stillPaused', DAY2)?.status === 'failed',
      10_000,
      "day 2's deliveries recorded",
    );
    for (const s of posting) {
      expect(dailyPosts(s, DAY2), s).toHaveLength(1);
      expect(delivery(s, DAY2), s).toMatchObject({ scheduled_at: DUE2, message_id: dailyPosts(s, DAY2)[0]!.id });
    }
    const tip = tipById(delivery('tips', DAY2)!.item_id)!;
    expect(tip.title).toBe(previewTitle);
    expect(firstEmbedTitle(dailyPosts('tips', DAY2)[0])).toContain(previewTitle);
    expect(bodyOf(channelPosts('tips', h.mark)[0]).allowed_mentions).toEqual({ parse: [], roles: [RUNNERS] });

    // Retried at the post time, refused again: still paused since day 1, next try tomorrow.
    expect(channelPosts('stillPaused', h.mark).map((r) => [r.status, (r.response as Json | null)?.code])).toEqual([[403, 50013]]);
    expect(delivery('stillPaused', DAY2)).toMatchObject({ scheduled_at: DUE2, status: 'failed', error_code: 50013 });
    expect(channelRow('stillPaused')).toMatchObject({ health: 'paused', ...pausedSince, next_fire_at: DUE3 });
    // Fixed: posted and healthy again.
    expect(channelRow('unpaused')).toMatchObject({ health: 'ok', health_reason: null, failing_since: null, next_fire_at: DUE3 });
    // The deleted channel is not tried.
    expect(h.discord.requests.slice(h.mark).filter((r) => r.path.includes(ch('gone')))).toEqual([]);

    const status = await clubtips('status');
    expect(statusOf(status.message, 'unpaused')).toContain('✅ Healthy');
    expect(statusOf(status.message, 'stillPaused')).toContain(`⏸️ Paused: missing permissions (Send Messages or Embed Links) since ${ts(pausedSince!.health_since!, 'D')}`);
    expect(statusOf(status.message, 'tips')).toContain(`Last tip: ${previewTitle} (${DAY2})`);

    const exit = await h.bot.stop(10_000);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('stopped and started again within the due minute: still exactly one post per channel and local date', { timeout: 30_000 }, async () => {
    await startRun('run 5', DUE2 + 15_000);
    await h.bot.waitForReady(20_000);
    // The first tick runs as the bot gets ready; give it two more, bounded.
    await sleep(2200);
    expect(h.discord.requests.slice(h.mark).filter((r) => r.route === 'POST /channels/:channel/messages')).toEqual([]);
    for (const s of ENABLED_ORDER) {
      expect(dailyPosts(s, DAY1), s).toHaveLength(['gone', 'stillPaused', 'unpaused'].includes(s) ? 0 : 1);
      expect(dailyPosts(s, DAY2), s).toHaveLength(['gone', 'stillPaused'].includes(s) ? 0 : 1);
      expect(deliveries(s).map((d) => d.local_date), s).toEqual(s === 'gone' ? [DAY1] : [DAY1, DAY2]);
    }
  });

  it('GUILD_DELETE (Lumbar removed from the server) turns every channel there off; an outage does not', async () => {
    const from = h.bot.logs.length;
    const live = ENABLED_ORDER.filter((s) => channelRow(s)!.health !== 'disabled');
    expect(live).toHaveLength(ENABLED_ORDER.length - 1);
    // An outage first (unavailable: true): discord.js reports it as guildUnavailable, not a removal.
    expect(h.discord.dispatch('GUILD_DELETE', { id: GUILD, unavailable: true })).toBe(1);
    expect(h.discord.dispatch('GUILD_DELETE', { id: GUILD })).toBe(1);
    const removed = await h.bot.waitForLog('removed from a server; its club tips are off', 5000, from);
    expect(removed).toMatchObject({ guild: GUILD, disabled: live.length });
    for (const s of live) {
      expect(channelRow(s), s).toMatchObject({ health: 'disabled', health_reason: 'Lumbar was removed from the server', next_fire_at: null });
    }

    const status = await clubtips('status');
    for (const s of live) {
      expect(statusOf(status.message, s), s).toMatch(/⛔ Off: Lumbar was removed from the server/);
      expect(statusOf(status.message, s), s).toContain('Next post: none');
    }
    expect(statusOf(status.message, 'gone')).toMatch(/⛔ Off: the channel was deleted/);
    // The bot handled both dispatches before this interaction (one gateway connection, in order): the outage turned
    // nothing off, the removal all of them.
    expect(h.bot.logs.slice(from).filter((l) => l.msg === removed.msg).map((l) => l.disabled)).toEqual([live.length]);

    const exit = await h.bot.stop(10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(query('SELECT count(*) AS n FROM club_channels WHERE next_fire_at IS NOT NULL')).toEqual([{ n: 0 }]);
  });
});
