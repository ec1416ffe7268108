// /clubtips and the tip poster on a real SQLite file, with a clock the test moves.
import { PermissionFlagsBits } from 'discord.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clubtips } from '../../commands/clubtips.ts';
import type { AppContext } from '../../src/app/context.ts';
import { UserError, type Reply } from '../../src/render/message.ts';
import { messageProblems } from '../../src/render/limits.ts';
import { PERMISSION_GRACE_MS } from '../../src/clubs/job.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { createStore } from '../../src/store/index.ts';
import { input, testContext } from '../helpers/context.ts';
import { recordingMessenger } from '../helpers/messenger.ts';
import { tipScheduler } from '../helpers/schedulers.ts';

const GUILD = '400000000000000004';
const CHANNEL = '600000000000000006';
const OTHER_CHANNEL = '600000000000000007';
const ROLE = '700000000000000007';
const ADMIN = PermissionFlagsBits.ManageGuild;
const DAY = 24 * 60 * 60 * 1000;

let dir: string;
let now: number;
let db: Db;
let ctx: AppContext;
let messenger: ReturnType<typeof recordingMessenger>;

function open(): void {
  db = openDatabase(join(dir, 'lumbar.db'));
  messenger = recordingMessenger(() => new Date(now));
  ctx = testContext({ store: createStore(db), messenger, clock: () => new Date(now) });
}

function poster(c = ctx) {
  return tipScheduler(c);
}

const exec = async (sub: string, options: Record<string, string> = {}, permissions: bigint | null = ADMIN, guildId: string | null = GUILD): Promise<Reply> =>
  await clubtips.execute(input(options, { subcommand: sub, permissions, guildId }), ctx);

const enable = (extra: Record<string, string> = {}) => exec('enable', { channel: CHANNEL, time: '07:00', timezone: 'Europe/London', ...extra });
const rows = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const footerOf = (r: { body: { embeds?: { footer?: { text: string } }[] } }) => r.body.embeds?.[0]?.footer?.text ?? '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lumbar-clubs-'));
  now = Date.parse('2026-11-21T12:00:00Z');
  open();
});
afterEach(() => db.close());

