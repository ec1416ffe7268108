// How cards word what matters most: the emergency signs, the order of warning signs, what is cut and what is said.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/content/index.ts';
import { KnowledgeError, link } from '../../src/content/load.ts';
import { SECTION_INFO, renderActivityCard } from '../../src/render/backpain.ts';
import { MEMBER, testContext } from '../helpers/context.ts';

const k = testContext().knowledge;
const [emergency] = k.redflags.levels;
const severity = (level: string) => k.redflags.levels.findIndex((l) => l.id === level);
const raw = (name: string) => JSON.parse(readFileSync(join(DATA_DIR, `${name}.json`), 'utf8'));
const rawFiles = () => ({
  sources: raw('sources'),
  activities: raw('activities'),
  stretches: raw('stretches'),
  redflags: raw('redflags'),
  tips: raw('tips'),
  'rejected-claims': raw('rejected-claims'),
});
const problemsOf = (files: ReturnType<typeof rawFiles>): string => {
  try {
    link(files);
    return '';
  } catch (err) {
    if (!(err instanceof KnowledgeError)) throw err;
    return err.problems.join('\n');
  }
};

describe('emergency signs on every card', () => {
  it('the doctor section lists exactly the ladder emergency signs, with its action and nothing else', () => {
    for (const a of k.activities) {
      const field = renderActivityCard(k, a, 'red-flags', MEMBER).embeds?.[0]?.fields?.[0];
      expect(field?.name, a.id).toContain(emergency.title);
      const [action, ...signs] = (field?.value ?? '').split('\n');
      expect(action, a.id).toBe(`**${emergency.action}**`);
      expect(signs, a.id).toEqual(emergency.symptoms.map((s) => `• ${s.text}`));
    }
  });

  it('the overview names every emergency sign, unconditionally, before anything else', () => {
    const line = `for any one of: ${emergency.symptoms.map((s) => s.label).join(' · ')}.`;
    for (const a of k.activities) {
      const help = renderActivityCard(k, a, 'overview', MEMBER).embeds?.[0]?.fields?.find((f) => f.name === SECTION_INFO['red-flags'].heading);
      expect(help?.value.split('\n')[0], a.id).toContain(line);
    }
  });

  it("an activity's own signs never restate an emergency (the ladder's list says it once, for everyone)", () => {
    for (const a of k.activities) {
      for (const w of a.warningSigns) expect(w.text, a.id).not.toMatch(/emergency|999|911|A&E|both legs|genitals/i);
    }
  });
});

describe('warning signs by severity', () => {
  it('go most severe first in the data, and the overview shows the most severe one', () => {
    for (const a of k.activities) {
      const ranks = a.warningSigns.map((w) => severity(w.level));
      expect(ranks, a.id).toEqual([...ranks].sort((x, y) => x - y));
      const help = renderActivityCard(k, a, 'overview', MEMBER).embeds?.[0]?.fields?.find((f) => f.name === SECTION_INFO['red-flags'].heading);
      expect(help?.value.split('\n')[1], a.id).toContain(a.warningSigns[0]!.text);
    }
  });

  it('the loader refuses signs out of order', () => {
    const files = rawFiles();
    const yoga = files.activities.find((a: { id: string }) => a.id === 'yoga');
    yoga.warningSigns.reverse();
    expect(problemsOf(files)).toMatch(/activity yoga: warning signs must go most severe first/);
  });
});
