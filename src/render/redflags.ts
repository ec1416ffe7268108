// /redflags: the escalation ladder, most severe first, and the answer for chosen symptoms.
import { ComponentType, type APIEmbed } from 'discord.js';
import type { Knowledge } from '../content/load.ts';
import type { RedFlagLevel } from '../content/schema.ts';
import type { MessageBody } from './message.ts';
import { customId } from './message.ts';
import { COLORS, LIMITS, bullets, field, sourcesField, truncate } from './common.ts';

export const LEVEL_EMOJI: Record<RedFlagLevel['id'], string> = { emergency: '🚨', urgent: '⚠️', soon: '🩺' };

export function renderLadder(knowledge: Knowledge): MessageBody {
  const { redflags } = knowledge;
  const embed: APIEmbed = {
    title: '🚩 Back pain: when to get help',
    description: `Read from the top and stop at the first match.\n\n${redflags.disclaimer}`,
    color: COLORS.emergency,
    fields: [
      ...redflags.levels.map((level) =>
        field(
          `${LEVEL_EMOJI[level.id]} ${level.title}`,
          `**${level.action}**\n${bullets(level.symptoms.map((s) => s.text), LIMITS.fieldValue - level.action.length - 6)}`,
        ),
      ),
      sourcesField(knowledge, redflags.sources),
    ],
    footer: { text: 'Not sure? Pick what you notice below and Lumbar tells you which level it is. Only you see the answer.' },
  };
  const symptoms = redflags.levels.flatMap((l) => l.symptoms.map((s) => ({ level: l, symptom: s })));
  return {
    embeds: [embed],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: customId('redflags', 'check'),
            placeholder: 'What are you noticing? (pick all that apply)',
            min_values: 1,
            max_values: Math.min(symptoms.length, LIMITS.selectOptions),
            options: symptoms.slice(0, LIMITS.selectOptions).map(({ symptom }) => ({
              label: truncate(symptom.label, LIMITS.selectLabel),
              value: symptom.id,
            })),
          },
        ],
      },
    ],
  };
}

/** The most severe level any chosen symptom belongs to; undefined when none is known. */
export function mostSevere(knowledge: Knowledge, symptomIds: readonly string[]): RedFlagLevel | undefined {
  const chosen = new Set(symptomIds);
  return knowledge.redflags.levels.find((level) => level.symptoms.some((s) => chosen.has(s.id)));
}

export function renderTriage(knowledge: Knowledge, symptomIds: readonly string[]): MessageBody {
  const level = mostSevere(knowledge, symptomIds);
  if (!level) {
    return { content: 'None of those are on the list. If you are worried, speak to a pharmacist, your GP or 111.' };
  }
  const chosen = new Set(symptomIds);
  const matched = level.symptoms.filter((s) => chosen.has(s.id));
  const lead =
    level.id === 'soon'
      ? 'This is worth getting checked, but it is not an emergency.'
      : 'This can be a sign of a problem that needs checking now.';
  return {
    embeds: [
      {
        title: `${LEVEL_EMOJI[level.id]} ${level.title}`,
        description: `**${level.action}**\n\n${lead}\n\nYou picked:\n${bullets(matched.map((s) => s.text), 2000)}`,
        color: COLORS[level.id],
        footer: { text: truncate(knowledge.redflags.disclaimer, LIMITS.footer) },
      },
    ],
  };
}
