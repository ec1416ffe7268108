// /help: every command with a line, clickable once the ids are known, the disclaimer and where the data lives.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { help } from '../../commands/help.ts';
import { CommandIds } from '../../src/app/command-ids.ts';
import { HELP_SECTIONS, WHERE_DATA_LIVES } from '../../src/render/help.ts';
import { STORED_ABOUT_MEMBERS } from '../../src/render/about.ts';
import { messageProblems, messageTexts } from '../../src/render/limits.ts';
import { withMentions } from '../../src/discord/mentions.ts';
import type { Reply } from '../../src/render/message.ts';
import { input, testContext } from '../helpers/context.ts';
import { learnedIds } from '../helpers/command-ids.ts';

const APP = '1180000000000000100';
const subcommandsOf = (name: string) => (commands.find((c) => c.data.name === name)?.data.options ?? []).filter((o) => o.type === 1).map((o) => o.name);

/** What a member sees: the reply as the router sends it, for these ids. */
async function shown(ids: CommandIds): Promise<{ reply: Reply; text: string }> {
  const ctx = testContext({ commandIds: ids });
  const reply = withMentions(await help.execute(input({}), ctx), ids);
  return { reply, text: messageTexts(reply).join('\n') };
}

const learned = () => learnedIds(APP);

describe('/help', () => {
  it('has a line for every command Lumbar registers, and for each of their subcommands, and for nothing else', () => {
    const lines = HELP_SECTIONS.flatMap((s) => s.lines).map((l) => (l.subcommand ? `${l.command} ${l.subcommand}` : l.command));
    const expected = commands.flatMap((c) => {
      const subs = subcommandsOf(c.data.name);
      return subs.length ? subs.map((s) => `${c.data.name} ${s}`) : [c.data.name];
    });
    expect([...lines].sort()).toEqual([...expected].sort());
  });

  it('without ids (npm run try, before ready) names each command in plain bold text', async () => {
    const { reply, text } = await shown(new CommandIds());
    expect(reply.ephemeral).toBe(true);
    expect(text).toContain('**/backpain** — ');
    expect(text).toContain('**/remind resume** — ');
    expect(text).not.toMatch(/<\/\w/);
    expect(messageProblems(reply)).toEqual([]);
  });

  it('with the registered ids shows each command as a clickable mention', async () => {
    const ids = learned();
    const { reply, text } = await shown(ids);
    for (const c of commands) {
      const subs = subcommandsOf(c.data.name);
      for (const path of subs.length ? subs.map((s) => `${c.data.name} ${s}`) : [c.data.name]) {
        expect(text, path).toContain(`</${path}:${ids.idOf(c.data.name)}>`);
      }
    }
    expect(text).not.toMatch(/\*\*\/[a-z]/);
    expect(messageProblems(reply)).toEqual([]);
  });

  it('carries the disclaimer, where it works, and what Lumbar stores where', async () => {
    const ctx = testContext();
    const { text } = await shown(new CommandIds());
    expect(text).toContain(ctx.knowledge.redflags.disclaimer);
    expect(text).toMatch(/group DMs/);
    expect(text).toMatch(/reminders still arrive by DM/);
    for (const stored of STORED_ABOUT_MEMBERS) expect(text).toContain(stored);
    expect(text).toContain(WHERE_DATA_LIVES);
  });

  it('links to add Lumbar to a server and to your own account once the application id is known', async () => {
    expect((await shown(new CommandIds())).text).not.toContain('oauth2');
    const { text } = await shown(learned());
    expect(text).toContain(`[Add Lumbar to a server](https://discord.com/oauth2/authorize?client_id=${APP}&scope=bot+applications.commands&permissions=19456&integration_type=0)`);
    expect(text).toContain(`[Add Lumbar to your account](https://discord.com/oauth2/authorize?client_id=${APP}&scope=applications.commands&integration_type=1)`);
  });
});
