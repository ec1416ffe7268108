// /remind where members and Discord misbehave: DMs that closed once, a snooze after a pause,
// vague stretch names, parallel first requests and spellings of one zone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remind } from '../../commands/remind.ts';
import type { AppContext } from '../../src/app/context.ts';
import { type ComponentResult } from '../../src/discord/command.ts';
import { UserError, type Reply } from '../../src/render/message.ts';
import { openDatabase, readMigrations, type Db } from '../../src/store/db.ts';
import { createStore } from '../../src/store/index.ts';
import { MEMBER, input, testContext } from '../helpers/context.ts';
import { recordingMessenger } from '../helpers/messenger.ts';
import { reminderScheduler } from '../helpers/schedulers.ts';

const SAT_NOON = Date.parse('2026-11-21T12:00:00Z');
const MIN = 60_000;

let dir: string;
let now: number;
let db: Db;
let ctx: AppContext;
let messenger: ReturnType<typeof recordingMessenger>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lumbar-remind-faults-'));
  now = SAT_NOON;
  db = openDatabase(join(dir, 'lumbar.db'));
  messenger = recordingMessenger(() => new Date(now));
  ctx = testContext({ store: createStore(db), messenger, clock: () => new Date(now) });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const exec = async (sub: string, options: Record<string, string | number | boolean> = {}): Promise<Reply> =>
  await remind.execute(input(options, { subcommand: sub }), ctx);
const press = (action: string, reminderId: number, localDate: string) =>
  remind.component!({ ...input(), args: [action, String(reminderId), localDate], values: [] }, ctx) as Promise<ComponentResult>;
const count = (sql: string) => (db.prepare(`SELECT count(*) AS n FROM ${sql}`).get() as { n: number }).n;
const reminderDms = () => messenger.sentTo(MEMBER).filter((s) => /Reminder #\d+ · /.test(s.body.embeds?.[0]?.footer?.text ?? ''));

const tick = () => reminderScheduler(ctx).scheduler.tick();

describe('a new reminder after DMs were closed', () => {
  it('is refused while DMs stay closed, and once they open it is saved and really sent', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    messenger.closedDms.add(MEMBER);
    now = Date.parse('2026-11-22T07:30:00Z');
    expect((await tick()).failed).toBe(1); // 50007: reminders paused

    await expect(exec('set', { time: '09:00', timezone: 'UTC' })).rejects.toThrow(/couldn't send you a DM[\s\S]*Nothing was saved/);
    expect(count('reminders')).toBe(1);

    messenger.closedDms.delete(MEMBER);
    const reply = await exec('set', { time: '09:00', timezone: 'UTC' });
    expect(reply.content).toMatch(/Reminder \*\*#2\*\* set/);
    expect(reply.content).toMatch(/sent you a DM/);
    expect(reply.content).toMatch(/One other reminder is still paused[\s\S]*\/remind resume/);
    expect((await ctx.store.reminders.member(MEMBER))?.dm_status).toBe('open');

    now = Date.parse('2026-11-22T09:00:00Z');
    expect(await tick()).toMatchObject({ sent: 1, skipped: 0 });
    expect(reminderDms().at(-1)?.body.embeds?.[0]?.footer?.text).toMatch(/Reminder #2 · 2026-11-22/);
  });
});

describe('snooze and pause', () => {
  it('a snooze pending when the member pauses never arrives', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    now = Date.parse('2026-11-22T07:30:00Z');
    expect((await tick()).sent).toBe(1);
    await press('snooze', 1, '2026-11-22');
    await press('pause', 1, '2026-11-22');
    now += 20 * MIN;
    expect((await tick()).sent).toBe(0);
    expect(reminderDms()).toHaveLength(1);
    expect(count('reminders WHERE snooze_at IS NOT NULL')).toBe(0);
  });

  it('Snooze on a paused reminder is refused privately and schedules nothing', async () => {
    await exec('set', { time: '07:30', timezone: 'UTC' });
    now = Date.parse('2026-11-22T07:30:00Z');
    await tick();
    await exec('pause', { id: 1 });
    const err = await press('snooze', 1, '2026-11-22').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/paused[\s\S]*\/remind resume/);
    now += 20 * MIN;
    expect((await tick()).sent).toBe(0);
  });
});

describe('what /remind set takes', () => {
  it.each(['a', 'ar', 'arm', 'hip'])('stretch:%s is too vague: refused, nothing saved or sent', async (stretch) => {
    await expect(exec('set', { time: '07:30', timezone: 'UTC', stretch })).rejects.toThrow(/couldn't find a stretch/);
    expect(count('reminders')).toBe(0);
    expect(messenger.sent).toHaveLength(0);
  });

  it('a stretch id, its full name or a clear misspelling still picks it', async () => {
    const [first] = ctx.knowledge.stretches.filter((s) => s.kind !== 'mobility-check');
    await exec('set', { time: '07:30', timezone: 'UTC', stretch: first!.id });
    await exec('set', { time: '08:30', timezone: 'UTC', stretch: first!.name });
    expect(db.prepare('SELECT DISTINCT stretch_id FROM reminders').pluck().all()).toEqual([first!.id]);
  });

  it('eight parallel first requests send one hello DM and keep at most five reminders', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => exec('set', { time: `0${i}:15`, timezone: 'UTC' })));
    expect(messenger.sentTo(MEMBER)).toHaveLength(1);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/already have 5/);
    expect(count('reminders')).toBe(5);
  });

  it.each(['UTC', 'Etc/UTC', 'etc/utc', 'Etc/UCT', 'Etc/Universal'])('%s is stored as UTC', async (timezone) => {
    await exec('set', { time: '07:30', timezone });
    expect(db.prepare('SELECT time_zone FROM reminders').pluck().all()).toEqual(['UTC']);
  });
});

describe('migration 005', () => {
  it('folds reminders, channels and members stored as Etc/UTC into UTC', () => {
    db.close();
    const path = join(dir, 'old.db');
    const old = openDatabase(path, readMigrations().filter((m) => m.version <= 4));
    old.prepare("INSERT INTO members (user_id, created_at, time_zone) VALUES ('1', 0, 'Etc/UTC')").run();
    old.prepare("INSERT INTO reminders (user_id, local_time, time_zone, days, created_at) VALUES ('1', '07:30', 'Etc/UTC', 127, 0)").run();
    old.close();
    db = openDatabase(path);
    expect(db.prepare('SELECT time_zone FROM reminders UNION ALL SELECT time_zone FROM members').pluck().all()).toEqual(['UTC', 'UTC']);
  });
});
