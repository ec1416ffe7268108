// Reads data/*.json, validates each file with its schema, and checks the links between them
// (source ids, stretch ids, unique aliases). Problems are collected and reported together.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  KnowledgeFiles,
  type Activity,
  type RedFlags,
  type RejectedClaim,
  type Routine,
  type Source,
  type Stretch,
  type Tip,
} from './schema.ts';

export interface Knowledge {
  sources: Source[];
  activities: Activity[];
  stretches: Stretch[];
  redflags: RedFlags;
  tips: Tip[];
  routines: Routine[];
  rejectedClaims: RejectedClaim[];
  sourceById: Map<string, Source>;
  activityById: Map<string, Activity>;
  /** The card for back pain after exercise in general: the answer when no activity card is certain. */
  general: Activity;
  stretchById: Map<string, Stretch>;
  tipById: Map<string, Tip>;
  routineById: Map<string, Routine>;
}

/** The id of the general card, shown when no activity card is certain. */
export const GENERAL_ACTIVITY = 'general';

export class KnowledgeError extends Error {
  constructor(readonly problems: string[]) {
    super(`The knowledge base in data/ has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    this.name = 'KnowledgeError';
  }
}

type FileName = keyof typeof KnowledgeFiles;
type Parsed = { [K in FileName]: z.infer<(typeof KnowledgeFiles)[K]> };

export function loadKnowledge(dataDir: string): Knowledge {
  const problems: string[] = [];
  const parsed: Partial<Parsed> = {};
  for (const name of Object.keys(KnowledgeFiles) as FileName[]) {
    const file = join(dataDir, `${name}.json`);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`${name}.json: cannot be read as JSON (${(err as Error).message})`);
      continue;
    }
    const result = KnowledgeFiles[name].safeParse(raw);
    if (result.success) {
      (parsed as Record<string, unknown>)[name] = result.data;
    } else {
      for (const issue of result.error.issues) {
        problems.push(`${name}.json at ${issue.path.join('.') || '(top)'}: ${issue.message}`);
      }
    }
  }
  if (problems.length > 0) throw new KnowledgeError(problems);
  return link(parsed as Parsed);
}

/** Cross-file checks: every id resolves, nothing is defined twice. */
export function link(p: Parsed): Knowledge {
  const problems: string[] = [];
  const sourceById = indexById('sources', p.sources, problems);
  const activityById = indexById('activities', p.activities, problems);
  const stretchById = indexById('stretches', p.stretches, problems);
  const tipById = indexById('tips', p.tips, problems);
  const routineById = indexById('routines', p.routines, problems);
  indexById('rejected-claims', p['rejected-claims'], problems);
  const cites = (where: string, ids: readonly string[]) => {
    for (const sid of ids) if (!sourceById.has(sid)) problems.push(`${where} cites unknown source "${sid}"`);
  };
  checkCards(p, stretchById, cites, problems);
  checkWarningSigns(p, problems);
  checkRoutines(p.routines, stretchById, cites, problems);
  cites('redflags', p.redflags.sources);
  checkRedFlags(p.redflags, problems);
  checkRejectedClaims(p['rejected-claims'], sourceById, problems);
  const general = activityById.get(GENERAL_ACTIVITY);
  if (!general) problems.push(`activities.json has no "${GENERAL_ACTIVITY}" card (back pain after exercise in general)`);
  if (problems.length > 0 || !general) throw new KnowledgeError(problems);
  return {
    general,
    sources: p.sources,
    activities: p.activities,
    stretches: p.stretches,
    redflags: p.redflags,
    tips: p.tips,
    routines: p.routines,
    rejectedClaims: p['rejected-claims'],
    sourceById,
    activityById,
    stretchById,
    tipById,
    routineById,
  };
}

type Cites = (where: string, ids: readonly string[]) => void;

/** Activities, stretches and tips: their sources and stretch links resolve, and no name or alias is taken twice. */
function checkCards(p: Parsed, stretchById: ReadonlyMap<string, Stretch>, cites: Cites, problems: string[]): void {
  const names = new Map<string, string>();
  const claimName = (kind: string, owner: string, name: string) => {
    const key = `${kind}:${name.toLowerCase()}`;
    const prev = names.get(key);
    if (prev && prev !== owner) problems.push(`${kind} name or alias "${name}" is used by both ${prev} and ${owner}`);
    names.set(key, owner);
  };
  for (const a of p.activities) {
    cites(`activity ${a.id}`, a.sources);
    for (const s of a.stretches) checkStretchLink(`activity ${a.id}`, s, stretchById, problems);
    for (const n of [a.id, a.name, ...a.aliases]) claimName('activity', a.id, n);
  }
  for (const s of p.stretches) {
    cites(`stretch ${s.id}`, s.sources);
    if (s.holdSeconds && s.holdSeconds.min > s.holdSeconds.max) problems.push(`stretch ${s.id}: holdSeconds min > max`);
    for (const n of [s.id, s.name, ...s.aliases]) claimName('stretch', s.id, n);
  }
  for (const t of p.tips) {
    cites(`tip ${t.id}`, t.sources);
    if (t.stretch) checkStretchLink(`tip ${t.id}`, t.stretch, stretchById, problems);
  }
}

/** Cards and tips offer stretches to try; a mobility check (a test with a fall risk) is never offered as one. */
function checkStretchLink(where: string, id: string, stretchById: ReadonlyMap<string, Stretch>, problems: string[]): void {
  const stretch = stretchById.get(id);
  if (!stretch) problems.push(`${where} links unknown stretch "${id}"`);
  else if (stretch.kind === 'mobility-check') problems.push(`${where} offers the mobility check "${id}" as a stretch`);
}

/** An activity's own warning signs go most severe first, in the ladder's order of levels. */
function checkWarningSigns(p: Parsed, problems: string[]): void {
  const severity = new Map<string, number>(p.redflags.levels.map((level, i) => [level.id, i]));
  for (const a of p.activities) {
    const ranks = a.warningSigns.map((w) => severity.get(w.level) ?? 0);
    if (ranks.some((r, i) => i > 0 && r < ranks[i - 1]!)) problems.push(`activity ${a.id}: warning signs must go most severe first (urgent before soon)`);
  }
}

/** Routines: each step a stretch that exists and suits a routine, its hold within the stretch's own range
 *  (none for a drill that moves), its sources known, and no routine name or alias taken twice. */
function checkRoutines(routines: readonly Routine[], stretchById: ReadonlyMap<string, Stretch>, cites: Cites, problems: string[]): void {
  const names = new Map<string, string>();
  for (const r of routines) {
    cites(`routine ${r.id}`, r.sources);
    // A reminder's delivery records a routine's id or a stretch's in one column.
    if (stretchById.has(r.id)) problems.push(`routine id "${r.id}" is also a stretch's id`);
    for (const n of [r.id, r.name, ...r.aliases]) {
      const prev = names.get(n.toLowerCase());
      if (prev && prev !== r.id) problems.push(`routine name or alias "${n}" is used by both ${prev} and ${r.id}`);
      names.set(n.toLowerCase(), r.id);
    }
    r.steps.forEach((step, i) => {
      const where = `routine ${r.id} step ${i + 1}`;
      const s = stretchById.get(step.stretch);
      if (!s) return void problems.push(`${where} names unknown stretch "${step.stretch}"`);
      if (s.kind === 'mobility-check') problems.push(`${where}: the mobility check is not a routine step`);
      if ((step.holdSeconds === null) !== (s.holdSeconds === null)) problems.push(`${where}: ${s.id} ${s.holdSeconds ? 'is held, so the step needs holdSeconds' : 'moves, so the step has no holdSeconds'}`);
      else if (step.holdSeconds !== null && s.holdSeconds && (step.holdSeconds < s.holdSeconds.min || step.holdSeconds > s.holdSeconds.max)) {
        problems.push(`${where}: holds ${step.holdSeconds} s, outside ${s.id}'s ${s.holdSeconds.min}–${s.holdSeconds.max} s`);
      }
    });
  }
}

/** The ladder: unique symptom ids, and the levels most severe first. */
function checkRedFlags(redflags: Parsed['redflags'], problems: string[]): void {
  const symptomIds = new Set<string>();
  for (const level of redflags.levels) {
    for (const s of level.symptoms) {
      if (symptomIds.has(s.id)) problems.push(`red-flag symptom id "${s.id}" is used twice`);
      symptomIds.add(s.id);
    }
  }
  const order = redflags.levels.map((l) => l.id).join(',');
  if (order !== 'emergency,urgent,soon') problems.push(`redflags levels must be emergency, urgent, soon in that order (got ${order})`);
}

/** Each rejected claim names a known article, and its patterns compile. */
function checkRejectedClaims(claims: Parsed['rejected-claims'], sourceById: ReadonlyMap<string, unknown>, problems: string[]): void {
  for (const c of claims) {
    if (!sourceById.has(c.article)) problems.push(`rejected claim ${c.id} names unknown article "${c.article}"`);
    for (const pattern of c.patterns) {
      try {
        new RegExp(pattern, 'i');
      } catch {
        problems.push(`rejected claim ${c.id}: pattern ${JSON.stringify(pattern)} is not a valid regular expression`);
      }
    }
  }
}

function indexById<T extends { id: string }>(file: string, items: readonly T[], problems: string[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) problems.push(`${file}.json: id "${item.id}" appears twice`);
    map.set(item.id, item);
  }
  return map;
}
