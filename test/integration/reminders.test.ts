// /remind and the reminder scheduler on a real SQLite file, with a clock the test moves.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remind } from '../../commands/remind.ts';
import type { AppContext } from '../../src/app/context.ts';
import { type ComponentResult } from '../../src/discord/command.ts';
import { UserError, type Reply } from '../../src/render/message.ts';
import { checkOwner } from '../../src/discord/preconditions.ts';
import { createScheduler } from '../../src/delivery/scheduler.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { createStore } from '../../src/store/index.ts';
import { MEMBER, OTHER_MEMBER, input, testContext } from '../helpers/context.ts';
import { recordingMessenger } from '../helpers/messenger.ts';
import { reminderScheduler } from '../helpers/schedulers.ts';

const SAT_NOON = Date.parse('2026-11-21T12:00:00Z'); // a Saturday
const MIN = 60_000;

let dir: string;
let now: number;
let db: Db;
let ctx: AppContext;
let messenger: ReturnType<typeof recordingMessenger>;

function open(): AppContext {
  db = openDatabase(join(dir, 'lumbar.db'));
  messenger = recordingMessenger(() => new Date(now));
  return testContext({ store: createStore(db), messenger, clock: () => new Date(now) });
}

const scheduler = (c = ctx) => reminderScheduler(c);

const exec = async (sub: string, options: Record<string, string | number | boolean> = {}, userId = MEMBER): Promise<Reply> =>
  await remind.execute(input(options, { subcommand: sub, userId }), ctx);

const rows = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lumbar-remind-'));
  now = SAT_NOON;
  ctx = open();
});
afterEach(() => db.close());

