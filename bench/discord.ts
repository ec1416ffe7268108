// 2. Round trip, 4. dispatch throughput, 5. start-up: the built bot against the local Discord.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { slashCommand, startLocalDiscord } from '../test/e2e/emulator/index.ts';
import { startBuiltBot } from './bot.ts';
import { seedReminders } from './seed.ts';
import { summarize, type Summary } from './stats.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'lumbar-bench-'));

export async function benchRoundTrip(n = 1000): Promise<{ roundTrip: Summary; violations: number }> {
  const discord = await startLocalDiscord();
  const bot = startBuiltBot({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: `${discord.url}/api`, DATABASE_PATH: join(scratch(), 'lumbar.db') });
  try {
    await bot.ready;
    const activities = ['deadlift', 'dl', 'jogging', 'squats', 'yoga', 'sitting', 'tramp', 'ohp'];
    const sections = ['overview', 'causes', 'relief', 'prevention', 'stretches', 'red-flags'];
    const samples: number[] = [];
    for (let i = 0; i < n + 50; i++) {
      const handle = discord.injectInteraction(slashCommand('backpain', { options: { activity: activities[i % activities.length]!, section: sections[i % sections.length]! } }));
      const response = await handle.response(5000);
      if (i >= 50) samples.push(response.at - handle.dispatchedAt); // the first 50 warm up the JIT
    }
    return { roundTrip: summarize(samples), violations: discord.contractViolations.length };
  } finally {
    await bot.stop();
    await discord.close();
  }
}

export interface DispatchFigures {
  dms: number;
  seconds: number;
  ratePerSecond: number;
  fractionOf50: number;
  status429: number;
  duplicates: number;
  missing: number;
}

/** `n` reminders due at once, sent by the bot through the local Discord with its 50/s budget on. */
export async function benchDispatch(n = 10_000): Promise<DispatchFigures> {
  const discord = await startLocalDiscord();
  discord.fail.globalBudget(true, 50);
  const dir = scratch();
  const dbPath = join(dir, 'lumbar.db');
  const due = Date.parse('2026-11-22T07:30:00Z');
  const db = openDatabase(dbPath);
  const dmOf = new Map<string, string>();
  seedReminders(db, n, n, due + 1000, (userId) => {
    const id = discord.dmChannelOf(userId);
    dmOf.set(userId, id);
    return id;
  });
  db.close();
  // One reminder per member: seedReminders spreads `n` rows over n/5 members, so give each its own.
  const bot = startBuiltBot({
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: `${discord.url}/api`,
    DATABASE_PATH: dbPath,
    SCHEDULER_TICK_SECONDS: '1',
    LUMBAR_START_TIME: new Date(due).toISOString(),
    LOG_LEVEL: 'warn',
  });
  try {
    await bot.ready.catch(() => undefined);
    const sent = () => discord.requests.filter((r) => r.method === 'POST' && r.route === 'POST /channels/:channel/messages' && r.status === 200);
    const deadline = Date.now() + 8 * 60_000;
    await discord.waitFor(() => sent().length >= n || Date.now() > deadline, 8 * 60_000 + 1000, 'all reminder DMs');
    const ok = sent();
    const first = Math.min(...ok.map((r) => r.at));
    const last = Math.max(...ok.map((r) => r.at));
    const seconds = (last - first) / 1000;
    let duplicates = 0;
    let missing = 0;
    for (const channel of new Set(dmOf.values())) {
      const count = discord.messages(channel).length;
      const expected = 5; // seedReminders gives each member five reminders
      if (count > expected) duplicates += count - expected;
      if (count < expected) missing += expected - count;
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
    };
  } finally {
    await bot.stop();
    await discord.close();
  }
}

export interface StartupFigures {
  readyMs: Summary;
  rssMb: number;
}

/** Process start -> ready, `runs` times, over a copy of `dbPath` (or an empty database). */
export async function benchStartup(dbPath: string | null, runs = 5): Promise<StartupFigures> {
  const discord = await startLocalDiscord();
  const samples: number[] = [];
  let rss = NaN;
  try {
    for (let i = 0; i < runs; i++) {
      const target = join(scratch(), 'lumbar.db');
      if (dbPath) copyFileSync(dbPath, target);
      const bot = startBuiltBot({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: `${discord.url}/api`, DATABASE_PATH: target, LOG_LEVEL: 'info' });
      try {
        samples.push(await bot.ready);
        rss = bot.rssMb();
      } finally {
        await bot.stop();
      }
    }
  } finally {
    await discord.close();
  }
  return { readyMs: summarize(samples), rssMb: rss };
}
