// The stretch pictures as attachments (issue 12): attached wherever a stretch is shown, shown by the embed as
// attachment://<file>, described for screen readers, and sent by the adapters as Discord expects (multipart files,
// the attachments array with descriptions, an update replacing the message's files).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { backpain } from '../../commands/backpain.ts';
import { stretch } from '../../commands/stretch.ts';
import type { ComponentResult } from '../../src/discord/command.ts';
import { createDiscordMessenger } from '../../src/discord/messenger.ts';
import { toDiscord } from '../../src/discord/router.ts';
import { messageProblems, messageTexts } from '../../src/render/limits.ts';
import type { MessageBody, Reply } from '../../src/render/message.ts';
import { STRIP, stripSize, stripSvg } from '../../src/render/pictures/strip.ts';
import { poseSvg } from '../../src/render/pictures/generator.ts';
import { DATA_DIR } from '../../src/content/index.ts';
import { loadPoses } from '../../src/content/poses.ts';
import { renderReminderDm } from '../../src/render/reminder.ts';
import { renderTipPost } from '../../src/render/tip.ts';
import { MEMBER, input, testContext } from '../helpers/context.ts';

const ctx = testContext();
const k = ctx.knowledge;
const png = (b: Buffer) => ({ signature: b.subarray(0, 8).toString('hex'), width: b.readUInt32BE(16), height: b.readUInt32BE(20) });
const image = (body: MessageBody) => body.embeds?.[0]?.image?.url;
const files = (body: MessageBody) => body.files?.map((f) => f.name);

describe('pictures where a stretch is shown', () => {
  it('/stretch name: attaches the stretch’s picture, shown as attachment://, with its alt text as the description', async () => {
    const reply = (await stretch.execute(input({ name: 'piriformis' }), ctx)) as Reply;
    const picture = ctx.pictures.stretches.get('piriformis-stretch')!;
    expect(image(reply)).toBe('attachment://piriformis-stretch.png');
    expect(reply.files).toEqual([{ name: 'piriformis-stretch.png', data: picture.png, description: picture.alt }]);
    expect(messageProblems(reply)).toEqual([]);
  });

  it('the stretch menu replaces the picture with the chosen stretch’s', async () => {
    const result = (await stretch.component!({ ...input(), args: ['pick'], values: ['knee-rolls'] }, ctx)) as ComponentResult;
    expect('update' in result && files(result.update)).toEqual(['knee-rolls.png']);
    expect('update' in result && image(result.update)).toBe('attachment://knee-rolls.png');
  });

  it('/backpain’s stretches section shows a strip of its stretches, in the listed order; every other section removes it', async () => {
    const running = k.activityById.get('running')!;
    const card = (await backpain.execute(input({ activity: 'running', section: 'stretches' }), ctx)) as Reply;
    expect(image(card)).toBe('attachment://running-stretches.png');
    const strip = card.files![0]!;
    expect(png(strip.data)).toEqual({ signature: '89504e470d0a1a0a', ...stripSize(running.stretches.length) });
    expect(strip.description).toMatch(/^4 stretch pictures, two to a row, in the order listed: 1\. Kneeling back bend\. Drawing/);
    expect(card.embeds?.[0]?.fields?.slice(0, 4).map((f) => f.name.split(' · ')[0])).toEqual(running.stretches.map((id, i) => `${i + 1}. ${k.stretchById.get(id)!.name}`));
    for (const section of ['overview', 'causes', 'relief', 'prevention', 'red-flags']) {
      const other = (await backpain.component!({ ...input(), userId: MEMBER, args: ['running', section, MEMBER], values: [] }, ctx)) as ComponentResult;
      expect('update' in other && other.update.files, section).toEqual([]);
      expect('update' in other && image(other.update), section).toBeUndefined();
    }
  });

  it('a strip is two to a row at half size, an odd last picture centred; one stretch is its own picture', () => {
    expect(stripSize(4)).toEqual({ width: 800 + STRIP.gap, height: 450 + STRIP.gap });
    expect(stripSize(3)).toEqual(stripSize(4));
    expect(stripSize(1)).toEqual({ width: 400, height: 225 });
    const three = ctx.pictures.strips.get('overhead-press')!;
    expect(k.activityById.get('overhead-press')!.stretches).toHaveLength(3);
    expect(png(three.png)).toMatchObject(stripSize(3));
    for (const a of k.activities) expect(ctx.pictures.strips.get(a.id)?.alt.length ?? 0, a.id).toBeLessThanOrEqual(1024);
  });

  it('a strip nests the pictures’ own drawings, each with ids of its own (its clip and glow are not another’s)', () => {
    const poses = loadPoses(DATA_DIR, k).slice(0, 3);
    const svg = stripSvg(poses.map(poseSvg));
    expect(svg.match(/<svg /g)).toHaveLength(4);
    for (const i of [0, 1, 2]) expect(svg).toContain(`id="c${i}-card"`);
    const ids = [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, ref] of svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref);
  });

  it('a reminder DM attaches its stretch’s picture', () => {
    const dm = renderReminderDm(k, ctx.pictures, { reminderId: 3, localDate: '2026-11-22' }, k.stretchById.get('pelvic-tilts')!);
    expect(image(dm)).toBe('attachment://pelvic-tilts.png');
    expect(files(dm)).toEqual(['pelvic-tilts.png']);
  });

  it('a club tip attaches the picture of the stretch it features, and a tip about no stretch attaches nothing', () => {
    const featuring = k.tips.filter((t) => t.stretch);
    expect(featuring.length).toBeGreaterThan(5);
    for (const t of featuring) {
      const post = renderTipPost(k, ctx.pictures, t, '2026-11-22', null);
      expect(files(post), t.id).toEqual([`${t.stretch}.png`]);
      expect(image(post), t.id).toBe(`attachment://${t.stretch}.png`);
    }
    const plain = renderTipPost(k, ctx.pictures, k.tips.find((t) => !t.stretch)!, '2026-11-22', null);
    expect(plain.files).toBeUndefined();
    expect(image(plain)).toBeUndefined();
  });

  it('the README’s picture is the one the bot attaches for the piriformis stretch', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toMatch(/!\[[^\]]+\]\(docs\/stretch-example\.png\)/);
    expect(readFileSync(resolve(import.meta.dirname, '../../docs/stretch-example.png')).equals(ctx.pictures.stretches.get('piriformis-stretch')!.png)).toBe(true);
  });

  it('the alt texts are checked like every other text a member reads', () => {
    const body = renderReminderDm(k, ctx.pictures, { reminderId: 3, localDate: '2026-11-22' }, k.stretchById.get('knee-rolls')!);
    expect(messageTexts(body)).toContain(ctx.pictures.stretches.get('knee-rolls')!.alt);
  });
});

