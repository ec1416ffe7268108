import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/discord/pacer.ts';

describe('pacer', () => {
  it('never books more than the budget in any one-second window, from a burst', () => {
    let clock = 1000;
    const pacer = createPacer(48, () => clock);
    const starts: number[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 7 === 0) clock += 3; // requests keep arriving while earlier ones wait
      starts.push(clock + pacer.reserve());
    }
    for (const s of starts) expect(starts.filter((x) => x >= s && x < s + 1000).length).toBeLessThanOrEqual(48);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThan((299 * 1000) / 48 - 1);
  });

  it('does not delay a request when nothing is waiting', () => {
    let clock = 0;
    const pacer = createPacer(50, () => clock);
    expect(pacer.reserve()).toBe(0);
    clock = 10_000;
    expect(pacer.reserve()).toBe(0);
    expect(pacer.reserve()).toBeCloseTo(20);
  });

  it('stops waiting for a slot when the signal aborts', async () => {
    const pacer = createPacer(1);
    await pacer.pace();
    const controller = new AbortController();
    const waiting = pacer.pace(controller.signal); // a whole second away
    controller.abort(new Error('timed out'));
    await expect(waiting).rejects.toThrow('timed out');
    await expect(pacer.pace(controller.signal)).rejects.toThrow('timed out');
  });
});
