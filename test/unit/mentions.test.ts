// Command references: plain bold text without ids (npm run try, before ready), clickable mentions with them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ComponentType, type APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { CommandIds } from '../../src/app/command-ids.ts';
import { learnedIds } from '../helpers/command-ids.ts';
import { LIMITS } from '../../src/render/common.ts';
import { linkCommands, linkText } from '../../src/render/mentions.ts';
import { messageProblems } from '../../src/render/limits.ts';
import { ROOT } from '../../src/base/paths.ts';

const known = () => learnedIds();
const idOf = (name: string) => String(1000 + commands.findIndex((c) => c.data.name === name));

describe('CommandIds.mention', () => {
  it('is bold plain text while no id is known', () => {
    const ids = new CommandIds();
    expect(ids.mention('redflags')).toBe('**/redflags**');
    expect(ids.mention('remind', 'resume')).toBe('**/remind resume**');
  });

  it('is a clickable mention with the id Discord gave', () => {
    const ids = known();
    expect(ids.mention('redflags')).toBe(`</redflags:${idOf('redflags')}>`);
    expect(ids.mention('remind', 'resume')).toBe(`</remind resume:${idOf('remind')}>`);
    expect(ids.mention('clubtips', 'status')).toBe(`</clubtips status:${idOf('clubtips')}>`);
  });

  it('stays plain for what cannot be clicked: a command with subcommands alone, an unknown subcommand or command', () => {
    const ids = known();
    expect(ids.mention('remind')).toBe('**/remind**');
    expect(ids.mention('remind', 'snooze')).toBe('**/remind snooze**');
    expect(ids.mention('backpain', 'deadlift')).toBe('**/backpain deadlift**');
    expect(ids.mention('nosuch')).toBe('**/nosuch**');
  });

  it('learns anew: ids Discord no longer lists are forgotten; other command types are not mentionable', () => {
    const ids = known();
    ids.learn([{ id: '7', name: 'about', type: 1 }, { id: '8', name: 'Report', type: 3 }]);
    expect(ids.mention('about')).toBe('</about:7>');
    expect(ids.mention('redflags')).toBe('**/redflags**');
    expect(ids.size).toBe(1);
  });
});

describe('linkCommands', () => {
  const mention = (name: string, sub?: string) => known().mention(name, sub);

  it('links content, embed descriptions and field values; leaves titles, field names, footers and buttons', () => {
    const embed: APIEmbed = {
      title: 'See **/about**',
      description: 'Signs: **/redflags**. Open one with **/stretch name:** or **/stretch**.',
      fields: [{ name: '**/about**', value: 'Paused: **/remind resume** restarts it.' }],
      footer: { text: '**/redflags**' },
    };
    const body = {
      content: 'Run **/backpain** again.',
      embeds: [embed],
      components: [{ type: ComponentType.ActionRow as const, components: [{ type: ComponentType.Button as const, style: 1 as const, label: '**/about**', custom_id: 'x' }] }],
    };
    const out = linkCommands(body, mention);
    expect(out.content).toBe(`Run </backpain:${idOf('backpain')}> again.`);
    expect(out.embeds?.[0]?.description).toBe(`Signs: </redflags:${idOf('redflags')}>. Open one with **/stretch name:** or </stretch:${idOf('stretch')}>.`);
    expect(out.embeds?.[0]?.fields?.[0]).toEqual({ name: '**/about**', value: `Paused: </remind resume:${idOf('remind')}> restarts it.` });
    expect(out.embeds?.[0]?.title).toBe('See **/about**');
    expect(out.embeds?.[0]?.footer?.text).toBe('**/redflags**');
    expect(out.components).toEqual(body.components);
    // The input is not changed.
    expect(body.content).toBe('Run **/backpain** again.');
  });

  it('without ids the body is exactly what the renderer made', () => {
    const body = { content: 'Run **/remind resume**.', embeds: [{ description: '**/about**' }] };
    expect(linkCommands(body, (n, s) => new CommandIds().mention(n, s))).toEqual(body);
  });

  it('keeps plain references where the mentions would break a limit', () => {
    const nearlyFull = `${'x'.repeat(LIMITS.fieldValue - 12)} **/about**`;
    expect(linkText(nearlyFull, mention, LIMITS.fieldValue)).toBe(nearlyFull);
    const content = `${'y'.repeat(LIMITS.content - 12)} **/about**`;
    expect(linkCommands({ content }, mention).content).toBe(content);
    // Five characters short of the 6000 all embeds share: each field fits alone, the embed together would not.
    const fields = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, value: `${'z'.repeat(LIMITS.fieldValue - 60)} **/redflags** **/about**` }));
    const fieldsLength = fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    const body = { embeds: [{ description: 'd'.repeat(LIMITS.embedTotal - 5 - fieldsLength), fields }] };
    expect(messageProblems(body)).toEqual([]);
    const out = linkCommands(body, mention);
    expect(out.embeds).toEqual(body.embeds);
    expect(messageProblems(out)).toEqual([]);
  });
});

describe('command references in the code', () => {
  /** Every bold `/name` or `/name sub` written in src/ and commands/. */
  function references(): { file: string; name: string; sub: string | undefined }[] {
    const found: { file: string; name: string; sub: string | undefined }[] = [];
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    for (const file of [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'commands'))]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\*\*\/([a-z0-9_-]+)(?: ([a-z0-9_-]+))?\*\*/g)) found.push({ file, name: m[1] ?? '', sub: m[2] });
    }
    return found;
  }

  it('each names a real command (and subcommand), so it becomes clickable once the ids are known', () => {
    const refs = references();
    expect(refs.length).toBeGreaterThan(20);
    const ids = known();
    // A command with subcommands named alone ("/remind") is left plain on purpose: Discord needs the subcommand.
    const hasSubcommands = (name: string) => commands.find((c) => c.data.name === name)?.data.options?.some((o) => o.type === 1) ?? false;
    const broken = refs.filter((r) => !(r.sub === undefined && hasSubcommands(r.name))).filter((r) => ids.mention(r.name, r.sub).startsWith('**'));
    expect(broken.map((r) => `${r.file}: /${r.name}${r.sub ? ` ${r.sub}` : ''}`)).toEqual([]);
    // And the check itself sees a misspelt one.
    expect(ids.mention('remind', 'resum')).toMatch(/^\*\*/);
  });
});
