// The knowledge commands' handlers, run exactly as the router and `npm run try` run them.
import { ApplicationCommandOptionType, ComponentType, type APIApplicationCommandOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { backpain } from '../../commands/backpain.ts';
import { redflags } from '../../commands/redflags.ts';
import { stretch } from '../../commands/stretch.ts';
import { about } from '../../commands/about.ts';
import { type ComponentResult } from '../../src/discord/command.ts';
import { UserError, type Reply } from '../../src/render/message.ts';
import { messageProblems } from '../../src/render/limits.ts';
import { MEMBER, OTHER_MEMBER, input, testContext } from '../helpers/context.ts';

const ctx = testContext();
const run = async (p: Reply | Promise<Reply>) => await p;

describe('registration JSON against Discord limits', () => {
  const NAME = /^[-_'\p{L}\p{N}]{1,32}$/u;
  function problems(path: string, o: { name: string; description: string; options?: APIApplicationCommandOption[] }): string[] {
    const out: string[] = [];
    if (!NAME.test(o.name) || o.name !== o.name.toLowerCase()) out.push(`${path}: bad name ${o.name}`);
    if (o.description.length < 1 || o.description.length > 100) out.push(`${path}: description length ${o.description.length}`);
    const options = o.options ?? [];
    if (options.length > 25) out.push(`${path}: ${options.length} options`);
    let seenOptional = false;
    for (const opt of options) {
      if ('required' in opt && opt.required && seenOptional) out.push(`${path}.${opt.name}: required after optional`);
      if (!('required' in opt && opt.required)) seenOptional = true;
      if ('choices' in opt && opt.choices) {
        if (opt.choices.length > 25) out.push(`${path}.${opt.name}: ${opt.choices.length} choices`);
        for (const c of opt.choices) if (c.name.length < 1 || c.name.length > 100 || String(c.value).length > 100) out.push(`${path}.${opt.name}: choice ${c.name}`);
      }
      if ('choices' in opt && opt.choices && 'autocomplete' in opt && opt.autocomplete) out.push(`${path}.${opt.name}: choices with autocomplete`);
      out.push(...problems(`${path}.${opt.name}`, opt as never));
    }
    return out;
  }
  function textLength(o: { name: string; description: string; options?: unknown[]; choices?: { name: string; value: unknown }[] }): number {
    return o.name.length + o.description.length + (o.choices ?? []).reduce((n, c) => n + c.name.length + String(c.value).length, 0) + (o.options ?? []).reduce<number>((n, x) => n + textLength(x as never), 0);
  }

  it('every command is valid, unique and under 8000 characters', () => {
    const names = commands.map((c) => c.data.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of commands) {
      expect(problems(c.data.name, c.data as never)).toEqual([]);
      expect(textLength(c.data as never)).toBeLessThanOrEqual(8000);
    }
  });

  it('/backpain has exactly the options the issue names', () => {
    const opts = backpain.data.options ?? [];
    expect(opts.map((o) => [o.name, o.type, 'required' in o ? Boolean(o.required) : false])).toEqual([
      ['activity', ApplicationCommandOptionType.String, true],
      ['section', ApplicationCommandOptionType.String, false],
      ['share', ApplicationCommandOptionType.Boolean, false],
    ]);
    const section = opts[1] as { choices: { value: string }[] };
    expect(section.choices.map((c) => c.value)).toEqual(['overview', 'causes', 'relief', 'prevention', 'stretches', 'red-flags']);
  });

  it('every command but /clubtips is registered for server and user installs, in servers, the DM with Lumbar and group DMs', () => {
    const where = Object.fromEntries(commands.map((c) => [c.data.name, { integration_types: c.data.integration_types, contexts: c.data.contexts }]));
    const everywhere = { integration_types: [0, 1], contexts: [0, 1, 2] };
    expect(where).toEqual({
      backpain: everywhere,
      stretch: everywhere,
      redflags: everywhere,
      about: everywhere,
      help: everywhere,
      remind: everywhere,
      // Club tips change a server's channels: only where the server itself installed Lumbar, and only in it.
      clubtips: { integration_types: [0], contexts: [0] },
    });
  });

  it('the check itself catches a broken definition', () => {
    expect(problems('x', { name: 'Bad Name', description: '' })).toHaveLength(2);
  });
});

describe('/backpain', () => {
  it('answers privately with the card by default', async () => {
    const reply = await run(backpain.execute(input({ activity: 'dl' }), ctx));
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds?.[0]?.title).toMatch(/deadlift/i);
    expect(messageProblems(reply)).toEqual([]);
  });

  it('posts publicly with share:true and opens the chosen section', async () => {
    const reply = await run(backpain.execute(input({ activity: 'running', section: 'relief', share: true }), ctx));
    expect(reply.ephemeral).toBe(false);
    expect(reply.embeds?.[0]?.title).toMatch(/What helps now/);
    const current = reply.components?.flatMap((r) => r.components).find((c) => 'disabled' in c && c.disabled);
    expect(current && 'label' in current ? current.label : '').toBe('What helps now');
  });

  it('offers "did you mean" privately when unsure, with buttons to the closest cards above the general card', async () => {
    const reply = await run(backpain.execute(input({ activity: 'deadlifting heavy stuff', share: true }), ctx));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Did you mean/);
    const buttons = reply.components?.[0]?.components ?? [];
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.some((b) => 'custom_id' in b && b.custom_id.startsWith('backpain:deadlift:'))).toBe(true);
    expect(buttons.some((b) => 'custom_id' in b && b.custom_id.startsWith('backpain:general:'))).toBe(false);
    expect(reply.embeds?.[0]?.title).toMatch(/exercise in general: Overview/);
    expect(messageProblems(reply)).toEqual([]);
  });

  it('answers with the general card, never a bare list, when nothing is close', async () => {
    const reply = await run(backpain.execute(input({ activity: 'qqqqqqqqqq' }), ctx));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/don't have a card for “qqqqqqqqqq” yet, so here is general advice/);
    expect(reply.content).not.toMatch(/I know about/);
    const embed = reply.embeds?.[0];
    expect(embed?.title).toMatch(/exercise in general: Overview/);
    expect(embed?.footer?.text).toBe(ctx.knowledge.redflags.footer);
    expect(embed?.fields?.map((f) => f.name)).toEqual(expect.arrayContaining(['Why it happens', 'What helps now', 'How to prevent it', 'When to see a doctor', 'Sources']));
    // Its own section buttons move it like any card.
    const ids = (reply.components ?? []).flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(ids).toContain(`backpain:general:red-flags:${MEMBER}`);
    expect(messageProblems(reply)).toEqual([]);
  });

  it('rejects a section outside the list with a clear private message', () => {
    expect(() => backpain.execute(input({ activity: 'dl', section: 'everything' }), ctx)).toThrow(UserError);
  });

  it('section buttons move the card for its owner and give others a private copy', async () => {
    const owner = (await backpain.component!({ ...input(), userId: MEMBER, args: ['deadlift', 'stretches', MEMBER], values: [] }, ctx)) as ComponentResult;
    expect('update' in owner && owner.update.embeds?.[0]?.title).toMatch(/Stretches/);
    // Whether the presser owns the card is the router's to say; an id naming the presser changes nothing.
    const other = (await backpain.component!({ ...input(), userId: OTHER_MEMBER, isOwner: false, args: ['deadlift', 'causes', OTHER_MEMBER], values: [] }, ctx)) as ComponentResult;
    expect('reply' in other && other.reply.ephemeral).toBe(true);
    expect('reply' in other && other.reply.embeds?.[0]?.title).toMatch(/Why it happens/);
    // The copy belongs to whoever clicked, so their buttons move their own card.
    const ids = 'reply' in other ? (other.reply.components ?? []).flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : ''))) : [];
    expect(ids.every((id) => id.endsWith(`:${OTHER_MEMBER}`))).toBe(true);
  });

  it('an out-of-date button gets a clear answer', () => {
    expect(() => backpain.component!({ ...input(), args: ['no-such-activity', 'overview', MEMBER], values: [] }, ctx)).toThrow(/out of date/);
  });

  it('autocomplete ranks aliases, lists everything for empty input, and stays within 25', async () => {
    const choices = await backpain.autocomplete!({ ...input(), focused: { name: 'activity', value: 'jogging' } }, ctx);
    expect(choices[0]?.value).toBe('running');
    const all = await backpain.autocomplete!({ ...input(), focused: { name: 'activity', value: '' } }, ctx);
    expect(all.length).toBe(Math.min(25, ctx.knowledge.activities.length));
    const junk = await backpain.autocomplete!({ ...input(), focused: { name: 'activity', value: 'z'.repeat(100) } }, ctx);
    expect(junk).toEqual([]);
    for (const c of [...choices, ...all]) expect(c.name.length).toBeLessThanOrEqual(100);
  });
});

