import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextTip } from '../../src/clubs/rotation.ts';

const pool = Array.from({ length: 36 }, (_, i) => `tip-${i}`);

/** Posts `n` tips the way the scheduler does: pick, remember in its cycle, move on. */
function post(ids: readonly string[], seed: number, n: number, state = { cycle: 0, posted: new Set<string>() }) {
  const order: string[] = [];
  for (let i = 0; i < n; i++) {
    const pick = nextTip(ids, seed, state.cycle, state.posted);
    if (pick.cycle !== state.cycle) state = { cycle: pick.cycle, posted: new Set() };
    state.posted.add(pick.tipId);
    order.push(pick.tipId);
  }
  return { order, state };
}

describe('tip rotation', () => {
  it('goes through the whole pool with no repeat, then starts a new cycle', () => {
    const { order, state } = post(pool, 42, pool.length + 1);
    expect(new Set(order.slice(0, pool.length)).size).toBe(pool.length);
    expect(state.cycle).toBe(1);
    expect(order[pool.length]).toBeDefined();
  });

  it('never repeats within a cycle, for any seed and pool size (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 60 }), (seed, size) => {
        const ids = pool.concat(pool.map((p) => `${p}-x`)).slice(0, size);
        const { order } = post(ids, seed, size * 2);
        expect(new Set(order.slice(0, size)).size).toBe(size);
        expect(new Set(order.slice(size)).size).toBe(size);
      }),
      { numRuns: 200 },
    );
  });

  it('is shuffled: not the file order, and different for two channels and two cycles', () => {
    const a = post(pool, 1, pool.length * 2).order;
    const b = post(pool, 2, pool.length).order;
    expect(a.slice(0, pool.length)).not.toEqual(pool);
    expect(a.slice(0, pool.length)).not.toEqual(b);
    expect(a.slice(pool.length)).not.toEqual(a.slice(0, pool.length));
  });

  it('is stable: the same state gives the same next tip', () => {
    const posted = new Set(['tip-3', 'tip-9']);
    expect(nextTip(pool, 7, 0, posted)).toEqual(nextTip([...pool].reverse(), 7, 0, new Set(posted)));
  });

  it('lets a new tip join the current cycle', () => {
    const { order, state } = post(pool, 5, 10);
    const grown = [...pool, 'brand-new-tip'];
    const rest = post(grown, 5, grown.length - 10, state).order;
    expect(rest).toContain('brand-new-tip');
    expect(new Set([...order, ...rest]).size).toBe(grown.length);
  });

  it('skips tips removed from the pool', () => {
    const posted = new Set<string>();
    const shrunk = pool.slice(0, 5);
    for (let i = 0; i < 5; i++) posted.add(nextTip(shrunk, 3, 0, posted).tipId);
    expect([...posted].sort()).toEqual([...shrunk].sort());
  });
});
