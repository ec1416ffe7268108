// Past one process (issue 11): two built bots on one PostgreSQL, one gateway shard each (SHARD_COUNT=2,
// SHARD_IDS=0 / 1), against the local Discord at 2 shards with its 50/s global budget on and nonce de-duplication
// off (a message sent twice shows up twice). 10,000 reminders are due at once; both processes are up before.
// Optionally the sender fails once ~2,000 DMs are out: `kill -9` (its pid is gone, so the other takes the lease at
// its next heartbeat) or SIGSTOP (its pid lives, as a machine cut off would: the other must wait for the lease
// to run out), then woken for a few seconds to show it sends nothing twice, then killed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres } from '../src/store/pg/open.ts';
import { startLocalDiscord, type LocalDiscord } from '../test/e2e/emulator/index.ts';
import { requestTraceEnv, startBuiltBot, type RunningBot } from './bot.ts';
import { countDispatch, type DispatchFigures } from './dispatch-count.ts';
import { dropPgDatabase, freshPgDatabase, pgQuery } from './postgres.ts';
import { seedRemindersPg } from './seed-pg.ts';

export type Fault = 'none' | 'kill' | 'stop';

export interface FailoverFigures {
  /** Seconds from the fault to the other process taking the lease (its log line) and to the next DM. */
  leaseTakenS: number;
  resumedS: number;
  sentBeforeFault: number;
}

const DUE = Date.parse('2026-11-22T07:30:00Z');
const LEAD_MS = 15_000;
const SENDING = 'this process now sends scheduled reminders and tips';
const userId = (m: number) => String(100000000000000000n + BigInt(m));

/** A fresh database with `n` reminders due at DUE (5 per member), each member's DM channel known. */
async function seed(discord: LocalDiscord, n: number): Promise<string> {
  const url = await freshPgDatabase('dispatch');
  const pool = await openPostgres(url);
  const client = await pool.connect();
  try {
    await seedRemindersPg(client, n, n, DUE, { dueAt: DUE });
    const users = Array.from({ length: Math.ceil(n / 5) }, (_, m) => userId(m));
    const channels = users.map((u) => discord.dmChannelOf(u));
    await client.query(
      `UPDATE members SET dm_channel_id = d.ch, dm_status = 'open' FROM unnest($1::text[], $2::text[]) AS d(u, ch) WHERE user_id = d.u`,
      [users, channels],
    );
    await client.query('VACUUM ANALYZE');
  } finally {
    client.release();
    await pool.end();
  }
  return url;
}

/** Both processes, the clocks of both at DUE - LEAD_MS when the first starts; both ready before DUE. */
async function startTwo(discord: LocalDiscord, url: string, traces: string[]): Promise<RunningBot[]> {
  const t0 = Date.now();
  const bots: RunningBot[] = [];
  for (const shard of [0, 1]) {
    const startAt = new Date(DUE - LEAD_MS + (Date.now() - t0)).toISOString();
    const env = { DISCORD_TOKEN: discord.token, DISCORD_API_URL: `${discord.url}/api`, DATABASE_URL: url, SHARD_COUNT: '2', SHARD_IDS: String(shard) };
    bots.push(startBuiltBot({ ...env, SCHEDULER_TICK_SECONDS: '1', LUMBAR_START_TIME: startAt, LOG_LEVEL: 'info', ...requestTraceEnv(traces[shard]!) }));
    await bots.at(-1)!.ready;
  }
  if (Date.now() - t0 > LEAD_MS) throw new Error('the two processes were not both ready before the reminders were due');
  return bots;
}

/** The process holding the sender lease, by the pid in its owner (host:pid:id). */
async function leaseHolder(url: string, bots: RunningBot[]): Promise<RunningBot> {
  const rows = await pgQuery<{ owner: string }>(url, "SELECT owner FROM scheduler_lease WHERE name = 'sender'");
  const pid = Number(rows[0]?.owner.split(':')[1]);
  const bot = bots.find((b) => b.pid === pid);
  if (!bot) throw new Error(`the lease is held by ${rows[0]?.owner ?? 'nobody'}, not by one of the two bots`);
  return bot;
}

const isDm = (r: { route: string | null; status: number }) => r.route === 'POST /channels/:channel/messages' && r.status === 200;

/** Waits for ~2,000 DMs, stops the sender, and times the takeover; the sender stays frozen (`stop`) or dead. */
async function fail(discord: LocalDiscord, url: string, bots: RunningBot[], fault: Exclude<Fault, 'none'>): Promise<FailoverFigures & { failed: RunningBot }> {
  await discord.waitFor(() => discord.requests.filter(isDm).length >= 2000, 5 * 60_000, '2,000 DMs before the fault');
  const failed = await leaseHolder(url, bots);
  const other = bots.find((b) => b !== failed)!;
  failed.child.kill(fault === 'kill' ? 'SIGKILL' : 'SIGSTOP');
  const at = Date.now();
  const sentBeforeFault = discord.requests.filter(isDm).length;
  const taken = await other.waitForLog(SENDING, 120_000);
  // Only the other process can send once it holds the lease: the first DM after its log line is its own.
  const next = await discord
    .waitFor(() => discord.requests.find((r) => isDm(r) && r.at >= taken.time), 60_000, 'a DM after the takeover')
    .catch(async (err: Error) => Promise.reject(new Error(`${err.message}; the new sender printed:\n${other.tail()}\n${JSON.stringify(await pgQuery(url, "SELECT pid, state, wait_event_type, left(query, 80) AS q, now() - xact_start AS tx FROM pg_stat_activity WHERE datname = current_database()"), null, 1)}`)));
  return { failed, sentBeforeFault, leaseTakenS: (taken.time - at) / 1000, resumedS: (next.at - at) / 1000 };
}

export async function benchTwoProcesses(n: number, fault: Fault): Promise<DispatchFigures & { failover?: FailoverFigures }> {
  const discord = await startLocalDiscord({ shards: { recommended: 2, required: true }, nonceDedup: false });
  discord.fail.globalBudget(true, 50);
  const url = await seed(discord, n);
  const dir = mkdtempSync(join(tmpdir(), 'lumbar-bench-'));
  const traces = [join(dir, 'shard0.trace'), join(dir, 'shard1.trace')];
  let bots: RunningBot[] = [];
  try {
    bots = await startTwo(discord, url, traces);
    const failover = fault === 'none' ? undefined : await fail(discord, url, bots, fault);
    // Counted after at most 10 minutes, whatever went out: what did not is reported missing.
    const deadline = Date.now() + 10 * 60_000;
    await discord.waitFor(() => discord.requests.filter(isDm).length >= n || Date.now() > deadline, 10 * 60_000 + 1000, `all ${n} DMs`);
    if (failover && fault === 'stop') {
      // Woken, the frozen sender finds its lease gone and its claims taken over: it must send nothing again.
      failover.failed.child.kill('SIGCONT');
      await new Promise((resolve) => setTimeout(resolve, 5000));
      failover.failed.child.kill('SIGKILL');
    }
    await new Promise((resolve) => setTimeout(resolve, 2000)); // late doubles would show by now
    const counted = countDispatch(discord, Array.from({ length: Math.ceil(n / 5) }, (_, m) => discord.dmChannelOf(userId(m))), 5, traces);
    return failover ? { ...counted, failover: { leaseTakenS: failover.leaseTakenS, resumedS: failover.resumedS, sentBeforeFault: failover.sentBeforeFault } } : counted;
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    await discord.close();
    await dropPgDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  }
}
