import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/content/index.ts';
import { createSearchIndex, normalize } from '../../src/content/search.ts';
import { words } from '../../src/content/words.ts';

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
    expect(words("Sit-ups after my kid's classes")).toEqual(['sit', 'up', 'after', 'my', 'kid', 'class']);
    expect(normalize('  Crème   Brûlée!! ')).toBe('creme brulee');
  });
});

describe('search never opens a confident wrong card (issue 13)', () => {
  // The wrong answers members got, rebuilt on a small index: each query shares characters or one word with a name.
  const index = createSearchIndex([
    { id: 'overhead-press', name: 'Overhead press', aliases: ['standing press', 'ohp'] },
    { id: 'sitting', name: 'Sitting', aliases: ['desk', 'desk job'] },
    { id: 'bending-over', name: 'Bending over', aliases: ['touching toes', 'lifting a box', 'moving house'] },
    { id: 'gym', name: 'Gym', aliases: ['lifting', 'weights'] },
    { id: 'running', name: 'Running', aliases: ['run', '5k', 'jogging'] },
    { id: 'jumping', name: 'Jumping', aliases: ['skipping', 'trampoline'] },
    { id: 'deadlift', name: 'Deadlift', aliases: ['dl', 'trap bar deadlift'] },
  ]);

  it.each([
    ['standing desk', 'overhead-press'],
    ['couch to 5k', 'bending-over'],
    ['lifting my kid', 'gym'],
    ['rowing machine', 'bending-over'],
    ['after sleeping', 'jumping'],
    ['mowing', 'bending-over'],
  ])('%j is not taken as %s: one shared word or a few shared letters are not enough', (query, wrong) => {
    expect(index.resolve(query)?.id).toBeUndefined();
    expect(index.resolve(query.toUpperCase())?.id).not.toBe(wrong);
  });

  it.each([
    ['my back hurts after a run', 'running'],
    ['lower back sore after jogging yesterday', 'running'],
    ['heavy deadlifts at the gym', 'deadlift'],
    ['deadlfit', 'deadlift'],
    ['dedlift', 'deadlift'],
    ['tramp', 'jumping'],
  ])('%j names %s: every word that matters is explained, or a close misspelling', (query, id) => {
    expect(index.resolve(query)?.id).toBe(id);
  });

  it('offers the closest cards for a query it will not take', () => {
    expect(index.search('couch to 5k').map((x) => x.id)).toEqual(['running']);
    expect(index.search('standing desk').map((x) => x.id)).toEqual(['sitting']);
    expect(index.search('lifting my kid').map((x) => x.id)).toEqual(['gym']);
  });

  it('asks when two cards are named ("running and lifting")', () => {
    expect(index.resolve('running and lifting')).toBeUndefined();
    expect(index.search('running and lifting').map((x) => x.id).sort()).toEqual(['gym', 'running']);
  });
});