describe('/clubtips permissions', () => {
  it('is registered for Manage Server by default, in servers only', () => {
    expect(clubtips.data.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(clubtips.data.contexts).toEqual([0]);
  });

  it('refuses a member without Manage Server, privately and without writing', async () => {
    const err = await exec('enable', { channel: CHANNEL, time: '07:00', timezone: 'UTC' }, PermissionFlagsBits.SendMessages).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/Manage Server/);
    await expect(exec('status', {}, 0n)).rejects.toThrow(/Manage Server/);
    await expect(exec('status', {}, null, null)).rejects.toThrow(/in your server/);
    expect(rows('club_channels')).toBe(0);
  });

  it('names every permission Lumbar is missing in the channel before saving', async () => {
    messenger.permissions.set(CHANNEL, PermissionFlagsBits.ViewChannel);
    await expect(enable()).rejects.toThrow(/missing \*\*Send Messages\*\*, \*\*Embed Links\*\*/);
    messenger.permissions.set(CHANNEL, null);
    await expect(enable()).rejects.toThrow(/can't see/);
    expect(rows('club_channels')).toBe(0);
  });

  it.each([
    [{ time: '25:00' }, /07:30/],
    [{ timezone: 'EST' }, /city|zone/i],
    [{ days: 'custom', custom_days: 'someday' }, /mon/i],
  ])('refuses bad input %j and writes nothing', async (extra, message) => {
    await expect(enable(extra)).rejects.toThrow(message);
    expect(rows('club_channels')).toBe(0);
  });
});

describe('/clubtips enable, status, preview, disable', () => {
  it('confirms with the first post as a Discord timestamp', async () => {
    const reply = await enable({ role: ROLE, days: 'weekdays' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(`<t:${Date.parse('2026-11-23T07:00:00Z') / 1000}:F>`);
    expect(reply.content).toContain(`<@&${ROLE}>`);
  });

  it("status shows next post, last tip and health; preview shows each channel's tip that will be posted", async () => {
    // Before enable: the channel has no tips yet, and the preview is the tip it will get first (not the pool's first).
    const before = await exec('preview', { channel: CHANNEL });
    expect(before.content).toContain(`<#${CHANNEL}> has no daily tips yet`);
    const londonFirst = before.embeds?.[0]?.title ?? '';
    await enable();
    await exec('enable', { channel: OTHER_CHANNEL, time: '18:30', timezone: 'America/New_York' });
    const enabled = await exec('preview', { channel: CHANNEL });
    expect(enabled.content).toContain(`The next tip for <#${CHANNEL}>`);
    expect(enabled.embeds?.[0]?.title).toBe(londonFirst);
    // Without `channel`: the channel the command is used in.
    const preview = await clubtips.execute(input({}, { subcommand: 'preview', permissions: ADMIN, guildId: GUILD, channelId: OTHER_CHANNEL }), ctx);
    expect(preview.content).toContain(`The next tip for <#${OTHER_CHANNEL}>`);
    const upcoming = preview.embeds?.[0]?.title ?? '';
    now = Date.parse('2026-11-21T23:30:00Z');
    await poster().scheduler.tick();
    expect(messenger.inChannel(OTHER_CHANNEL)[0]!.body.embeds?.[0]?.title).toBe(upcoming);
    now = Date.parse('2026-11-22T07:00:00Z');
    await poster().scheduler.tick();
    expect(messenger.inChannel(CHANNEL)[0]!.body.embeds?.[0]?.title).toBe(londonFirst);
    const status = await exec('status');
    const fields = status.embeds?.[0]?.fields ?? [];
    expect(fields).toHaveLength(2);
    const london = fields.find((f) => f.value.includes(CHANNEL))!;
    expect(london.value).toMatch(/✅ Healthy/);
    expect(london.value).toContain(`Next post: <t:${Date.parse('2026-11-23T07:00:00Z') / 1000}:F>`);
    expect(london.value).toMatch(/Last tip: .+ \(2026-11-22\)/);
    expect(messageProblems(status)).toEqual([]);
  });

  it("preview of a channel without tips is that channel's own first pick, and a disabled channel says it is off", async () => {
    const firsts = new Set<string>();
    for (let i = 10; i < 20; i++) firsts.add((await exec('preview', { channel: `6000000000000000${i}` })).embeds?.[0]?.title ?? '');
    // Each channel has its own shuffle: not everyone starts with the pool's first tip.
    expect(firsts.size).toBeGreaterThan(1);
    await enable();
    const next = (await exec('preview', { channel: CHANNEL })).embeds?.[0]?.title;
    await exec('disable', { channel: CHANNEL });
    const off = await exec('preview', { channel: CHANNEL });
    expect(off.content).toContain(`Daily tips are off in <#${CHANNEL}>`);
    expect(off.embeds?.[0]?.title).toBe(next);
  });

  it('disable stops the posts; enable again picks up the rotation', async () => {
    await enable();
    const { scheduler } = poster();
    const tipOn = (date: string) => db.prepare("SELECT item_id FROM deliveries WHERE status = 'sent' AND local_date = ?").pluck().get(date);
    now = Date.parse('2026-11-22T07:00:00Z');
    await scheduler.tick();
    const first = tipOn('2026-11-22');
    expect(first).toBeTruthy();
    await exec('disable', { channel: CHANNEL });
    now = Date.parse('2026-11-23T07:00:00Z');
    expect((await scheduler.tick()).claimed).toBe(0);
    expect((await exec('status')).embeds?.[0]?.fields?.[0]?.value).toMatch(/Off: turned off/);
    await expect(exec('disable', { channel: OTHER_CHANNEL })).rejects.toThrow(/aren't set up/);
    // Back on: same shuffle and the same round, so the tip already posted does not come again.
    const seed = db.prepare('SELECT shuffle_seed FROM club_channels').pluck().get();
    await enable();
    expect(db.prepare('SELECT shuffle_seed FROM club_channels').pluck().get()).toBe(seed);
    now = Date.parse('2026-11-24T07:00:00Z');
    expect((await scheduler.tick()).sent).toBe(1);
    const second = tipOn('2026-11-24');
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(await ctx.store.clubs.postedInCycle(1, 0)).toEqual(new Set([first, second]));
  });
});

describe('the tip poster', () => {
  it('posts at the due minute with the role mention allowed, exactly once per local date', async () => {
    await enable({ role: ROLE });
    const { scheduler } = poster();
    now = Date.parse('2026-11-22T06:59:30Z');
    expect((await scheduler.tick()).claimed).toBe(0);
    now = Date.parse('2026-11-22T07:00:10Z');
    expect((await scheduler.tick()).sent).toBe(1);
    expect((await scheduler.tick()).claimed).toBe(0);
    const [post] = messenger.inChannel(CHANNEL);
    expect(post!.body.content).toBe(`<@&${ROLE}>`);
    expect(post!.body.allowedRoleIds).toEqual([ROLE]);
    expect(footerOf(post!)).toMatch(/\/redflags[\s\S]*Daily tip · 2026-11-22/);
    expect(messageProblems(post!.body)).toEqual([]);
  });

  it('a restart in the same minute does not post twice', async () => {
    await enable();
    now = Date.parse('2026-11-22T07:00:00Z');
    await poster().scheduler.tick();
    db.close();
    open();
    expect((await poster().scheduler.tick()).claimed).toBe(0);
    expect(rows('deliveries')).toBe(1);
  });

  it('killed between claim and send: the next process posts it once, and a late resend looks first', async () => {
    await enable();
    now = Date.parse('2026-11-22T07:00:00Z');
    const first = poster();
    const [claim] = (await ctx.store.claimBatch((tx) => first.job.claimDue(tx, now, 10))).claims;
    expect(claim).toBeDefined();
    // The first process posted but died before recording it; the next one starts 5 minutes later.
    await first.job.deliver(claim!, now);
    now += 5 * 60_000;
    const stats = await poster().scheduler.tick();
    expect(stats).toMatchObject({ resent: 1, sent: 1 });
    expect(messenger.inChannel(CHANNEL)).toHaveLength(1);
  });

  it('killed before anything was posted: the next process posts the claimed tip', async () => {
    await enable();
    now = Date.parse('2026-11-22T07:00:00Z');
    const [claim] = (await ctx.store.claimBatch((tx) => poster().job.claimDue(tx, now, 10))).claims;
    now += 20_000;
    expect((await poster().scheduler.tick()).sent).toBe(1);
    expect(messenger.inChannel(CHANNEL)).toHaveLength(1);
    expect(messenger.inChannel(CHANNEL)[0]!.body.embeds?.[0]?.title).toContain(ctx.knowledge.tips.find((t) => t.id === claim!.itemId)!.title);
  });

  it('a post missed by under two hours goes out late; an older one is skipped', async () => {
    await enable();
    now = Date.parse('2026-11-22T08:30:00Z');
    expect((await poster().scheduler.tick()).sent).toBe(1);
    now = Date.parse('2026-11-23T10:00:00Z');
    const stats = await poster().scheduler.tick();
    expect(stats.sent).toBe(0);
    expect(db.prepare("SELECT status FROM deliveries WHERE local_date = '2026-11-23'").get()).toEqual({ status: 'skipped' });
  });

  it('post-now posts without using up the daily post', async () => {
    await enable();
    await exec('post-now', { channel: CHANNEL });
    await exec('post-now', { channel: OTHER_CHANNEL });
    now = Date.parse('2026-11-22T07:00:00Z');
    expect((await poster().scheduler.tick()).sent).toBe(1);
    const titles = messenger.inChannel(CHANNEL).map((m) => m.body.embeds?.[0]?.title);
    expect(titles).toHaveLength(2);
    expect(titles[0]).not.toBe(titles[1]);
    expect(messenger.inChannel(OTHER_CHANNEL)).toHaveLength(1);
  });

  it('10003: the channel is gone, so its tips are disabled', async () => {
    await enable();
    messenger.channelErrors.set(CHANNEL, 10003);
    now = Date.parse('2026-11-22T07:00:00Z');
    expect((await poster().scheduler.tick()).failed).toBe(1);
    expect(db.prepare('SELECT health, next_fire_at FROM club_channels').get()).toEqual({ health: 'disabled', next_fire_at: null });
    expect((await exec('status')).embeds?.[0]?.fields?.[0]?.value).toMatch(/channel was deleted/);
  });

  it('50008: the channel is no longer a text channel, so its tips are disabled and status says why', async () => {
    await enable();
    messenger.channelErrors.set(CHANNEL, 50008);
    now = Date.parse('2026-11-22T07:00:00Z');
    expect((await poster().scheduler.tick()).failed).toBe(1);
    expect(db.prepare('SELECT health, next_fire_at FROM club_channels').get()).toEqual({ health: 'disabled', next_fire_at: null });
    expect((await exec('status')).embeds?.[0]?.fields?.[0]?.value).toMatch(/no longer a text channel/);
  });

  it('a post waiting to retry after a 5xx is shown as retrying, not healthy, until it goes out', async () => {
    await enable();
    messenger.failNext(503);
    now = Date.parse('2026-11-22T07:00:00Z');
    expect((await poster().scheduler.tick()).retry).toBe(1);
    const waiting = (await exec('status')).embeds?.[0]?.fields?.[0]?.value ?? '';
    expect(waiting).not.toMatch(/Healthy/);
    expect(waiting).toMatch(/🔁 Retrying: the 2026-11-22 post didn't go through[\s\S]*next try <t:\d+:R>/);
    now += 2 * 60_000;
    expect((await poster().scheduler.tick()).sent).toBe(1);
    expect((await exec('status')).embeds?.[0]?.fields?.[0]?.value).toMatch(/✅ Healthy/);
  });

  it('50013: paused and shown in status, retried daily, disabled after a week; fixed permissions heal it', async () => {
    await enable();
    messenger.channelErrors.set(CHANNEL, 50013);
    const { scheduler } = poster();
    now = Date.parse('2026-11-22T07:00:00Z');
    await scheduler.tick();
    expect((await exec('status')).embeds?.[0]?.fields?.[0]?.value).toMatch(/Paused: missing permissions/);
    now += DAY;
    await scheduler.tick();
    expect(messenger.sent).toHaveLength(0);
    messenger.channelErrors.delete(CHANNEL);
    now += DAY;
    expect((await scheduler.tick()).sent).toBe(1);
    expect(db.prepare('SELECT health, failing_since FROM club_channels').get()).toEqual({ health: 'ok', failing_since: null });

    messenger.channelErrors.set(CHANNEL, 50001);
    let attempts = 0;
    for (let day = 1; day <= 9; day++) {
      now += DAY;
      attempts += (await scheduler.tick()).failed;
    }
    expect(attempts).toBeLessThanOrEqual(8);
    expect(db.prepare('SELECT health FROM club_channels').get()).toEqual({ health: 'disabled' });
    expect(PERMISSION_GRACE_MS).toBe(7 * DAY);
  });

  it('names the missing permission in status, and a failed post does not use up its tip', async () => {
    await enable();
    messenger.channelErrors.set(CHANNEL, 50013);
    messenger.permissions.set(CHANNEL, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.EmbedLinks);
    const { scheduler } = poster();
    now = Date.parse('2026-11-22T07:00:00Z');
    await scheduler.tick();
    expect((await exec('status')).embeds?.[0]?.fields?.[0]?.value).toMatch(/Paused: missing Send Messages since/);
    const failedTip = db.prepare("SELECT item_id FROM deliveries WHERE local_date = '2026-11-22'").pluck().get();
    messenger.channelErrors.delete(CHANNEL);
    messenger.permissions.delete(CHANNEL);
    now += DAY;
    expect((await scheduler.tick()).sent).toBe(1);
    expect(db.prepare("SELECT item_id FROM deliveries WHERE local_date = '2026-11-23'").pluck().get()).toBe(failedTip);
  });

  it('leaving a server disables its channels', async () => {
    await enable();
    expect(await ctx.store.clubs.disableGuild(GUILD, now)).toBe(1);
    now = Date.parse('2026-11-22T07:00:00Z');
    expect((await poster().scheduler.tick()).claimed).toBe(0);
  });

  it('rotation survives restarts: a full cycle posts every tip once', async () => {
    await enable();
    const seen: string[] = [];
    for (let day = 0; day < ctx.knowledge.tips.length; day++) {
      now = Date.parse('2026-11-22T07:00:00Z') + day * DAY;
      if (day % 7 === 3) {
        db.close();
        open();
      }
      await poster().scheduler.tick();
    }
    for (const m of messenger.inChannel(CHANNEL)) seen.push(m.body.embeds?.[0]?.title ?? '');
    // Messages from before a restart went to the earlier messenger; count via the store instead.
    const posted = db.prepare("SELECT item_id FROM deliveries WHERE kind = 'tip' AND status = 'sent'").all() as { item_id: string }[];
    expect(posted).toHaveLength(ctx.knowledge.tips.length);
    expect(new Set(posted.map((p) => p.item_id)).size).toBe(ctx.knowledge.tips.length);
    expect(seen.length).toBeGreaterThan(0);
  });
});
