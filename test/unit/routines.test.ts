// Guided routines (issue 12): data/routines.json against its schema and links, every step card against Discord's
// limits, and /stretch routine: stepped through with Back and Next from the buttons' own ids, as after a restart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ButtonStyle, type APIButtonComponentWithCustomId } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { stretch } from '../../commands/stretch.ts';
import { remind } from '../../commands/remind.ts';
import { DATA_DIR } from '../../src/content/index.ts';
import { KnowledgeError, link } from '../../src/content/load.ts';
import type { ComponentResult } from '../../src/discord/command.ts';
import { messageProblems } from '../../src/render/limits.ts';
import type { MessageBody, Reply } from '../../src/render/message.ts';
import { renderRoutineReminderDm } from '../../src/render/reminder.ts';
import { parseRoutineArgs, renderRoutineStep, routineButtonId, routineMinutes } from '../../src/render/routine.ts';
import { MEMBER, OTHER_MEMBER, input, testContext } from '../helpers/context.ts';

const ctx = testContext();
const k = ctx.knowledge;
const NOW = ctx.clock().getTime();
const raw = (name: string) => JSON.parse(readFileSync(join(DATA_DIR, `${name}.json`), 'utf8'));
const rawFiles = () => Object.fromEntries(['sources', 'activities', 'stretches', 'redflags', 'tips', 'routines', 'rejected-claims'].map((n) => [n, raw(n)]));

const buttons = (body: MessageBody): APIButtonComponentWithCustomId[] =>
  (body.components ?? []).flatMap((row) => row.components).filter((c): c is APIButtonComponentWithCustomId => 'style' in c && 'custom_id' in c);
const buttonId = (body: MessageBody, label: string): string => {
  const b = buttons(body).find((c) => c.label === label);
  if (!b) throw new Error(`no ${label} button`);
  return b.custom_id;
};
/** What the router hands a handler for a button: the id after "stretch:", split on ':'. */
const argsOf = (id: string) => id.split(':').slice(1);
const title = (body: MessageBody) => body.embeds?.[0]?.title ?? '';
const fieldValue = (body: MessageBody, name: string) => body.embeds?.[0]?.fields?.find((f) => f.name === name)?.value;

