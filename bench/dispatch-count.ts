// What a dispatch benchmark reports, counted from the local Discord's own records: DMs answered 200, the rate
// from the first to the last, every 429, and per DM channel the messages beyond or short of those expected;
// and the most requests within any one second, as the local Discord received them and as the bots sent them
// (bench/request-trace.ts).
import { existsSync, readFileSync } from 'node:fs';
import type { LocalDiscord } from '../test/e2e/emulator/index.ts';

export interface DispatchFigures {
  dms: number;
  seconds: number;
  ratePerSecond: number;
  fractionOf50: number;
  status429: number;
  duplicates: number;
  missing: number;
  /** The most requests the local Discord received within any one second. */
  busiestSecondReceived: number;
  /** The most requests the bots put on the wire within any one second (NaN without traces). */
  busiestSecondSent: number;
}

/** The most of `times` within any one second. */
export function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** The send times the bots' request traces hold, all together. */
export function readTraces(files: string[]): number[] {
  return files.filter((f) => existsSync(f)).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map(Number));
}

export function countDispatch(discord: LocalDiscord, channels: Iterable<string>, expectedPerChannel: number, traces: string[] = []): DispatchFigures {
  const ok = discord.requests.filter((r) => r.method === 'POST' && r.route === 'POST /channels/:channel/messages' && r.status === 200);
  const first = Math.min(...ok.map((r) => r.at));
  const last = Math.max(...ok.map((r) => r.at));
  const seconds = (last - first) / 1000;
  let duplicates = 0;
  let missing = 0;
  for (const channel of new Set(channels)) {
    const count = discord.messages(channel).length;
    if (count > expectedPerChannel) duplicates += count - expectedPerChannel;
    if (count < expectedPerChannel) missing += expectedPerChannel - count;
  }
  const rate = ok.length / Math.max(seconds, 0.001);
  return {
    dms: ok.length,
    seconds,
    ratePerSecond: rate,
    fractionOf50: rate / 50,
    status429: discord.requests.filter((r) => r.status === 429).length,
    duplicates,
    missing,
    // Bot-authenticated requests only: what the global budget counts.
    busiestSecondReceived: busiestSecond(discord.requests.filter((r) => r.route !== null && !r.path.startsWith('/webhooks/')).map((r) => r.at)),
    busiestSecondSent: traces.length ? busiestSecond(readTraces(traces)) : NaN,
  };
}