describe('/stretch', () => {
  it('lists every stretch with a menu when no name is given', async () => {
    const reply = await run(stretch.execute(input({}), ctx));
    const menu = reply.components?.[0]?.components[0];
    expect(menu?.type).toBe(ComponentType.StringSelect);
    expect(menu && 'options' in menu ? menu.options.length : 0).toBe(ctx.knowledge.stretches.length);
  });

  it('shows one stretch step by step', async () => {
    const reply = await run(stretch.execute(input({ name: 'piriformis' }), ctx));
    const fields = reply.embeds?.[0]?.fields ?? [];
    expect(fields.find((f) => f.name === 'How to do it')?.value).toMatch(/^1\. /);
    expect(fields.find((f) => f.name === 'Stop if')?.value).toMatch(/sharp/i);
  });

  it('forgives a misspelled name, and points to the list for an unknown one', async () => {
    const reply = await run(stretch.execute(input({ name: 'hip flexr stretchh' }), ctx));
    expect(reply.embeds?.[0]?.title).toMatch(/hip flexor/i);
    expect(() => stretch.execute(input({ name: 'banana split' }), ctx)).toThrow(/without a name/);
  });

  it('the menu opens the chosen stretch in place', async () => {
    const result = (await stretch.component!({ ...input(), args: ['pick'], values: ['knee-to-chest'] }, ctx)) as ComponentResult;
    expect('update' in result && result.update.embeds?.[0]?.title).toMatch(/knee/i);
  });
});

