// Forged input through the local Discord: an INTERACTION_CREATE whose permission strings are not numbers.
// discord.js parses them with BigInt while building the interaction, before Lumbar's router sees it; the
// bot must neither die nor stay silent. Malformed permissions count as none (fail closed).
import { describe, expect, it } from 'vitest';
import { slashCommand } from './emulator/index.ts';
import { EPHEMERAL, e2eHarness } from './harness.ts';

const h = e2eHarness({ bot: {} });

describe('an interaction with malformed permissions', () => {
  // "1e400" passes discord.js's isNaN test and then breaks BigInt; "abc" is no flag name.
  for (const [permissions, appPermissions] of [['abc', '1e400'], ['1e400', 'abc']]) {
    it(`member.permissions "${permissions}", app_permissions "${appPermissions}": a private refusal, and the bot runs on`, async () => {
      // Discord would hide /clubtips from a member without Manage Server; a forged packet is delivered anyway.
      const forged = slashCommand('clubtips', { user: 'admin', subcommand: 'status', permissions, appPermissions, unchecked: true });
      const refused = await h.run(forged);
      expect(refused.type).toBe(4);
      expect(refused.flags).toBe(EPHEMERAL);
      // Even the server's owner counts as having no permissions when the packet's are unreadable.
      expect(refused.text).toMatch(/Only members with the \*\*Manage Server\*\* permission/);
      await h.bot.waitForLog((l) => l.msg === 'an interaction carried malformed permissions; treated as none' && JSON.stringify(l.fields) === JSON.stringify(['app_permissions', 'member.permissions']));

      const next = await h.run(slashCommand('backpain', { options: { activity: 'deadlift' } }));
      expect(next.type).toBe(4);
      expect(next.text).toMatch(/deadlift/i);
      expect(h.bot.exitInfo).toBeNull();
    });
  }

  it('a flag name instead of a number ("ManageGuild", which discord.js would read as that flag) grants nothing', async () => {
    const forged = slashCommand('clubtips', { user: 'member', subcommand: 'status', permissions: 'ManageGuild', appPermissions: '-1', unchecked: true });
    const refused = await h.run(forged);
    expect(refused.type).toBe(4);
    expect(refused.flags).toBe(EPHEMERAL);
    expect(refused.text).toMatch(/Only members with the \*\*Manage Server\*\* permission/);
    expect(h.bot.exitInfo).toBeNull();
  });
});
