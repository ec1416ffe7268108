// A guided routine (/stretch routine:…): one step at a time, with the stretch's picture, what to do, how much, and
// a live countdown for the hold (a Discord relative timestamp); Back and Next move through the steps, and the last
// step ends with a short "done" summary. The routine and the step live in the buttons' custom ids, not in memory,
// so a routine carries on across a restart of the bot.
import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbedField } from 'discord.js';
import type { Knowledge } from '../content/load.ts';
import type { Pictures } from '../content/pictures.ts';
import type { Routine, RoutineStep, Stretch } from '../content/schema.ts';
import type { ActionRow, MessageBody } from './message.ts';
import { customId } from './message.ts';
import { COLORS, LIMITS, bullets, field, numbered, safetyFooter, sourcesField, truncate } from './common.ts';
import { shown } from './picture.ts';
import { timestamp } from './remind.ts';

/** What a step's button does; part of its custom id, so Back, Next and Start again never share one. */
export type RoutineMove = 'back' | 'next' | 'again';

/** "stretch:routine:<routine id>:<step index>:<move>": the step the button opens, from its own id. */
export function routineButtonId(routineId: string, step: number, move: RoutineMove): string {
  return customId('stretch', 'routine', routineId, String(step), move);
}

/** The step a button's args ("routine", id, step, move) open, or null when they name no step of a known routine. */
export function parseRoutineArgs(knowledge: Knowledge, args: readonly string[]): { routine: Routine; step: number } | null {
  const [kind, routineId = '', step = ''] = args;
  const routine = knowledge.routineById.get(routineId);
  const index = /^\d{1,2}$/.test(step) ? Number(step) : -1;
  if (kind !== 'routine' || !routine || index < 0 || index >= routine.steps.length) return null;
  return { routine, step: index };
}

/** About how long the routine takes, in whole minutes. */
export function routineMinutes(routine: Routine): number {
  return Math.max(1, Math.round(routine.steps.reduce((sum, s) => sum + s.seconds, 0) / 60));
}

function stretchOf(knowledge: Knowledge, step: RoutineStep): Stretch {
  const stretch = knowledge.stretchById.get(step.stretch);
  // The loader checks every step's stretch (src/content/load.ts), so this is a broken knowledge base.
  if (!stretch) throw new Error(`routine step names unknown stretch ${step.stretch}`);
  return stretch;
}

/** "1. Knee rolls · 8–10 slow rolls", one line per step. */
export function routineStepLines(knowledge: Knowledge, routine: Routine): string[] {
  return routine.steps.map((s) => `${stretchOf(knowledge, s).name} · ${s.count}`);
}

/** The hold and its live countdown, started when the card is shown; a drill gets its time instead. */
function timerField(step: RoutineStep, now: number): APIEmbedField {
  if (step.holdSeconds !== null) {
    return field('⏱️ Hold', `**${step.holdSeconds} s** each time\nThis hold ends ${timestamp(now + step.holdSeconds * 1000, 'R')}`, true);
  }
  return field('⏱️ Time', `About **${step.seconds} s**, no hold\nDone ${timestamp(now + step.seconds * 1000, 'R')}`, true);
}

/** Step `index` of the routine (0-based), as its card; `now` starts the countdown. */
export function renderRoutineStep(knowledge: Knowledge, pictures: Pictures, routine: Routine, index: number, now: number): MessageBody {
  const i = Math.min(Math.max(index, 0), routine.steps.length - 1);
  const step = routine.steps[i]!;
  const stretch = stretchOf(knowledge, step);
  const last = i === routine.steps.length - 1;
  const next = last ? null : stretchOf(knowledge, routine.steps[i + 1]!);
  const { image, files } = shown(pictures.stretches.get(stretch.id));
  const fields = [
    field('This step', `**${step.count}**`, true),
    timerField(step, now),
    field('How to do it', numbered(stretch.steps)),
    ...(stretch.cautions.length ? [field('Take care', bullets(stretch.cautions))] : []),
    field('Stop if', bullets(stretch.stopIf)),
    last ? field('✅ Done', `${routine.done}\n${routine.steps.length} steps, about ${routineMinutes(routine)} min.`) : field('Up next', next!.name),
    sourcesField(knowledge, routine.sources),
  ];
  return {
    embeds: [
      {
        title: truncate(`${routine.emoji} ${routine.name}: step ${i + 1} of ${routine.steps.length}`, LIMITS.title),
        description: `${i === 0 ? `${routine.when}\n\n` : ''}**${stretch.name}**\n${stretch.purpose}`,
        color: last ? COLORS.relief : COLORS.stretch,
        fields,
        ...(image ? { image } : {}),
        footer: safetyFooter(knowledge),
      },
    ],
    components: [stepButtons(routine, i)],
    files,
  };
}

function stepButtons(routine: Routine, i: number): ActionRow {
  const last = i === routine.steps.length - 1;
  const back: APIButtonComponent = {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: 'Back',
    emoji: { name: '◀️' },
    custom_id: routineButtonId(routine.id, Math.max(i - 1, 0), 'back'),
    disabled: i === 0,
  };
  const forward: APIButtonComponent = last
    ? { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Start again', emoji: { name: '🔁' }, custom_id: routineButtonId(routine.id, 0, 'again') }
    : { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next', emoji: { name: '▶️' }, custom_id: routineButtonId(routine.id, i + 1, 'next') };
  return { type: ComponentType.ActionRow, components: [back, forward] };
}
