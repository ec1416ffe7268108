// 2. Round trip, 4. dispatch throughput, 5. start-up: the built bot against the local Discord.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { slashCommand, startLocalDiscord } from '../test/e2e/emulator/index.ts';
import { requestTraceEnv, startBuiltBot } from './bot.ts';
import { countDispatch, type DispatchFigures } from './dispatch-count.ts';
import { seedReminders } from './seed.ts';
import { summarize, type Summary } from './stats.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'lumbar-bench-'));

export async function benchRoundTrip(n = 1000): Promise<{ roundTrip: Summary; violations: number }> {
  const discord = await startLocalDiscord();
  const dir = scratch();
  const bot = startBuiltBot({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: `${discord.url}/api`, DATABASE_PATH: join(dir, 'lumbar.db') });
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
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `n` reminders due at once, sent by the bot through the local Discord with its 50/s budget on. */
export async function benchDispatch(n = 10_000): Promise<DispatchFigures> {
  const discord = await startLocalDiscord();
  discord.fail.globalBudget(true, 50);
  const dir = scratch();
  const dbPath = join(dir, 'lumbar.db');
  const due = Date.parse('2026-11-22T07:30:00Z');
  const db = openDatabase(dbPath);
  const channels: string[] = [];
  // seedReminders spreads `n` rows over n/5 members: five reminders each.
  seedReminders(db, n, n, due + 1000, (userId) => {
    channels.push(discord.dmChannelOf(userId));
    return channels.at(-1)!;
  });
  db.close();
  const trace = join(dir, 'requests.trace');
  const bot = startBuiltBot({
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: `${discord.url}/api`,
    DATABASE_PATH: dbPath,
    SCHEDULER_TICK_SECONDS: '1',
    LUMBAR_START_TIME: new Date(due).toISOString(),
    LOG_LEVEL: 'warn',
    ...requestTraceEnv(trace),
  });
  try {
    await bot.ready.catch(() => undefined);
    const sent = () => discord.requests.filter((r) => r.route === 'POST /channels/:channel/messages' && r.status === 200).length;
    // Counted after at most 8 minutes, whatever went out: what did not is reported missing.
    const deadline = Date.now() + 8 * 60_000;
    await discord.waitFor(() => sent() >= n || Date.now() > deadline, 8 * 60_000 + 1000, 'all reminder DMs');
    return countDispatch(discord, channels, 5, [trace]);
  } finally {
    await bot.stop();
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
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
      const dir = scratch();
      const target = join(dir, 'lumbar.db');
      if (dbPath) copyFileSync(dbPath, target);
      const bot = startBuiltBot({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: `${discord.url}/api`, DATABASE_PATH: target, LOG_LEVEL: 'info' });
      try {
        samples.push(await bot.ready);
        rss = bot.rssMb();
      } finally {
        await bot.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await discord.close();
  }
  return { readyMs: summarize(samples), rssMb: rss };
}
