// History retention on a real SQLite file: finished delivery rows older than HISTORY_DAYS go, a
// bounded batch per tick, oldest first; recent rows and pending ones (claimed, waiting to retry) stay;
// this week's Done count in /remind list is the same before and after; a locked database skips it.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remind } from '../../commands/remind.ts';
import type { AppContext } from '../../src/app/context.ts';
import { createReminderJob } from '../../src/reminders/job.ts';
import { createScheduler } from '../../src/delivery/scheduler.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { createStore } from '../../src/store/index.ts';
import { MEMBER, input, testContext } from '../helpers/context.ts';
import { recordingMessenger } from '../helpers/messenger.ts';

const DAY = 86_400_000;
// A Saturday: this week began on Monday 2026-11-16.
const NOW = Date.parse('2026-11-21T12:00:00Z');
const HISTORY = 200;

let dir: string;
let db: Db;
let ctx: AppContext;

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function insert(kind: string, targetId: number, scheduledAt: number, status: string, doneAt: number | null = null): void {
  db.prepare(
    `INSERT INTO deliveries (kind, target_id, local_date, user_id, scheduled_at, claimed_at, status, done_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(kind, targetId, isoDate(scheduledAt), kind === 'tip' ? null : MEMBER, scheduledAt, scheduledAt, status, doneAt, scheduledAt);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lumbar-retention-'));
  db = openDatabase(join(dir, 'lumbar.db'));
  ctx = testContext({ store: createStore(db), messenger: recordingMessenger(() => new Date(NOW)), clock: () => new Date(NOW) });
  await remind.execute(input({ time: '07:30', timezone: 'UTC' }, { subcommand: 'set' }), ctx);
  // Reminder #1 was sent every day for HISTORY days up to yesterday, and Done was pressed on each.
  for (let d = 1; d <= HISTORY; d++) {
    const at = Date.parse(`${isoDate(NOW - d * DAY)}T07:30:00Z`);
    insert('reminder', 1, at, d % 10 === 0 ? 'failed' : 'sent', d % 10 === 0 ? null : at + 60_000);
  }
  // Old rows still pending: a claim never confirmed and a retry, both 150 days old (kind 'tip', which
  // no job of this scheduler owns, so the tick's recovery leaves them as they are).
  insert('tip', 7, NOW - 150 * DAY, 'claimed');
  insert('tip', 8, NOW - 150 * DAY, 'retry');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const scheduler = (historyDays: number | undefined, pruneBatch?: number) =>
  createScheduler({
    store: ctx.store,
    jobs: [createReminderJob({ reminders: ctx.store.reminders, deliveries: ctx.store.deliveries, knowledge: ctx.knowledge, pictures: ctx.pictures, messenger: ctx.messenger, logger: ctx.logger })],
    clock: ctx.clock,
    logger: ctx.logger,
    historyDays,
    pruneBatch,
  });

const count = (where = '1 = 1') => (db.prepare(`SELECT count(*) AS n FROM deliveries WHERE ${where}`).get() as { n: number }).n;
const oldest = () => (db.prepare("SELECT min(scheduled_at) AS t FROM deliveries WHERE kind = 'reminder'").get() as { t: number }).t;
const doneThisWeek = async () => (await remind.execute(input({}, { subcommand: 'list' }), ctx)).embeds?.[0]?.fields?.[0]?.value;

async function pruneAll(s: ReturnType<typeof scheduler>): Promise<number[]> {
  const batches: number[] = [];
  for (let pruned = -1; pruned !== 0; ) batches.push((pruned = (await s.tick()).pruned));
  return batches;
}

describe('history retention', () => {
  it('prunes finished rows older than HISTORY_DAYS and keeps recent and pending ones', async () => {
    const batches = await pruneAll(scheduler(90));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(HISTORY - 89);
    expect(count("kind = 'reminder'")).toBe(89);
    expect(oldest()).toBeGreaterThanOrEqual(NOW - 90 * DAY);
    expect(db.prepare("SELECT target_id, status FROM deliveries WHERE kind = 'tip' ORDER BY target_id").all()).toEqual([
      { target_id: 7, status: 'claimed' },
      { target_id: 8, status: 'retry' },
    ]);
  });

  it('prunes a bounded batch per tick, oldest first', async () => {
    const s = scheduler(90, 25);
    const before = oldest();
    expect((await s.tick()).pruned).toBe(25);
    expect(count("kind = 'reminder'")).toBe(HISTORY - 25);
    expect(oldest()).toBe(before + 25 * DAY);
    expect(await pruneAll(s)).toEqual([25, 25, 25, 11, 0]);
  });

  it('keeps everything without HISTORY_DAYS', async () => {
    expect((await scheduler(undefined).tick()).pruned).toBe(0);
    expect(count()).toBe(HISTORY + 2);
  });

  it("leaves this week's Done count in /remind list unchanged, even at HISTORY_DAYS=1", async () => {
    const listed = await doneThisWeek();
    expect(listed).toMatch(/Done this week: 5/);
    await pruneAll(scheduler(1));
    expect(await doneThisWeek()).toBe(listed);
    // A week and a day are kept whatever the setting.
    expect(count("kind = 'reminder'")).toBe(7);
  });

  it('skips pruning while another process holds the lock, and prunes on a later tick', async () => {
    const holder = new Database(join(dir, 'lumbar.db'));
    try {
      holder.exec('BEGIN IMMEDIATE');
      expect(await scheduler(90).tick()).toMatchObject({ pruned: 0 });
      holder.exec('COMMIT');
      expect((await scheduler(90).tick()).pruned).toBe(HISTORY - 89);
    } finally {
      holder.close();
    }
  });

  it('finds a batch through the deliveries_age index, not a scan of the table', () => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT kind, target_id, local_date FROM deliveries
         WHERE scheduled_at < ? AND status NOT IN ('claimed', 'retry') ORDER BY scheduled_at LIMIT ?`,
      )
      .all(NOW, 500) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX deliveries_age/);
  });
});
