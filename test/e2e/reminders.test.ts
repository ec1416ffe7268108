// Stretch reminders end to end: the bot as a child process against the local Discord, over one SQLite file that
// outlives three bot processes. The tests follow one simulated morning and run in order:
//
//   run 1  clock starts 12 s before 07:30 UTC. Six members set reminders that fall due at that same instant in
//          six time zones. At 07:30 alice's DM arrives (Done, Snooze), bea's and fay's fail with 50007 (their
//          reminders pause; bea's next command tells her why, fay turns DMs on and resumes), and the DMs to chen,
//          dev and emil are held in flight: SIGKILL.
//          Released afterwards: chen's and emil's dropped (Discord never saw them), dev's processed.
//   run 1b restarted within the minute: each of the three was attempted, so the bot looks in the DM channel
//          first: dev's is found there (not posted again), chen's goes out once, emil's resend is held again,
//          processed, and the bot killed again.
//   run 2  clock starts shortly before 07:45 (some 15 minutes later): emil's claim is settled by
//          finding the message in the DM channel; alice's snooze arrives; bea's paused 07:45 reminder is not
//          tried. Then bad input, and forget-me leaving no row behind.
//
// The bot's clock is LUMBAR_START_TIME (it starts there and runs in real time), ticking every second. The local
// Discord runs without nonce de-duplication: exactly once must hold without Discord's help.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  button,
  slashCommand,
  type Hold,
  type InteractionHandle,
  type RecordedRequest,
  type WireMessage,
} from './emulator/index.ts';
import { componentsOf, embedText, firstEmbedTitle, isJson, withLogs } from './helpers.ts';
import { EPHEMERAL, e2eHarness, fixturePeople, type DeliveryRow, type ReminderRow } from './harness.ts';

const DAY = '2026-06-03'; // a Wednesday
const DUE = Date.parse(`${DAY}T07:30:00Z`);
const SECOND_DUE = Date.parse(`${DAY}T07:45:00Z`);
const LEAD_RUN1_MS = 12_000;
const MIN = 60_000;

// Members, one per scenario, so nothing they do touches another's rows.
const PEOPLE = {
  alice: '1180000000000000111', // 07:30 UTC: the DM, Done, Snooze, forget-me
  bea: '1180000000000000112', // 08:30 and 08:45 Europe/London: DMs closed (50007)
  chen: '1180000000000000113', // 13:00 Asia/Kolkata: killed in flight, request dropped
  dev: '1180000000000000114', // 03:30 America/New_York: killed in flight, Discord processed it
  emil: '1180000000000000115', // 18:00 Australia/Lord_Howe, weekdays: processed, settled over a minute later
  gus: '1180000000000000116', // bad input
  fay: '1180000000000000117', // 09:30 Europe/Paris: DMs closed, turned back on, /remind resume
} as const;
type Person = keyof typeof PEOPLE;

const h = e2eHarness({
  fixture: fixturePeople(PEOPLE, (name) => ({ username: name, globalName: name[0]!.toUpperCase() + name.slice(1) })),
  nonceDedup: false,
  prefix: 'lumbar-reminders-',
  bot: { name: 'run 1', startAt: DUE - LEAD_RUN1_MS, readyMs: LEAD_RUN1_MS },
});
const { query, until, run } = h;

/** The next bot process over the same database, its clock starting at `startAt`. */
const startRun = (name: string, startAt: number) => h.startBot({ name, startAt });

