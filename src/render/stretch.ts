// /stretch: one stretch step by step, or the list with a menu to open one.
import { ComponentType, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Knowledge } from '../content/load.ts';
import type { Picture, Pictures } from '../content/pictures.ts';
import type { Stretch } from '../content/schema.ts';
import type { MessageBody } from './message.ts';
import { customId } from './message.ts';
import { COLORS, LIMITS, bullets, field, holdText, numbered, safetyFooter, sourcesField, truncate } from './common.ts';
import { shown } from './picture.ts';

const KIND_LABEL: Record<Stretch['kind'], string> = {
  stretch: 'Stretches',
  'warm-up': 'Warm-ups',
  'mobility-check': 'Mobility checks',
};

/** Steps, hold, sets, cautions and stop signs: the body of a stretch wherever it is shown. */
export function stretchFields(s: Stretch): APIEmbedField[] {
  return [
    field('How to do it', numbered(s.steps)),
    field('Hold', holdText(s.holdSeconds), true),
    field('Sets', s.sets, true),
    ...(s.cautions.length ? [field('Take care', bullets(s.cautions))] : []),
    field('Stop if', bullets(s.stopIf)),
  ];
}

export function stretchEmbed(knowledge: Knowledge, s: Stretch, picture?: Picture): APIEmbed {
  const { image } = shown(picture);
  return {
    title: truncate(`🧘 ${s.name}`, LIMITS.title),
    description: s.purpose,
    color: COLORS.stretch,
    fields: [...stretchFields(s), sourcesField(knowledge, s.sources)],
    ...(image ? { image } : {}),
    footer: safetyFooter(knowledge),
  };
}

/** The stretch with its picture; shown in place of another stretch, its picture replaces the other's. */
export function renderStretch(knowledge: Knowledge, s: Stretch, pictures: Pictures): MessageBody {
  const picture = pictures.stretches.get(s.id);
  return { embeds: [stretchEmbed(knowledge, s, picture)], components: [stretchMenu(knowledge, s.id)], files: shown(picture).files };
}

export function renderStretchList(knowledge: Knowledge): MessageBody {
  const byKind = new Map<Stretch['kind'], Stretch[]>();
  for (const s of knowledge.stretches) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  return {
    embeds: [
      {
        title: '🧘 Stretches and warm-ups',
        description: 'For comfort and mobility. Pick one below, or use **/stretch name:** to open it step by step.',
        color: COLORS.stretch,
        fields: [
          ...[...byKind].map(([kind, list]) => field(KIND_LABEL[kind], bullets(list.map((s) => `**${s.name}** · ${holdText(s.holdSeconds)} · ${s.sets}`)))),
          field('Guided routines', `${bullets(knowledge.routines.map((r) => `${r.emoji} **${r.name}** · ${r.steps.length} steps`))}\nStart one with **/stretch routine:**.`),
        ],
        footer: safetyFooter(knowledge),
      },
    ],
    components: [stretchMenu(knowledge)],
  };
}

function stretchMenu(knowledge: Knowledge, selected?: string) {
  return {
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.StringSelect as const,
        custom_id: customId('stretch', 'pick'),
        placeholder: 'Open a stretch…',
        options: knowledge.stretches.slice(0, LIMITS.selectOptions).map((s) => ({
          label: truncate(s.name, LIMITS.selectLabel),
          value: s.id,
          description: truncate(`${KIND_LABEL[s.kind].replace(/s$/, '')} · ${holdText(s.holdSeconds)}`, LIMITS.selectDescription),
          default: s.id === selected,
        })),
      },
    ],
  };
}
