// Forged input end to end (issue #9): interactions Discord's own client would never send, injected into the local
// Discord, against the bot as a child process. Options naming another server's channel or role, a category or a
// voice channel, @everyone as the tip role; buttons pressed on someone else's card, prompt or reminder DM with a
// custom id that names the presser. Every one is refused privately (or, on a shared card, answered with the
// presser's own copy) and changes nothing.
//
// The clock starts a little before 07:30 UTC so the member's reminder DM arrives while the other tests run.
import { describe, expect, it } from 'vitest';
import { button, slashCommand, type FixtureChannel, type InteractionSpec, type WireMessage } from './emulator/index.ts';
import { componentsOf, embedText, firstEmbedTitle } from './helpers.ts';
import { EPHEMERAL, e2eHarness } from './harness.ts';

const DAY = '2026-06-03';
const DUE = Date.parse(`${DAY}T07:30:00Z`);
const LEAD_MS = 15_000;
const NOT_YOURS = /this isn't yours/i;

const OTHER_GUILD = '1190000000000000001';
const channel = (id: string, name: string, type: number, extra: Partial<FixtureChannel> = {}): FixtureChannel => ({ id, name, type, position: 10, topic: null, ...extra });
const CHANNELS = {
  lounge: channel('1180000000000000221', 'lounge', 4),
  voice: channel('1180000000000000222', 'voice', 2),
  elsewhere: channel('1190000000000000201', 'their-tips', 0, { guildId: OTHER_GUILD }),
};
const ROLES = { elsewhere: { id: '1190000000000000301', name: 'Their members', permissions: '0', position: 1, color: 0, mentionable: true, guildId: OTHER_GUILD } };

const h = e2eHarness({
  fixture: { channels: CHANNELS, roles: ROLES },
  prefix: 'lumbar-forged-',
  bot: { name: 'forged', startAt: DUE - LEAD_MS, readyMs: LEAD_MS },
});
const { query, run, until } = h;

const id = (key: 'member' | 'admin') => h.discord.fixture.users[key].id;
const channelId = (key: string) => h.discord.fixture.channels[key]!.id;
const postsTo = (key: string) => h.messageRequests('POST', channelId(key));
const clubRows = () => query<{ channel_id: string; role_id: string | null }>('SELECT channel_id, role_id FROM club_channels');

/** A private refusal whose text matches. */
async function refused(spec: InteractionSpec, answer: RegExp) {
  const reply = await run(spec);
  expect(reply.flags & EPHEMERAL, reply.text).toBe(EPHEMERAL);
  expect(reply.text).toMatch(answer);
  return reply;
}

const clubtips = (subcommand: string, options: Record<string, string>) => slashCommand('clubtips', { user: 'admin', subcommand, options });
const enable = (options: Record<string, string>) => clubtips('enable', { time: '07:00', timezone: 'Europe/London', ...options });

let memberReminder = 0;