const deliveries = (who: Person) => query<DeliveryRow>('SELECT * FROM deliveries WHERE user_id = ? ORDER BY scheduled_at', PEOPLE[who]);
const reminders = (who: Person) => query<ReminderRow>('SELECT * FROM reminders WHERE user_id = ? ORDER BY id', PEOPLE[who]);
const rowCounts = (who: Person) =>
  Object.fromEntries(
    ['members', 'reminders', 'deliveries'].map((table) => [table, query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`, PEOPLE[who])[0]!.n]),
  ) as Record<'members' | 'reminders' | 'deliveries', number>;

const dmOf = (who: Person) => h.discord.dmChannelOf(PEOPLE[who]);
/** Reminder DMs (not the hello) in a member's DM channel. */
const reminderDms = (who: Person): WireMessage[] => h.discord.messages(dmOf(who)).filter((m) => /Reminder #\d+ · /.test(embedText(m)));
const dmPosts = (who: Person, from = 0) => h.messageRequests('POST', dmOf(who), from);
const dmReads = (who: Person, from = 0) => h.messageRequests('GET', dmOf(who), from);
const isReminderPost = (who: Person) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/channels/${dmOf(who)}/messages` && /Reminder #\d+ · /.test(embedText(isJson(r.body) ? r.body : undefined));

const remind = (who: Person, subcommand: string, options: Record<string, string | number> = {}) =>
  run(slashCommand('remind', { user: who, subcommand, options }));

async function followUpsOf(handle: InteractionHandle, count: number): Promise<WireMessage[]> {
  return await until(() => (handle.followUps().length >= count ? handle.followUps() : undefined), 3000, `${count} follow-up(s)`);
}

// Filled in as the morning goes on.
const reminderId: Partial<Record<Person, number>> = {};
const holds: Partial<Record<Person, Hold>> = {};
let aliceDm: WireMessage | undefined;
let snoozeAt = 0;
let run1StartupMs = 0;
let undoFayDms: () => void = () => undefined;

beforeAll(() => {
  run1StartupMs = h.bot.readyAt! - h.bot.spawnedAt;
});

h.onTeardown(() => {
  for (const hold of Object.values(holds)) hold?.release('drop');
});

describe('stretch reminders, one morning', () => {
  it('/remind set answers privately with the next time as a Discord timestamp; the first set checks DMs', async () => {
    const sets: [Person, Record<string, string>][] = [
      ['alice', { time: '07:30', timezone: 'UTC' }],
      ['bea', { time: '8:30am', timezone: 'europe/london' }],
      ['chen', { time: '13:00', timezone: 'Asia/Kolkata' }],
      ['dev', { time: '3:30', timezone: 'America/New_York' }],
      ['emil', { time: '18:00', timezone: 'Australia/Lord_Howe', days: 'weekdays' }],
      ['fay', { time: '09:30', timezone: 'Europe/Paris' }],
    ];
    const replies = await Promise.all(sets.map(([who, options]) => remind(who, 'set', options)));
    for (const [i, [who]] of sets.entries()) {
      const { response, text } = replies[i]!;
      expect(response.type, who).toBe(5);
      expect((response.data as { flags?: number }).flags, who).toBe(EPHEMERAL);
      // Five zones, one instant; a reply naming another instant means the bot started too slowly for the lead.
      expect(text, `${who} (bot ready after ${run1StartupMs} ms; lead ${LEAD_RUN1_MS} ms)`).toContain(`<t:${DUE / 1000}:F>`);
      expect(text, who).toContain(`<t:${DUE / 1000}:R>`);
      expect(text, who).toMatch(/sent you a DM/);
      reminderId[who] = Number(/#(\d+)\*\*/.exec(text)?.[1]);
      const hello = h.discord.messages(dmOf(who));
      expect(hello.map((m) => m.content), who).toEqual([expect.stringMatching(/This is where your Lumbar stretch reminders will arrive/)]);
      // The check's DM channel is kept, so a reminder costs one request.
      expect(query('SELECT dm_status, dm_channel_id FROM members WHERE user_id = ?', PEOPLE[who]), who).toEqual([{ dm_status: 'open', dm_channel_id: dmOf(who) }]);
    }
    // A second reminder: no second DM check.
    const second = await remind('bea', 'set', { time: '08:45', timezone: 'Europe/London' });
    expect(second.text).toContain(`<t:${SECOND_DUE / 1000}:F>`);
    expect(second.text).not.toMatch(/sent you a DM/);
    expect(h.discord.messages(dmOf('bea'))).toHaveLength(1);
    expect(reminders('bea')).toHaveLength(2);

    // Set the stage for 07:30: bea's DMs close, the DMs to chen, dev and emil will be held in flight.
    h.discord.fail.dm(PEOPLE.bea);
    undoFayDms = h.discord.fail.dm(PEOPLE.fay);
    for (const who of ['chen', 'dev', 'emil'] as const) holds[who] = h.discord.fail.hold(isReminderPost(who), { count: 3 });
    // Still before 07:30 in the bot's clock: nothing claimed yet.
    expect(query('SELECT * FROM deliveries')).toEqual([]);
  });

  it('the reminder DM arrives at the due minute, with Done, Snooze and Pause buttons', { timeout: 30_000 }, async () => {
    aliceDm = await until(() => reminderDms('alice')[0], LEAD_RUN1_MS + 5000, "alice's reminder DM");
    // Discord has the message a moment before the bot has recorded its answer.
    const row = await until(() => deliveries('alice').find((d) => d.status !== 'claimed'), 3000, "alice's delivery recorded");
    expect(row).toMatchObject({ kind: 'reminder', local_date: DAY, status: 'sent', scheduled_at: DUE, message_id: aliceDm.id });
    // Claimed and sent within a couple of ticks of 07:30:00 in the bot's clock, never before.
    expect(row!.claimed_at - DUE).toBeGreaterThanOrEqual(0);
    expect(row!.updated_at - DUE).toBeLessThan(3000);

    expect(firstEmbedTitle(aliceDm)).toMatch(/Stretch time/);
    expect(embedText(aliceDm)).toContain(`Reminder #${reminderId.alice} · ${DAY}`);
    expect(componentsOf(aliceDm).map((c) => [c.label, c.custom_id])).toEqual([
      ['Done', `remind:done:${reminderId.alice}:${DAY}`],
      ['Snooze 15 min', `remind:snooze:${reminderId.alice}:${DAY}`],
      ['Pause reminders', `remind:pause:${reminderId.alice}`],
    ]);
    const post = dmPosts('alice').find((r) => r.response && (r.response as { id?: string }).id === aliceDm!.id);
    expect(post?.body).toMatchObject({ enforce_nonce: true, nonce: expect.any(String), allowed_mentions: { parse: [] } });
    expect(h.discord.requests.filter((r) => r.path === '/users/@me/channels' && (r.body as { recipient_id?: string }).recipient_id === PEOPLE.alice)).toHaveLength(1);
    // The next one is tomorrow.
    expect(reminders('alice')[0]!.next_fire_at).toBe(DUE + 24 * 60 * MIN);
  });

  it('Done counts once, and /remind list shows it', async () => {
    const done = await run(button(`remind:done:${reminderId.alice}:${DAY}`, { user: 'alice', dm: true, message: aliceDm!.id }));
    expect(done.response.type).toBe(4);
    expect((done.response.data as { flags?: number }).flags).toBe(EPHEMERAL);
    expect(done.text).toMatch(/Counted/);
    const again = await run(button(`remind:done:${reminderId.alice}:${DAY}`, { user: 'alice', dm: true, message: aliceDm!.id }));
    expect(again.text).toMatch(/Already counted/);
    expect(deliveries('alice')[0]!.done_at).not.toBeNull();

    const list = await remind('alice', 'list');
    expect(list.text).toContain(`#${reminderId.alice} · 07:30`);
    expect(list.text).toMatch(/Done this week: 1/);
  });

  it('Snooze asks for another DM 15 minutes later', async () => {
    const snoozed = await run(button(`remind:snooze:${reminderId.alice}:${DAY}`, { user: 'alice', dm: true, message: aliceDm!.id }));
    expect(snoozed.response.type).toBe(4);
    expect((snoozed.response.data as { flags?: number }).flags).toBe(EPHEMERAL);
    snoozeAt = reminders('alice')[0]!.snooze_at ?? 0;
    expect(snoozed.text).toContain(`<t:${Math.floor(snoozeAt / 1000)}:R>`);
    const sentAt = deliveries('alice')[0]!.updated_at;
    expect(snoozeAt - sentAt).toBeGreaterThanOrEqual(15 * MIN);
    expect(snoozeAt - sentAt).toBeLessThan(15 * MIN + 20_000);
  });

  it('50007 pauses the reminders, and the next command says why and how to turn DMs on', async () => {
    const refused = await until(() => dmPosts('bea').find((r) => r.status === 403), 5000, "bea's refused reminder DM");
    expect(refused.response).toMatchObject({ code: 50007 });
    await until(() => deliveries('bea')[0]?.status === 'failed', 3000, "bea's failed delivery recorded");
    expect(reminders('bea').map((r) => [r.next_fire_at, r.paused_reason])).toEqual([
      [null, 'dm-closed'],
      [null, 'dm-closed'],
    ]);
    expect(deliveries('bea')).toEqual([expect.objectContaining({ status: 'failed', error_code: 50007 })]);

    const next = await run(slashCommand('backpain', { user: 'bea', options: { activity: 'running' } }));
    expect(next.response.type).toBe(4);
    const [notice] = await followUpsOf(next.handle, 1);
    expect(notice!.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(notice!.content).toMatch(/paused your stretch reminders because I couldn't DM you/);
    expect(notice!.content).toMatch(/Privacy Settings.*Direct Messages/);
    expect(notice!.content).toMatch(/\/remind resume/);

    // Told once.
    const later = await run(slashCommand('about', { user: 'bea' }));
    expect(later.response.type).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(later.handle.followUps().map((m) => m.content)).toEqual([]);
    const list = await remind('bea', 'list');
    expect(list.text).toMatch(/Paused: I could not DM you/);
  });

  it('with DMs back on, /remind resume restarts the reminders, without the stale "I paused" notice', async () => {
    await until(() => deliveries('fay')[0]?.status === 'failed', 5000, "fay's refused reminder recorded");
    expect(reminders('fay')[0]).toMatchObject({ next_fire_at: null, paused_reason: 'dm-closed' });
    undoFayDms();
    const resumed = await remind('fay', 'resume');
    expect(resumed.text).toContain(`▶️ #${reminderId.fay} · 09:30`);
    expect(resumed.text).toContain(`<t:${(DUE + 24 * 60 * MIN) / 1000}:F>`);
    expect(h.discord.messages(dmOf('fay'))).toHaveLength(2); // the first hello, and the check before resuming
    // The notice was about a problem that is fixed now: not shown after a successful resume, nor later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.handle.followUps().map((m) => m.content)).toEqual([]);
    const later = await run(slashCommand('about', { user: 'fay' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(later.handle.followUps().map((m) => m.content)).toEqual([]);
    expect(reminders('fay')[0]).toMatchObject({ next_fire_at: DUE + 24 * 60 * MIN, paused_reason: null });
  });

  it('a kill between claim and send: the DMs in flight are held, the bot is SIGKILLed', async () => {
    for (const who of ['chen', 'dev', 'emil'] as const) {
      const caught = await withLogs(h.bot, holds[who]!.waitUntilCaught(5000));
      expect(caught.hold).toBe('held');
    }
    // Claimed in the database, not yet confirmed.
    for (const who of ['chen', 'dev', 'emil'] as const) {
      expect(deliveries(who), who).toEqual([expect.objectContaining({ status: 'claimed', scheduled_at: DUE, message_id: null })]);
    }
    const exit = await h.bot.kill();
    expect(exit.signal).toBe('SIGKILL');
    holds.chen!.release('drop'); // Discord never saw it
    holds.emil!.release('drop');
    holds.dev!.release('process'); // Discord posted it; the bot never heard back
    await until(() => reminderDms('dev').length === 1, 3000, "dev's DM processed by Discord");
    expect(reminderDms('chen')).toEqual([]);
    expect(reminderDms('emil')).toEqual([]);
    for (const who of ['chen', 'dev', 'emil'] as const) expect(deliveries(who)[0]!.status, who).toBe('claimed');
  });

  it('restarted within the minute: the dropped DM goes out once, the processed one is found in the DM channel', { timeout: 30_000 }, async () => {
    const chenNonce = (holds.chen!.caught[0]!.body as { nonce: string }).nonce;
    holds.emil = h.discord.fail.hold(isReminderPost('emil'), { count: 3 });
    await startRun('run 1b', DUE + 5000);
    // Unconfirmed claims go out before the bot says it is ready; emil's is held again, so wait for the sends.
    await withLogs(h.bot, holds.emil.waitUntilCaught(15_000));
    await until(
      () => ['chen', 'dev'].every((who) => deliveries(who as Person)[0]?.status === 'sent'),
      10_000,
      "chen's and dev's deliveries confirmed",
    );
    expect(reminderDms('chen')).toHaveLength(1);
    expect(reminderDms('dev')).toHaveLength(1);
    const [chenPost, ...moreChen] = dmPosts('chen', h.mark);
    expect(moreChen).toEqual([]);
    expect(chenPost?.body).toMatchObject({ nonce: chenNonce, enforce_nonce: true });
    // Both were attempted before the kill, so the bot read each DM channel first: dev's DM was there, and
    // was not posted again (no reliance on Discord's nonce window).
    for (const who of ['chen', 'dev'] as const) expect(dmReads(who, h.mark).length, who).toBeGreaterThan(0);
    expect(dmPosts('dev', h.mark)).toEqual([]);
    expect(deliveries('dev')[0]).toMatchObject({ status: 'sent', message_id: reminderDms('dev')[0]!.id });
    expect(deliveries('chen')[0]).toMatchObject({ status: 'sent', message_id: reminderDms('chen')[0]!.id });
    // An unchanged command list is not registered again.
    expect(h.discord.requests.slice(h.mark).filter((r) => r.method === 'PUT')).toEqual([]);

    // emil's resend is in flight: kill again; this time Discord processes it.
    await h.bot.kill();
    holds.emil.release('process');
    await until(() => reminderDms('emil').length === 1, 3000, "emil's DM processed by Discord");
    expect(deliveries('emil')[0]!.status).toBe('claimed');
  });

  it('restarted 15 minutes later: the processed DM is found in the channel and not sent again; the snooze arrives', { timeout: 40_000 }, async () => {
    expect(snoozeAt).toBeGreaterThan(SECOND_DUE);
    // Start early enough to watch 07:45 (bea's second reminder) and the snooze fall due.
    const lead = Math.min(20_000, Math.max(8000, 2 * run1StartupMs + 2000));
    await startRun('run 2', SECOND_DUE - lead);
    await h.bot.waitForReady(lead);
    // emil: attempted twice, the second one processed; the lookup covers everything since the first attempt.
    await until(() => deliveries('emil')[0]?.status === 'sent', 5000, "emil's delivery settled");
    expect(deliveries('emil')[0]!.message_id).toBe(reminderDms('emil')[0]!.id);
    expect(reminderDms('emil')).toHaveLength(1);
    expect(dmPosts('emil', h.mark)).toEqual([]);
    expect(dmReads('emil', h.mark).length).toBeGreaterThan(0);

    const snoozeDm = await until(() => reminderDms('alice')[1], lead + 8000, "alice's snoozed reminder");
    expect(firstEmbedTitle(snoozeDm)).toMatch(/Snoozed/);
    expect(embedText(snoozeDm)).toContain(`Reminder #${reminderId.alice} · ${DAY}`);
    expect(componentsOf(snoozeDm).map((c) => c.label)).toEqual(['Done', 'Snooze 15 min', 'Pause reminders']);
    const snoozeRow = await until(
      () => deliveries('alice').find((d) => d.kind === 'snooze' && d.status !== 'claimed'),
      3000,
      "alice's snooze delivery recorded",
    );
    expect(snoozeRow).toMatchObject({ status: 'sent', scheduled_at: snoozeAt, message_id: snoozeDm.id });
    expect(snoozeRow!.claimed_at - snoozeAt).toBeGreaterThanOrEqual(0);
    expect(snoozeRow!.updated_at - snoozeAt).toBeLessThan(3000);
    expect(reminders('alice')[0]!.snooze_at).toBeNull();
    // Exactly one reminder DM per member for 07:30, whatever happened to the processes.
    for (const who of ['chen', 'dev', 'emil'] as const) expect(reminderDms(who), who).toHaveLength(1);
  });

  it('no further DM is tried for a member whose DMs are closed, even at their next due time', () => {
    // Past 07:45 in the bot's clock (the snooze came after it): bea's paused 08:45 London reminder stayed quiet.
    expect(reminders('bea').map((r) => r.next_fire_at)).toEqual([null, null]);
    expect(dmPosts('bea').map((r) => r.status)).toEqual([200, 403]); // the hello, then the refused 07:30 one
    expect(h.discord.requests.filter((r) => r.path === '/users/@me/channels' && (r.body as { recipient_id?: string }).recipient_id === PEOPLE.bea)).toHaveLength(1);
    expect(deliveries('bea')).toHaveLength(1);
  });

  it('answers bad input privately and writes nothing', { timeout: 30_000 }, async () => {
    const tables = () => ({ ...rowCounts('gus'), total: query<{ n: number }>('SELECT count(*) AS n FROM reminders')[0]!.n });
    const before = tables();
    expect(before).toMatchObject({ members: 0, reminders: 0, deliveries: 0 });
    const rejected = async (options: Record<string, string | number>, answer: RegExp, subcommand = 'set') => {
      const reply = await remind('gus', subcommand, options);
      expect((reply.response.data as { flags?: number }).flags).toBe(EPHEMERAL);
      expect(reply.text).toMatch(answer);
      return reply;
    };
    await rejected({ time: '25:00', timezone: 'UTC' }, /hours go from 0 to 23.*07:30/s);
    await rejected({ time: 'noon-ish', timezone: 'UTC' }, /couldn't read .*07:30/s);
    await rejected({ time: '07:30', timezone: 'EST' }, /isn't a time zone I can use.*Pick a city/s);
    await rejected({ time: '07:30', timezone: 'Mars/Base' }, /don't know a time zone/);
    await rejected({ time: '07:30', timezone: 'UTC', days: 'custom', custom_days: 'funday' }, /don't know the day/);
    await rejected({ id: reminderId.alice! }, new RegExp(`don't have a reminder #${reminderId.alice}`), 'delete');
    expect(tables()).toEqual(before);
    expect(h.discord.messages(dmOf('gus'))).toEqual([]); // rejected before any DM check

    for (const time of ['06:00', '06:30', '07:00', '19:00', '19:30']) {
      const ok = await remind('gus', 'set', { time, timezone: 'Europe/Berlin' });
      expect(ok.text, time).toMatch(/Reminder \*\*#\d+\*\* set/);
    }
    const full = tables();
    expect(full.reminders).toBe(5);
    await rejected({ time: '20:00', timezone: 'Europe/Berlin' }, /already have 5 reminders/);
    expect(tables()).toEqual(full);
  });

  it('forget-me, after the confirm button, leaves no row behind', { timeout: 30_000 }, async () => {
    expect(rowCounts('alice')).toEqual({ members: 1, reminders: 1, deliveries: 2 });
    const others = { bea: rowCounts('bea'), dev: rowCounts('dev') };

    const prompt = await remind('alice', 'forget-me');
    const confirm = componentsOf(prompt.message).find((c) => c.custom_id === `remind:forget:${PEOPLE.alice}`);
    expect(confirm?.label).toMatch(/Delete/);
    // Someone else pressing it changes nothing.
    const intruder = await run(button(confirm!.custom_id!, { user: 'gus', message: prompt.message!.id }));
    expect(intruder.text).toMatch(/this isn't yours/i);
    expect(rowCounts('alice').reminders).toBe(1);

    const gone = await run(button(confirm!.custom_id!, { user: 'alice', message: prompt.message!.id }));
    expect(gone.response.type).toBe(7);
    expect(h.discord.message(prompt.message!.id)?.content).toMatch(/Deleted 1 reminder\(s\) and 2 delivery record\(s\)/);

    const exit = await h.bot.stop(10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    // The file itself, with the bot stopped.
    expect(rowCounts('alice')).toEqual({ members: 0, reminders: 0, deliveries: 0 });
    expect(query('SELECT * FROM deliveries WHERE target_id = ?', reminderId.alice)).toEqual([]);
    expect({ bea: rowCounts('bea'), dev: rowCounts('dev') }).toEqual(others);
  });
});
