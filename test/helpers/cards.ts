// Every message Lumbar can render from the knowledge base, for tests that hold all of them to a rule, and the
// raw data files, for tests that break a link on purpose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../../src/content/index.ts';
import type { Knowledge } from '../../src/content/load.ts';
import { renderAbout } from '../../src/render/about.ts';
import { SECTIONS, renderActivityCard } from '../../src/render/backpain.ts';
import type { MessageBody } from '../../src/render/message.ts';
import { renderLadder, renderTriage } from '../../src/render/redflags.ts';
import { renderStretch, renderStretchList } from '../../src/render/stretch.ts';
import { renderTipPost } from '../../src/render/tip.ts';
import { renderRoutineStep } from '../../src/render/routine.ts';
import { renderReminderDm, renderRoutineReminderDm } from '../../src/render/reminder.ts';
import { MEMBER, testContext } from './context.ts';

/** Named messages: "backpain <id> <section>", "stretch <id>", "routine <id> step <n>", "tip <id>", "redflags", … */
export function everyMessage(k: Knowledge, pictures = testContext().pictures): [string, MessageBody][] {
  const all: [string, MessageBody][] = [];
  for (const a of k.activities) for (const s of SECTIONS) all.push([`backpain ${a.id} ${s}`, renderActivityCard(k, a, s, MEMBER, pictures)]);
  for (const s of k.stretches) all.push([`stretch ${s.id}`, renderStretch(k, s, pictures)]);
  for (const t of k.tips) all.push([`tip ${t.id}`, renderTipPost(k, pictures, t, '2026-11-21', null)]);
  all.push(['stretch list', renderStretchList(k)], ['redflags', renderLadder(k)], ['about', renderAbout(k, '1.2.3')]);
  for (const level of k.redflags.levels) {
    all.push([`triage ${level.id}`, renderTriage(k, level.symptoms.map((s) => s.id))]);
  }
  const now = Date.parse('2026-11-21T12:00:00Z');
  const day = { reminderId: 99999, localDate: '2026-11-22', snoozeAt: now };
  for (const r of k.routines) {
    r.steps.forEach((_, i) => all.push([`routine ${r.id} step ${i + 1}`, renderRoutineStep(k, pictures, r, i, now)]));
    all.push([`reminder routine ${r.id}`, renderRoutineReminderDm(k, pictures, day, r)]);
  }
  for (const s of k.stretches) all.push([`reminder stretch ${s.id}`, renderReminderDm(k, pictures, day, s)]);
  return all;
}

/** data/*.json as parsed JSON, before any checks: a fresh copy each call, safe to break. */
export function rawFiles() {
  const raw = (name: string) => JSON.parse(readFileSync(join(DATA_DIR, `${name}.json`), 'utf8'));
  return {
    sources: raw('sources'),
    activities: raw('activities'),
    stretches: raw('stretches'),
    redflags: raw('redflags'),
    tips: raw('tips'),
    routines: raw('routines'),
    'rejected-claims': raw('rejected-claims'),
  };
}
