// /about: what Lumbar is, where its advice comes from, and exactly what it keeps about people.
import type { APIEmbedField } from 'discord.js';
import type { Knowledge } from '../content/load.ts';
import type { Source } from '../content/schema.ts';
import type { MessageBody } from './message.ts';
import { COLORS, LIMITS, field, sourceLines } from './common.ts';

/** Everything Lumbar stores about a person. Keep in step with src/store/migrations and the README. */
export const STORED_ABOUT_MEMBERS = [
  '• /backpain, /stretch, /redflags, /about and /help store nothing about you.',
  '• If you use /remind: your Discord user id and the time zone you last chose; each reminder’s time, time zone, days and stretch; the id of our DM channel and whether DMs reach you; and one record per reminder sent (date, stretch, whether you pressed Done).',
  '• For servers using /clubtips: server, channel and role ids, the schedule, and which tips were posted. Nothing about members.',
  '• **/remind forget-me** deletes everything about you, at once.',
];

const KIND_TITLE: Record<Source['kind'], string> = {
  article: 'Source articles (checked against the guidance below)',
  guideline: 'Clinical guidance',
  study: 'Studies',
};

export function renderAbout(knowledge: Knowledge, version: string): MessageBody {
  return {
    embeds: [
      {
        title: '🦴 About Lumbar',
        description: [
          'Lumbar answers “why does my back hurt after …?” for running clubs and gym communities: why it happens, what helps now, how to prevent it, stretches, and when to see a doctor.',
          '',
          `**${knowledge.redflags.disclaimer}**`,
        ].join('\n'),
        color: COLORS.brand,
        fields: [
          ...sourceFields(knowledge),
          field('What Lumbar stores about you', STORED_ABOUT_MEMBERS.join('\n')),
        ],
        footer: { text: `Lumbar ${version} · open source · emergency signs: /redflags` },
      },
    ],
  };
}

/** One field per kind of source, split further if a kind outgrows a field. */
function sourceFields(knowledge: Knowledge): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  for (const kind of ['article', 'guideline', 'study'] as const) {
    const lines = sourceLines(knowledge, knowledge.sources.filter((s) => s.kind === kind).map((s) => s.id));
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length) fields.push(field(fields.some((f) => f.name.startsWith(KIND_TITLE[kind])) ? `${KIND_TITLE[kind]} (cont.)` : KIND_TITLE[kind], chunk.join('\n')));
      chunk = [];
    };
    for (const line of lines) {
      if ([...chunk, line].join('\n').length > LIMITS.fieldValue) flush();
      chunk.push(line);
    }
    flush();
  }
  return fields;
}
