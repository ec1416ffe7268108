// `npm run bench`: measures Lumbar's work, prints one table, and writes the same as JSON to bench/out/. Not part of
// `npm test`: timings belong here, never in assertions. `npm run bench -- NAME…` runs only those sections.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../src/base/paths.ts';
import { stopBenchPostgres } from './postgres.ts';
import { printAndSave } from './report.ts';
import { cleanupDb } from './scheduler.ts';
import { dispatchSection, knowledgeSection, roundTripSection, schedulerPgSection, schedulerSection, startupSection } from './sections.ts';
import { failoverSection, historySection, twoProcessSection } from './sections-multi.ts';

const SECTIONS = ['knowledge', 'roundtrip', 'scheduler', 'scheduler-pg', 'startup', 'startup-busy', 'dispatch', 'dispatch-busy', 'two-processes', 'two-processes-busy', 'failover', 'failover-stop', 'history', 'history-pg'];
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = only.filter((a) => !SECTIONS.includes(a));
if (unknown.length) {
  console.error(`Unknown section ${unknown.join(', ')}; the sections are: ${SECTIONS.join(' ')}`);
  process.exit(2);
}
const want = (name: string) => only.length === 0 || only.includes(name);

const t0 = performance.now();
console.log('Building dist/ (what npm start runs)…');
if (spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
if (spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.bench.json'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);

try {
  if (want('knowledge')) await knowledgeSection();
  if (want('roundtrip')) await roundTripSection();
  // Start-up is timed over a copy of the scheduler's 1M-row SQLite database.
  const bigDb = want('scheduler') || want('startup') || want('startup-busy') ? await schedulerSection() : null;
  try {
    if (want('scheduler-pg')) await schedulerPgSection();
    if (want('startup')) await startupSection(bigDb, false);
    if (want('startup-busy')) await startupSection(bigDb, true);
  } finally {
    if (bigDb) cleanupDb(bigDb);
  }
  if (want('dispatch')) await dispatchSection(false);
  if (want('dispatch-busy')) await dispatchSection(true);
  if (want('two-processes')) await twoProcessSection(false);
  if (want('two-processes-busy')) await twoProcessSection(true);
  if (want('failover')) await failoverSection('kill');
  if (want('failover-stop')) await failoverSection('stop');
  if (want('history')) await historySection('sqlite');
  if (want('history-pg')) await historySection('postgres');
} finally {
  await stopBenchPostgres();
}
printAndSave(t0);
