// Sections 1-5 of `npm run bench`: knowledge commands, the round trip, the scheduler at 1,000,000 reminders (SQLite,
// then PostgreSQL beside it), start-up, and the dispatch of 10,000 DMs by one process; start-up and dispatch also
// with a CPU-bound process beside them.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../src/base/paths.ts';
import { BUSY_SPINNERS, withBusyCpu } from './busy.ts';
import { benchDispatch, benchRoundTrip, benchStartup } from './discord.ts';
import type { DispatchFigures } from './dispatch-count.ts';
import { benchKnowledge } from './knowledge.ts';
import { add, ms, pct, section } from './report.ts';
import { benchScheduler } from './scheduler.ts';
import { benchSchedulerPg } from './scheduler-pg.ts';
import { startNodeArgs } from './start-command.ts';
import { benchZoneSearch } from './zone-search.ts';

/** Runs a compiled bench script (dist/bench/NAME.js) in its own node process; its last line is JSON. */
function childJson(name: string, args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...startNodeArgs().flags, '--expose-gc', join(ROOT, 'dist/bench', `${name}.js`), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')) : reject(new Error(`${name} exited ${code}`))));
  });
}

export async function knowledgeSection(): Promise<void> {
  const k = await section('knowledge', '1. knowledge commands in process', async () => ({ ...benchKnowledge(), zoneSearch: benchZoneSearch() }));
  add('1 /backpain in process', 'options in -> payload out', pct(k.backpain), 'p99 < 1 ms', k.backpain.p99 < 1);
  add('1 autocomplete', 'inputs of 1-100 chars', pct(k.autocomplete), 'p99 < 0.5 ms', k.autocomplete.p99 < 0.5);
  const z = k.zoneSearch;
  add('1 zone autocomplete', `inputs of 1-20 chars (index built in ${ms(z.firstCallMs)})`, pct(z.search), 'p99 < 1 ms', z.search.p99 < 1);
}

export async function roundTripSection(): Promise<void> {
  const r = await section('roundTrip', '2. round trip through the local Discord', () => benchRoundTrip(1000));
  add('2 round trip (loopback)', 'interaction dispatched -> answer received', pct(r.roundTrip), 'p99 < 20 ms', r.roundTrip.p99 < 20);
  add('2 round trip (loopback)', 'contract violations', String(r.violations), '0', r.violations === 0);
}

/** SQLite's 1M-row database, kept (its path returned) for start-up; its tick, RSS and the naive comparison. */
export async function schedulerSection(): Promise<string> {
  const s = await section('scheduler', '3. the scheduler at 1,000,000 reminders on SQLite (seeding takes a while)', () => benchScheduler(1_000_000, 10_000));
  add('3 scheduler, 1M rows, SQLite', `seed ${s.rows.toLocaleString('en')} rows`, `${s.seedSeconds.toFixed(1)} s`);
  add('3 scheduler, 1M rows, SQLite', "one tick's due query (batch of 500)", pct(s.dueQuery), 'p99 < 5 ms', s.dueQuery.p99 < 5);
  add('3 scheduler, 1M rows, SQLite', 'claim-and-advance per 1,000 due', pct(s.claimPer1000));
  const tick = await section('tick', '   a whole tick in its own process', () => childJson('tick-rss', [s.dbPath]));
  add('3 scheduler, 1M rows, SQLite', 'a whole tick over 10,000 due (sends stubbed)', `${(tick.tickMs! / 1000).toFixed(2)} s, ${tick.sent} sent`);
  add('3 scheduler, 1M rows, SQLite', 'RSS after that tick (its own process)', `${tick.rssMb!.toFixed(0)} MB`, '< 150 MB', tick.rssMb! < 150);
  for (const n of [10_000, 100_000]) {
    const naive = await childJson('naive-cron', [String(n)]);
    const lumbar = await childJson('lumbar-setup', [s.dbPath]);
    add(`3 naive: ${n.toLocaleString('en')} cron tasks`, 'set-up time', `${naive.setupMs!.toFixed(0)} ms vs Lumbar ${lumbar.setupMs!.toFixed(1)} ms (1M rows)`, 'ratio', null);
    add(`3 naive: ${n.toLocaleString('en')} cron tasks`, 'memory', `${naive.rssDeltaMb!.toFixed(0)} MB vs Lumbar ${lumbar.rssDeltaMb!.toFixed(0)} MB (1M rows): ${(naive.rssDeltaMb! / Math.max(lumbar.rssDeltaMb!, 1)).toFixed(1)}x`, 'ratio', null);
  }
  return s.dbPath;
}