describe('/remind set', () => {
  it('saves the reminder, checks DMs once, and confirms the next one as a Discord timestamp', async () => {
    const reply = await exec('set', { time: '7:30am', timezone: 'europe/london', days: 'weekdays' });
    expect(reply.ephemeral).toBe(true);
    const monday = Date.parse('2026-11-23T07:30:00Z') / 1000;
    expect(reply.content).toContain(`<t:${monday}:F>`);
    expect(reply.content).toContain(`<t:${monday}:R>`);
    expect(reply.content).toMatch(/07:30.*weekdays.*Europe\/London/);
    expect(reply.content).toMatch(/sent you a DM/);
    expect(messenger.sentTo(MEMBER)).toHaveLength(1);
    await exec('set', { time: '19:05', timezone: 'Asia/Kolkata' });
    expect(messenger.sentTo(MEMBER)).toHaveLength(1); // only the first set checks
    expect(rows('reminders')).toBe(2);
  });

  it.each([
    [{ time: '25:00', timezone: 'UTC' }, /07:30/],
    [{ time: '7.30pm', timezone: 'UTC' }, /07:30/],
    [{ time: 'noon-ish', timezone: 'UTC' }, /07:30/],
    [{ time: '', timezone: 'UTC' }, /time/],
    [{ time: '07:30', timezone: 'EST' }, /city|zone/i],
    [{ time: '07:30', timezone: '+5' }, /city|zone/i],
    [{ time: '07:30', timezone: 'Mars/Base' }, /city|zone/i],
    [{ time: '07:30', timezone: 'UTC', days: 'custom', custom_days: 'funday' }, /mon/i],
    [{ time: '07:30', timezone: 'UTC', days: 'custom' }, /mon/i],
    [{ time: '07:30', timezone: 'UTC', stretch: 'banana split' }, /couldn't find a stretch/],
  ])('refuses %j with a clear private answer and writes nothing', async (options, message) => {
    const err = await exec('set', options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
    expect(rows('reminders')).toBe(0);
    expect(rows('members')).toBe(0);
    expect(messenger.sent).toHaveLength(0);
  });

  it('refuses a sixth reminder', async () => {
    for (let i = 0; i < 5; i++) await exec('set', { time: `0${i}:00`, timezone: 'UTC' });
    await expect(exec('set', { time: '06:00', timezone: 'UTC' })).rejects.toThrow(/already have 5/);
    expect(rows('reminders')).toBe(5);
  });

  it('saves nothing and explains how to open DMs when the first DM fails', async () => {
    messenger.closedDms.add(MEMBER);
    await expect(exec('set', { time: '07:30', timezone: 'UTC' })).rejects.toThrow(/Privacy Settings/);
    expect(rows('reminders')).toBe(0);
  });
});

describe('/remind list, pause, resume, delete, forget-me', () => {
  it('lists reminders with id, time, days, next fire and paused state', async () => {
    await exec('set', { time: '07:30', timezone: 'Europe/London', days: 'custom', custom_days: 'mon,wed,fri' });
    await exec('pause', { days: 3 });
    const list = await exec('list');
    const field = list.embeds?.[0]?.fields?.[0];
    expect(field?.name).toMatch(/#1 · 07:30 Mon, Wed, Fri \(Europe\/London\)/);
    expect(field?.value).toMatch(/Paused until <t:\d+:D>/);
    expect(field?.value).toMatch(/Done this week: 0/);
  });

  it('pauses without an end, resumes with the next time, and deletes', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    await exec('pause', { id: 1 });
    expect(db.prepare('SELECT next_fire_at FROM reminders').get()).toEqual({ next_fire_at: null });
    const resumed = await exec('resume', {});
    expect(resumed.content).toContain(`<t:${Date.parse('2026-11-22T07:30:00Z') / 1000}:F>`);
    await exec('delete', { id: 1 });
    expect(rows('reminders')).toBe(0);
  });

  it("refuses another member's reminder id", async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    await expect(exec('delete', { id: 1 }, OTHER_MEMBER)).rejects.toThrow(/don't have a reminder #1/);
    await expect(exec('pause', { id: 1 }, OTHER_MEMBER)).rejects.toThrow(/don't have a reminder #1/);
    expect(rows('reminders')).toBe(1);
  });

  it('rejects pause days outside 1–30', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    await expect(exec('pause', { days: 31 })).rejects.toThrow(/1 to 30/);
  });

  it('autocompletes ids with the member’s own reminders only', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC', days: 'weekdays' });
    await exec('set', { time: '08:00', timezone: 'UTC' }, OTHER_MEMBER);
    const choices = await remind.autocomplete!({ ...input({}, { subcommand: 'delete' }), focused: { name: 'id', value: '' } }, ctx);
    expect(choices).toEqual([{ name: '07:30 weekdays · #1', value: '1' }]);
    const zones = await remind.autocomplete!({ ...input({}, { subcommand: 'set' }), focused: { name: 'timezone', value: 'london' } }, ctx);
    expect(zones[0]?.value).toBe('Europe/London');
    const mine = await remind.autocomplete!({ ...input({}, { subcommand: 'set' }), focused: { name: 'timezone', value: '' } }, ctx);
    expect(mine[0]?.value).toBe('UTC');
    await exec('set', { time: '09:00', timezone: 'Pacific/Chatham' });
    const now2 = await remind.autocomplete!({ ...input({}, { subcommand: 'set' }), focused: { name: 'timezone', value: '' } }, ctx);
    expect(now2[0]?.value).toBe('Pacific/Chatham');
    expect(now2.length).toBeLessThanOrEqual(25);
  });

  it('forget-me asks first, then leaves no row behind', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    now = Date.parse('2026-11-22T07:30:10Z');
    await scheduler().scheduler.tick();
    expect(rows('deliveries')).toBe(1);
    const prompt = await exec('forget-me');
    expect(prompt.components?.[0]?.components).toHaveLength(2);
    expect(rows('reminders')).toBe(1); // nothing deleted before the confirm button
    // Someone else pressing it is refused by the router's precondition step, before the handler.
    const forgetRule = await remind.componentOwner!(['forget', OTHER_MEMBER], ctx);
    expect(() => checkOwner(forgetRule, OTHER_MEMBER, MEMBER)).toThrow(UserError);
    const done = (await remind.component!({ ...input(), args: ['forget', MEMBER], values: [] }, ctx)) as ComponentResult;
    expect('update' in done && done.update.content).toMatch(/stores nothing about you/);
    for (const table of ['members', 'reminders', 'deliveries']) expect(rows(table), table).toBe(0);
  });
});

