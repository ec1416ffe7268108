// Keeps Lumbar's requests under Discord's global budget, which Discord counts as the requests arrive.
//
// 1. Slots booked evenly, a hair over 1/perSecond apart, spread the requests out. discord.js counts in fixed
//    one-second windows on its own clock; two of those can straddle one of Discord's and together exceed it,
//    so the spacing, not discord.js, keeps every window under the budget.
// 2. What counts is when a request starts, not when its slot was booked. A slot's timer can fire late (the
//    process was not scheduled: a busy machine, a long garbage collection), and the slots that came due
//    meanwhile then fire at once; a database write between slot and request (the attempt record) can bunch
//    them too. So right before a request leaves, it waits if need be until (a) fewer than perSecond requests
//    started within the last second and (b) three quarters of a slot passed since the last start: held-back
//    requests catch up a little faster than the slots, one by one, never in a burst that jitter on the way
//    could squeeze into one of Discord's seconds together with the next second's requests.
// 3. After a 429 for the whole bot, discord.js holds every request until Discord's reset and then sends them
//    all at once, which can overflow the next second and draw the next 429. The pacer holds too (holdFor),
//    so what waits, waits here and leaves one by one.
//
// Pacing below the budget leaves room for everything else the bot sends (interaction answers are exempt anyway).
export interface Pacer {
  /** Books the next slot; returns how many milliseconds to wait for it. */
  reserve(): number;
  /** Waits for the next slot, runs `beforeStart`, then waits until a request may start within the budget and
   *  counts it as started. An aborted signal ends a wait at once (rejecting with its reason). */
  pace(signal?: AbortSignal, beforeStart?: () => Promise<void>): Promise<void>;
  /** Discord answered 429 for the whole bot: nothing starts for `ms`, and then requests go out one by one. */
  holdFor(ms: number): void;
}

const WINDOW_MS = 1000;
/** Starts may come closer than the slots (to catch up after a late timer), but not closer than this share of one. */
const MIN_GAP = 0.75;

export function createPacer(perSecond: number, now: () => number = () => performance.now()): Pacer {
  // A hair over the exact spacing, so float rounding never fits one more into a window.
  const interval = (WINDOW_MS / perSecond) * 1.0001;
  let next = 0;
  /** When the requests of the last second started, oldest first. */
  const started: number[] = [];
  let heldUntil = 0;

  function reserve(): number {
    const t = now();
    const at = Math.max(t, next);
    next = at + interval;
    return at - t;
  }

  /** Milliseconds until one more request may start (rule 2, and a hold after a 429); 0: now. */
  function untilRoom(): number {
    const t = now();
    while (started.length > 0 && started[0]! <= t - WINDOW_MS) started.shift();
    const last = started.at(-1);
    const afterLast = last === undefined ? 0 : last + interval * MIN_GAP - t;
    const windowFull = started.length < perSecond ? 0 : started[0]! + WINDOW_MS - t;
    return Math.max(afterLast, windowFull, heldUntil - t, 0);
  }

  return {
    reserve,
    async pace(signal, beforeStart) {
      signal?.throwIfAborted();
      await sleep(reserve(), signal);
      await beforeStart?.();
      // A late timer wakes this up later than planned, never earlier: look again after every wait.
      for (let wait = untilRoom(); wait > 0; wait = untilRoom()) await sleep(wait, signal);
      started.push(now());
    },
    holdFor(ms) {
      heldUntil = Math.max(heldUntil, now() + ms);
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
