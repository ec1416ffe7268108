// What an advice card says about getting help. The emergency signs are always the ladder's own, all of them and
// unconditionally (any one is enough); an activity only adds its own lower-level signs, most severe first.
import type { APIEmbedField } from 'discord.js';
import type { Knowledge } from '../content/load.ts';
import type { Activity, RedFlagLevel, WarningSign } from '../content/schema.ts';
import { LEVEL_EMOJI } from './redflags.ts';
import { LIMITS, bullets, field, fitLines } from './common.ts';

/** "⚠️ Pain between the shoulder blades … *Urgent: get medical advice today.*" */
function signLine(knowledge: Knowledge, sign: WarningSign): string {
  const level = knowledge.redflags.levels.find((l) => l.id === sign.level);
  return level ? `${LEVEL_EMOJI[level.id]} ${sign.text} *${level.title}.*` : sign.text;
}

/** The overview's short form: every emergency sign by its label, then the activity's most severe sign. */
export function overviewHelp(knowledge: Knowledge, activity: Activity): string {
  const [emergency] = knowledge.redflags.levels;
  const [first] = activity.warningSigns;
  return [
    `${LEVEL_EMOJI.emergency} **${emergency.title}** for any one of: ${emergency.symptoms.map((s) => s.label).join(' · ')}.`,
    ...(first ? [signLine(knowledge, first)] : []),
    'Every sign, most severe first: **/redflags**',
  ].join('\n');
}

/** The doctor section: the ladder's emergency signs in full, the activity's own signs, then the other levels. */
export function helpFields(knowledge: Knowledge, activity: Activity): APIEmbedField[] {
  const [emergency, ...others] = knowledge.redflags.levels;
  return [
    levelField(emergency, emergency.symptoms.map((s) => s.text)),
    field('Also watch for', fitLines(activity.warningSigns.map((w) => signLine(knowledge, w)), LIMITS.fieldValue)),
    ...others.map((level) => levelField(level, level.symptoms.map((s) => s.label))),
  ];
}

function levelField(level: RedFlagLevel, lines: readonly string[]): APIEmbedField {
  return field(`${LEVEL_EMOJI[level.id]} ${level.title}`, `**${level.action}**\n${bullets(lines, LIMITS.fieldValue - level.action.length - 6)}`);
}
