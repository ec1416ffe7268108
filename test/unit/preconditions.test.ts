// The router's precondition step on plain facts: option rules (channels and roles of this server only, text or
// announcement channels only, never @everyone) and component ownership (never from the custom id).
import { ChannelType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { clubtips } from '../../commands/clubtips.ts';
import { backpain } from '../../commands/backpain.ts';
import { remind } from '../../commands/remind.ts';
import { type Command } from '../../src/discord/command.ts';
import { UserError } from '../../src/render/message.ts';
import { MESSAGE_OWNER_ONLY, NOT_YOURS, checkInstall, checkOptions, checkOwner, type ChannelFacts, type OptionFacts } from '../../src/discord/preconditions.ts';
import { commands } from '../../commands/index.ts';
import { MEMBER, OTHER_MEMBER, input, testContext } from '../helpers/context.ts';

const HERE = '400000000000000004'; // input()'s guild
const THERE = '900000000000000009';
const CHANNELS: Record<string, ChannelFacts> = {
  text: { guildId: HERE, type: ChannelType.GuildText },
  news: { guildId: HERE, type: ChannelType.GuildAnnouncement },
  category: { guildId: HERE, type: ChannelType.GuildCategory },
  voice: { guildId: HERE, type: ChannelType.GuildVoice },
  thread: { guildId: HERE, type: ChannelType.PublicThread },
  theirs: { guildId: THERE, type: ChannelType.GuildText },
};
const ROLES: Record<string, string[]> = { runners: [HERE], theirs: [THERE], forged: [HERE, THERE] };
const facts: OptionFacts = {
  channel: (id) => CHANNELS[id] ?? { guildId: null, type: null },
  roleGuilds: (id) => ROLES[id] ?? [],
};

const enable = (options: Record<string, string>) => () => checkOptions(clubtips, input(options, { subcommand: 'enable' }), facts);

describe('option rules', () => {
  it('accepts a text or announcement channel and a role of this server', () => {
    expect(enable({ channel: 'text', role: 'runners' })).not.toThrow();
    expect(enable({ channel: 'news' })).not.toThrow();
  });

  it("refuses another server's channel and role, and one Lumbar can't see", () => {
    expect(enable({ channel: 'theirs' })).toThrow(/another server/);
    expect(enable({ channel: 'text', role: 'theirs' })).toThrow(/another server/);
    // A forged interaction puts its role into this server's cache too; another server having it decides.
    expect(enable({ channel: 'text', role: 'forged' })).toThrow(/another server/);
    expect(enable({ channel: 'gone' })).toThrow(/can't see/);
    expect(() => checkOptions(clubtips, input({ channel: 'theirs' }, { subcommand: 'post-now' }), facts)).toThrow(/another server/);
  });

  it('refuses categories, voice channels and threads by name, and @everyone as a role', () => {
    expect(enable({ channel: 'category' })).toThrow(/is a category: tips go in a text or announcement channel/);
    expect(enable({ channel: 'voice' })).toThrow(/is a voice channel/);
    expect(enable({ channel: 'thread' })).toThrow(/is a thread/);
    expect(enable({ channel: 'text', role: HERE })).toThrow(/@everyone/);
    expect(enable({ channel: 'text', role: HERE })).toThrow(UserError);
  });

  it('checks only the subcommands and options a command declares', () => {
    expect(() => checkOptions(clubtips, input({ channel: 'theirs' }, { subcommand: 'disable' }), facts)).not.toThrow();
    const plain: Pick<Command, 'optionRules'> = {};
    expect(() => checkOptions(plain, input({ channel: 'theirs' }), facts)).not.toThrow();
  });
});

describe('component ownership', () => {
  it("by default only the message's owner may press; nobody, when the message has no owner", () => {
    expect(checkOwner(MESSAGE_OWNER_ONLY, MEMBER, MEMBER)).toBe(true);
    expect(() => checkOwner(MESSAGE_OWNER_ONLY, OTHER_MEMBER, MEMBER)).toThrow(NOT_YOURS);
    expect(() => checkOwner(MESSAGE_OWNER_ONLY, MEMBER, null)).toThrow(NOT_YOURS);
  });

  it("a shared /backpain card lets others through as non-owners, whatever owner the custom id names", async () => {
    const rule = await backpain.componentOwner!(['running', 'causes', OTHER_MEMBER], testContext());
    expect(checkOwner(rule, OTHER_MEMBER, MEMBER)).toBe(false);
    expect(checkOwner(rule, MEMBER, MEMBER)).toBe(true);
  });

  it("a reminder's buttons belong to the reminder's member; a reminder that is gone is out of date", async () => {
    const ctx = testContext();
    await remind.execute(input({ time: '07:30', timezone: 'UTC' }, { subcommand: 'set' }), ctx);
    const [reminder] = await ctx.store.reminders.list(MEMBER);
    for (const action of ['done', 'snooze', 'pause']) {
      const rule = await remind.componentOwner!([action, String(reminder!.id), '2026-11-22'], ctx);
      expect(rule).toEqual({ kind: 'member', userId: MEMBER });
      // A reminder DM has no interaction metadata: the presser's own DM says nothing about whose it is.
      expect(() => checkOwner(rule, OTHER_MEMBER, null)).toThrow(NOT_YOURS);
      expect(checkOwner(rule, MEMBER, null)).toBe(true);
    }
    const gone = await remind.componentOwner!(['done', '12345', '2026-11-22'], ctx);
    expect(() => checkOwner(gone, MEMBER, null)).toThrow(/out of date/);
    // The forget-me prompt is the message owner's, whatever id its button carries.
    expect(await remind.componentOwner!(['forget', OTHER_MEMBER], ctx)).toEqual(MESSAGE_OWNER_ONLY);
  });
});

describe('installation and place', () => {
  const SERVER = { context: 0, owners: { 0: HERE } } as const;
  const BOT_DM = { context: 1, owners: { 0: '0' } } as const;
  const USER_IN_OTHER_SERVER = { context: 0, owners: { 1: MEMBER } } as const;
  const USER_IN_GROUP_DM = { context: 2, owners: { 1: MEMBER } } as const;

  it('every command but /clubtips works through a server install, the DM with Lumbar and a member\'s own install anywhere', () => {
    for (const command of commands.filter((c) => c.data.name !== 'clubtips')) {
      for (const facts of [SERVER, BOT_DM, USER_IN_OTHER_SERVER, USER_IN_GROUP_DM, { context: 0, owners: { 0: HERE, 1: MEMBER } } as const]) {
        expect(() => checkInstall(command, facts), `${command.data.name} ${JSON.stringify(facts)}`).not.toThrow();
      }
    }
  });

  it('/clubtips only in a server where Lumbar itself is installed, refused clearly through a member\'s own install', () => {
    expect(() => checkInstall(clubtips, SERVER)).not.toThrow();
    expect(() => checkInstall(clubtips, { context: 0, owners: { 0: HERE, 1: MEMBER } })).not.toThrow();
    expect(() => checkInstall(clubtips, USER_IN_OTHER_SERVER)).toThrow(UserError);
    expect(() => checkInstall(clubtips, USER_IN_OTHER_SERVER)).toThrow(/only in servers where Lumbar itself has been added/);
    expect(() => checkInstall(clubtips, USER_IN_GROUP_DM)).toThrow(/only in servers where Lumbar itself/);
    expect(() => checkInstall(clubtips, BOT_DM)).toThrow(/works only in a server/);
  });

  it('an interaction that names no installation is judged by the place alone', () => {
    expect(() => checkInstall(backpain, { context: null, owners: {} })).not.toThrow();
    expect(() => checkInstall(clubtips, { context: 0, owners: {} })).not.toThrow();
    expect(() => checkInstall(clubtips, { context: 2, owners: {} })).toThrow(UserError);
  });
});
