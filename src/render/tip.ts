// A daily club tip as posted in a channel.
import type { Knowledge } from '../content/load.ts';
import type { Pictures } from '../content/pictures.ts';
import type { Tip } from '../content/schema.ts';
import type { MessageBody } from './message.ts';
import { COLORS, LIMITS, field, numbered, sourcesField, truncate } from './common.ts';
import { shown } from './picture.ts';

const KIND_EMOJI: Record<Tip['kind'], string> = { 'warm-up': '🔥', stretch: '🧘', recovery: '🛌', training: '📈' };

/** Printed in the footer; a late resend looks for it in the channel before posting again. */
export function tipMarker(localDate: string): string {
  return `Daily tip · ${localDate}`;
}

/** A tip that features a stretch shows its picture. */
export function renderTipPost(knowledge: Knowledge, pictures: Pictures, tip: Tip, localDate: string | null, roleId: string | null): MessageBody {
  const stretch = tip.stretch ? knowledge.stretchById.get(tip.stretch) : undefined;
  const { image, files } = shown(stretch ? pictures.stretches.get(stretch.id) : undefined);
  const fields = [
    ...(tip.how.length ? [field('How to do it', numbered(tip.how))] : []),
    ...(stretch ? [field('Step by step', `Use **/stretch** and pick *${stretch.name}*.`)] : []),
    sourcesField(knowledge, tip.sources),
  ];
  return {
    ...(roleId ? { content: `<@&${roleId}>`, allowedRoleIds: [roleId] } : {}),
    embeds: [
      {
        title: truncate(`${KIND_EMOJI[tip.kind]} ${tip.title}`, LIMITS.title),
        description: tip.body,
        color: COLORS.brand,
        fields,
        ...(image ? { image } : {}),
        footer: { text: localDate ? `${knowledge.redflags.footer}\n${tipMarker(localDate)}` : knowledge.redflags.footer },
      },
    ],
    ...(files.length ? { files } : {}),
  };
}
