// Sections 6-8 of `npm run bench` (issue 11, "Past one process"): two processes on PostgreSQL dispatching 10,000
// DMs, the sender's failure in the middle of it (kill -9, and SIGSTOP as a machine cut off would be), and a year
// of delivery history on SQLite and PostgreSQL.
import { HEARTBEAT_MS, LEASE_MS } from '../src/delivery/sender-lease.ts';
import { BUSY_SPINNERS, withBusyCpu } from './busy.ts';
import { benchHistorySqlite } from './history.ts';
import { benchHistoryPg } from './history-pg.ts';
import type { HistoryFigures, TickFigures } from './history-common.ts';
import { benchTwoProcesses, type Fault } from './multi-process.ts';
import { add, mb, pct, seconds, section } from './report.ts';
import { dispatchRows } from './sections.ts';

/** `busy`: a CPU-bound process beside them (the one 429 seen so far came with the machine loaded). */
export async function twoProcessSection(busy: boolean): Promise<void> {
  const title = `6. two processes on PostgreSQL dispatch 10,000 DMs${busy ? ', a CPU-bound process beside them' : ''} (about 4 minutes)`;
  const d = await section(busy ? 'twoProcessesBusy' : 'twoProcesses', title, () => withBusyCpu(busy ? BUSY_SPINNERS : 0, () => benchTwoProcesses(10_000, 'none')));
  dispatchRows(busy ? `6 two processes, ${BUSY_SPINNERS} CPU spinner` : '6 two processes, PostgreSQL', d);
}

export async function failoverSection(fault: Exclude<Fault, 'none'>): Promise<void> {
  const how = fault === 'kill' ? 'kill -9 of the sender' : 'SIGSTOP of the sender (its pid lives)';
  const d = await section(fault === 'kill' ? 'failoverKill' : 'failoverStop', `7. failover: ${how} once 2,000 DMs are out (about 4 minutes)`, () => benchTwoProcesses(10_000, fault));
  const f = d.failover!;
  const area = fault === 'kill' ? '7 failover: kill -9' : '7 failover: SIGSTOP';
  // Same machine, pid gone: the other reaps it at its next heartbeat. Pid alive: the lease must run out first. Then
  // the new sender ticks at once (and the bench ticks every second anyway): a second more at most.
  const bound = (fault === 'kill' ? HEARTBEAT_MS : LEASE_MS + HEARTBEAT_MS) + 1000;
  add(area, `lease taken over / next DM, after the fault (${f.sentBeforeFault} sent before)`, `${f.leaseTakenS.toFixed(1)} s / ${f.resumedS.toFixed(1)} s`, `<= ${bound / 1000} s (design)`, f.resumedS * 1000 <= bound);
  add(area, 'doubles / losses', `${d.duplicates} / ${d.missing}`, '0 / 0', d.duplicates === 0 && d.missing === 0);
  add(area, 'achieved rate, the gap included', `${d.ratePerSecond.toFixed(1)}/s = ${d.fractionOf50.toFixed(2)} of 50/s over ${d.seconds.toFixed(0)} s`);
  add(area, '429s received', String(d.status429), '0', d.status429 === 0);
}

function historyRows(h: HistoryFigures): void {
  const area = `8 a year of history, ${h.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`;
  const size = h.backend === 'sqlite' ? 'database file' : "pg_total_relation_size('deliveries')";
  add(area, `seed ${h.reminders.toLocaleString('en')} reminders x ${h.days} days`, `${(h.rows / 1e6).toFixed(1)} M rows in ${h.seedSeconds.toFixed(0)} s`);
  add(area, `${size}, a year of history`, mb(h.sizeBeforeMb));
  const ticks = (t: TickFigures[]) => `${t.map((x) => seconds(x.ms)).join(', then ')} (${t.map((x) => `${x.sent} sent, ${x.pruned} pruned`).join('; ')})`;
  add(area, 'a whole tick: 10,000 due (sends stubbed), 500 pruned', ticks(h.tickBefore));
  add(area, 'one prune batch of 500 on the full table', pct(h.pruneBatch500));
  add(area, 'retention to HISTORY_DAYS=90, batches of 100,000', `${(h.prunedRows / 1e6).toFixed(1)} M rows in ${h.pruneAllSeconds.toFixed(0)} s, ${(h.rowsAfter / 1e6).toFixed(1)} M left`);
  add(area, `${size} after pruning, as is`, mb(h.sizeAfterPruneMb));
  add(area, 'the same tick after pruning', ticks(h.tickAfter));
  add(area, `${size} after ${h.backend === 'sqlite' ? 'VACUUM' : 'VACUUM FULL'}`, `${mb(h.sizeAfterVacuumMb)} (${h.vacuumSeconds.toFixed(0)} s)`);
}

export async function historySection(backend: 'sqlite' | 'postgres'): Promise<void> {
  const title = `8. a year of history on ${backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: 36.5 M delivery rows (seeding and pruning take minutes)`;
  historyRows(await section(backend === 'sqlite' ? 'history' : 'historyPg', title, () => (backend === 'sqlite' ? benchHistorySqlite() : benchHistoryPg())));
}
