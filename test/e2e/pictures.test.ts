// The stretch pictures end to end (issue 12): the bot as a child process against the local Discord, whose contract
// check holds every upload to Discord's rules (after each test). Each picture must arrive as a multipart file
// `files[0]` with exactly the renderer's bytes, listed in `attachments` with its alt text as the description, and
// shown by the embed as attachment://<file>: /stretch name:, the stretch menu (which replaces the picture), the
// /backpain stretches section (a strip, removed by the next section), /remind test, and the scheduled sends: a
// reminder DM and a club tip that features a stretch.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Picture } from '../../src/content/pictures.ts';
import { loadKnowledgeBase } from '../../src/content/index.ts';
import { channelSeed, nextTip } from '../../src/clubs/rotation.ts';
import { allPictures } from '../../src/render/pictures/strip.ts';
import { button, slashCommand, stringSelect, type FixtureChannel, type Json, type RecordedRequest, type WireMessage } from './emulator/index.ts';
import { componentsOf, embedText, firstEmbedTitle, isJson } from './helpers.ts';
import { EPHEMERAL, e2eHarness, fixturePeople, type Answer } from './harness.ts';

const { knowledge } = loadKnowledgeBase();
const pictures = allPictures(knowledge);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const DAY = '2026-06-10';
const DUE = Date.parse(`${DAY}T07:30:00Z`);
const LEAD_MS = 20_000;

/** A channel whose first tip in rotation (the seed is the channel's id) features a stretch. */
function channelWithStretchTip(): { id: string; tipId: string } {
  const ids = knowledge.tips.map((t) => t.id);
  for (let n = 300; n < 400; n++) {
    const id = `1180000000000000${n}`;
    const { tipId } = nextTip(ids, channelSeed(id), 0, new Set());
    if (knowledge.tipById.get(tipId)?.stretch) return { id, tipId };
  }
  throw new Error('no candidate channel gets a stretch tip first');
}
const TIPS = channelWithStretchTip();
const tipChannel: FixtureChannel = { id: TIPS.id, name: 'stretch-tips', type: 0, position: 3, topic: null };

const PEOPLE = { pia: '1180000000000000121' };
const h = e2eHarness({
  fixture: { channels: { stretchTips: tipChannel }, ...fixturePeople(PEOPLE) },
  prefix: 'lumbar-pictures-',
  bot: { startAt: DUE - LEAD_MS, readyMs: LEAD_MS },
});
const { run, until } = h;

const callbackOf = (answer: Answer): RecordedRequest =>
  h.discord.requests.find((r) => r.route === 'POST /interactions/:interaction/:token/callback' && r.path.startsWith(`/interactions/${answer.handle.id}/`))!;

/** The request sent `picture` as Discord wants it, and the message body shows it. */
function expectSent(request: RecordedRequest, body: unknown, picture: Picture): void {
  expect(request.files).toEqual([{ field: 'files[0]', name: picture.fileName, contentType: 'image/png', size: picture.png.length, sha256: sha(picture.png) }]);
  expect(body).toMatchObject({ attachments: [{ id: '0', description: picture.alt }], embeds: [{ image: { url: `attachment://${picture.fileName}` } }] });
}

/** The message holds `picture` (and nothing else), described, and shows it. */
function expectShown(message: WireMessage | undefined, picture: Picture): void {
  expect(message?.attachments).toEqual([expect.objectContaining({ filename: picture.fileName, description: picture.alt, content_type: 'image/png', size: picture.png.length })]);
  const embed = Array.isArray(message?.embeds) ? message.embeds[0] : undefined;
  expect(isJson(embed) && isJson(embed.image) ? embed.image.url : undefined).toBe(`attachment://${picture.fileName}`);
}

const data = (request: RecordedRequest): Json => (isJson(request.body) && isJson(request.body.data) ? request.body.data : {});

