// Lumbar wherever members are: registered for server and user installs, it answers through a member's own install
// in a server it is not in (no GUILD_CREATE: the server and channel are unknown to its cache) and in a group DM;
// reminders set there still arrive by DM; /clubtips is not offered there and refused if it comes anyway; and
// command references are clickable mentions with the ids Discord gave at registration.
import { REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { registrationHint, syncCommands } from '../../src/discord/sync.ts';
import { createLogger } from '../../src/base/logger.ts';
import { ELSEWHERE, button, slashCommand, startLocalDiscord, type UserInstallPlace } from './emulator/index.ts';
import { componentsOf, embedText, firstEmbedTitle } from './helpers.ts';
import { EPHEMERAL, e2eHarness } from './harness.ts';

const ZOE = '1180000000000000131'; // in no server with Lumbar: she added Lumbar to her account
const LEAD_MS = 15_000;
const START = Date.parse('2026-06-03T07:29:45Z');

const h = e2eHarness({
  fixture: { users: { zoe: { id: ZOE, username: 'zoe_runs', globalName: 'Zoe' } } },
  prefix: 'lumbar-user-install-',
  bot: { startAt: START, readyMs: LEAD_MS },
});

const idOf = (name: string) => h.discord.commands().find((c) => c.name === name)?.id ?? 'missing';
const elsewhere = (place: UserInstallPlace) => (place === 'group-dm' ? ELSEWHERE.groupDmId : ELSEWHERE.channelId);
const failures = () => h.bot.logs.filter((l) => l.msg === 'interaction failed');

/** The bot's clock now (it started at START and runs in real time), for a reminder a little ahead of it. */
function nextMinuteOfBot(aheadMs: number): { at: number; time: string } {
  const botNow = START + (Date.now() - h.bot.spawnedAt);
  const at = Math.ceil((botNow + aheadMs) / 60_000) * 60_000;
  return { at, time: new Date(at).toISOString().slice(11, 16) };
}

describe('registration', () => {
  it('registers every command for server and user installs, in servers, DMs and group DMs; /clubtips for servers only', () => {
    const registered = Object.fromEntries(h.discord.commands().map((c) => [c.name, [c.integration_types, c.contexts]]));
    expect(registered).toEqual({
      backpain: [[0, 1], [0, 1, 2]],
      stretch: [[0, 1], [0, 1, 2]],
      redflags: [[0, 1], [0, 1, 2]],
      about: [[0, 1], [0, 1, 2]],
      help: [[0, 1], [0, 1, 2]],
      remind: [[0, 1], [0, 1, 2]],
      clubtips: [[0], [0]],
    });
    const put = h.discord.requests.find((r) => r.method === 'PUT' && r.route === 'PUT /applications/:app/commands');
    expect(put?.status).toBe(200);
    expect(put?.contractErrors).toEqual([]);
    expect(h.discord.contractViolations).toEqual([]);
  });

  it("the contract check refuses it for an application that can't be added to accounts", async () => {
    const guildOnly = await startLocalDiscord({ fixture: { application: { id: '1180000000000000100', name: 'Lumbar', flags: 0, integrationTypes: [0] } } });
    try {
      const rest = new REST({ api: guildOnly.apiUrl }).setToken(guildOnly.token);
      const refused = await syncCommands(rest, guildOnly.applicationId, commands.map((c) => c.data), { logger: createLogger('silent') }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 400, code: 50035 });
      expect(guildOnly.contractViolations.flatMap((r) => r.contractErrors).join('\n')).toMatch(/integration_types/);
      // Lumbar's log (and npm run commands:deploy) names the fix.
      expect(registrationHint(refused)).toMatch(/Developer Portal.*Installation.*User Install/);
    } finally {
      await guildOnly.close();
    }
  });
});

