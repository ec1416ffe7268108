import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/content/index.ts';
import { createSearchIndex, normalize } from '../../src/content/search.ts';

const { activities, stretches } = loadKnowledgeBase();

describe('activity search', () => {
  it.each([
    ['dl', 'deadlift'],
    ['Deadlifts', 'deadlift'],
    ['DEADLIFT', 'deadlift'],
    ['rdl', 'deadlift'],
    ['dedlift', 'deadlift'],
    ['deadlfit', 'deadlift'],
    ['jogging', 'running'],
    ['jog', 'running'],
    ['treadmill', 'running'],
    ['runing', 'running'],
    ['tramp', 'jumping'],
    ['trampoline', 'jumping'],
    ['ohp', 'overhead-press'],
    ['army press', 'overhead-press'],
    ['military press', 'overhead-press'],
    ['squats', 'squat'],
    ['swimming', 'swimming'],
    ['  Yoga  ', 'yoga'],
    ['sitting', 'sitting'],
    ['leg press', 'leg-press'],
    ['lunges', 'lunges'],
    ['plank', 'plank-abs'],
  ])('%j finds %s first', (query, id) => {
    expect(activities.search(query)[0]?.id).toBe(id);
  });

  it.each([
    ['dl', 'deadlift'],
    ['Deadlifts', 'deadlift'],
    ['dedlift', 'deadlift'],
    ['jogging', 'running'],
    ['tramp', 'jumping'],
  ])('resolves %j to %s for the command', (query, id) => {
    expect(activities.resolve(query)?.id).toBe(id);
  });

  it('returns an empty list for empty, blank and junk input, without throwing', () => {
    expect(activities.search('')).toEqual([]);
    expect(activities.search('    ')).toEqual([]);
    expect(activities.search('x'.repeat(100))).toEqual([]);
    expect(activities.search('qwzxkvjqpzxqwzxkvjqpzxqwzxkvjqpzxqwzxkvjqpzxqwzxkvjqpzxqwzxkvjqpzxqwzxkvjqpzxqwzxkvjqpzxqwzxkvjqpz')).toEqual([]);
    expect(activities.search('%%%***!!!')).toEqual([]);
    expect(activities.resolve('x'.repeat(100))).toBeUndefined();
  });

  it('does not guess when a query is ambiguous or unknown', () => {
    expect(activities.resolve('basket weaving')).toBeUndefined();
    expect(activities.resolve('zzzz')).toBeUndefined();
  });

  it('never returns more than the limit, and never the same activity twice', () => {
    for (const q of ['a', 'e', 's', 'r']) {
      const found = activities.search(q, 25);
      expect(found.length).toBeLessThanOrEqual(25);
      expect(new Set(found.map((a) => a.id)).size).toBe(found.length);
    }
    expect(activities.search('s', 3).length).toBeLessThanOrEqual(3);
  });

  it('finds every activity by its own name and every alias', () => {
    for (const a of activities.items) {
      for (const name of [a.name, ...a.aliases]) expect(activities.resolve(name)?.id, name).toBe(a.id);
    }
  });
});

describe('stretch search', () => {
  it.each([
    ['piriformis', 'piriformis-stretch'],
    ['hip flexor', 'hip-flexor-stretch'],
    ['knee to chest', 'knee-to-chest'],
    ['arm swing', 'cross-body-arm-swing'],
    ['piriformus', 'piriformis-stretch'],
  ])('%j finds %s first', (query, id) => {
    expect(stretches.search(query)[0]?.id).toBe(id);
  });
});

describe('search index on its own', () => {
  const index = createSearchIndex([
    { id: 'alpha', name: 'Alpha', aliases: ['first'] },
    { id: 'alpine', name: 'Alpine', aliases: [] },
  ]);
  it('asks rather than guesses between two prefix matches', () => {
    expect(index.search('alp').map((x) => x.id).sort()).toEqual(['alpha', 'alpine']);
    expect(index.resolve('alp')).toBeUndefined();
    expect(index.resolve('alph')?.id).toBe('alpha');
  });
  it('normalizes accents, case and punctuation', () => {
    expect(normalize('  Crème   Brûlée!! ')).toBe('creme brulee');
  });
});