describe('scheduled sends with pictures (set up before 07:30 in the bot’s clock)', () => {
  it('a club channel and a reminder are set for 07:30', async () => {
    const enabled = await run(slashCommand('clubtips', { user: 'admin', subcommand: 'enable', options: { channel: 'stretchTips', time: '07:30', timezone: 'UTC' } }));
    expect(enabled.text).toMatch(/stretch-tips|<#/);
    const set = await run(slashCommand('remind', { user: 'pia', subcommand: 'set', options: { time: '07:30', timezone: 'UTC', stretch: 'knee rolls' } }));
    expect(set.text).toMatch(/with Knee rolls/);
  });
});

describe('pictures in answers', () => {
  it('/stretch name: arrives with its picture, described for screen readers', async () => {
    const answer = await run(slashCommand('stretch', { options: { name: 'piriformis' } }));
    expect([answer.type, answer.flags]).toEqual([4, EPHEMERAL]);
    const picture = pictures.stretches.get('piriformis-stretch')!;
    expectSent(callbackOf(answer), data(callbackOf(answer)), picture);
    expectShown(answer.message, picture);
  });

  it('the stretch menu swaps the picture for the chosen stretch’s: the message keeps only the new one', async () => {
    const first = await run(slashCommand('stretch', { options: { name: 'pelvic tilts' } }));
    expectShown(first.message, pictures.stretches.get('pelvic-tilts')!);
    const picked = await run(stringSelect('stretch:pick', ['knee-to-chest'], { message: first.message!.id }));
    expect(picked.type).toBe(7);
    const picture = pictures.stretches.get('knee-to-chest')!;
    expectSent(callbackOf(picked), data(callbackOf(picked)), picture);
    expectShown(h.discord.message(first.message!.id), picture);
  });

  it('/backpain’s stretches section shows a strip of its stretches; the next section takes it away', async () => {
    const card = await run(slashCommand('backpain', { options: { activity: 'running', section: 'stretches' } }));
    const strip = pictures.strips.get('running')!;
    expectSent(callbackOf(card), data(callbackOf(card)), strip);
    expectShown(card.message, strip);
    const overview = await run(button(`backpain:running:overview:${h.discord.fixture.users.member.id}`, { message: card.message!.id }));
    expect(overview.type).toBe(7);
    expect(data(callbackOf(overview))).toMatchObject({ attachments: [] });
    const moved = h.discord.message(card.message!.id)!;
    expect(firstEmbedTitle(moved)).toMatch(/Overview/);
    expect(moved.attachments).toEqual([]);
  });

  it('/remind test sends a sample reminder DM with its stretch’s picture', async () => {
    const answer = await run(slashCommand('remind', { user: 'member', subcommand: 'test' }));
    expect(answer.text).toMatch(/Sent!/);
    const dm = h.discord.dmChannelOf(h.discord.fixture.users.member.id);
    const post = h.messageRequests('POST', dm, h.mark).at(-1)!;
    const stretch = knowledge.stretches[0]!;
    expectSent(post, post.body, pictures.stretches.get(stretch.id)!);
    expectShown(h.discord.messages(dm).at(-1), pictures.stretches.get(stretch.id)!);
  });
});

describe('scheduled sends with pictures', () => {
  it('at 07:30 the reminder DM arrives with its stretch’s picture', { timeout: LEAD_MS + 15_000 }, async () => {
    const dmId = h.discord.dmChannelOf(PEOPLE.pia);
    const dm = await until(() => h.discord.messages(dmId).find((m) => /Reminder #\d+ · /.test(embedText(m))), LEAD_MS + 10_000, "pia's reminder DM");
    const picture = pictures.stretches.get('knee-rolls')!;
    expectShown(dm, picture);
    const post = h.messageRequests('POST', dmId).find((r) => isJson(r.response) && r.response.id === dm.id)!;
    expectSent(post, post.body, picture);
    expect(post.body).toMatchObject({ enforce_nonce: true, nonce: expect.any(String) });
    expect(componentsOf(dm).map((c) => c.label)).toEqual(['Done', 'Snooze 15 min', 'Pause reminders']);
  });

  it('and the club tip, which features a stretch, arrives with that stretch’s picture', { timeout: 15_000 }, async () => {
    const tip = knowledge.tipById.get(TIPS.tipId)!;
    const post = await until(() => h.discord.messages(TIPS.id).find((m) => /Daily tip · /.test(embedText(m))), 10_000, 'the daily tip');
    expect(firstEmbedTitle(post)).toContain(tip.title);
    const picture = pictures.stretches.get(tip.stretch!)!;
    expectShown(post, picture);
    const request = h.messageRequests('POST', TIPS.id).find((r) => isJson(r.response) && r.response.id === post.id)!;
    expectSent(request, request.body, picture);
  });
});
