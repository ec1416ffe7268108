// `npm run bench`: measures Lumbar's work, prints one table, and writes the same as JSON to
// bench/out/. Not part of `npm test`: timings belong here, never in assertions.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../src/base/paths.ts';
import { benchDispatch, benchRoundTrip, benchStartup } from './discord.ts';
import { benchKnowledge } from './knowledge.ts';
import { benchZoneSearch } from './zone-search.ts';
import { startNodeArgs } from './start-command.ts';
import { benchScheduler, cleanupDb } from './scheduler.ts';
import type { Summary } from './stats.ts';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const want = (name: string) => only.length === 0 || only.includes(name);

/** Runs a compiled bench script (dist/bench/NAME.js) in its own node process; its last line is JSON. */
function childJson(name: string, args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...startNodeArgs().flags, '--expose-gc', join(ROOT, 'dist/bench', `${name}.js`), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')) : reject(new Error(`${name} exited ${code}`))));
  });
}

interface Row {
  area: string;
  measure: string;
  value: string;
  target: string;
  ok: boolean | null;
}
const rows: Row[] = [];
const ms = (x: number) => `${x < 1 ? x.toFixed(3) : x.toFixed(1)} ms`;
const add = (area: string, measure: string, value: string, target = '', ok: boolean | null = null) => rows.push({ area, measure, value, target, ok });
const pct = (s: Summary) => `p50 ${ms(s.p50)} · p99 ${ms(s.p99)} (n=${s.n})`;
const results: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version };

const t0 = performance.now();
console.log('Building dist/ (what npm start runs)…');
if (spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
if (spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.bench.json'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);

if (want('knowledge')) {
  console.log('1. knowledge commands in process…');
  const k = benchKnowledge();
  results.knowledge = k;
  add('1 /backpain in process', 'options in -> payload out', pct(k.backpain), 'p99 < 1 ms', k.backpain.p99 < 1);
  add('1 autocomplete', 'inputs of 1-100 chars', pct(k.autocomplete), 'p99 < 0.5 ms', k.autocomplete.p99 < 0.5);
  const z = benchZoneSearch();
  results.zoneSearch = z;
  add('1 zone autocomplete', `inputs of 1-20 chars (index built in ${ms(z.firstCallMs)})`, pct(z.search), 'p99 < 1 ms', z.search.p99 < 1);
}

if (want('roundtrip')) {
  console.log('2. round trip through the local Discord…');
  const r = await benchRoundTrip(1000);
  results.roundTrip = r;
  add('2 round trip (loopback)', 'interaction dispatched -> answer received', pct(r.roundTrip), 'p99 < 20 ms', r.roundTrip.p99 < 20);
  add('2 round trip (loopback)', 'contract violations', String(r.violations), '0', r.violations === 0);
}

let bigDb: string | null = null;
if (want('scheduler') || want('startup')) {
  console.log('3. the scheduler at 1,000,000 reminders (seeding takes a while)…');
  const s = await benchScheduler(1_000_000, 10_000);
  bigDb = s.dbPath;
  results.scheduler = s;
  add('3 scheduler, 1M rows', `seed ${s.rows.toLocaleString('en')} rows`, `${s.seedSeconds.toFixed(1)} s`);
  add('3 scheduler, 1M rows', "one tick's due query (batch of 500)", pct(s.dueQuery), 'p99 < 5 ms', s.dueQuery.p99 < 5);
  add('3 scheduler, 1M rows', 'claim-and-advance per 1,000 due', pct(s.claimPer1000));
  const tick = await childJson('tick-rss', [s.dbPath]);
  results.tick = tick;
  add('3 scheduler, 1M rows', `a whole tick over 10,000 due (sends stubbed)`, `${(tick.tickMs! / 1000).toFixed(2)} s, ${tick.sent} sent`);
  add('3 scheduler, 1M rows', 'RSS after that tick (its own process)', `${tick.rssMb!.toFixed(0)} MB`, '< 150 MB', tick.rssMb! < 150);
  for (const n of [10_000, 100_000]) {
    const naive = await childJson('naive-cron', [String(n)]);
    const lumbar = await childJson('lumbar-setup', [s.dbPath]);
    results[`naive${n}`] = { naive, lumbar };
    add(`3 naive: ${n.toLocaleString('en')} cron tasks`, 'set-up time', `${naive.setupMs!.toFixed(0)} ms vs Lumbar ${lumbar.setupMs!.toFixed(1)} ms (1M rows)`, 'ratio', null);
    add(`3 naive: ${n.toLocaleString('en')} cron tasks`, 'memory', `${naive.rssDeltaMb!.toFixed(0)} MB vs Lumbar ${lumbar.rssDeltaMb!.toFixed(0)} MB (1M rows): ${(naive.rssDeltaMb! / Math.max(lumbar.rssDeltaMb!, 1)).toFixed(1)}x`, 'ratio', null);
  }
}

if (want('startup')) {
  console.log('5. start-up against the local Discord…');
  const empty = await benchStartup(null, 5);
  results.startupEmpty = empty;
  add('5 start-up', 'process start -> ready, empty database', pct(empty.readyMs), '< 1.5 s', empty.readyMs.p99 < 1500);
  add('5 start-up', 'RSS once ready, empty database', `${empty.rssMb.toFixed(0)} MB`);
  if (bigDb) {
    const big = await benchStartup(bigDb, 5);
    results.startupBig = big;
    add('5 start-up', 'process start -> ready, 1M-row database', pct(big.readyMs), '< 1.5 s', big.readyMs.p99 < 1500);
    add('5 start-up', 'RSS once ready, 1M-row database', `${big.rssMb.toFixed(0)} MB`);
  }
}
if (bigDb) cleanupDb(bigDb);

if (want('dispatch')) {
  console.log('4. dispatch: 10,000 due DMs through the local Discord at 50 requests/s (about 3.5 minutes)…');
  const d = await benchDispatch(10_000);
  results.dispatch = d;
  add('4 dispatch, 10,000 DMs', 'achieved rate', `${d.ratePerSecond.toFixed(1)}/s = ${d.fractionOf50.toFixed(2)} of 50/s over ${d.seconds.toFixed(0)} s`, '>= 0.9', d.fractionOf50 >= 0.9);
  add('4 dispatch, 10,000 DMs', '429s received', String(d.status429), '0', d.status429 === 0);
  add('4 dispatch, 10,000 DMs', 'duplicates / missing', `${d.duplicates} / ${d.missing}`, '0 / 0', d.duplicates === 0 && d.missing === 0);
}

results.totalSeconds = (performance.now() - t0) / 1000;
const widths = [26, 44, 58, 13];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' │ ');
console.log(`\n${line(['area', 'measure', 'value', 'target'])}  ok`);
console.log('─'.repeat(widths.reduce((a, b) => a + b + 3, 0) + 2));
for (const r of rows) console.log(`${line([r.area, r.measure, r.value, r.target])}  ${r.ok === null ? '' : r.ok ? '✓' : '✗'}`);
console.log(`\nTotal ${Number(results.totalSeconds).toFixed(0)} s on ${process.version}.`);
const outDir = join(ROOT, 'bench/out');
mkdirSync(outDir, { recursive: true });
const json = JSON.stringify({ ...results, table: rows }, null, 2);
writeFileSync(join(outDir, 'latest.json'), json);
writeFileSync(join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), json);
console.log(`Written to bench/out/latest.json`);
