// How cards word what matters most: the emergency signs, the order of warning signs, what is cut and what is said.
import { describe, expect, it } from 'vitest';
import { KnowledgeError, link } from '../../src/content/load.ts';
import { SECTIONS, SECTION_INFO, renderActivityCard } from '../../src/render/backpain.ts';
import { messageTexts } from '../../src/render/limits.ts';
import { everyMessage, rawFiles } from '../helpers/cards.ts';
import { MEMBER, testContext } from '../helpers/context.ts';

const { knowledge: k, pictures } = testContext();
const [emergency] = k.redflags.levels;
const severity = (level: string) => k.redflags.levels.findIndex((l) => l.id === level);
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
      const field = renderActivityCard(k, a, 'red-flags', MEMBER, pictures).embeds?.[0]?.fields?.[0];
      expect(field?.name, a.id).toContain(emergency.title);
      const [action, ...signs] = (field?.value ?? '').split('\n');
      expect(action, a.id).toBe(`**${emergency.action}**`);
      expect(signs, a.id).toEqual(emergency.symptoms.map((s) => `• ${s.text}`));
    }
  });

  it('the overview names every emergency sign, unconditionally, before anything else', () => {
    const line = `for any one of: ${emergency.symptoms.map((s) => s.label).join(' · ')}.`;
    for (const a of k.activities) {
      const help = renderActivityCard(k, a, 'overview', MEMBER, pictures).embeds?.[0]?.fields?.find((f) => f.name === SECTION_INFO['red-flags'].heading);
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
      const help = renderActivityCard(k, a, 'overview', MEMBER, pictures).embeds?.[0]?.fields?.find((f) => f.name === SECTION_INFO['red-flags'].heading);
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

describe('member-facing words', () => {
  const messages = everyMessage(k);
  /** Labels from docs/content-policy.md that describe how advice is classed, not advice a member can use. */
  const POLICY_LABELS = [/good practice/i, /comfort (cue|choice)/i, /strict rule/i, /\bverdict\b/i, /rejected claim/i];

  it('carry no policy labels, on any card or tip', () => {
    const hits = messages.flatMap(([name, body]) =>
      messageTexts(body).flatMap((text) => POLICY_LABELS.filter((re) => re.test(text)).map((re) => `${name}: ${re} in "${text.slice(0, 100)}"`)),
    );
    expect(hits).toEqual([]);
  });

  it('give the spine-condition advice at most once per card, where it helps (what helps now), never as prevention', () => {
    for (const a of k.activities) {
      const mentions = [a.summary, ...a.causes, ...a.relief, ...a.prevention].filter((t) => /spine condition/i.test(t));
      expect(mentions.length, a.id).toBeLessThanOrEqual(1);
      expect(a.prevention.filter((t) => /spine condition/i.test(t)), a.id).toEqual([]);
      const count = (section: 'relief' | 'prevention') => messageTexts(renderActivityCard(k, a, section, MEMBER, pictures)).join('\n').match(/spine condition/gi)?.length ?? 0;
      expect(count('relief'), a.id).toBe(mentions.length);
      expect(count('prevention'), a.id).toBe(0);
    }
  });
});

describe('sources', () => {
  const count = (value: string) => {
    const lines = value.split('\n');
    const more = /^· and (\d+) more — \*\*\/about\*\*$/.exec(lines.at(-1) ?? '');
    return more ? lines.length - 1 + Number(more[1]) : lines.length;
  };

  it('are never cut silently: every card shows them all, or as many as fit and "and N more — /about"', () => {
    const cited = new Map<string, readonly string[]>([
      ...k.activities.map((a) => [`backpain ${a.id}`, a.sources] as const),
      ...k.stretches.map((s) => [`stretch ${s.id}`, s.sources] as const),
      ...k.tips.map((t) => [`tip ${t.id}`, t.sources] as const),
    ]);
    let checked = 0;
    for (const [name, body] of everyMessage(k)) {
      const ids = cited.get(name.replace(/ [a-z-]+$/, '')) ?? cited.get(name);
      const field = body.embeds?.[0]?.fields?.find((f) => f.name === 'Sources');
      if (!ids || !field) continue;
      expect(count(field.value), name).toBe(new Set(ids).size);
      checked++;
    }
    expect(checked).toBeGreaterThan(k.activities.length * SECTIONS.length);
  });

  it('the card citing the most sources says how many more there are, and /about lists every one', () => {
    const longest = [...k.activities].sort((a, b) => b.sources.length - a.sources.length)[0]!;
    const field = renderActivityCard(k, longest, 'overview', MEMBER, pictures).embeds?.[0]?.fields?.find((f) => f.name === 'Sources');
    expect(field?.value.length).toBeLessThanOrEqual(1024);
    expect(field?.value).toMatch(/and \d+ more — \*\*\/about\*\*$/);
    expect(count(field!.value)).toBe(new Set(longest.sources).size);
  });
});

describe('tips', () => {
  it('never feature a mobility check, in their link or their words', () => {
    for (const t of k.tips) {
      if (t.stretch) expect(k.stretchById.get(t.stretch)?.kind, t.id).not.toBe('mobility-check');
      expect([t.title, t.body, ...t.how].join(' '), t.id).not.toMatch(/mobility check|thomas test|hip check/i);
    }
  });

  it('the loader refuses a tip or a card offering a mobility check as a stretch', () => {
    const files = rawFiles();
    files.tips[0].stretch = 'hip-flexor-mobility-check';
    files.activities[0].stretches.push('hip-flexor-mobility-check');
    const problems = problemsOf(files);
    expect(problems).toMatch(new RegExp(`tip ${files.tips[0].id} offers the mobility check`));
    expect(problems).toMatch(new RegExp(`activity ${files.activities[0].id} offers the mobility check`));
  });
});
