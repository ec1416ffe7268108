// Guided routines end to end (issue 12): the bot as a child process against the local Discord. The tests run in
// order over one bot clock that starts shortly before 07:30:
//
//   /remind set with routine: for 07:30 (before it is due); /stretch routine: stepped through with Next and Back by
//   the member who started it (each step's picture replacing the last, a live countdown), and copied privately for
//   someone else who presses a button; the last step's "done" summary; at 07:30 the reminder DM offers Start
//   routine, which opens the routine in the DM, and Done still counts it; then the bot is restarted and the
//   routine it showed before carries on from its buttons alone.
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/content/index.ts';
import { allPictures } from '../../src/render/pictures/strip.ts';
import { button, slashCommand, type WireMessage } from './emulator/index.ts';
import { componentsOf, embedText, firstEmbedTitle, isJson } from './helpers.ts';
import { EPHEMERAL, e2eHarness, fixturePeople } from './harness.ts';

const { knowledge } = loadKnowledgeBase();
const pictures = allPictures(knowledge);

const DAY = '2026-06-11';
const DUE = Date.parse(`${DAY}T07:30:00Z`);
const LEAD_MS = 25_000;

const PEOPLE = { ria: '1180000000000000131' };
const h = e2eHarness({ fixture: fixturePeople(PEOPLE), prefix: 'lumbar-routines-', bot: { startAt: DUE - LEAD_MS, readyMs: LEAD_MS } });
const { run, until } = h;

const cool = knowledge.routineById.get('post-run-cool-down')!;
const stepStretch = (i: number) => cool.steps[i]!.stretch;

/** A button's custom id by its label. */
const idOf = (message: WireMessage | undefined, label: string): string => {
  const found = componentsOf(message).find((c) => c.label === label);
  if (!found?.custom_id) throw new Error(`no ${label} button on ${firstEmbedTitle(message)}`);
  return found.custom_id;
};
const files = (message: WireMessage | undefined) => (message?.attachments ?? []).map((a) => [a.filename, a.description]);
const pictureOf = (stretchId: string) => {
  const p = pictures.stretches.get(stretchId)!;
  return [[p.fileName, p.alt]];
};
const field = (message: WireMessage | undefined, name: string): string => {
  const embed = Array.isArray(message?.embeds) ? message.embeds[0] : undefined;
  const fields = isJson(embed) && Array.isArray(embed.fields) ? embed.fields : [];
  const f = fields.find((x) => isJson(x) && x.name === name);
  return isJson(f) ? String(f.value) : '';
};

let routineMessage: WireMessage | undefined;
let reminderId = 0;