describe('the limits check holds attachments to Discord’s rules', () => {
  const data = Buffer.from('x');
  it('an embed must show a file the message sends, named plainly and described within 1024 characters', () => {
    expect(messageProblems({ embeds: [{ image: { url: 'attachment://a.png' } }] })).toEqual(['an embed shows attachment://a.png, which the message does not send']);
    expect(messageProblems({ embeds: [{ image: { url: 'attachment://a.png' } }], files: [{ name: 'a.png', data, description: 'A' }] })).toEqual([]);
    expect(messageProblems({ files: [{ name: 'a b.png', data, description: 'x'.repeat(1025) }] })).toEqual([
      'file name "a b.png" has characters Discord replaces',
      'file a b.png has a description of 1025 characters (1–1024)',
    ]);
    expect(messageProblems({ files: Array.from({ length: 11 }, (_, i) => ({ name: `${i}.png`, data, description: 'd' })) })).toEqual(['11 files (max 10)']);
  });
});

describe('the Discord adapters', () => {
  const body: MessageBody = { embeds: [{ title: 't', image: { url: 'attachment://a.png' } }], files: [{ name: 'a.png', data: Buffer.from('png'), description: 'A drawing' }] };

  it('a reply or an update sends the files, each described, and keeps none of the message’s old attachments', () => {
    const out = toDiscord(body);
    expect(out.files).toEqual([{ attachment: body.files![0]!.data, name: 'a.png', description: 'A drawing' }]);
    expect(out.attachments).toEqual([]);
    expect(toDiscord({ ...body, files: [] })).toMatchObject({ files: [], attachments: [] });
    // No files in the body: an update leaves the message's files alone.
    const plain = toDiscord({ content: 'hi' });
    expect('files' in plain || 'attachments' in plain).toBe(false);
  });

  it('a scheduled send is multipart: files[n] with its name, listed in attachments by index with its description', async () => {
    const posts: { route: string; options: Record<string, unknown> }[] = [];
    const rest = { on: () => rest, post: async (route: string, options: Record<string, unknown>) => (posts.push({ route, options }), { id: '9' }) };
    const client = { rest } as unknown as Client;
    const messenger = createDiscordMessenger(client, 1000);
    await messenger.send('123', body, 'nonce-1');
    await messenger.send('123', { content: 'no files' }, 'nonce-2');
    const [withFile, without] = posts;
    expect(withFile!.options.body).toMatchObject({ nonce: 'nonce-1', attachments: [{ id: '0', filename: 'a.png', description: 'A drawing' }] });
    expect(withFile!.options.files).toEqual([{ name: 'a.png', data: body.files![0]!.data, contentType: 'image/png' }]);
    expect(without!.options.files).toBeUndefined();
    expect(without!.options.body).not.toHaveProperty('attachments');
  });
});