describe('forged input', () => {
  it('two members set reminders (the member\'s falls due at 07:30, while the tests below run)', async () => {
    const mine = await run(slashCommand('remind', { user: 'member', subcommand: 'set', options: { time: '07:30', timezone: 'UTC' } }));
    expect(mine.text).toContain(`<t:${DUE / 1000}:F>`);
    memberReminder = Number(/#(\d+)\*\*/.exec(mine.text)?.[1]);
    const theirs = await run(slashCommand('remind', { user: 'admin', subcommand: 'set', options: { time: '21:00', timezone: 'UTC' } }));
    expect(theirs.text).toMatch(/Reminder \*\*#\d+\*\* set/);
  });

  it("/clubtips refuses another server's channel and role, for enable and post-now: nothing saved, nothing posted", async () => {
    await refused(enable({ channel: channelId('elsewhere') }), /another server/);
    await refused(enable({ channel: channelId('clubTips'), role: ROLES.elsewhere.id }), /another server/);
    await refused(clubtips('post-now', { channel: channelId('elsewhere') }), /another server/);
    expect(clubRows()).toEqual([]);
    expect(postsTo('elsewhere')).toEqual([]);
    expect(h.discord.messages(channelId('elsewhere'))).toEqual([]);
  });

  it('/clubtips refuses a category and a voice channel, and @everyone as the role', async () => {
    await refused(enable({ channel: channelId('lounge') }), /category.*text or announcement channel/s);
    await refused(enable({ channel: channelId('voice') }), /voice channel.*text or announcement channel/s);
    await refused(clubtips('post-now', { channel: channelId('lounge') }), /text or announcement channel/);
    await refused(enable({ channel: channelId('clubTips'), role: h.discord.fixture.guild.id }), /@everyone/);
    expect(clubRows()).toEqual([]);
    expect([...postsTo('lounge'), ...postsTo('voice'), ...postsTo('clubTips')]).toEqual([]);

    // The real thing still works: this server's text channel and role.
    const ok = await run(enable({ channel: channelId('clubTips'), role: h.discord.fixture.roles.runners.id }));
    expect(ok.text).toMatch(/club-tips|<#/);
    expect(clubRows()).toEqual([{ channel_id: channelId('clubTips'), role_id: h.discord.fixture.roles.runners.id }]);
  });

  it("a forged backpain id naming the presser doesn't move someone else's shared card: the presser gets a private copy", async () => {
    const shared = await run(slashCommand('backpain', { user: 'member', options: { activity: 'running', share: true } }));
    const card = shared.message!;
    const before = firstEmbedTitle(h.discord.message(card.id));
    const forged = await run(button(`backpain:running:causes:${id('admin')}`, { user: 'admin', message: card.id }));
    expect(forged.response.type).toBe(4);
    expect(forged.flags).toBe(EPHEMERAL);
    expect(firstEmbedTitle(forged.message)).toMatch(/Why it happens/);
    expect(firstEmbedTitle(h.discord.message(card.id))).toBe(before);
    expect(componentsOf(h.discord.message(card.id)).every((c) => c.custom_id?.endsWith(`:${id('member')}`))).toBe(true);
  });

  it("remind:forget:<presser> on another member's prompt is refused, the prompt unchanged, nothing deleted", async () => {
    const prompt = await run(slashCommand('remind', { user: 'member', subcommand: 'forget-me' }));
    const content = h.discord.message(prompt.message!.id)?.content;
    await refused(button(`remind:forget:${id('admin')}`, { user: 'admin', message: prompt.message!.id }), NOT_YOURS);
    await refused(button(`remind:keep:${id('admin')}`, { user: 'admin', message: prompt.message!.id }), NOT_YOURS);
    expect(h.discord.message(prompt.message!.id)?.content).toBe(content);
    expect(query('SELECT user_id FROM reminders ORDER BY user_id')).toHaveLength(2);
  });

  it("Done, Snooze and Pause pressed by someone else on a member's reminder DM: \"this isn't yours\", nothing changes", { timeout: 30_000 }, async () => {
    const dm = await until(
      () => h.discord.messages(h.discord.dmChannelOf(id('member'))).find((m: WireMessage) => /Reminder #\d+ · /.test(embedText(m))),
      LEAD_MS + 5000,
      "the member's reminder DM",
    );
    await until(() => query<{ status: string }>("SELECT status FROM deliveries WHERE status = 'sent'").length === 1, 3000, 'the delivery recorded');
    const state = () => ({
      reminders: query('SELECT user_id, next_fire_at, paused_reason, paused_until, snooze_at FROM reminders ORDER BY user_id'),
      deliveries: query('SELECT kind, status, done_at FROM deliveries'),
    });
    const before = state();
    for (const action of [`done:${memberReminder}:${DAY}`, `snooze:${memberReminder}:${DAY}`, `pause:${memberReminder}`]) {
      await refused(button(`remind:${action}`, { user: 'admin', dm: true, message: dm.id }), NOT_YOURS);
    }
    expect(state()).toEqual(before);

    // The member's own press still counts.
    const done = await run(button(`remind:done:${memberReminder}:${DAY}`, { user: 'member', dm: true, message: dm.id }));
    expect(done.text).toMatch(/Counted/);
  });
});