describe('a reminder with a routine is set (before 07:30 in the bot’s clock)', () => {
  it('/remind set routine: confirms it with the routine', async () => {
    const set = await run(slashCommand('remind', { user: 'ria', subcommand: 'set', options: { time: '07:30', timezone: 'UTC', routine: 'desk break' } }));
    expect(set.text).toMatch(/with the Desk break routine/);
    reminderId = Number(/#(\d+)\*\*/.exec(set.text)?.[1]);
    expect(reminderId).toBeGreaterThan(0);
  });
});

describe('/stretch routine:', () => {
  it('starts privately at step 1 of N with its picture, what to do and a live countdown for the hold', async () => {
    const started = await run(slashCommand('stretch', { options: { routine: 'post-run-cool-down' } }));
    expect([started.type, started.flags]).toEqual([4, EPHEMERAL]);
    routineMessage = started.message;
    expect(firstEmbedTitle(routineMessage)).toBe(`${cool.emoji} ${cool.name}: step 1 of ${cool.steps.length}`);
    expect(files(routineMessage)).toEqual(pictureOf(stepStretch(0)));
    expect(field(routineMessage, 'This step')).toContain(cool.steps[0]!.count);
    expect(field(routineMessage, '⏱️ Hold')).toMatch(new RegExp(`\\*\\*${cool.steps[0]!.holdSeconds} s\\*\\*[\\s\\S]*<t:\\d+:R>`));
    expect(componentsOf(routineMessage).find((c) => c.label === 'Back')?.disabled).toBe(true);
  });

  it('Next and Back move it for its owner, each step’s picture replacing the last', async () => {
    const next = await run(button(idOf(routineMessage, 'Next'), { message: routineMessage!.id }));
    expect(next.type).toBe(7);
    let now = h.discord.message(routineMessage!.id);
    expect(firstEmbedTitle(now)).toMatch(/step 2 of 4/);
    expect(files(now)).toEqual(pictureOf(stepStretch(1)));
    const back = await run(button(idOf(now, 'Back'), { message: routineMessage!.id }));
    expect(back.type).toBe(7);
    now = h.discord.message(routineMessage!.id);
    expect(firstEmbedTitle(now)).toMatch(/step 1 of 4/);
    expect(files(now)).toEqual(pictureOf(stepStretch(0)));
  });

  it('someone else pressing Next gets their own private copy at that step; the owner’s does not move', async () => {
    const copy = await run(button(idOf(h.discord.message(routineMessage!.id), 'Next'), { message: routineMessage!.id, user: 'admin' }));
    expect([copy.type, copy.flags]).toEqual([4, EPHEMERAL]);
    expect(firstEmbedTitle(copy.message)).toMatch(/step 2 of 4/);
    expect(files(copy.message)).toEqual(pictureOf(stepStretch(1)));
    expect(copy.message?.interaction_metadata).toMatchObject({ user: { id: h.discord.fixture.users.admin.id } });
    expect(firstEmbedTitle(h.discord.message(routineMessage!.id))).toMatch(/step 1 of 4/);
    // The copy is theirs: their Next moves it.
    const theirs = await run(button(idOf(copy.message, 'Next'), { message: copy.message!.id, user: 'admin' }));
    expect(theirs.type).toBe(7);
    expect(firstEmbedTitle(h.discord.message(copy.message!.id))).toMatch(/step 3 of 4/);
  });

  it('the last step ends with the done summary and the emergency footer', async () => {
    for (let i = 1; i < cool.steps.length; i++) await run(button(idOf(h.discord.message(routineMessage!.id), 'Next'), { message: routineMessage!.id }));
    const last = h.discord.message(routineMessage!.id);
    expect(firstEmbedTitle(last)).toMatch(/step 4 of 4/);
    expect(files(last)).toEqual(pictureOf(stepStretch(3)));
    expect(field(last, '✅ Done')).toContain(cool.done);
    expect(embedText(last)).toContain(knowledge.redflags.footer);
    expect(componentsOf(last).map((c) => c.label)).toEqual(['Back', 'Start again']);
  });
});

describe('the reminder with a routine', () => {
  let dm: WireMessage | undefined;

  it('arrives at 07:30 offering Start routine beside Done, Snooze and Pause', { timeout: LEAD_MS + 15_000 }, async () => {
    const channel = h.discord.dmChannelOf(PEOPLE.ria);
    dm = await until(() => h.discord.messages(channel).find((m) => /Reminder #\d+ · /.test(embedText(m))), LEAD_MS + 10_000, "ria's reminder DM");
    expect(firstEmbedTitle(dm)).toMatch(/Routine time: Desk break/);
    expect(componentsOf(dm).map((c) => c.custom_id)).toEqual([
      `remind:routine:${reminderId}:desk-break`,
      `remind:done:${reminderId}:${DAY}`,
      `remind:snooze:${reminderId}:${DAY}`,
      `remind:pause:${reminderId}`,
    ]);
    expect(files(dm)).toEqual(pictureOf('cross-body-arm-swing'));
  });

  it('Start routine opens it in the DM, where Next moves it; Done still counts the reminder', async () => {
    const started = await run(button(idOf(dm, 'Start routine'), { user: 'ria', dm: true, message: dm!.id }));
    expect(started.type).toBe(4);
    expect(started.flags & EPHEMERAL).toBe(0);
    const opened = started.message!;
    expect(h.discord.messages(h.discord.dmChannelOf(PEOPLE.ria)).map((m) => m.id)).toContain(opened.id);
    expect(firstEmbedTitle(opened)).toMatch(/Desk break: step 1 of 3/);
    const next = await run(button(idOf(opened, 'Next'), { user: 'ria', dm: true, message: opened.id }));
    expect(next.type).toBe(7);
    expect(firstEmbedTitle(h.discord.message(opened.id))).toMatch(/Desk break: step 2 of 3/);
    const done = await run(button(idOf(dm, 'Done'), { user: 'ria', dm: true, message: dm!.id }));
    expect(done.text).toMatch(/Counted/);
    expect(h.query<{ done_at: number | null; item_id: string }>('SELECT done_at, item_id FROM deliveries WHERE user_id = ?', PEOPLE.ria)).toEqual([
      { done_at: expect.any(Number), item_id: 'desk-break' },
    ]);
    // Someone else cannot press a reminder's Start routine.
    const other = await run(button(idOf(dm, 'Start routine'), { user: 'admin', dm: true, message: dm!.id }));
    expect([other.type, other.flags]).toEqual([4, EPHEMERAL]);
    expect(other.text).toMatch(/This isn't yours/);
  });
});

describe('a restart', () => {
  it('the routine shown before carries on from its buttons alone', { timeout: 40_000 }, async () => {
    await h.bot.stop();
    const bot = await h.startBot({ name: 'restarted', startAt: DUE + 5 * 60_000 });
    await bot.waitForReady(20_000);
    const back = await run(button(idOf(h.discord.message(routineMessage!.id), 'Back'), { message: routineMessage!.id }));
    expect(back.type).toBe(7);
    const now = h.discord.message(routineMessage!.id);
    expect(firstEmbedTitle(now)).toMatch(/step 3 of 4/);
    expect(files(now)).toEqual(pictureOf(stepStretch(2)));
  });
});
