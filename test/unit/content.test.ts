// The knowledge base against its schema, its own links, Discord's limits and docs/content-policy.md.
import { describe, expect, it } from 'vitest';
import { KnowledgeError, link } from '../../src/content/load.ts';
import { messageProblems, messageTexts } from '../../src/render/limits.ts';
import { everyMessage, rawFiles } from '../helpers/cards.ts';
import { testContext } from '../helpers/context.ts';

const ctx = testContext();
const k = ctx.knowledge;

describe('knowledge base', () => {
  it('has every activity the articles discuss, and the general card', () => {
    expect(k.activities.map((a) => a.id)).toEqual(
      expect.arrayContaining(['bending-over', 'deadlift', 'gym', 'jumping', 'leg-press', 'lunges', 'overhead-press', 'plank-abs', 'running', 'sitting', 'squat', 'swimming', 'walking', 'yoga']),
    );
    expect(k.general.id).toBe('general');
  });

  it('has the aliases members type', () => {
    const aliases = (id: string) => k.activityById.get(id)?.aliases ?? [];
    expect(aliases('deadlift')).toEqual(expect.arrayContaining(['dl', 'deadlifts', 'rdl']));
    expect(aliases('running')).toEqual(expect.arrayContaining(['jog', 'jogging', 'treadmill']));
    expect(aliases('overhead-press')).toEqual(expect.arrayContaining(['ohp', 'army press', 'military press']));
  });

  it('has the stretches the articles describe, and the mobility check', () => {
    for (const id of ['piriformis-stretch', 'gluteal-stretch', 'hip-flexor-stretch', 'kneeling-back-bend', 'forward-lunge-press', 'cross-body-arm-swing', 'hip-flexor-mobility-check']) {
      expect(k.stretchById.has(id), id).toBe(true);
    }
    expect(k.stretchById.get('hip-flexor-mobility-check')?.kind).toBe('mobility-check');
    for (const s of k.stretches) expect(s.stopIf.join(' ').toLowerCase(), s.id).toMatch(/sharp/);
  });

  it('has at least 30 sourced club tips', () => {
    expect(k.tips.length).toBeGreaterThanOrEqual(30);
    for (const t of k.tips) expect(t.sources.length).toBeGreaterThan(0);
  });

  it('cites the five articles and every clinical source', () => {
    for (const id of ['lbp-after-exercise', 'back-pain-after-sports', 'running-back-pain', 'tight-hip-flexors', 'lower-back-after-run', 'nice-ng59', 'nhs-back-pain', 'nhs-cauda-equina']) {
      expect(k.sourceById.has(id), id).toBe(true);
    }
  });

  it('link() refuses a knowledge base without the general card', () => {
    const files = rawFiles();
    files.activities = files.activities.filter((a: { id: string }) => a.id !== 'general');
    expect(() => link(files)).toThrow(/no "general" card/);
  });

  it('link() rejects a broken source id, a broken stretch link and a shared alias', () => {
    const files = rawFiles();
    files.activities[0].sources.push('no-such-source');
    files.activities[0].stretches.push('no-such-stretch');
    files.activities[1].aliases.push(files.activities[0].aliases[0]);
    try {
      link(files);
      expect.unreachable('link should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(KnowledgeError);
      const text = (err as KnowledgeError).problems.join('\n');
      expect(text).toMatch(/unknown source "no-such-source"/);
      expect(text).toMatch(/unknown stretch "no-such-stretch"/);
      expect(text).toMatch(/is used by both/);
    }
  });
});

describe('escalation ladder (docs/content-policy.md, "The escalation ladder")', () => {
  const [emergency, urgent, soon] = k.redflags.levels;
  it('goes emergency, urgent, soon with their actions', () => {
    expect(emergency.action).toMatch(/999/);
    for (const n of ['112', '911', '000']) expect(emergency.action).toContain(n);
    expect(emergency.action).toMatch(/A&E|ER/);
    expect(urgent.action).toMatch(/111/);
    expect(soon.action).toMatch(/GP|physio/i);
  });

  it('lists every emergency sign', () => {
    const text = emergency.symptoms.map((s) => s.text).join('\n').toLowerCase();
    for (const sign of [/genital|saddle/, /pee|bladder/, /bowel|poo/, /sexual/, /both legs/, /weakness|foot drag|giving way/, /accident|fall|landing/, /chest pain/]) {
      expect(text).toMatch(sign);
    }
  });

  it('lists every urgent and soon sign', () => {
    const u = urgent.symptoms.map((s) => s.text).join('\n').toLowerCase();
    for (const sign of [/fever|unwell/, /weight loss/, /cancer/, /lump|swelling|shape/, /night|rest/, /sneez|cough/, /shoulder blades/, /osteoporosis|steroid/, /under about 20|over about 50|under 20|over 50/]) {
      expect(u).toMatch(sign);
    }
    const s = soon.symptoms.map((x) => x.text).join('\n').toLowerCase();
    for (const sign of [/few weeks|not .*improv/, /daily life|training/, /one leg|sciatica/, /teen/]) expect(s).toMatch(sign);
  });
});

describe('rendered cards', () => {
  const messages = everyMessage(k);

  it('every card, for every activity and section, is within Discord limits', () => {
    const problems = messages.flatMap(([name, body]) => messageProblems(body).map((p) => `${name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('every advice card carries the emergency footer pointing to /redflags', () => {
    expect(k.redflags.footer).toMatch(/\/redflags/);
    const advice = messages.filter(([n]) => /^(backpain|stretch (?!list$)|routine )/.test(n));
    expect(advice.filter(([n]) => n.startsWith('routine ')).length).toBeGreaterThan(0);
    for (const [name, body] of advice) expect(body.embeds?.[0]?.footer?.text, name).toBe(k.redflags.footer);
    // Reminders and tips carry it above their marker line.
    for (const [name, body] of messages.filter(([n]) => /^(reminder|tip) /.test(n))) expect(body.embeds?.[0]?.footer?.text.split('\n')[0], name).toBe(k.redflags.footer);
  });

  it('every card lists its sources', () => {
    for (const [name, body] of messages.filter(([n]) => /^(backpain|stretch (?!list$)|routine )/.test(n))) {
      expect(body.embeds?.[0]?.fields?.some((f) => f.name === 'Sources' && f.value.length > 0), name).toBe(true);
    }
  });

  it('no rendered text, and no tip, matches a rejected claim', () => {
    const texts: [string, string][] = messages.flatMap(([name, body]) => messageTexts(body).map((t) => [name, t] as [string, string]));
    for (const t of k.tips) for (const s of [t.title, t.body, ...t.how]) texts.push([`tip ${t.id}`, s]);
    const hits: string[] = [];
    for (const claim of k.rejectedClaims) {
      for (const pattern of claim.patterns) {
        const re = new RegExp(pattern, 'i');
        for (const [where, text] of texts) if (re.test(text)) hits.push(`${where} matches ${claim.id} (${pattern}): ${text.slice(0, 120)}`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('each rejected claim pattern catches the wrong phrasing it stands for', () => {
    // Otherwise a pattern could be so narrow that the test above passes without checking anything.
    expect(k.rejectedClaims.length).toBeGreaterThanOrEqual(13);
    for (const claim of k.rejectedClaims) {
      expect(claim.patterns.some((p) => new RegExp(p, 'i').test(claim.claim)), `${claim.id}: no pattern matches "${claim.claim}"`).toBe(true);
    }
  });

  it('the words docs/content-policy.md rules out never appear as advice', () => {
    const all = messages.flatMap(([, b]) => messageTexts(b)).join('\n');
    expect(all).not.toMatch(/\b\d+\s*mg\b/i);
    expect(all).not.toMatch(/\b(is|are) (dangerous|prohibited)\b/i);
    expect(all).not.toMatch(/lactic acid (causes|builds)/i);
  });
});
