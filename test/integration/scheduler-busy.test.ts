// The scheduler while another connection holds SQLite's write lock: a tick never throws and never
// gives up a delivery for it; what waited goes out once, on a later tick, and a DM that went out
// before its outcome could be recorded is found again instead of sent twice.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remind } from '../../commands/remind.ts';
import type { AppContext } from '../../src/app/context.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { createStore } from '../../src/store/index.ts';
import { MEMBER, input, testContext } from '../helpers/context.ts';
import { recordingMessenger } from '../helpers/messenger.ts';
import { reminderScheduler } from '../helpers/schedulers.ts';

const DUE = Date.parse('2026-11-22T07:30:00Z');

let dir: string;
let now: number;
let db: Db;
let holder: Database.Database;
let ctx: AppContext;
let messenger: ReturnType<typeof recordingMessenger>;
/** Runs inside the messenger's send, after Discord accepted the message. */
let afterSend: () => void = () => undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lumbar-scheduler-busy-'));
  now = Date.parse('2026-11-21T12:00:00Z');
  db = openDatabase(join(dir, 'lumbar.db'));
  holder = new Database(join(dir, 'lumbar.db'));
  messenger = recordingMessenger(() => new Date(now));
  const send = messenger.send.bind(messenger);
  messenger.send = async (...args) => {
    const sent = await send(...args);
    afterSend();
    return sent;
  };
  ctx = testContext({ store: createStore(db), messenger, clock: () => new Date(now) });
  await remind.execute(input({ time: '07:30', timezone: 'UTC' }, { subcommand: 'set' }), ctx);
  afterSend = () => undefined;
});
afterEach(() => {
  if (holder.inTransaction) holder.exec('ROLLBACK');
  holder.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const scheduler = () => reminderScheduler(ctx).scheduler;
const reminderDms = () => messenger.sentTo(MEMBER).filter((s) => /Reminder #1 · 2026-11-22/.test(s.body.embeds?.[0]?.footer?.text ?? ''));
const delivery = () => db.prepare("SELECT status, attempts FROM deliveries WHERE kind = 'reminder'").get();

describe('the scheduler and a locked database', () => {
  it('a tick while the lock is held claims nothing and does not throw; the next tick sends once', async () => {
    now = DUE;
    holder.exec('BEGIN IMMEDIATE');
    const locked = await scheduler().tick();
    expect(locked).toMatchObject({ claimed: 0, sent: 0, busy: 1 });
    expect(reminderDms()).toHaveLength(0);
    holder.exec('COMMIT');
    now += 20_000;
    expect(await scheduler().tick()).toMatchObject({ claimed: 1, sent: 1, busy: 0 });
    expect(reminderDms()).toHaveLength(1);
  });

  it('locked between the claim and the send: nothing is sent, no attempt is used up, and a later tick sends it once', async () => {
    now = DUE;
    // The member has a DM channel already; taking the lock as the hello DM's channel is looked up is
    // too early, so take it right after the claim commits: the first read of the member.
    const member = ctx.store.reminders.member.bind(ctx.store.reminders);
    let lockOnce = true;
    ctx.store.reminders.member = (userId) => {
      if (lockOnce) {
        lockOnce = false;
        holder.exec('BEGIN IMMEDIATE');
      }
      return member(userId);
    };
    const stats = await scheduler().tick();
    expect(stats).toMatchObject({ claimed: 1, sent: 0, retry: 0, failed: 0, busy: 1 });
    expect(reminderDms()).toHaveLength(0);
    holder.exec('COMMIT');
    expect(delivery()).toEqual({ status: 'claimed', attempts: 0 });
    expect(await scheduler().tick()).toMatchObject({ resent: 1, sent: 1 });
    expect(reminderDms()).toHaveLength(1);
  });

  it('sent, then locked before the outcome is recorded: the next tick finds the DM and does not send it again', async () => {
    now = DUE;
    afterSend = () => {
      afterSend = () => undefined;
      holder.exec('BEGIN IMMEDIATE');
    };
    // Remembering the DM channel after the send meets the lock: the delivery waits, unrecorded.
    expect(await scheduler().tick()).toMatchObject({ claimed: 1, sent: 0, busy: 1 });
    expect(reminderDms()).toHaveLength(1);
    holder.exec('COMMIT');
    now += 20_000;
    // The claim's attempt was recorded before the send, so the next tick looks in the DM channel first.
    expect(await scheduler().tick()).toMatchObject({ resent: 1, sent: 1 });
    expect(reminderDms()).toHaveLength(1);
    expect(delivery()).toMatchObject({ status: 'sent' });
  });
});