describe('the reminder scheduler', () => {
  it('sends at the due minute, once, with Done / Snooze / Pause, and moves to the next day', async () => {
    await exec('set', { time: '07:30', timezone: 'Europe/London', days: 'weekdays' });
    const { scheduler: s } = scheduler();
    now = Date.parse('2026-11-23T07:29:00Z');
    expect((await s.tick()).claimed).toBe(0);
    now = Date.parse('2026-11-23T07:30:05Z');
    expect((await s.tick()).sent).toBe(1);
    expect((await s.tick()).claimed).toBe(0);
    const dms = messenger.sentTo(MEMBER);
    expect(dms).toHaveLength(2); // hello + the reminder
    const dm = dms[1]!.body;
    expect(dm.embeds?.[0]?.footer?.text).toMatch(/\/redflags[\s\S]*Reminder #1 · 2026-11-23/);
    expect(dm.components?.[0]?.components.map((c) => ('label' in c ? c.label : ''))).toEqual(['Done', 'Snooze 15 min', 'Pause reminders']);
    expect(db.prepare('SELECT next_fire_at FROM reminders').get()).toEqual({ next_fire_at: Date.parse('2026-11-24T07:30:00Z') });
  });

  it('a reminder with a routine: confirmed and listed as one, its DM offers Start routine with the steps, Done counts it, a snooze repeats it', async () => {
    const set = await exec('set', { time: '07:30', timezone: 'UTC', routine: 'desk' });
    expect(set.content).toMatch(/with the Desk break routine/);
    expect((await exec('list')).embeds?.[0]?.fields?.[0]?.value).toMatch(/Routine: Desk break/);
    const { scheduler: s } = scheduler();
    now = Date.parse('2026-11-22T07:30:00Z');
    expect((await s.tick()).sent).toBe(1);
    const dm = messenger.sentTo(MEMBER).at(-1)!.body;
    expect(dm.embeds?.[0]?.title).toMatch(/Routine time: Desk break/);
    expect(dm.components?.[0]?.components.map((c) => ('custom_id' in c ? c.custom_id : ''))).toEqual([
      'remind:routine:1:desk-break',
      'remind:done:1:2026-11-22',
      'remind:snooze:1:2026-11-22',
      'remind:pause:1',
    ]);
    expect(dm.files?.map((f) => f.name)).toEqual(['cross-body-arm-swing.png']);
    // The claim records the routine; a routine's reminder does not move through the stretch rotation.
    expect(db.prepare('SELECT item_id FROM deliveries').get()).toEqual({ item_id: 'desk-break' });
    expect(db.prepare('SELECT rotation, routine_id FROM reminders').get()).toEqual({ rotation: 0, routine_id: 'desk-break' });
    const press = (args: string[]) => remind.component!({ ...input(), args, values: [] }, ctx) as Promise<ComponentResult>;
    const started = await press(['routine', '1', 'desk-break']);
    expect('reply' in started && started.reply.embeds?.[0]?.title).toMatch(/Desk break: step 1 of 3/);
    expect(JSON.stringify(await press(['done', '1', '2026-11-22']))).toMatch(/Counted/);
    await press(['snooze', '1', '2026-11-22']);
    now += 16 * MIN;
    expect((await s.tick()).sent).toBe(1);
    expect(messenger.sentTo(MEMBER).at(-1)?.body.embeds?.[0]?.title).toMatch(/Snoozed: Desk break/);
  });

  it('refuses a stretch and a routine together, and a routine it does not know, saving nothing', async () => {
    await expect(exec('set', { time: '07:30', timezone: 'UTC', stretch: 'knee rolls', routine: 'desk break' })).rejects.toThrow(/either a stretch or a routine/);
    await expect(exec('set', { time: '07:30', timezone: 'UTC', routine: 'zzqx' })).rejects.toThrow(/couldn't find a routine.*Desk break/);
    expect(rows('reminders')).toBe(0);
  });

  it('autocompletes routines for /remind set', async () => {
    const choices = await remind.autocomplete!({ ...input({}, { subcommand: 'set' }), focused: { name: 'routine', value: 'after lift' } }, ctx);
    expect(choices[0]).toEqual({ name: '🏋️ After-lifting cool-down', value: 'after-lifting-cool-down' });
  });

  it('a Done press counts once; Snooze sends it again 15 minutes later', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    const { scheduler: s } = scheduler();
    now = Date.parse('2026-11-22T07:30:00Z');
    await s.tick();
    const press = (action: string) => remind.component!({ ...input(), args: [action, '1', '2026-11-22'], values: [] }, ctx) as Promise<ComponentResult>;
    expect(JSON.stringify(await press('done'))).toMatch(/Counted/);
    expect(JSON.stringify(await press('done'))).toMatch(/Already counted/);
    expect((await exec('list')).embeds?.[0]?.fields?.[0]?.value).toMatch(/Done this week: 1/);
    await press('snooze');
    now += 14 * MIN;
    expect((await s.tick()).sent).toBe(0);
    now += 2 * MIN;
    expect((await s.tick()).sent).toBe(1);
    expect(messenger.sentTo(MEMBER).at(-1)?.body.embeds?.[0]?.title).toMatch(/Snoozed/);
  });

  it('sends a reminder missed by under two hours once, late, and skips an older one', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    await exec('set', { time: '04:00', timezone: 'UTC' });
    now = Date.parse('2026-11-22T09:00:00Z'); // 07:30 is 90 min late, 04:00 is 5 h late
    const stats = await scheduler().scheduler.tick();
    expect(stats.sent).toBe(1);
    expect(messenger.sentTo(MEMBER).at(-1)?.body.embeds?.[0]?.footer?.text).toMatch(/Reminder #1/);
    const skipped = db.prepare("SELECT target_id, status FROM deliveries WHERE status = 'skipped'").all();
    expect(skipped).toEqual([{ target_id: 2, status: 'skipped' }]);
    expect(db.prepare('SELECT next_fire_at FROM reminders WHERE id = 2').get()).toEqual({ next_fire_at: Date.parse('2026-11-23T04:00:00Z') });
  });

  it('a backlog of late rows larger than a claim batch does not hold back one that is on time', async () => {
    for (let m = 0; m < 120; m++) {
      for (let i = 0; i < 5; i++) await exec('set', { time: `04:0${i}`, timezone: 'UTC' }, `9${String(m).padStart(17, '0')}`);
    }
    await exec('set', { time: '08:59', timezone: 'UTC' });
    now = Date.parse('2026-11-22T09:00:00Z'); // the 600 at 04:0x are 5 h late; 08:59 is on time
    const stats = await scheduler().scheduler.tick();
    expect(stats.sent).toBe(1);
    expect(messenger.sentTo(MEMBER).at(-1)?.body.embeds?.[0]?.footer?.text).toMatch(/Reminder #601/);
    expect(rows('deliveries')).toBe(601);
  });

  it('after days of downtime sends at most one, never a replay of each missed day', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    now = Date.parse('2026-11-26T08:00:00Z');
    const stats = await scheduler().scheduler.tick();
    expect(stats.sent).toBe(1);
    expect(messenger.sentTo(MEMBER)).toHaveLength(2);
  });

  it('a process killed between claim and send: the next process sends it once', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    now = Date.parse('2026-11-22T07:30:00Z');
    const first = scheduler();
    const claims = (await ctx.store.claimBatch((tx) => first.job.claimDue(tx, now, 100))).claims; // claimed, then "killed"
    expect(claims).toHaveLength(1);
    db.close();
    now += 30_000;
    ctx = open(); // a new process over the same file
    const stats = await scheduler().scheduler.tick();
    expect(stats.resent).toBe(1);
    expect(stats.sent).toBe(1);
    expect(await scheduler().scheduler.tick()).toMatchObject({ claimed: 0, resent: 0 });
    expect(messenger.sentTo(MEMBER)).toHaveLength(1);
  });

  it('killed after Discord accepted the DM but before recording it: the resend is not a second DM', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    now = Date.parse('2026-11-22T07:30:00Z');
    const first = scheduler();
    const [claim] = (await ctx.store.claimBatch((tx) => first.job.claimDue(tx, now, 100))).claims;
    await first.job.deliver(claim!, now); // sent, but the outcome is never recorded
    expect(messenger.sentTo(MEMBER)).toHaveLength(2);
    now += 5 * MIN; // past the nonce window: the resend checks the DM channel first
    const stats = await createScheduler({ store: ctx.store, jobs: [first.job], clock: ctx.clock, logger: ctx.logger }).tick();
    expect(stats).toMatchObject({ resent: 1, sent: 1 });
    expect(messenger.sentTo(MEMBER)).toHaveLength(2);
  });

  it('a late resend of a snooze finds the snooze, and is not fooled by the morning reminder', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    const first = scheduler();
    now = Date.parse('2026-11-22T07:30:00Z');
    await first.scheduler.tick();
    await remind.component!({ ...input(), args: ['snooze', '1', '2026-11-22'], values: [] }, ctx);
    now += 15 * MIN;
    const { claims: [claim] } = await ctx.store.claimBatch((tx) => first.job.claimDue(tx, now, 10));
    expect(claim?.key.kind).toBe('snooze');
    // Killed before sending: the morning reminder in the DM channel must not count as the snooze.
    now += 5 * MIN;
    expect(await scheduler().scheduler.tick()).toMatchObject({ resent: 1, sent: 1 });
    expect(messenger.sentTo(MEMBER).map((m) => m.body.embeds?.[0]?.title ?? '')).toEqual(['', expect.stringMatching(/Stretch time/), expect.stringMatching(/Snoozed/)]);
    // Sent, then killed before recording: the resend finds the snooze itself and sends nothing.
    await remind.component!({ ...input(), args: ['snooze', '1', '2026-11-22'], values: [] }, ctx);
    now += 15 * MIN;
    const { claims: [again] } = await ctx.store.claimBatch((tx) => first.job.claimDue(tx, now, 10));
    await first.job.deliver(again!, now);
    now += 5 * MIN;
    expect(await scheduler().scheduler.tick()).toMatchObject({ resent: 1, sent: 1 });
    expect(messenger.sentTo(MEMBER)).toHaveLength(4);
  });

  it('50007 pauses the member’s reminders and the next command says why, once', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    await exec('set', { time: '08:30', timezone: 'UTC' });
    messenger.closedDms.add(MEMBER);
    now = Date.parse('2026-11-22T07:30:00Z');
    expect((await scheduler().scheduler.tick()).failed).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM reminders WHERE next_fire_at IS NULL AND paused_reason = ?').get('dm-closed')).toEqual({ n: 2 });
    now = Date.parse('2026-11-22T08:30:00Z');
    expect((await scheduler().scheduler.tick()).claimed).toBe(0); // no further DM is tried
    expect(await ctx.store.reminders.takeNotice(MEMBER)).toBe(true);
    expect(await ctx.store.reminders.takeNotice(MEMBER)).toBe(false);
    await expect(exec('resume')).rejects.toThrow(/still can't DM you/);
    messenger.closedDms.delete(MEMBER);
    expect((await exec('resume')).content).toMatch(/#1[\s\S]*#2/);
  });

  it('5xx: retried on a later tick, a few times, then given up', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    const { scheduler: s } = scheduler();
    now = Date.parse('2026-11-22T07:30:00Z');
    messenger.failNext(500);
    expect((await s.tick()).retry).toBe(1);
    expect((await s.tick()).sent).toBe(0); // not before its retry time
    now += 61_000;
    expect((await s.tick()).sent).toBe(1);
    expect(messenger.sentTo(MEMBER)).toHaveLength(2);

    now = Date.parse('2026-11-23T07:30:00Z');
    messenger.failNext(500, 502, 503, 500);
    let failed = 0;
    for (let i = 0; i < 6; i++) {
      failed += (await s.tick()).failed;
      now += 5 * MIN;
    }
    expect(failed).toBe(1);
  });
});