describe('data/routines.json', () => {
  it('has the routines the issue names, each of 3 to 6 steps with a hold or a count', () => {
    expect(k.routines.map((r) => r.id)).toEqual(expect.arrayContaining(['post-run-cool-down', 'pre-run-warm-up', 'desk-break', 'after-lifting-cool-down']));
    for (const r of k.routines) {
      expect(r.steps.length, r.id).toBeGreaterThanOrEqual(3);
      expect(r.steps.length, r.id).toBeLessThanOrEqual(6);
      for (const s of r.steps) expect(s.count.length, r.id).toBeGreaterThan(0);
      expect(r.sources.length, r.id).toBeGreaterThan(0);
    }
    // The warm-up is the drills: moving, no holds before a run.
    const warmUp = k.routineById.get('pre-run-warm-up')!;
    expect(warmUp.steps.every((s) => k.stretchById.get(s.stretch)?.kind === 'warm-up' && s.holdSeconds === null)).toBe(true);
  });

  it('every routine id and every stretch and source id it names resolves, and each stretch has a picture', () => {
    for (const r of k.routines) {
      expect(ctx.routines.resolve(r.id), r.id).toBe(r);
      expect(ctx.routines.resolve(r.name), r.id).toBe(r);
      for (const s of r.steps) {
        expect(k.stretchById.has(s.stretch), `${r.id} → ${s.stretch}`).toBe(true);
        expect(ctx.pictures.stretches.has(s.stretch), `${r.id} → ${s.stretch} picture`).toBe(true);
      }
      for (const id of r.sources) expect(k.sourceById.has(id), `${r.id} cites ${id}`).toBe(true);
    }
  });

  it('link() rejects an unknown stretch, a hold outside the stretch’s range, a hold on a drill, the mobility check, an unknown source, a shared alias and a stretch’s id', () => {
    const files = rawFiles();
    const [a, b] = files.routines;
    a.steps[0].stretch = 'no-such-stretch';
    const held = a.steps.slice(1).find((s: { holdSeconds: number | null }) => s.holdSeconds !== null);
    held.holdSeconds = 600;
    b.steps[0].holdSeconds = 20; // the warm-up's leg swings move
    b.steps[1].stretch = 'hip-flexor-mobility-check';
    b.steps[1].holdSeconds = null;
    b.sources.push('no-such-source');
    b.aliases.push(a.aliases[0]);
    files.routines[2].id = 'knee-rolls';
    try {
      link(files as Parameters<typeof link>[0]);
      expect.unreachable('link should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(KnowledgeError);
      const text = (err as KnowledgeError).problems.join('\n');
      expect(text).toMatch(/routine post-run-cool-down step 1 names unknown stretch "no-such-stretch"/);
      expect(text).toMatch(/holds 600 s, outside/);
      expect(text).toMatch(/routine pre-run-warm-up step 1: leg-swings moves, so the step has no holdSeconds/);
      expect(text).toMatch(/step 2: the mobility check is not a routine step/);
      expect(text).toMatch(/routine pre-run-warm-up cites unknown source "no-such-source"/);
      expect(text).toMatch(/routine name or alias ".*" is used by both post-run-cool-down and pre-run-warm-up/);
      expect(text).toMatch(/routine id "knee-rolls" is also a stretch's id/);
    }
  });
});

describe('routine cards', () => {
  const every = k.routines.flatMap((r) => r.steps.map((_, i) => ({ r, i, body: renderRoutineStep(k, ctx.pictures, r, i, NOW) })));

  it('fit Discord’s limits, with custom ids unique within each card', () => {
    for (const { r, i, body } of every) {
      expect(messageProblems(body), `${r.id} step ${i + 1}`).toEqual([]);
      const ids = buttons(body).map((b) => b.custom_id);
      expect(new Set(ids).size, `${r.id} step ${i + 1}`).toBe(ids.length);
    }
    for (const r of k.routines) expect(messageProblems(renderRoutineReminderDm(k, ctx.pictures, { reminderId: 2 ** 31, localDate: '2026-11-22', snoozeAt: NOW }, r)), r.id).toEqual([]);
  });

  it('show step i of N with the stretch’s picture (described), what to do, and how much', () => {
    for (const { r, i, body } of every) {
      const step = r.steps[i]!;
      const s = k.stretchById.get(step.stretch)!;
      expect(title(body)).toBe(`${r.emoji} ${r.name}: step ${i + 1} of ${r.steps.length}`);
      expect(body.embeds?.[0]?.description).toContain(`**${s.name}**`);
      expect(body.embeds?.[0]?.image?.url).toBe(`attachment://${step.stretch}.png`);
      expect(body.files?.map((f) => [f.name, f.description])).toEqual([[`${step.stretch}.png`, ctx.pictures.stretches.get(step.stretch)!.alt]]);
      expect(fieldValue(body, 'This step')).toContain(step.count);
      expect(fieldValue(body, 'How to do it')).toMatch(/^1\. /);
      expect(fieldValue(body, 'Stop if')).toMatch(/sharp/i);
    }
  });

  it('count the hold down live from when the card is shown (a Discord relative timestamp); a drill gets its time', () => {
    const cool = k.routineById.get('post-run-cool-down')!;
    const held = renderRoutineStep(k, ctx.pictures, cool, 1, NOW);
    expect(fieldValue(held, '⏱️ Hold')).toContain(`**${cool.steps[1]!.holdSeconds} s**`);
    expect(fieldValue(held, '⏱️ Hold')).toContain(`<t:${Math.floor((NOW + cool.steps[1]!.holdSeconds! * 1000) / 1000)}:R>`);
    const warm = k.routineById.get('pre-run-warm-up')!;
    const drill = renderRoutineStep(k, ctx.pictures, warm, 0, NOW + 5000);
    expect(fieldValue(drill, '⏱️ Time')).toContain(`<t:${Math.floor((NOW + 5000 + warm.steps[0]!.seconds * 1000) / 1000)}:R>`);
  });

  it('the first step cannot go back; the last ends with the done summary, the emergency footer and Start again', () => {
    for (const r of k.routines) {
      const first = renderRoutineStep(k, ctx.pictures, r, 0, NOW);
      expect(buttons(first).find((b) => b.label === 'Back')?.disabled).toBe(true);
      expect(buttons(first).find((b) => b.label === 'Next')?.style).toBe(ButtonStyle.Primary);
      const last = renderRoutineStep(k, ctx.pictures, r, r.steps.length - 1, NOW);
      expect(fieldValue(last, '✅ Done')).toContain(r.done);
      expect(fieldValue(last, '✅ Done')).toContain(`about ${routineMinutes(r)} min`);
      expect(last.embeds?.[0]?.footer?.text).toBe(k.redflags.footer);
      expect(buttons(last).map((b) => b.label)).toEqual(['Back', 'Start again']);
      expect(fieldValue(first, '✅ Done')).toBeUndefined();
    }
  });

  it('read their step from the button ids alone, and refuse ids that name no step', () => {
    const r = k.routineById.get('desk-break')!;
    expect(parseRoutineArgs(k, argsOf(routineButtonId(r.id, 2, 'next')))).toEqual({ routine: r, step: 2 });
    for (const args of [['routine', 'desk-break', '3', 'next'], ['routine', 'desk-break', '-1', 'back'], ['routine', 'no-such', '0', 'next'], ['routine', 'desk-break', 'x', 'next'], ['pick', 'desk-break', '0']]) {
      expect(parseRoutineArgs(k, args), args.join(':')).toBeNull();
    }
  });
});

describe('/stretch routine:', () => {
  const press = async (id: string, extra: Parameters<typeof input>[1] = {}) =>
    (await stretch.component!({ ...input({}, extra), args: argsOf(id), values: [] }, ctx)) as ComponentResult;

  it('starts privately at step 1, and Next and Back move it for the member who started it', async () => {
    const reply = (await stretch.execute(input({ routine: 'post-run cool' }), ctx)) as Reply;
    expect(reply.ephemeral).toBe(true);
    expect(title(reply)).toMatch(/Post-run cool-down: step 1 of 4/);
    // Only the ids: a fresh process (after a restart) answers the same.
    const next = await press(buttonId(reply, 'Next'));
    expect('update' in next && title(next.update)).toMatch(/step 2 of 4/);
    const update = 'update' in next ? next.update : {};
    expect(update.files?.map((f) => f.name)).toEqual(['forward-lunge-press.png']);
    const back = await press(buttonId(update, 'Back'));
    expect('update' in back && title(back.update)).toMatch(/step 1 of 4/);
  });

  it('gives anyone else their own private copy at that step, whose buttons are theirs', async () => {
    const reply = (await stretch.execute(input({ routine: 'desk-break' }), ctx)) as Reply;
    const copy = await press(buttonId(reply, 'Next'), { userId: OTHER_MEMBER, isOwner: false });
    expect('reply' in copy && copy.reply.ephemeral).toBe(true);
    expect('reply' in copy && title(copy.reply)).toMatch(/Desk break: step 2 of 3/);
    expect('reply' in copy && copy.reply.files?.length).toBe(1);
  });

  it('the router lets others press a routine’s buttons (for a copy), but not the stretch menu', async () => {
    expect(await stretch.componentOwner!(['routine', 'desk-break', '1', 'next'], ctx)).toEqual({ kind: 'message', others: 'allowed' });
    expect(await stretch.componentOwner!(['pick'], ctx)).toEqual({ kind: 'message', others: 'refused' });
  });

  it('names the routines it knows for an unknown one, refuses a stretch and a routine at once, and an out-of-date button', async () => {
    expect(() => stretch.execute(input({ routine: 'zzqx' }), ctx)).toThrow(/Post-run cool-down/);
    expect(() => stretch.execute(input({ routine: 'desk-break', name: 'piriformis' }), ctx)).toThrow(/either a stretch or a routine/);
    await expect(press('stretch:routine:desk-break:9:next')).rejects.toThrow(/out of date/);
  });

  it('autocompletes routines by name and alias', async () => {
    const all = await stretch.autocomplete!({ ...input(), focused: { name: 'routine', value: '' } }, ctx);
    expect(all.map((c) => c.value)).toEqual(k.routines.map((r) => r.id));
    const office = await stretch.autocomplete!({ ...input(), focused: { name: 'routine', value: 'office' } }, ctx);
    expect(office[0]?.value).toBe('desk-break');
  });
});

describe('a reminder with a routine', () => {
  const day = { reminderId: 7, localDate: '2026-11-22' };

  it('offers Start routine beside Done, Snooze and Pause, with the steps and the first picture', () => {
    const r = k.routineById.get('after-lifting-cool-down')!;
    const dm = renderRoutineReminderDm(k, ctx.pictures, day, r);
    expect(buttons(dm).map((b) => [b.label, b.custom_id])).toEqual([
      ['Start routine', 'remind:routine:7:after-lifting-cool-down'],
      ['Done', 'remind:done:7:2026-11-22'],
      ['Snooze 15 min', 'remind:snooze:7:2026-11-22'],
      ['Pause reminders', 'remind:pause:7'],
    ]);
    expect(fieldValue(dm, 'Steps')).toMatch(/^1\. Knee-to-chest stretch · 3 holds per side/);
    expect(dm.files?.map((f) => f.name)).toEqual(['knee-to-chest.png']);
    expect(dm.embeds?.[0]?.footer?.text).toContain('Reminder #7 · 2026-11-22');
  });

  it('Start routine opens step 1 there, as a new message, for the reminder’s member only', async () => {
    const result = (await remind.component!({ ...input(), args: ['routine', '7', 'desk-break'], values: [] }, ctx)) as ComponentResult;
    expect('reply' in result && result.reply.ephemeral).toBe(false);
    expect('reply' in result && title(result.reply)).toMatch(/Desk break: step 1 of 3/);
    const id = await ctx.store.reminders.add({ userId: MEMBER, localTime: '07:30', timeZone: 'UTC', days: 127, stretchId: null, routineId: 'desk-break', next: { at: NOW, localDate: '2026-11-22' }, now: NOW });
    expect(await remind.componentOwner!(['routine', String(id), 'desk-break'], ctx)).toEqual({ kind: 'member', userId: MEMBER });
    await expect(Promise.resolve().then(() => remind.component!({ ...input(), args: ['routine', '7', 'gone'], values: [] }, ctx))).rejects.toThrow(/no longer available/);
  });
});
