import { describe, expect, it, vi } from 'vitest';
import { createPacer } from '../../src/discord/pacer.ts';

/** The most of `starts` (sorted) that fall within any one-second window. */
function busiestSecond(starts: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i]! - starts[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

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

  it('never lets more than the budget start within one second when its timers fire late (a busy machine)', async () => {
    // The clock is the real time; the fake timers are the event loop. Every 700 ms the process is descheduled
    // for 150 ms: the clock runs on, and the timers due meanwhile all fire when it runs again, at once.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let clock = 0;
      const pacer = createPacer(48, () => clock);
      const starts: number[] = [];
      let running = true;
      // Sixteen senders, as the scheduler runs them: each request starts the moment its pacing ends.
      for (let w = 0; w < 16; w++) void (async () => {
        while (running) {
          await pacer.pace();
          starts.push(clock);
        }
      })();
      for (let t = 0; t < 20_000; ) {
        const step = t > 0 && t % 700 === 0 ? 150 : 2;
        clock += step;
        t += step;
        await vi.advanceTimersByTimeAsync(step);
      }
      running = false;
      expect(busiestSecond(starts)).toBeLessThanOrEqual(48);
      // What the late timers held back leaves one by one, a little faster than the slots: no burst.
      const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual((0.75 * 1000) / 48);
      // Late timers cost a little throughput, never the budget: still most of 48 a second.
      expect(starts.length).toBeGreaterThan(0.9 * 48 * 20);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts a request when it starts, after the attempt record, however late that comes back', async () => {
    // The attempt record (a database write before each send) comes back only every 300 ms, for all the requests
    // whose slots came meanwhile: they would leave in bursts of fourteen, four bursts within one second.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let clock = 0;
      const pacer = createPacer(48, () => clock);
      const starts: number[] = [];
      let records = 0;
      const record = () => new Promise<void>((resolve) => setTimeout(() => resolve(void records++), 300 - (clock % 300)));
      let running = true;
      for (let w = 0; w < 16; w++) void (async () => {
        while (running) {
          await pacer.pace(undefined, record);
          starts.push(clock);
        }
      })();
      for (let t = 0; t < 10_000; t += 2) {
        clock += 2;
        await vi.advanceTimersByTimeAsync(2);
      }
      running = false;
      expect(records).toBeGreaterThanOrEqual(starts.length);
      expect(busiestSecond(starts)).toBeLessThanOrEqual(48);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds every start after a 429 for the whole bot, then lets the waiting requests go one by one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let clock = 0;
      const pacer = createPacer(48, () => clock);
      const starts: number[] = [];
      pacer.holdFor(500);
      for (let w = 0; w < 10; w++) void pacer.pace().then(() => starts.push(clock));
      for (let t = 0; t < 1000; t += 1) {
        clock += 1;
        await vi.advanceTimersByTimeAsync(1);
      }
      expect(starts).toHaveLength(10);
      expect(starts[0]).toBeGreaterThanOrEqual(500);
      const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual((0.75 * 1000) / 48);
    } finally {
      vi.useRealTimers();
    }
  });
});
