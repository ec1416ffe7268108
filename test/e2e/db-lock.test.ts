// Another process holds SQLite's write lock for 30 s (as a backup tool, the sqlite3 shell or a second
// Lumbar would) while members use the bot. The bot must keep answering within Discord's 3 s, never
// die, and save what members asked for, send what fell due, and honour a server removal, once the
// lock goes. The lock is real: a second process runs BEGIN IMMEDIATE on the bot's database file.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sleep } from './bot-process.ts';
import { autocomplete, slashCommand } from './emulator/index.ts';
import { embedText, isJson, withLogs } from './helpers.ts';
import { EPHEMERAL, e2eHarness, fixturePeople } from './harness.ts';
import { holdWriteLock, type LockHolder } from './lock-holder.ts';

const DUE = Date.parse('2026-06-03T07:30:00Z');
const LEAD_MS = 15_000;
const LOCK_MS = 30_000;

const PEOPLE = { ana: '1190000000000000201', ben: '1190000000000000202' } as const;
type Person = keyof typeof PEOPLE;

const h = e2eHarness({
  fixture: fixturePeople(PEOPLE),
  prefix: 'lumbar-lock-',
  bot: { startAt: DUE - LEAD_MS, readyMs: LEAD_MS - 5000 },
});
const { query, until } = h;
let lock: LockHolder | undefined;
h.onTeardown(() => lock?.release());

/** Injects a command; resolves with its first answer (rejects if it came after Discord's 3 s) and a reader for the final text. */
async function command(user: Person | 'admin', name: string, subcommand?: string, options: Record<string, string> = {}) {
  const handle = h.discord.injectInteraction(slashCommand(name, { user, subcommand, options }));
  const response = await withLogs(h.bot, handle.response());
  const flags = isJson(response.data) && typeof response.data.flags === 'number' ? response.data.flags : 0;
  return { handle, response, flags, finalText: async (timeoutMs = 5000) => embedText(await withLogs(h.bot, handle.reply(timeoutMs))) };
}

const reminderDms = () => h.discord.messages(h.discord.dmChannelOf(PEOPLE.ana)).filter((m) => /Reminder #1 · 2026-06-03/.test(embedText(m)));

describe('another process holds the write lock for 30 s', () => {
  it('the bot keeps answering within 3 s, and saves, sends and disables what it must once the lock goes', async () => {
    // Before the lock: a reminder due at 07:30, club tips in a channel, and a closed-DMs notice waiting for ben.
    expect(await (await command('ana', 'remind', 'set', { time: '07:30', timezone: 'UTC' })).finalText()).toMatch(/Reminder \*\*#1\*\* set/);
    const tips = await command('admin', 'clubtips', 'enable', { channel: `<#${h.discord.fixture.channels.clubTips.id}>`, time: '09:00', timezone: 'UTC' });
    expect(embedText(tips.handle.original())).toMatch(/club-tips|<#/);
    const writer = new Database(h.dbPath);
    writer.prepare('INSERT INTO members (user_id, created_at, notice_pending, dm_status) VALUES (?, 0, 1, ?)').run(PEOPLE.ben, 'closed');
    writer.close();

    lock = await holdWriteLock(h.dbPath, LOCK_MS + 20_000);
    const lockedAt = Date.now();

    // A command that writes nothing but is followed by the notice check (which needs the lock).
    const about = await command('ben', 'about');
    expect(about.response.type).toBe(4);
    // Writes: each is acknowledged in time ("thinking…"), then finished when the lock goes.
    const set = await command('ana', 'remind', 'set', { time: '08:00', timezone: 'UTC' });
    expect([set.response.type, set.flags]).toEqual([5, EPHEMERAL]);
    expect(h.discord.dispatch('GUILD_DELETE', { id: h.discord.fixture.guild.id })).toBe(1);
    const list = await command('ana', 'remind', 'list');
    expect(list.flags).toBe(EPHEMERAL);
    const zones = h.discord.injectInteraction(autocomplete('remind', 'timezone', { user: 'ana', subcommand: 'set', value: 'lond' }));
    expect((await withLogs(h.bot, zones.response())).type).toBe(8);

    // 07:30 passes while the lock is held: nothing can be claimed, so nothing is sent yet.
    await sleep(Math.max(0, LEAD_MS + 3000 - (Date.now() - h.bot.spawnedAt)));
    expect(reminderDms()).toEqual([]);
    // Still answering in the middle of the lock.
    const adminSet = await command('admin', 'remind', 'set', { time: '10:00', timezone: 'Europe/London' });
    expect(adminSet.response.type).toBe(5);
    const backpain = await command('ben', 'backpain', undefined, { activity: 'deadlift' });
    expect(backpain.response.type).toBe(4);

    await sleep(Math.max(0, LOCK_MS - (Date.now() - lockedAt)));
    expect(h.bot.exitInfo).toBeNull();
    await lock.release();

    // Both writes waited for the lock; either may land first, so ids 2 and 3 in some order.
    expect(await set.finalText(20_000)).toMatch(/Reminder \*\*#[23]\*\* set: \*\*08:00\*\*/);
    expect(await adminSet.finalText(20_000)).toMatch(/Reminder \*\*#[23]\*\* set: \*\*10:00\*\*/);
    expect(query('SELECT id FROM reminders ORDER BY id').map((r) => (r as { id: number }).id)).toEqual([1, 2, 3]);
    await until(() => query<{ health: string }>('SELECT health FROM club_channels')[0]?.health === 'disabled', 20_000, 'the removed server’s tips turned off');
    // The 07:30 reminder is claimed once the lock goes: one DM, exactly.
    await until(() => reminderDms().length === 1, 20_000, "ana's 07:30 reminder");
    expect(query('SELECT count(*) AS n FROM reminders WHERE user_id = ?', PEOPLE.ana)).toEqual([{ n: 2 }]);
    // The notice the lock held back comes with ben's next command.
    const again = await command('ben', 'about');
    const notice = await until(() => again.handle.followUps()[0], 5000, "ben's closed-DMs notice");
    expect(notice.content).toMatch(/I paused your stretch reminders because I couldn't DM you/);
    await sleep(1500);
    expect(reminderDms()).toHaveLength(1);
    expect(h.bot.exitInfo).toBeNull();
    expect(h.bot.logs.filter((l) => l.level >= 50).map((l) => l.msg)).not.toContain('interaction failed');
  }, 90_000);
});