export async function schedulerPgSection(): Promise<void> {
  const p = await section('schedulerPg', '3. the scheduler at 1,000,000 reminders on PostgreSQL', () => benchSchedulerPg(1_000_000, 10_000));
  add('3 scheduler, 1M rows, PostgreSQL', `seed ${p.rows.toLocaleString('en')} rows (generate_series)`, `${p.seedSeconds.toFixed(1)} s`);
  add('3 scheduler, 1M rows, PostgreSQL', "one tick's due query (batch of 500)", pct(p.dueQuery), 'p99 < 5 ms', p.dueQuery.p99 < 5);
  add('3 scheduler, 1M rows, PostgreSQL', 'claim-and-advance per 1,000 due', pct(p.claimPer1000));
}

/** Five starts with an empty database and five with a copy of `bigDb`; `busy`: a CPU spinner beside them. */
export async function startupSection(bigDb: string | null, busy: boolean): Promise<void> {
  const label = busy ? `5 start-up, ${BUSY_SPINNERS} CPU spinner` : '5 start-up';
  const run = () => withBusyCpu(busy ? BUSY_SPINNERS : 0, async () => ({ empty: await benchStartup(null, 5), big: bigDb ? await benchStartup(bigDb, 5) : null }));
  const { empty, big } = await section(busy ? 'startupBusy' : 'startup', `5. start-up against the local Discord${busy ? ', a CPU-bound process beside it' : ''}`, run);
  add(label, 'process start -> ready, empty database', `${pct(empty.readyMs)} · max ${ms(empty.readyMs.max)}`, '< 1.5 s', empty.readyMs.p99 < 1500);
  add(label, 'RSS once ready, empty database', `${empty.rssMb.toFixed(0)} MB`);
  if (!big) return;
  add(label, 'process start -> ready, 1M-row database', `${pct(big.readyMs)} · max ${ms(big.readyMs.max)}`, '< 1.5 s', big.readyMs.p99 < 1500);
  add(label, 'RSS once ready, 1M-row database', `${big.rssMb.toFixed(0)} MB`);
}

/** The rows every dispatch benchmark reports. */
export function dispatchRows(area: string, d: DispatchFigures): void {
  add(area, 'achieved rate', `${d.ratePerSecond.toFixed(1)}/s = ${d.fractionOf50.toFixed(2)} of 50/s over ${d.seconds.toFixed(0)} s`, '>= 0.9', d.fractionOf50 >= 0.9);
  add(area, '429s received', String(d.status429), '0', d.status429 === 0);
  add(area, 'duplicates / missing', `${d.duplicates} / ${d.missing}`, '0 / 0', d.duplicates === 0 && d.missing === 0);
  add(area, 'most requests in one second: sent / received', `${d.busiestSecondSent} by the bot / ${d.busiestSecondReceived} at the local Discord`);
  add(area, 'that second at the local Discord, by route', d.busiestSecondRoutes);
  if (d.rateLimited.length) add(area, 'the 429s', d.rateLimited.slice(0, 10).join('; '));
}

export async function dispatchSection(busy: boolean): Promise<void> {
  const title = `4. dispatch: 10,000 due DMs through the local Discord at 50 requests/s${busy ? ', a CPU-bound process beside it' : ''} (about 3.5 minutes)`;
  const d = await section(busy ? 'dispatchBusy' : 'dispatch', title, () => withBusyCpu(busy ? BUSY_SPINNERS : 0, () => benchDispatch(10_000)));
  dispatchRows(busy ? `4 dispatch, ${BUSY_SPINNERS} CPU spinner` : '4 dispatch, 10,000 DMs', d);
}
