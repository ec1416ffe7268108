// The /backpain card: one activity, one section at a time, with buttons to switch sections.
import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Knowledge } from '../content/load.ts';
import type { Pictures } from '../content/pictures.ts';
import type { Activity } from '../content/schema.ts';
import type { ActionRow, MessageBody } from './message.ts';
import { customId } from './message.ts';
import { COLORS, LIMITS, bullets, field, holdText, safetyFooter, sourcesField, truncate } from './common.ts';
import { helpFields, overviewHelp } from './help-signs.ts';
import { shown } from './picture.ts';

export const SECTIONS = ['overview', 'causes', 'relief', 'prevention', 'stretches', 'red-flags'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_INFO: Record<Section, { label: string; heading: string; color: number }> = {
  overview: { label: 'Overview', heading: 'Overview', color: COLORS.brand },
  causes: { label: 'Why it hurts', heading: 'Why it happens', color: COLORS.causes },
  relief: { label: 'What helps now', heading: 'What helps now', color: COLORS.relief },
  prevention: { label: 'Prevent it', heading: 'How to prevent it', color: COLORS.prevention },
  stretches: { label: 'Stretches', heading: 'Stretches', color: COLORS.stretch },
  'red-flags': { label: 'See a doctor if…', heading: 'When to see a doctor', color: COLORS.emergency },
};

export function isSection(value: unknown): value is Section {
  return typeof value === 'string' && (SECTIONS as readonly string[]).includes(value);
}

/** `ownerId` is who asked: on a shared card only they move it; others get a private copy. The stretches section
 *  shows their pictures (one, or a strip of them in the listed order); moving to another section removes it. */
export function renderActivityCard(knowledge: Knowledge, activity: Activity, section: Section, ownerId: string, pictures: Pictures): MessageBody {
  const { image, files } = shown(section === 'stretches' ? pictures.strips.get(activity.id) : undefined);
  const embed = activityEmbed(knowledge, activity, section);
  return {
    embeds: [image ? { ...embed, image } : embed],
    components: sectionButtons(activity.id, section, ownerId),
    files,
  };
}

export function activityEmbed(knowledge: Knowledge, activity: Activity, section: Section): APIEmbed {
  const info = SECTION_INFO[section];
  const embed: APIEmbed = {
    title: truncate(`${activity.emoji} Back pain after ${inSentence(activity.name)}: ${info.heading}`, LIMITS.title),
    color: info.color,
    footer: safetyFooter(knowledge),
  };
  const stretches = activity.stretches.flatMap((id) => knowledge.stretchById.get(id) ?? []);
  switch (section) {
    case 'overview':
      embed.description = activity.summary;
      embed.fields = [
        field(SECTION_INFO.causes.heading, bullets(activity.causes.slice(0, 2))),
        field(SECTION_INFO.relief.heading, bullets(activity.relief.slice(0, 2))),
        field(SECTION_INFO.prevention.heading, bullets(activity.prevention.slice(0, 2))),
        field('Stretches to try', stretches.map((s) => s.name).join(' · ') || '—'),
        field(SECTION_INFO['red-flags'].heading, overviewHelp(knowledge, activity)),
      ];
      break;
    case 'causes':
      embed.description = bullets(activity.causes, LIMITS.description);
      break;
    case 'relief':
      embed.description = bullets(activity.relief, LIMITS.description);
      break;
    case 'prevention':
      embed.description = bullets(activity.prevention, LIMITS.description);
      break;
    case 'stretches':
      embed.description = stretches.length
        ? `For comfort and mobility. Open any of them step by step with **/stretch**.`
        : 'No specific stretches for this one: gentle movement you tolerate is the best start.';
      embed.fields = stretches.map((s, i) => field(`${i + 1}. ${s.name} · ${holdText(s.holdSeconds)} · ${s.sets}`, s.purpose));
      break;
    case 'red-flags':
      embed.description = 'Read from the top and stop at the first match. Any one emergency sign is enough.';
      embed.fields = helpFields(knowledge, activity);
      break;
  }
  embed.fields = [...(embed.fields ?? []), sourcesField(knowledge, activity.sources)];
  return embed;
}

/** "Running" reads "running" mid-sentence; "HIIT and interval training" keeps its capitals. */
function inSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? `${name[0]!.toLowerCase()}${name.slice(1)}` : name;
}

function sectionButtons(activityId: string, current: Section, ownerId: string): ActionRow[] {
  const button = (section: Section): APIButtonComponent => ({
    type: ComponentType.Button,
    style: section === current ? ButtonStyle.Primary : section === 'red-flags' ? ButtonStyle.Danger : ButtonStyle.Secondary,
    label: SECTION_INFO[section].label,
    custom_id: customId('backpain', activityId, section, ownerId),
    disabled: section === current,
  });
  // Five buttons fit in a row; the sixth (the doctor section) gets its own row and stands out.
  return [
    { type: ComponentType.ActionRow, components: SECTIONS.slice(0, 5).map(button) },
    { type: ComponentType.ActionRow, components: SECTIONS.slice(5).map(button) },
  ];
}

/**
 * The answer when no card is certain: the general card for back pain after exercise, never a bare list, with
 * buttons to the closest cards above its own section buttons.
 */
export function renderGeneralCard(knowledge: Knowledge, query: string, closest: readonly Activity[], ownerId: string): MessageBody & { content: string } {
  const shown = truncate(query.replace(/[`*_~|>]/g, ''), 60);
  const general = knowledge.general;
  const suggestions: ActionRow[] = closest.length
    ? [
        {
          type: ComponentType.ActionRow,
          components: closest.slice(0, 5).map((a) => ({
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: truncate(`${a.emoji} ${a.name}`, LIMITS.buttonLabel),
            custom_id: customId('backpain', a.id, 'overview', ownerId),
          })),
        },
      ]
    : [];
  return {
    content: closest.length
      ? `I couldn't tell which card “${shown}” is. Did you mean one of these? Meanwhile, here is general advice for back pain after exercise.`
      : `I don't have a card for “${shown}” yet, so here is general advice for back pain after exercise.`,
    embeds: [activityEmbed(knowledge, general, 'overview')],
    components: [...suggestions, ...sectionButtons(general.id, 'overview', ownerId)],
  };
}
