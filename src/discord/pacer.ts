// Spaces requests evenly so that no one-second window, however it is aligned, holds more than
// Discord's global budget. discord.js counts requests in fixed windows from its own clock; two
// such windows can straddle one of Discord's and together exceed it. Pacing below the budget
// leaves room for everything else the bot sends (interaction answers are exempt anyway).
export function createPacer(perSecond: number, now: () => number = () => performance.now()) {
  // A hair over the exact spacing, so float rounding never fits one more into a window.
  const interval = (1000 / perSecond) * 1.0001;
  let next = 0;
  /** Books the next slot; returns how many milliseconds to wait for it. */
  function reserve(): number {
    const t = now();
    const at = Math.max(t, next);
    next = at + interval;
    return at - t;
  }
  return {
    reserve,
    /** Waits for the next slot; an aborted signal ends the wait at once (rejecting with its reason). */
    pace(signal?: AbortSignal): Promise<void> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const wait = reserve();
      if (wait <= 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal!.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, wait);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
