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
  /** What the local Discord received in that busiest second, by route (e.g. "48 POST /channels/:channel/messages"). */
  busiestSecondRoutes: string;
  /** Each 429: its route and the second it came in, from the first DM. */
  rateLimited: string[];
}

/** The most of `times` within any one second, and when that second starts. */
export function busiestWindow(times: number[]): { most: number; from: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let from = NaN;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    if (i - j + 1 > most) [most, from] = [i - j + 1, sorted[j]!];
  }
  return { most, from };
}

export const busiestSecond = (times: number[]): number => busiestWindow(times).most;

/** "48 POST /channels/:channel/messages, 3 GET /applications/:app/commands", most first. */
function byRoute(requests: { route: string | null }[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r.route ?? '?', (counts.get(r.route ?? '?') ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([route, n]) => `${n} ${route}`).join(', ');
}

/** The send times the bots' request traces hold, all together. */
export function readTraces(files: string[]): number[] {
  return files.filter((f) => existsSync(f)).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((line) => Number(line.split(' ')[0])));
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
  // Bot-authenticated requests only: what the global budget counts.
  const counted = discord.requests.filter((r) => r.route !== null && !r.path.startsWith('/webhooks/'));
  const busiest = busiestWindow(counted.map((r) => r.at));
  return {
    dms: ok.length,
    seconds,
    ratePerSecond: rate,
    fractionOf50: rate / 50,
    status429: discord.requests.filter((r) => r.status === 429).length,
    duplicates,
    missing,
    busiestSecondReceived: busiest.most,
    busiestSecondSent: traces.length ? busiestSecond(readTraces(traces)) : NaN,
    busiestSecondRoutes: byRoute(counted.filter((r) => r.at >= busiest.from && r.at < busiest.from + 1000)),
    rateLimited: discord.requests.filter((r) => r.status === 429).map((r) => `${r.method} ${r.route ?? r.path} at ${((r.at - first) / 1000).toFixed(1)} s`),
  };
}