describe('/remind through a user install', () => {
  it('is set from a group DM, and the reminder arrives by DM', async () => {
    const { at, time } = nextMinuteOfBot(4000);
    const set = await h.run(slashCommand('remind', { user: 'zoe', userInstall: 'group-dm', subcommand: 'set', options: { time, timezone: 'UTC' } }));
    expect(set.type).toBe(5);
    expect(set.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(set.text).toMatch(new RegExp(`Reminder \\*\\*#\\d+\\*\\* set: \\*\\*${time}\\*\\*`));
    expect(set.text).toContain(`<t:${at / 1000}:F>`);
    // The DM check went to Zoe's DM with Lumbar, not into the group DM.
    const dm = h.discord.dmChannelOf(ZOE);
    expect(h.discord.messages(dm).map((m) => m.content).join('\n')).toMatch(/This is where your Lumbar stretch reminders will arrive/);
    expect(h.discord.messages(ELSEWHERE.groupDmId)).toEqual([]);
    const reminder = await h.until(() => h.discord.messages(dm).find((m) => /Reminder #\d+ · /.test(embedText(m))), at - (START + Date.now() - h.bot.spawnedAt) + 15_000, 'the reminder DM');
    expect(componentsOf(reminder).map((c) => c.label)).toEqual(expect.arrayContaining(['Done']));
    expect(h.discord.messages(ELSEWHERE.groupDmId)).toEqual([]);
  }, 90_000);

  it('answers in a server without Lumbar too, naming commands as clickable mentions', async () => {
    const paused = await h.run(slashCommand('remind', { user: 'zoe', userInstall: 'server-without-bot', subcommand: 'pause' }));
    expect(paused.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(paused.text).toContain(`until you run </remind resume:${idOf('remind')}>`);
    const resumed = await h.run(slashCommand('remind', { user: 'zoe', userInstall: 'server-without-bot', subcommand: 'resume' }));
    expect(resumed.text).toMatch(/▶️ #\d+/);
    expect(failures()).toEqual([]);
  });
});

describe('/backpain through a user install', () => {
  for (const place of ['server-without-bot', 'group-dm'] as const) {
    it(`answers privately in a ${place}, and a shared card's buttons work there`, async () => {
      const card = await h.run(slashCommand('backpain', { user: 'zoe', userInstall: place, options: { activity: 'deadlift' } }));
      expect(card.type).toBe(4);
      expect(card.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(firstEmbedTitle(card.message)).toMatch(/deadlift/i);

      const shared = await h.run(slashCommand('backpain', { user: 'zoe', userInstall: place, options: { activity: 'running', share: true } }));
      expect(shared.flags & EPHEMERAL).toBe(0);
      expect(h.discord.messages(elsewhere(place)).map((m) => m.id)).toContain(shared.message?.id);
      const owner = await h.run(button(`backpain:running:prevention:${ZOE}`, { user: 'zoe', userInstall: place, message: shared.message!.id }));
      expect(owner.type).toBe(7);
      expect(componentsOf(h.discord.message(shared.message!.id)).find((c) => c.custom_id === `backpain:running:prevention:${ZOE}`)?.disabled).toBe(true);
      // A friend in the same place presses it: a private copy of their own, the shared card stays.
      const friend = await h.run(button(`backpain:running:causes:${ZOE}`, { user: 'admin', userInstall: place, message: shared.message!.id }));
      expect(friend.type).toBe(4);
      expect(friend.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(failures()).toEqual([]);
    });
  }
});

describe('/clubtips through a user install', () => {
  it('is not offered there', () => {
    for (const place of ['server-without-bot', 'group-dm'] as const) {
      expect(() => h.discord.injectInteraction(slashCommand('clubtips', { user: 'zoe', userInstall: place, subcommand: 'status' }))).toThrow(/not registered for user installs/);
    }
  });

  it('is refused clearly if it comes anyway, and nothing is stored', async () => {
    const forged = await h.run(
      slashCommand('clubtips', { user: 'zoe', userInstall: 'server-without-bot', subcommand: 'enable', options: { channel: 'general', time: '07:00', timezone: 'UTC' }, unchecked: true }),
    );
    expect(forged.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(forged.text).toMatch(/only in servers where Lumbar itself has been added/);
    expect(h.query<{ n: number }>('SELECT count(*) AS n FROM club_channels')[0]?.n).toBe(0);
    expect(failures()).toEqual([]);
  });
});

describe('/help', () => {
  it('shows every command as a clickable mention with the ids Discord gave at registration', async () => {
    for (const where of [{ userInstall: 'group-dm' as const, user: 'zoe' }, { user: 'member' }]) {
      const answer = await h.run(slashCommand('help', where));
      expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
      for (const path of ['backpain', 'stretch', 'redflags', 'about', 'help', 'remind set', 'remind forget-me', 'clubtips enable']) {
        expect(answer.text, path).toContain(`</${path}:${idOf(path.split(' ')[0]!)}>`);
      }
      expect(answer.text).not.toMatch(/\*\*\/[a-z]/);
      expect(answer.text).toContain(`client_id=${h.discord.applicationId}&scope=applications.commands&integration_type=1`);
    }
  });
});