describe('/redflags', () => {
  it('shows the ladder, most severe first, with a symptom menu', async () => {
    const reply = await run(redflags.execute(input(), ctx));
    expect(reply.ephemeral).toBe(true);
    const names = reply.embeds?.[0]?.fields?.map((f) => f.name) ?? [];
    expect(names[0]).toMatch(/emergency/i);
    expect(messageProblems(reply)).toEqual([]);
  });

  it('answers with the most severe level among the chosen symptoms', async () => {
    const [emergency, , soon] = ctx.knowledge.redflags.levels;
    const result = (await redflags.component!({ ...input(), args: ['check'], values: [soon.symptoms[0]!.id, emergency.symptoms[2]!.id] }, ctx)) as ComponentResult;
    expect('reply' in result && result.reply.ephemeral).toBe(true);
    const text = 'reply' in result ? (result.reply.embeds?.[0]?.description ?? '') : '';
    expect(text).toContain(emergency.action);
    expect(text).toMatch(/needs checking now/);
    const onlySoon = (await redflags.component!({ ...input(), args: ['check'], values: [soon.symptoms[0]!.id] }, ctx)) as ComponentResult;
    expect('reply' in onlySoon && onlySoon.reply.embeds?.[0]?.description).toContain(soon.action);
  });
});

describe('/about', () => {
  it('names every source and what Lumbar stores', async () => {
    const reply = await run(about.execute(input(), ctx));
    const text = JSON.stringify(reply.embeds);
    for (const s of ctx.knowledge.sources) expect(text).toContain(s.title);
    expect(text).toMatch(/What Lumbar stores about you/);
    expect(messageProblems(reply)).toEqual([]);
  });
});
