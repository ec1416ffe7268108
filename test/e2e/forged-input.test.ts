// Forged input through the local Discord: an INTERACTION_CREATE whose permission strings are not numbers.
// discord.js parses them with BigInt while building the interaction, before Lumbar's router sees it; the
// bot must neither die nor stay silent. Malformed permissions count as none (fail closed).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, stopAllBots, type BotProcess } from './bot-process.ts';
import { slashCommand, type InteractionHandle, type LocalDiscord } from './emulator/index.ts';
import { embedText, isJson, startDiscordAndBot, withLogs } from './helpers.ts';

const EPHEMERAL = 64;

let discord: LocalDiscord;
let bot: BotProcess;
let checkRequests: () => void;

beforeAll(async () => {
  ({ discord, bot, checkRequests } = await startDiscordAndBot());
});

afterEach(() => checkRequests());

afterAll(async () => {
  await stopAllBots();
  await discord?.close();
  removeTempDirs();
});

async function answer(handle: InteractionHandle) {
  const response = await withLogs(bot, handle.response());
  const data = isJson(response.data) ? response.data : {};
  return { type: response.type, flags: data.flags, text: embedText(await handle.original()) };
}

describe('an interaction with malformed permissions', () => {
  // "1e400" passes discord.js's isNaN test and then breaks BigInt; "abc" is no flag name.
  for (const [permissions, appPermissions] of [['abc', '1e400'], ['1e400', 'abc']]) {
    it(`member.permissions "${permissions}", app_permissions "${appPermissions}": a private refusal, and the bot runs on`, async () => {
      // Discord would hide /clubtips from a member without Manage Server; a forged packet is delivered anyway.
      const forged = slashCommand('clubtips', { user: 'admin', subcommand: 'status', permissions, appPermissions, unchecked: true });
      const refused = await answer(discord.injectInteraction(forged));
      expect(refused.type).toBe(4);
      expect(refused.flags).toBe(EPHEMERAL);
      // Even the server's owner counts as having no permissions when the packet's are unreadable.
      expect(refused.text).toMatch(/Only members with the \*\*Manage Server\*\* permission/);
      await bot.waitForLog((l) => l.msg === 'an interaction carried malformed permissions; treated as none' && JSON.stringify(l.fields) === JSON.stringify(['app_permissions', 'member.permissions']));

      const next = await answer(discord.injectInteraction(slashCommand('backpain', { options: { activity: 'deadlift' } })));
      expect(next.type).toBe(4);
      expect(next.text).toMatch(/deadlift/i);
      expect(bot.exitInfo).toBeNull();
    });
  }

  it('a flag name instead of a number ("ManageGuild", which discord.js would read as that flag) grants nothing', async () => {
    const forged = slashCommand('clubtips', { user: 'member', subcommand: 'status', permissions: 'ManageGuild', appPermissions: '-1', unchecked: true });
    const refused = await answer(discord.injectInteraction(forged));
    expect(refused.type).toBe(4);
    expect(refused.flags).toBe(EPHEMERAL);
    expect(refused.text).toMatch(/Only members with the \*\*Manage Server\*\* permission/);
    expect(bot.exitInfo).toBeNull();
  });
});
