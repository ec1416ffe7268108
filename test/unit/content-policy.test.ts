// docs/content-policy.md is written by hand; this keeps it from drifting from data/: every rejected claim with its
// verdict, article and sources, and every red-flag level and sign in the ladder's order.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RedFlags, RejectedClaim, Source } from '../../src/content/schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const doc = read('docs/content-policy.md');
const claims = JSON.parse(read('data/rejected-claims.json')) as RejectedClaim[];
const ladder = JSON.parse(read('data/redflags.json')) as RedFlags;
const sourceIds = new Set((JSON.parse(read('data/sources.json')) as Source[]).map((s) => s.id));

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`docs/content-policy.md has no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0];
  const rest = text.slice(start + heading.length + 1);
  const end = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
  return end < 0 ? rest : rest.slice(0, end);
}

const flatten = (text: string) => text.replace(/\s+/g, ' ');

describe('docs/content-policy.md', () => {
  it('shows the escalation ladder of data/redflags.json, most severe first, every sign under its level', () => {
    const part = section(doc, '## The escalation ladder');
    expect(flatten(part)).toMatch(/any single emergency sign is enough/i);
    const headings = ladder.levels.map((level, i) => `### ${i + 1}. \`${level.id}\`: ${level.title}`);
    const positions = headings.map((h) => part.indexOf(`${h}\n`));
    expect(headings.filter((_, i) => positions[i]! < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const [i, level] of ladder.levels.entries()) {
      const signs = flatten(section(part, headings[i]!));
      for (const symptom of level.symptoms) expect(signs, `${level.id}: ${symptom.id}`).toContain(`- ${symptom.text}`);
    }
  });

  it('explains every rejected claim of data/rejected-claims.json: its article, verdict, reason and sources', () => {
    const part = section(doc, '## Rejected claims');
    for (const claim of claims) {
      const entry = flatten(section(part, `### \`${claim.id}\``));
      expect(entry, claim.id).toContain(`**Claim** (\`${claim.article}\``);
      expect(entry, claim.id).toContain(`**Verdict:** ${claim.verdict}.`);
      expect(entry, claim.id).toMatch(/\*\*Why:\*\* \S/);
      const cited = [.../\*\*Sources:\*\* (.*)/.exec(entry)?.[1]?.matchAll(/`([a-z0-9-]+)`/g) ?? []].map((m) => m[1]!);
      expect(cited.length, `${claim.id} cites no source`).toBeGreaterThan(0);
      expect(cited.filter((id) => !sourceIds.has(id)), `${claim.id} cites unknown sources`).toEqual([]);
    }
    // And nothing stale: every entry is a claim in the data.
    const entries = [...part.matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]);
    expect(entries).toEqual(claims.map((c) => c.id));
  });

  it('cites only sources that exist', () => {
    const cited = [...doc.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]!);
    const known = new Set([...sourceIds, ...claims.map((c) => c.id), ...ladder.levels.map((l) => l.id)]);
    expect(cited.filter((id) => !known.has(id))).toEqual([]);
  });
});
